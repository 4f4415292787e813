import type { Command } from 'commander';
import type { AuditReport } from '../../audit/findings/index.js';
import { printJson, printTable } from '../output.js';
import { withStepProgress } from '../progress.js';

/**
 * `kernel-sim audit [IDS...] [--json] [--detect]`: runs the findings catalogue (every
 * reproduction, audited and fixed) and, for the whole audit, the 14 targets; prints the seed's
 * summary tables with live counts. Exit 0 when every verdict matches the catalogue's
 * expectation, 3 otherwise.
 */
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('run the findings catalogue (reproductions, audited vs fixed) and the 14 verification targets; exit 3 when a verdict is not as expected')
    .argument('[ids...]', 'finding IDs to run (default: all, with the targets)')
    .option('--json', 'print the report as JSON')
    .option('--detect', 'also show the detection matrix (which generic check caught each switch, after how many operations)')
    .action(async (ids: string[], opts: { json?: boolean; detect?: boolean }) => {
      const { runAudit } = await import('../../audit/findings/index.js');
      const r = withStepProgress('audit', !opts.json, 'findings', (onProgress) => runAudit(ids, { onProgress }));
      // The matrix's reasons for the switches random workloads cannot reach.
      const unreachable = opts.detect ? (await import('../../audit/stress/index.js')).UNREACHABLE_SWITCHES : {};
      if (opts.json) printJson(jsonOf(r, opts.detect === true, unreachable));
      else printText(r, opts.detect === true, unreachable);
      if (!r.ok) process.exitCode = 3;
    });
}

type Reasons = Readonly<Record<string, string>>;

function jsonOf(r: AuditReport, detect: boolean, unreachable: Reasons): unknown {
  return {
    ok: r.ok,
    findings: r.findings.map((f) => ({
      id: f.entry.id, title: f.entry.title, severity: f.entry.severity, group: f.entry.group, status: f.entry.status,
      expected: f.entry.expected, result: f.result, asExpected: f.asExpected, note: f.note ?? null, observation: f.observation ?? null,
      ...(detect ? { detection: f.detection, ...(unreachable[f.entry.id] !== undefined ? { unreachable: unreachable[f.entry.id] } : {}) } : {}),
    })),
    bySeverity: r.bySeverity,
    byGroup: r.byGroup,
    targets: r.targets,
  };
}

function printText(r: AuditReport, detect: boolean, unreachable: Reasons): void {
  printTable(r.findings.map((f) => ({
    id: f.entry.id,
    severity: f.entry.severity,
    group: f.entry.group,
    status: f.entry.status,
    result: f.result + (f.asExpected ? '' : ` (expected ${f.entry.expected})`),
    observed: f.observation?.error ?? f.observation?.summary ?? f.note ?? '',
    ...(detect ? { 'caught by': typeof f.detection !== 'string' ? `${f.detection.caughtBy} after ${f.detection.opsUntilCaught} ops` : unreachable[f.entry.id] !== undefined ? `not reachable: ${unreachable[f.entry.id]}` : f.detection } : {}),
  })));
  const counts = (rows: AuditReport['bySeverity'], name: string) => rows.map((c) => ({ [name]: c.key, seed: c.seed ?? '-', catalogue: c.catalogue, reproduced: c.reproduced, 'not reproduced': c.notReproduced, error: c.error, static: c.static, 'not modelled yet': c.notModelled }));
  printTable(counts(r.bySeverity, 'severity'));
  printTable(counts(r.byGroup, 'group'));
  if (r.targets.length > 0) printTable(r.targets.map((t) => ({ target: t.target, title: t.title, result: t.result, detail: t.detail })));
  process.stdout.write(r.ok ? 'every verdict as expected\n' : 'some verdicts are not as expected\n');
}
