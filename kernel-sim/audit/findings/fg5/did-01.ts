/**
 * DID-01 (kernel-sim's ID): every table `get_or_create_page_table` makes is entered with DID 0,
 * so devices with their own tables (the MOI-02 fix) share IOTLB entries. 00:03.0 and 00:05.0
 * each map a buffer of their own; 00:03.0 reads each of its buffers (the unit caches the
 * translations); then 00:05.0, whose table maps none of them, reads the same device addresses.
 * @module
 */
import { dmaEnv } from '../../../kernel/index.js';
import { DmaStream } from '../../../mm/dma/index.js';
import { pciLocation } from '../../../mm/iommu/index.js';
import { pairReproduction } from './common.js';

/** What {@link did01Reads} observed. */
export interface Did01Observation {
  readonly buffers: number;
  /** The DIDs of the two devices' context entries. */
  readonly dids: readonly number[];
  /** Reads by 00:05.0 of 00:03.0's device addresses that returned 00:03.0's bytes. */
  readonly crossDeviceReads: number;
  /** Those reads the unit blocked. */
  readonly blocked: number;
}

/** 00:03.0 maps and reads `buffers` one-frame streams; 00:05.0 then reads their device addresses. */
export function did01Reads(bugs: readonly string[], buffers = 8): Did01Observation {
  const env = dmaEnv({ bugs, devices: [{ at: '00:03.0', kind: 'plain' }, { at: '00:05.0', kind: 'plain' }] });
  const a = pciLocation(0, 3, 0);
  const b = pciLocation(0, 5, 0);
  DmaStream.map(env.dma, env.kernel.frames.allocContiguous(1)!, 'Bidirectional', false, b); // 00:05.0 has a table of its own
  const daddrs: number[] = [];
  for (let i = 0; i < buffers; i++) {
    const s = DmaStream.map(env.dma, env.kernel.frames.allocContiguous(1)!, 'Bidirectional', false, a);
    env.kernel.machine.memory.writeBytes(s.paddr(), new Uint8Array(64).fill(0xa0 + i));
    env.dmaRead('00:03.0', s.daddr(), 64);
    daddrs.push(s.daddr());
  }
  let cross = 0, blocked = 0;
  daddrs.forEach((d, i) => {
    const r = env.dmaRead('00:05.0', d, 64);
    if (!r.ok) blocked++;
    else if (r.data!.every((x) => x === 0xa0 + i)) cross++;
  });
  const root = env.iommu.pageTable!;
  return { buffers, dids: [root.domainOf(a), root.domainOf(b)], crossDeviceReads: cross, blocked };
}

/** DID-01's reproduction. */
export const did01 = pairReproduction(
  'DID-01',
  "8 buffers of 00:03.0 read by it; 00:05.0, with a table of its own that maps none of them, reads the same device addresses",
  (bugs) => ({ ...did01Reads(bugs) }),
  (a, f) => (a.crossDeviceReads as number) > 0 && f.crossDeviceReads === 0 && f.blocked === f.buffers,
  (a, f) => `00:05.0's reads of 00:03.0's buffers that reach them: audited ${a.crossDeviceReads} of ${a.buffers} (DIDs ${(a.dids as number[]).join(', ')}), fixed ${f.crossDeviceReads} (DIDs ${(f.dids as number[]).join(', ')}, ${f.blocked} blocked)`,
);
