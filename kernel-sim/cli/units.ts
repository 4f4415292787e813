/** Numbers for people: sizes in KiB/MiB/GiB/TiB, addresses in hex, Linux's fragmentation indices. */

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** `bytes` in the largest binary unit that keeps it at least 1, to three significant decimals (e.g. `1.5 GiB`). */
export function size(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${bytes} bytes` : `${Number.isInteger(v) ? v : v.toFixed(2).replace(/\.?0+$/, '')} ${UNITS[u]}`;
}

/** An address as 0x-hex. */
export function hexAddr(v: number | bigint): string {
  return '0x' + v.toString(16);
}

/** A fragmentation index kept in thousandths (Linux's internal form) as Linux prints it: `0.412`, `-1.000` for "not applicable". */
export function index1000(v: number): string {
  return (v / 1000).toFixed(3);
}
