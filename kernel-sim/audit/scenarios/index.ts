/**
 * Audit scenarios: the concurrency findings (ALO-01, HEP-01, HEP-03, MOP-02) and verification
 * targets (3, 7, 8) as explorable scenarios, audited vs fixed, plus the HEP-01 and HEP-02 chart
 * data. See {@link SCENARIOS}.
 * @module
 */
export * from './registry.js';
export { hep01FailureRate, type Hep01Rate } from './hep-01.js';
export { hep02HeapSizeOverBurst, type HeapSizeRow, type Hep02Options } from './hep-02.js';
