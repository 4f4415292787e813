// Checks the real Multiboot2 information structures in datasets/mbi/ (captured
// by datasets/capture/capture.sh from GRUB under QEMU) against their manifest,
// and, where QEMU, GRUB and nasm are installed, captures one configuration
// again and compares it with the checked-in file.
//
// The MBI is parsed by hand here on purpose: this test must not depend on the
// project's own Multiboot2 parser, which it is meant to feed.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const mbiDir = fileURLToPath(new URL('../../datasets/mbi/', import.meta.url));
const captureScript = fileURLToPath(new URL('../../datasets/capture/capture.sh', import.meta.url));

interface Capture {
  name: string;
  file: string;
  sha256: string;
  sizeBytes: number;
  machine: string;
  memory: string;
  firmware: string;
  tags: number[];
  qemuArgs: string[];
  qemuVersion: string;
  description: string;
}

interface Manifest {
  capturedOn: string;
  script: string;
  qemuVersion: string;
  captures: Capture[];
}

const manifest = JSON.parse(readFileSync(join(mbiDir, 'manifest.json'), 'utf8')) as Manifest;

const REQUIRED = [
  'pc-128M', 'pc-1G', 'pc-3584M', 'pc-4G', 'pc-8G',
  'q35-128M', 'q35-1G', 'q35-3584M', 'q35-4G', 'q35-8G',
  'q35-64G', 'q35-1T',
  'q35-ovmf-4G',
  'q35-numa2-4G',
];

const MMAP = 6;
const BASIC_MEMINFO = 4;
const EFI_MMAP = 17;

interface Tag {
  type: number;
  /** The tag's bytes (header included), `size` long, without padding. */
  bytes: Buffer;
}

/** Walks the tags of an MBI: u32 total_size, u32 reserved, then 8-byte aligned tags. */
function parseTags(mbi: Buffer): Tag[] {
  const tags: Tag[] = [];
  let off = 8;
  while (off + 8 <= mbi.length) {
    const type = mbi.readUInt32LE(off);
    const size = mbi.readUInt32LE(off + 4);
    if (size < 8 || off + size > mbi.length) throw new Error(`bad tag ${type} size ${size} at ${off}`);
    tags.push({ type, bytes: mbi.subarray(off, off + size) });
    if (type === 0) break;
    off += (size + 7) & ~7;
  }
  return tags;
}

function tagOf(mbi: Buffer, type: number): Buffer {
  const tag = parseTags(mbi).find((t) => t.type === type);
  if (!tag) throw new Error(`no tag ${type}`);
  return tag.bytes;
}

function onPath(cmd: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

describe('datasets/mbi: checked-in GRUB Multiboot2 captures', () => {
  it('covers the required configurations', () => {
    const names = manifest.captures.map((c) => c.name);
    for (const name of REQUIRED) expect(names).toContain(name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has capture metadata', () => {
    expect(manifest.script).toBe('datasets/capture/capture.sh');
    expect(Number.isNaN(Date.parse(manifest.capturedOn))).toBe(false);
    for (const c of manifest.captures) {
      expect(c.qemuArgs[0]).toBe('qemu-system-x86_64');
      expect(c.qemuVersion).toMatch(/^QEMU emulator version /);
      expect(['SeaBIOS', 'OVMF']).toContain(c.firmware);
      expect(c.description.length).toBeGreaterThan(0);
    }
  });

  for (const c of manifest.captures) {
    describe(c.name, () => {
      const path = join(mbiDir, c.file);

      it('exists with the recorded size and sha256', () => {
        expect(existsSync(path)).toBe(true);
        const bytes = readFileSync(path);
        expect(bytes.length).toBe(c.sizeBytes);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(c.sha256);
      });

      it('starts with total_size equal to the file length and ends with the end tag', () => {
        const bytes = readFileSync(path);
        expect(bytes.readUInt32LE(0)).toBe(bytes.length);
        const tags = parseTags(bytes);
        const last = tags[tags.length - 1];
        expect(last?.type).toBe(0);
        expect(last?.bytes.length).toBe(8);
      });

      it('has the tags the manifest lists, including a memory map', () => {
        const present = [...new Set(parseTags(readFileSync(path)).map((t) => t.type))]
          .filter((t) => t !== 0)
          .sort((a, b) => a - b);
        expect(present).toEqual(c.tags);
        expect(present).toContain(MMAP);
        expect(present).toContain(BASIC_MEMINFO);
        if (c.firmware === 'OVMF') expect(present).toContain(EFI_MMAP);
      });
    });
  }
});

// Re-capturing needs the tools capture.sh uses. It is also skipped when the
// installed QEMU is not the version that made the checked-in files: another
// QEMU (or its SeaBIOS) may legitimately report a different memory map.
const TOOLS = ['qemu-system-x86_64', 'grub-mkrescue', 'nasm', 'xorriso', 'mformat', 'ld', 'xxd', 'node'];
const toolsPresent = TOOLS.every(onPath);
function installedQemuVersion(): string | null {
  try {
    return execFileSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? null;
  } catch {
    return null;
  }
}
const canRecapture = toolsPresent && installedQemuVersion() === manifest.qemuVersion;

describe.skipIf(!canRecapture)('datasets/capture/capture.sh re-run (pc-128M)', () => {
  const NAME = 'pc-128M';

  it('reproduces the checked-in memory map', () => {
    const out = mkdtempSync(join(tmpdir(), 'mbi-recapture-'));
    try {
      execFileSync('bash', [captureScript, out, NAME], { stdio: 'pipe', timeout: 240_000 });
      const fresh = readFileSync(join(out, `${NAME}.mbi`));
      const stored = readFileSync(join(mbiDir, `${NAME}.mbi`));
      expect(fresh.readUInt32LE(0)).toBe(statSync(join(out, `${NAME}.mbi`)).size);

      // Compare what is stable, not the whole file. The memory map (tag 6)
      // and the basic memory information (tag 4) come from the firmware's
      // E820 map and depend only on QEMU, SeaBIOS and the machine
      // configuration. Other bytes need not repeat: the ISO is rebuilt (new
      // grub-mkrescue timestamps and filesystem UUID), the addresses of the
      // module, the MBI and the sections GRUB loads (tags 3, 9) follow GRUB's
      // heap layout, and GRUB leaves the padding between tags uninitialised.
      // (On the machine that made the captures, repeated runs did come out
      // byte-identical, but nothing guarantees it.)
      expect(tagOf(fresh, MMAP).equals(tagOf(stored, MMAP))).toBe(true);
      expect(tagOf(fresh, BASIC_MEMINFO).equals(tagOf(stored, BASIC_MEMINFO))).toBe(true);
      // Which tags GRUB supplies, and in what order, is stable too.
      expect(parseTags(fresh).map((t) => t.type)).toEqual(parseTags(stored).map((t) => t.type));

      const freshManifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
      expect(freshManifest.captures.map((c) => c.name)).toEqual([NAME]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
