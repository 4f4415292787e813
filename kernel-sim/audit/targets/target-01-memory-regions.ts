/** Verification Target 1 (memory regions): the check lives in boot/, so that bootKernel runs it in checking mode. */
export * from '../../boot/target-01-memory-regions.js';
