/**
 * IOT-01 (kernel-sim's ID): `iommu::unmap` never invalidates the IOTLB. Each round maps a
 * one-frame `DmaStream` for 00:03.0, lets the device read it (the unit caches the translation),
 * drops the stream (unmap, the frame freed), gives the frame to its next owner (a kernel
 * allocation that writes its own bytes), and has the device read the old device address again.
 * @module
 */
import { dmaEnv } from '../../../kernel/index.js';
import { DmaStream } from '../../../mm/dma/index.js';
import { pciLocation } from '../../../mm/iommu/index.js';
import { pairReproduction } from './common.js';

/** What {@link iot01Rounds} observed. */
export interface Iot01Observation {
  readonly rounds: number;
  /** Rounds whose next owner got the very frame just unmapped. */
  readonly sameFrame: number;
  /** Device reads of the unmapped address that returned the next owner's bytes. */
  readonly readsReachingNextOwner: number;
  /** Device reads of the unmapped address the unit blocked. */
  readonly readsBlocked: number;
  /** Faults the unit recorded, and page-selective IOTLB invalidations it performed. */
  readonly faultsRecorded: number;
  readonly pageInvalidations: number;
}

/** Runs `rounds` rounds of map, device read, unmap, reallocation, device read of the old address. */
export function iot01Rounds(bugs: readonly string[], rounds = 16): Iot01Observation {
  const env = dmaEnv({ bugs, devices: [{ at: '00:03.0', kind: 'plain' }] });
  const loc = pciLocation(0, 3, 0);
  let sameFrame = 0, reached = 0, blocked = 0;
  for (let r = 0; r < rounds; r++) {
    const s = DmaStream.map(env.dma, env.kernel.frames.allocContiguous(1)!, 'Bidirectional', false, loc);
    const daddr = s.daddr();
    env.dmaRead('00:03.0', daddr, 64); // the unit walks and caches daddr
    s.drop();
    const next = env.kernel.frames.allocSingle({ zeroed: true })!; // kept: the next owner
    if (next.startPaddr() === daddr) sameFrame++;
    const secret = new Uint8Array(64).fill((0x40 + r) & 0xff);
    env.kernel.machine.memory.writeBytes(next.startPaddr(), secret);
    const got = env.dmaRead('00:03.0', daddr, 64);
    if (!got.ok) blocked++;
    else if (got.data!.every((b, i) => b === secret[i])) reached++;
  }
  const u = env.platform!.units[0]!;
  return { rounds, sameFrame, readsReachingNextOwner: reached, readsBlocked: blocked, faultsRecorded: u.faults.stats.recorded, pageInvalidations: u.iotlb.stats.pageInvalidations };
}

/** IOT-01's reproduction. */
export const iot01 = pairReproduction(
  'IOT-01',
  '16 rounds: a DmaStream of 00:03.0 read by the device, dropped, its frame reallocated to the kernel and written, the old device address read again',
  (bugs) => ({ ...iot01Rounds(bugs) }),
  (a, f) => (a.readsReachingNextOwner as number) > 0 && f.readsReachingNextOwner === 0 && f.readsBlocked === f.rounds,
  (a, f) => `device reads of the unmapped address reaching the next owner's bytes: audited ${a.readsReachingNextOwner} of ${a.rounds}, fixed ${f.readsReachingNextOwner} (${f.readsBlocked} blocked, ${f.pageInvalidations} page-selective invalidations)`,
);
