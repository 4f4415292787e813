import { bench, describe } from './bench-api.js';
import { runDma, type DmaSpec } from '../../kernel-sim/workloads/index.js';

// Block I/O heavy (each io step is a descriptor fetch, a data transfer and a status write),
// with map/unmap churn, receives, strays and attacks: about 2.4 device operations per step.
const SPEC: DmaSpec = {
  seed: 1, steps: 44_000,
  devices: [{ at: '00:03.0', kind: 'block' }, { at: '00:04.0', kind: 'block' }, { at: '00:05.0', kind: 'plain' }, { at: '00:1f.7', kind: 'malicious' }],
  units: [{ scope: 'all', faultRecords: 8 }],
  ops: { map: 1, unmap: 1, io: 20, receive: 1, stray: 1, attack: 1 },
};

describe('DMA workload (dmaEnv boot included)', () => {
  bench('runDma: 44,000 steps, >= 100,000 device operations', () => {
    const r = runDma(SPEC);
    if (r.totals.deviceOps < 100_000) throw new Error(`only ${r.totals.deviceOps} device operations`);
    process.stdout.write(`device operations: ${r.totals.deviceOps}, faults recorded: ${r.env.platform!.units[0]!.faults.stats.recorded}\n`);
  }, { iterations: 2, warmupIterations: 0, time: 0 });
});
