/**
 * The audit layer: the verification targets as executable checks (`targets/`) and the
 * concurrency findings as explorable scenarios, audited vs fixed (`scenarios/`).
 * @module
 */
export * from './targets/index.js';
export * from './scenarios/index.js';
