// A pool worker thread when kernel-sim runs from its TypeScript sources: register tsx's loader
// in this thread, then load the task. (From compiled JS, piscina loads worker-task.js directly.)
import { register } from 'tsx/esm/api';

register();
const task = await import('./worker-task.ts');
export default task.default;
