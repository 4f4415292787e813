/** A schedule failure as `explore` and `replay` print it. */
import { timelineRows, type Failure } from '../sync/index.js';

/** A failure as JSON: without its thrown value and trace objects. */
export function failureJson(f: Failure, withTimeline: boolean): Record<string, unknown> {
  return {
    kind: f.kind,
    message: f.message,
    step: f.step,
    schedule: f.schedule,
    thread: f.thread,
    cpu: f.cpu,
    cycle: f.cycle,
    ...(withTimeline ? { timeline: timelineRows(f) } : {}),
  };
}
