import type { JupyterMessage } from './wire.js';
import type { Output, StreamOutput } from './nbformat.js';

/**
 * Turns the iopub messages of one cell into nbformat outputs, as Jupyter frontends do:
 * consecutive stream text of the same name is merged, `clear_output` (with `wait`) and
 * `update_display_data` (by `transient.display_id`) are honoured.
 */
export class OutputCollector {
  /** The cell's outputs so far. */
  readonly outputs: Output[] = [];
  /** All stderr text of the cell, in order. */
  stderr = '';
  private clearPending = false;
  private readonly byDisplayId = new Map<string, Output[]>();

  /** Applies one iopub message; messages that produce no output are ignored. */
  add(msg: JupyterMessage): void {
    const c = msg.content as Record<string, any>;
    switch (msg.header.msg_type) {
      case 'stream':
        this.addStream(c.name === 'stderr' ? 'stderr' : 'stdout', String(c.text ?? ''));
        break;
      case 'display_data':
        this.push({ output_type: 'display_data', data: c.data ?? {}, metadata: c.metadata ?? {} }, c.transient);
        break;
      case 'execute_result':
        this.push(
          { output_type: 'execute_result', execution_count: c.execution_count ?? null, data: c.data ?? {}, metadata: c.metadata ?? {} },
          c.transient,
        );
        break;
      case 'error':
        this.push({ output_type: 'error', ename: String(c.ename), evalue: String(c.evalue), traceback: c.traceback ?? [] });
        break;
      case 'update_display_data':
        for (const out of this.byDisplayId.get(c.transient?.display_id) ?? []) {
          if (out.output_type === 'display_data' || out.output_type === 'execute_result') {
            out.data = c.data ?? {};
            out.metadata = c.metadata ?? {};
          }
        }
        break;
      case 'clear_output':
        if (c.wait) this.clearPending = true;
        else this.clear();
        break;
    }
  }

  /** Appends an output directly (e.g. a synthesised error). */
  push(output: Output, transient?: { display_id?: string }): void {
    if (this.clearPending) this.clear();
    this.outputs.push(output);
    const id = transient?.display_id;
    if (id) this.byDisplayId.set(id, [...(this.byDisplayId.get(id) ?? []), output]);
  }

  private addStream(name: 'stdout' | 'stderr', text: string): void {
    if (name === 'stderr') this.stderr += text;
    if (this.clearPending) this.clear();
    const last = this.outputs[this.outputs.length - 1];
    if (last && last.output_type === 'stream' && last.name === name) {
      last.text = String(last.text) + text;
      return;
    }
    const out: StreamOutput = { output_type: 'stream', name, text };
    this.outputs.push(out);
  }

  private clear(): void {
    this.clearPending = false;
    this.outputs.length = 0;
    this.byDisplayId.clear();
  }
}
