import { describe, expect, it } from 'vitest';
import { auditCounts, catalogue, CatalogueError, detectionOf, findingEntry, runAudit, runFinding } from '../../../kernel-sim/audit/findings/index.js';
import { AUDIT_FINDING_IDS, BEHAVIOUR, bugSet, modelledFindingIds, UnknownFindingError, UnmodelledFindingError } from '../../../kernel-sim/bugs/index.js';

describe('the findings catalogue', () => {
  it("holds the seed's 48 IDs (38 findings, 10 optimizations) and kernel-sim's own, with the seed's severity counts", () => {
    const c = catalogue();
    expect(AUDIT_FINDING_IDS).toHaveLength(48);
    expect(AUDIT_FINDING_IDS).toContain('MOI-01');
    expect(c.filter((e) => e.kind === 'finding')).toHaveLength(38);
    expect(c.filter((e) => e.kind === 'optimization')).toHaveLength(10);
    expect(c.filter((e) => e.kind === 'kernel-sim').map((e) => e.id)).toEqual(['MPA-01', 'BSA-01', 'UNM-01', 'RTL-01', 'SLP-01', 'FCL-01', 'FRW-01', 'FPD-01', 'IOT-01', 'DID-01']);
    const sev = (s: string) => c.filter((e) => e.severity === s).length;
    expect([sev('Critical'), sev('Major'), sev('Medium'), sev('Minor')]).toEqual([2, 4, 7, 25]);
    expect(c.filter((e) => e.severity === 'Minor' && e.status === 'Resolved')).toHaveLength(12);
    expect(findingEntry('cur-03')).toMatchObject({ title: 'Incorrect Lock Release Order In `cursorDrop` Implementation', category: 'Logical Issue, Concurrency', severity: 'Critical', status: 'Resolved' });
    expect(findingEntry('SPA-01').location).toBe('framework/aster-frame/src/mm/space.rs: 190~191');
    expect(() => findingEntry('XYZ-01')).toThrow(CatalogueError);
  });

  it('a switch has a reproduction, a static or not-modelled entry none', () => {
    for (const e of catalogue()) expect(e.reproduction !== undefined, e.id).toBe(e.behaviour.kind === 'switch');
    expect(modelledFindingIds()).toEqual(catalogue().filter((e) => e.behaviour.kind === 'switch').map((e) => e.id).sort((a, b) => Object.keys(BEHAVIOUR).indexOf(a) - Object.keys(BEHAVIOUR).indexOf(b)));
  });

  it('every switch is reproduced: the audited and fixed sides differ as the finding says', () => {
    for (const id of modelledFindingIds()) {
      const r = runFinding(id);
      expect(r.result, `${id}: ${r.observation?.error ?? r.observation?.summary}`).toBe('reproduced');
      expect(r.observation!.audited).not.toEqual(r.observation!.fixed);
    }
  });

  it('static and not-modelled entries give their reason and place, never a verdict', () => {
    const s = runFinding('SPA-02');
    expect(s).toMatchObject({ result: 'static', asExpected: true });
    expect(s.observation).toBeUndefined();
    expect(s.note).toContain('vm-map-options.ts');
    expect(runFinding('REM-03')).toMatchObject({ result: 'static', asExpected: true });
  });

  it('the detection matrix gives the measured check, or "not measured yet" for a switch not registered', () => {
    expect(detectionOf('MEM-01')).toMatchObject({ caughtBy: 'Target 1' });
    expect(detectionOf('HEP-03')).toBe('not measured yet');
  });

  it('counts verdicts beside the seed figures', () => {
    const rows = auditCounts([runFinding('MEM-01'), runFinding('SPA-02')], (r) => r.entry.group, new Map([['FG1', 1]]), ['FG1']);
    expect(rows).toEqual([
      { key: 'FG1', seed: 1, catalogue: 1, reproduced: 1, notReproduced: 0, error: 0, static: 0, notModelled: 0 },
      { key: 'FG4', seed: null, catalogue: 1, reproduced: 0, notReproduced: 0, error: 0, static: 1, notModelled: 0 },
    ]);
  });

  it('runAudit of IDs runs those only, without targets', () => {
    const r = runAudit(['MEM-01', 'NOE-02']);
    expect(r.ok).toBe(true);
    expect(r.findings.map((f) => f.result)).toEqual(['reproduced', 'static']);
    expect(r.targets).toEqual([]);
  });
});

describe('--bugs honesty', () => {
  it('accepts switches, refuses static and not-modelled IDs with the reason, and unknown IDs', () => {
    expect([...bugSet('mem-01, MOI-01')]).toEqual(['MEM-01', 'MOI-01']);
    const refused = (id: string) => { try { bugSet(id); } catch (e) { return e; } return null; };
    const rem = refused('REM-03') as UnmodelledFindingError;
    expect(rem).toBeInstanceOf(UnmodelledFindingError);
    expect(rem).toMatchObject({ id: 'REM-03', kind: 'static' });
    const noe = refused('NOE-02') as UnmodelledFindingError;
    expect(noe.kind).toBe('static');
    expect(noe.message).toContain('raw-node.ts');
    expect(refused('ABC-99')).toBeInstanceOf(UnknownFindingError);
  });
});
