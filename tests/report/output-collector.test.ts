import { describe, expect, it } from 'vitest';
import { OutputCollector, newMessage } from '../../kernel-sim/report/index.js';

const iopub = (type: string, content: Record<string, unknown>) => newMessage(type, 's', content) as ReturnType<typeof newMessage<Record<string, unknown>>>;

describe('OutputCollector', () => {
  it('merges consecutive stream text per name and keeps order', () => {
    const c = new OutputCollector();
    c.add(iopub('stream', { name: 'stdout', text: 'a\n' }));
    c.add(iopub('stream', { name: 'stdout', text: 'b\n' }));
    c.add(iopub('stream', { name: 'stderr', text: 'warn\n' }));
    c.add(iopub('display_data', { data: { 'text/plain': 'x' }, metadata: {} }));
    c.add(iopub('stream', { name: 'stdout', text: 'c\n' }));
    c.add(iopub('status', { execution_state: 'idle' }));
    expect(c.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'a\nb\n' },
      { output_type: 'stream', name: 'stderr', text: 'warn\n' },
      { output_type: 'display_data', data: { 'text/plain': 'x' }, metadata: {} },
      { output_type: 'stream', name: 'stdout', text: 'c\n' },
    ]);
    expect(c.stderr).toBe('warn\n');
  });

  it('honours clear_output(wait) and update_display_data', () => {
    const c = new OutputCollector();
    c.add(iopub('display_data', { data: { 'text/plain': '1' }, metadata: {}, transient: { display_id: 'd' } }));
    c.add(iopub('update_display_data', { data: { 'text/plain': '2' }, metadata: {}, transient: { display_id: 'd' } }));
    expect(c.outputs).toEqual([{ output_type: 'display_data', data: { 'text/plain': '2' }, metadata: {} }]);
    c.add(iopub('clear_output', { wait: true }));
    expect(c.outputs).toHaveLength(1);
    c.add(iopub('stream', { name: 'stdout', text: 'new' }));
    expect(c.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'new' }]);
  });
});
