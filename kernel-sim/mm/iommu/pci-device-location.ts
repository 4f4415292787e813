/**
 * `PciDeviceLocation` (232e62b `bus/pci/device_info.rs`): bus 0..=255, device 0..=31,
 * function 0..=7. The VT-d source ID is `bus << 8 | devfn` with `devfn = device * 8 + function`.
 * In Rust the three are `u8`; here they are numbers, so a location can be out of range and is
 * checked where 232e62b checks it (see `root-table.ts`, CON-04).
 * @module
 */

/** A PCI device location. */
export interface PciDeviceLocation {
  readonly bus: number;
  readonly device: number;
  readonly function: number;
}

/** `MIN_BUS..=MAX_BUS`, `MIN_DEVICE..=MAX_DEVICE`, `MIN_FUNCTION..=MAX_FUNCTION`. */
export const PCI_LOCATION_LIMITS = Object.freeze({ MAX_BUS: 255, MAX_DEVICE: 31, MAX_FUNCTION: 7 });

/** A location (not checked: see {@link locationProblem}). */
export function pciLocation(bus: number, device: number, fn: number): PciDeviceLocation {
  return Object.freeze({ bus, device, function: fn });
}

/** `PciDeviceLocation::zero()`. */
export const PCI_ZERO: PciDeviceLocation = pciLocation(0, 0, 0);

/** `PciDeviceLocation::all()`: every location, bus-major, as 232e62b iterates them. */
export function* allPciLocations(): Generator<PciDeviceLocation> {
  for (let bus = 0; bus <= PCI_LOCATION_LIMITS.MAX_BUS; bus++) {
    for (let device = 0; device <= PCI_LOCATION_LIMITS.MAX_DEVICE; device++) {
      for (let fn = 0; fn <= PCI_LOCATION_LIMITS.MAX_FUNCTION; fn++) yield pciLocation(bus, device, fn);
    }
  }
}

/** `device * 8 + function`: the context-table index. */
export function devfnOf(loc: PciDeviceLocation): number {
  return loc.device * 8 + loc.function;
}

/** The VT-d source ID `bus << 8 | devfn`. */
export function sourceIdOf(loc: PciDeviceLocation): number {
  return loc.bus * 256 + devfnOf(loc);
}

/** The location of a source ID. */
export function locationOfSourceId(sid: number): PciDeviceLocation {
  return pciLocation(sid >> 8, (sid >> 3) & 31, sid & 7);
}

/** `bb:dd.f` in hex, as lspci prints it. */
export function formatLocation(loc: PciDeviceLocation): string {
  const h = (n: number, w: number): string => (Number.isInteger(n) && n >= 0 ? n.toString(16).padStart(w, '0') : String(n));
  return `${h(loc.bus, 2)}:${h(loc.device, 2)}.${h(loc.function, 1)}`;
}

/** Which field is out of range (`'bus'`, `'device'`, `'function'`), or null. */
export function locationProblem(loc: PciDeviceLocation): 'bus' | 'device' | 'function' | null {
  const ok = (v: number, max: number): boolean => Number.isInteger(v) && v >= 0 && v <= max;
  if (!ok(loc.bus, PCI_LOCATION_LIMITS.MAX_BUS)) return 'bus';
  if (!ok(loc.device, PCI_LOCATION_LIMITS.MAX_DEVICE)) return 'device';
  if (!ok(loc.function, PCI_LOCATION_LIMITS.MAX_FUNCTION)) return 'function';
  return null;
}
