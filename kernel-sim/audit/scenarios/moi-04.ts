/**
 * MOI-04: the root table's lock is a `Mutex` at 232e62b, taken with interrupts enabled; an IOMMU
 * unmap from interrupt context (a DMA buffer dropped by an interrupt handler) on the CPU whose
 * thread holds it spins on a lock its own CPU holds.
 * @module
 */
import { mapCo, pciLocation, unmapCo } from '../../mm/iommu/index.js';
import { defineScenario } from './common.js';
import { iommuMachine } from './iommu-machine.js';

const DEV = pciLocation(0, 3, 0);

/** The MOI-04 scenario. */
export const moi04 = defineScenario({
  id: 'moi-04',
  findings: ['MOI-04'],
  title: 'An interrupt handler unmaps a DMA page while its CPU\'s thread holds the IOMMU lock: self-deadlock',
  description:
    'CPU 0 maps a page for 00:03.0; an interrupt on CPU 0, pending from the start, unmaps another page (a DMA ' +
    "buffer dropped in the handler). Audited (Mutex, interrupts left on), the interrupt can arrive while the thread " +
    'holds the lock and the handler spins on it: deadlock. Fixed (SpinLock with local IRQs disabled, upstream ' +
    'b198794e), the interrupt waits until the lock is released; both complete.',
  expect: { audited: ['deadlock'], fixed: 'clean' },
  setup(w, variant) {
    const sys = iommuMachine(variant === 'audited' ? ['MOI-04'] : [], [DEV]);
    sys.pageTable!.map(DEV, 0x20_0000, 0x40_0000);
    let mapped = false;
    let unmapped = false;
    w.addCpus(1);
    w.spawn(0, 'map', function* () { yield* mapCo(sys, 0x10_0000, 0x30_0000, DEV); mapped = true; });
    w.raiseIrq(0, 40, function* () { yield* unmapCo(sys, 0x20_0000, DEV); unmapped = true; }, 'dma-irq');
    w.atEnd(() => (mapped && unmapped) || `map ${mapped ? 'done' : 'not done'}, unmap from the handler ${unmapped ? 'done' : 'not done'}`, 'both done');
  },
});
