/**
 * A PCI function's location: segment 0, bus 0-255, device 0-31, function 0-7, validated; its
 * VT-d source id (bus << 8 | device << 3 | function) and devfn.
 * @module
 */
import { KernelSimError } from '../../util/errors.js';

/** A bus, device or function number out of range, or a location string that does not parse. */
export class PciLocationError extends KernelSimError {
  constructor(readonly field: 'bus' | 'device' | 'function' | 'text', readonly value: number | string, readonly reason: string) {
    super(`PCI location ${field} ${typeof value === 'string' ? JSON.stringify(value) : value}: ${reason}`);
  }
}

/** A validated bus/device/function. */
export class PciLocation {
  /** @throws PciLocationError unless bus in 0..255, device in 0..31, function in 0..7 (integers). */
  constructor(readonly bus: number, readonly device: number, readonly fn: number) {
    check('bus', bus, 255);
    check('device', device, 31);
    check('function', fn, 7);
  }

  /** devfn: device << 3 | function (the context-table index). */
  get devfn(): number {
    return (this.device << 3) | this.fn;
  }

  /** The source id in DMA requests and fault records: bus << 8 | devfn. */
  get sourceId(): number {
    return (this.bus << 8) | this.devfn;
  }

  /** `bb:dd.f` in hex, as lspci prints it. */
  toString(): string {
    return `${h2(this.bus)}:${h2(this.device)}.${this.fn.toString(16)}`;
  }

  /** The location of a source id. */
  static fromSourceId(sid: number): PciLocation {
    if (!Number.isInteger(sid) || sid < 0 || sid > 0xffff) throw new PciLocationError('text', String(sid), 'a source id is a 16-bit number');
    return new PciLocation(sid >>> 8, (sid >>> 3) & 31, sid & 7);
  }

  /** Parses `bb:dd.f` (hex, as lspci; an optional `ssss:` segment 0000 in front). */
  static parse(text: string): PciLocation {
    const m = /^(?:0{0,4}:)?([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\.([0-7])$/.exec(text.trim());
    if (!m) throw new PciLocationError('text', text, 'expected bb:dd.f in hex, e.g. 00:1f.3');
    return new PciLocation(parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16));
  }

  equals(o: PciLocation): boolean {
    return this.sourceId === o.sourceId;
  }
}

function check(field: 'bus' | 'device' | 'function', v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new PciLocationError(field, v, `must be an integer in 0..${max}`);
}

function h2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
