/** DME-01: where `sync` goes in a device-to-memory transfer (the machine's CPU cache, a non-snooping device). @module */
import { dmaEnv } from '../../../kernel/index.js';
import { DmaStream, dmaReceive } from '../../../mm/dma/index.js';
import { pciLocation } from '../../../mm/iommu/index.js';
import { pairReproduction } from './common.js';

/** DME-01's reproduction. */
export const dme01 = pairReproduction(
  'DME-01',
  'the CPU clears a 4 KiB bidirectional stream of 00:03.0 (dirty lines), the device then writes a pattern, the CPU reads it',
  (bugs) => {
    const env = dmaEnv({ bugs });
    const s = DmaStream.map(env.dma, env.kernel.frames.allocContiguous(1)!, 'Bidirectional', false, pciLocation(0, 3, 0));
    s.writeBytes(0, new Uint8Array(4096));
    const data = new Uint8Array(4096).map((_, i) => (i * 7 + 1) & 0xff);
    const got = dmaReceive(s, () => { env.device('00:03.0').dmaWrite(s.daddr(), data); });
    return { bytesCorrupted: got.reduce((n, b, i) => n + (b === data[i] ? 0 : 1), 0) };
  },
  (a, f) => (a.bytesCorrupted as number) > 0 && f.bytesCorrupted === 0,
  (a, f) => `bytes the CPU reads wrong: audited ${a.bytesCorrupted} of 4096, fixed ${f.bytesCorrupted}`,
);
