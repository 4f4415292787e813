/**
 * Headless notebook execution in the real tslab kernel over the Jupyter protocol, and the
 * offline HTML report. Node only (not for notebook cells).
 */
export * from './errors.js';
export * from './wire.js';
export * from './connection.js';
export * from './kernel-client.js';
export * from './nbformat.js';
export * from './output-collector.js';
export * from './cell-error.js';
export * from './execute-notebook.js';
export * from './markdown.js';
export * from './render-output.js';
export * from './report.js';
export * from './reproducible.js';
export * from './run-notebooks.js';
export { packageRoot as repoRoot } from '../util/package-root.js';
