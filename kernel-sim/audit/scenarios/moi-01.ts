/**
 * MOI-01: one lock (`Mutex<RootTable>`) serialises every IOMMU map, also for devices on
 * different buses whose context tables share nothing.
 * @module
 */
import { mapCo, pciLocation } from '../../mm/iommu/index.js';
import { defineScenario } from './common.js';
import { iommuMachine } from './iommu-machine.js';

const A = pciLocation(0, 3, 0);
const B = pciLocation(1, 0, 0);

/** The MOI-01 scenario. */
export const moi01 = defineScenario({
  id: 'moi-01',
  findings: ['MOI-01'],
  title: 'Two devices on different buses map DMA pages at once: one global lock makes them wait on each other',
  description:
    'CPU 0 maps a page for 00:03.0, CPU 1 one for 01:00.0 (per-device tables, MOI-02 fixed in both variants). ' +
    "Audited, both take iommu::PAGE_TABLE's lock, so in some schedules one spins while the other maps: the check " +
    '"no map waited for another bus" fails (an invariant failure standing for the contention). Fixed, each takes ' +
    "its bus's context-table lock, and no schedule waits.",
  expect: { audited: ['invariant'], fixed: 'clean' },
  setup(w, variant) {
    const sys = iommuMachine(variant === 'audited' ? ['MOI-01'] : [], [A, B]);
    w.addCpus(2);
    w.spawn(0, 'map-00:03.0', function* () { yield* mapCo(sys, 0x10_0000, 0x30_0000, A); });
    w.spawn(1, 'map-01:00.0', function* () { yield* mapCo(sys, 0x10_0000, 0x31_0000, B); });
    w.atEnd(() => sys.contended === 0 || `${sys.contended} map(s) waited for the lock held by the other bus's map (MOI-01)`, 'no cross-bus contention');
  },
});
