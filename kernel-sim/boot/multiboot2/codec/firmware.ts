/** Codecs of firmware tags: APM (10), SMBIOS (13), ACPI RSDP (14, 15), network (16). */
import type { AcpiTag, ApmTag, NetworkTag, SmbiosTag } from '../tags.js';
import type { TagCodec } from './codec.js';

export const apmCodec: TagCodec<ApmTag> = {
  decode: (r) => ({
    type: 10,
    version: r.u16('version'),
    cseg: r.u16('cseg'),
    offsetField: r.u32('offset'),
    cseg16: r.u16('cseg_16'),
    dseg: r.u16('dseg'),
    flags: r.u16('flags'),
    csegLen: r.u16('cseg_len'),
    cseg16Len: r.u16('cseg_16_len'),
    dsegLen: r.u16('dseg_len'),
  }),
  encode: (w, t) => {
    w.u16(t.version, 'version');
    w.u16(t.cseg, 'cseg');
    w.u32(t.offsetField, 'offset');
    w.u16(t.cseg16, 'cseg_16');
    w.u16(t.dseg, 'dseg');
    w.u16(t.flags, 'flags');
    w.u16(t.csegLen, 'cseg_len');
    w.u16(t.cseg16Len, 'cseg_16_len');
    w.u16(t.dsegLen, 'dseg_len');
  },
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
