/** Codecs of the small fixed tags: strings, module, meminfo, bootdev, EFI pointers, load base. */
import type {
  BasicMeminfoTag, BootdevTag, BootLoaderNameTag, CmdlineTag, EfiBsTag, EfiPointerTag, EndTag,
  LoadBaseAddrTag, ModuleTag,
} from '../tags.js';
import type { TagCodec } from './codec.js';
import { fieldTable } from './fields.js';

export const endCodec: TagCodec<EndTag> = {
  decode: () => ({ type: 0 }),
  encode: () => {},
};

export const efiBsCodec: TagCodec<EfiBsTag> = {
  decode: () => ({ type: 18 }),
  encode: () => {},
};

export const cmdlineCodec: TagCodec<CmdlineTag> = {
  decode: (r) => ({ type: 1, string: r.cstring('command line') }),
  encode: (w, t) => w.cstring(t.string),
};

export const bootLoaderNameCodec: TagCodec<BootLoaderNameTag> = {
  decode: (r) => ({ type: 2, string: r.cstring('boot loader name') }),
  encode: (w, t) => w.cstring(t.string),
};

const MODULE = fieldTable<ModuleTag>()(['modStart', 'u32', 'mod_start'], ['modEnd', 'u32', 'mod_end']);
export const moduleCodec: TagCodec<ModuleTag> = {
  decode: (r) => ({ type: 3, ...MODULE.read(r), string: r.cstring('module string') }),
  encode: (w, t) => {
    MODULE.write(w, t);
    w.cstring(t.string);
  },
};

const MEMINFO = fieldTable<BasicMeminfoTag>()(['memLower', 'u32', 'mem_lower'], ['memUpper', 'u32', 'mem_upper']);
export const basicMeminfoCodec: TagCodec<BasicMeminfoTag> = {
  decode: (r) => ({ type: 4, ...MEMINFO.read(r) }),
  encode: (w, t) => MEMINFO.write(w, t),
};

const BOOTDEV = fieldTable<BootdevTag>()(['biosdev', 'u32', 'biosdev'], ['partition', 'u32', 'partition'], ['subPartition', 'u32', 'sub_partition']);
export const bootdevCodec: TagCodec<BootdevTag> = {
  decode: (r) => ({ type: 5, ...BOOTDEV.read(r) }),
  encode: (w, t) => BOOTDEV.write(w, t),
};

/** Types 11 and 19 hold a 32-bit pointer, 12 and 20 a 64-bit one. */
export const efiPointerCodec: TagCodec<EfiPointerTag> = {
  decode: (r, type) => ({
    type: type as EfiPointerTag['type'],
    pointer: type === 11 || type === 19 ? BigInt(r.u32('pointer')) : r.u64('pointer'),
  }),
  encode: (w, t) => {
    if (t.type === 11 || t.type === 19) w.u32(Number(t.pointer), 'pointer');
    else w.u64(t.pointer, 'pointer');
  },
};

export const loadBaseAddrCodec: TagCodec<LoadBaseAddrTag> = {
  decode: (r) => ({ type: 21, loadBaseAddr: r.u32('load_base_addr') }),
  encode: (w, t) => w.u32(t.loadBaseAddr, 'load_base_addr'),
};
