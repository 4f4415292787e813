/** Codecs of the small fixed tags: strings, module, meminfo, bootdev, EFI pointers, load base. */
import type {
  BasicMeminfoTag, BootdevTag, BootLoaderNameTag, CmdlineTag, EfiBsTag, EfiPointerTag, EndTag,
  LoadBaseAddrTag, ModuleTag,
} from '../tags.js';
import type { TagCodec } from './codec.js';

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

export const moduleCodec: TagCodec<ModuleTag> = {
  decode: (r) => ({
    type: 3,
    modStart: r.u32('mod_start'),
    modEnd: r.u32('mod_end'),
    string: r.cstring('module string'),
  }),
  encode: (w, t) => {
    w.u32(t.modStart, 'mod_start');
    w.u32(t.modEnd, 'mod_end');
    w.cstring(t.string);
  },
};

export const basicMeminfoCodec: TagCodec<BasicMeminfoTag> = {
  decode: (r) => ({ type: 4, memLower: r.u32('mem_lower'), memUpper: r.u32('mem_upper') }),
  encode: (w, t) => {
    w.u32(t.memLower, 'mem_lower');
    w.u32(t.memUpper, 'mem_upper');
  },
};

export const bootdevCodec: TagCodec<BootdevTag> = {
  decode: (r) => ({
    type: 5,
    biosdev: r.u32('biosdev'),
    partition: r.u32('partition'),
    subPartition: r.u32('sub_partition'),
  }),
  encode: (w, t) => {
    w.u32(t.biosdev, 'biosdev');
    w.u32(t.partition, 'partition');
    w.u32(t.subPartition, 'sub_partition');
  },
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
