import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// `npm run typecheck` (tsc --noEmit over kernel-sim/, tests/, bin/ and datasets/), as a test of
// the unit project: it runs beside the other files instead of before them all.
function typecheck(): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn('npm', ['run', '--silent', 'typecheck'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, output }));
  });
}

describe('TypeScript', () => {
  it('the sources, tests and scripts type-check (strict)', async () => {
    const { status, output } = await typecheck();
    expect(output.trim(), 'tsc reported').toBe('');
    expect(status).toBe(0);
  });
});
