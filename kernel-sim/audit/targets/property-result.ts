/** The result shapes of target checks (they live in util/, so boot/ can check Target 1 too). */
export * from '../../util/property-result.js';
