/**
 * The ACPI DMAR table: types, encoder, decoder.
 * @module
 */
export * from './dmar-table.js';
export * from './dmar-errors.js';
export * from './dmar-encoder.js';
export * from './dmar-decoder.js';
