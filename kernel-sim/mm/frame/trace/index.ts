/**
 * Frame-allocator operation traces: the in-memory form, the text and binary file forms, and the
 * replay through the buddy allocator (format in README.md beside this file).
 * @module
 */
export * from './frame-trace.js';
export * from './trace-errors.js';
export * from './trace-text.js';
export * from './trace-binary.js';
export * from './trace-replay.js';
export * from './trace-file.js';
