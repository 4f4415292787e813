/** The codec of every tag type kernel-sim decodes; other types are kept as raw bytes. */
import type { Tag } from '../tags.js';
import type { TagCodec } from './codec.js';
import {
  basicMeminfoCodec, bootdevCodec, bootLoaderNameCodec, cmdlineCodec, efiBsCodec, efiPointerCodec,
  endCodec, loadBaseAddrCodec, moduleCodec,
} from './basic.js';
import { elfSectionsCodec } from './elf-sections.js';
import { acpiCodec, apmCodec, networkCodec, smbiosCodec } from './firmware.js';
import { framebufferCodec, vbeCodec } from './framebuffer.js';
import { efiMmapCodec, mmapCodec } from './memory-map.js';

const CODECS: ReadonlyMap<number, TagCodec<Tag>> = new Map<number, TagCodec<any>>([
  [0, endCodec], [1, cmdlineCodec], [2, bootLoaderNameCodec], [3, moduleCodec],
  [4, basicMeminfoCodec], [5, bootdevCodec], [6, mmapCodec], [7, vbeCodec], [8, framebufferCodec],
  [9, elfSectionsCodec], [10, apmCodec], [11, efiPointerCodec], [12, efiPointerCodec],
  [13, smbiosCodec], [14, acpiCodec], [15, acpiCodec], [16, networkCodec], [17, efiMmapCodec],
  [18, efiBsCodec], [19, efiPointerCodec], [20, efiPointerCodec], [21, loadBaseAddrCodec],
]);

/** The codec for tag type `type`, or undefined for a type kept as raw bytes. */
export function codecFor(type: number): TagCodec<Tag> | undefined {
  return CODECS.get(type);
}
