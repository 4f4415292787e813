/**
 * Charts and notebook display for kernel-sim: vega-lite spec builders, headless SVG
 * rendering and tslab display helpers. Import from notebooks as `./kernel-sim/viz`.
 */
export * from './errors.js';
export * from './render.js';
export * from './bundle.js';
export * from './display.js';
export * from './notebook-writer.js';
export * from './region-colors.js';
export * from './specs/common.js';
export * from './specs/address-format.js';
export * from './specs/address-strip.js';
export * from './specs/bar-chart.js';
export * from './specs/heatmap.js';
export * from './specs/line-chart.js';
export * from './lanes.js';
export * from './region-rows.js';
export * from './specs/timeline.js';
export * from './specs/dma-fault-charts.js';
export * from './specs/dma-rate-charts.js';
