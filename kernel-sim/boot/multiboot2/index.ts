/**
 * Multiboot2 boot information: parse the bytes GRUB hands a kernel, and build them back.
 * Parsing then building a structure gives back identical bytes.
 * @module
 */
export { parseMultiboot2, checkMbiHeader, MBI_HEADER_BYTES, MBI_MIN_BYTES } from './parse.js';
export { buildMultiboot2 } from './build.js';
export { MultibootError, type MultibootErrorCode } from './errors.js';
export { MultibootBuildError } from './byte-writer.js';
export { TagType, MmapType, tagName, type TagName } from './tag-type.js';
export * from './tags.js';
export { readMbiFile } from './read-file.js';
