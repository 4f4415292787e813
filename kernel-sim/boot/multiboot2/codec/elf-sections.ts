/** Codec of the ELF-sections tag (9): section headers of the loaded kernel image. */
import type { ElfSection, ElfSectionsTag } from '../tags.js';
import type { ByteWriter } from '../byte-writer.js';
import type { FieldReader } from '../field-reader.js';
import type { TagCodec } from './codec.js';

const ELF32_SHDR = 40;
const ELF64_SHDR = 64;

function readSection(r: FieldReader, wide: boolean): ElfSection {
  const word = (what: string): bigint => (wide ? r.u64(what) : BigInt(r.u32(what)));
  return {
    name: r.u32('sh_name'),
    type: r.u32('sh_type'),
    flags: word('sh_flags'),
    addr: word('sh_addr'),
    offset: word('sh_offset'),
    size: word('sh_size'),
    link: r.u32('sh_link'),
    info: r.u32('sh_info'),
    addralign: word('sh_addralign'),
    entsize: word('sh_entsize'),
  };
}

function writeSection(w: ByteWriter, s: ElfSection, wide: boolean): void {
  const word = (v: bigint, what: string): void => (wide ? w.u64(v, what) : w.u32(Number(v), what));
  w.u32(s.name, 'sh_name');
  w.u32(s.type, 'sh_type');
  word(s.flags, 'sh_flags');
  word(s.addr, 'sh_addr');
  word(s.offset, 'sh_offset');
  word(s.size, 'sh_size');
  w.u32(s.link, 'sh_link');
  w.u32(s.info, 'sh_info');
  word(s.addralign, 'sh_addralign');
  word(s.entsize, 'sh_entsize');
}

// GRUB 2 stores num, entsize and shndx as u32 (the spec text shows u16 fields).
export const elfSectionsCodec: TagCodec<ElfSectionsTag> = {
  decode: (r) => {
    const numAt = r.pos;
    const num = r.u32('num');
    const entsize = r.u32('entsize');
    const shndx = r.u32('shndx');
    if (num * entsize > r.remaining) {
      r.fail(numAt, 'tag-too-short-for-fields', `${num} section headers of ${entsize} bytes do not fit the ${r.remaining} bytes left`);
    }
    if (entsize !== ELF32_SHDR && entsize !== ELF64_SHDR) {
      return { type: 9, num, entsize, shndx, sections: [], rawSections: r.bytesOf(num * entsize, 'sections') };
    }
    const sections: ElfSection[] = [];
    for (let i = 0; i < num; i++) sections.push(readSection(r, entsize === ELF64_SHDR));
    return { type: 9, num, entsize, shndx, sections };
  },
  encode: (w, t) => {
    w.u32(t.rawSections ? t.num : t.sections.length, 'num');
    w.u32(t.entsize, 'entsize');
    w.u32(t.shndx, 'shndx');
    if (t.rawSections) {
      w.bytes(t.rawSections);
      return;
    }
    for (const s of t.sections) writeSection(w, s, t.entsize === ELF64_SHDR);
  },
};
