/** Codecs of firmware tags: APM (10), SMBIOS (13), ACPI RSDP (14, 15), network (16). */
import type { AcpiTag, ApmTag, NetworkTag, SmbiosTag } from '../tags.js';
import type { TagCodec } from './codec.js';
import { fieldTable } from './fields.js';

const APM = fieldTable<ApmTag>()(
  ['version', 'u16', 'version'], ['cseg', 'u16', 'cseg'], ['offsetField', 'u32', 'offset'],
  ['cseg16', 'u16', 'cseg_16'], ['dseg', 'u16', 'dseg'], ['flags', 'u16', 'flags'],
  ['csegLen', 'u16', 'cseg_len'], ['cseg16Len', 'u16', 'cseg_16_len'], ['dsegLen', 'u16', 'dseg_len'],
);
export const apmCodec: TagCodec<ApmTag> = {
  decode: (r) => ({ type: 10, ...APM.read(r) }),
  encode: (w, t) => APM.write(w, t),
};

export const smbiosCodec: TagCodec<SmbiosTag> = {
  decode: (r) => ({
    type: 13,
    major: r.u8('major'),
    minor: r.u8('minor'),
    reserved: r.bytesOf(6, 'reserved'),
    tables: r.rest(),
  }),
  encode: (w, t) => {
    w.u8(t.major, 'major');
    w.u8(t.minor, 'minor');
    w.bytes(t.reserved);
    w.bytes(t.tables);
  },
};

export const acpiCodec: TagCodec<AcpiTag> = {
  decode: (r, type) => ({ type: type as 14 | 15, rsdp: r.rest() }),
  encode: (w, t) => w.bytes(t.rsdp),
};

export const networkCodec: TagCodec<NetworkTag> = {
  decode: (r) => ({ type: 16, dhcpAck: r.rest() }),
  encode: (w, t) => w.bytes(t.dhcpAck),
};
