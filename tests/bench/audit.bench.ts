import { bench, describe } from './bench-api.js';
import { runAudit } from '../../kernel-sim/audit/findings/index.js';

// The whole audit: every reproduction (audited and fixed) and the 14 targets. Target: under 60 s.
describe('kernel-sim audit, the whole catalogue and the 14 targets (target < 60 s)', () => {
  bench('runAudit()', () => {
    const r = runAudit();
    if (!r.ok) throw new Error('a verdict is not as expected');
  }, { iterations: 1, time: 0 });
});
