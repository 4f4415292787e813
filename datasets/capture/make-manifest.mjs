// make-manifest.mjs -- called by capture.sh: writes OUTDIR/manifest.json from
// the per-boot records capture.sh leaves in RECORDS_DIR, merging with an
// existing manifest (entries for configurations not captured this run stay).
//
// usage: node make-manifest.mjs OUTDIR RECORDS_DIR WORK_DIR SCRIPT_PATH ISO
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';

const [outDir, recordsDir, workDir, scriptPath] = process.argv.slice(2);
if (!outDir || !recordsDir || !workDir || !scriptPath) {
  console.error('usage: node make-manifest.mjs OUTDIR RECORDS_DIR WORK_DIR SCRIPT_PATH');
  process.exit(2);
}

const run = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

const qemuVersion = (run('qemu-system-x86_64', ['--version']) ?? '').split('\n')[0];
const grubMkrescueVersion = run('grub-mkrescue', ['--version']);
const debPackages = ['qemu-system-x86', 'grub-common', 'grub-pc-bin', 'grub-efi-amd64-bin',
  'seabios', 'ovmf', 'xorriso', 'mtools', 'nasm', 'binutils'];
const packageVersions = {};
for (const p of debPackages) {
  const v = run('dpkg-query', ['-W', '-f=${Version}', p]);
  if (v) packageVersions[p] = v;
}
const grubVersion = {
  grubMkrescue: grubMkrescueVersion,
  debianPackages: Object.fromEntries(
    ['grub-common', 'grub-pc-bin', 'grub-efi-amd64-bin']
      .filter((p) => packageVersions[p])
      .map((p) => [p, packageVersions[p]]),
  ),
};

// "pc" -> "pc-i440fx-7.2" and so on, from qemu's own machine list.
const machineAliases = {};
for (const line of (run('qemu-system-x86_64', ['-machine', 'help']) ?? '').split('\n')) {
  const m = /^(\S+)\s.*\(alias of (\S+)\)/.exec(line);
  if (m) machineAliases[m[1]] = m[2];
}

function osPrettyName() {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return m ? m[1] : 'unknown';
  } catch {
    return 'unknown';
  }
}

// Walk the MBI: fixed part (total_size, reserved), then 8-byte aligned tags
// {u32 type, u32 size} up to the end tag (type 0, size 8).
function tagsOf(buf) {
  const tags = [];
  let off = 8;
  while (off + 8 <= buf.length) {
    const type = buf.readUInt32LE(off);
    const size = buf.readUInt32LE(off + 4);
    tags.push(type);
    if (type === 0 || size < 8) break;
    off += (size + 7) & ~7;
  }
  return tags;
}

function memBytes(s) {
  const m = /^(\d+)([MGT])$/.exec(s ?? '');
  if (!m) return 0;
  return Number(m[1]) * { M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[m[2]];
}

const manifestPath = join(outDir, 'manifest.json');
const old = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null;
const captures = new Map((old?.captures ?? []).map((c) => [c.name, c]));

for (const f of readdirSync(recordsDir).filter((f) => f.endsWith('.tsv')).sort()) {
  const rec = { args: [] };
  for (const line of readFileSync(join(recordsDir, f), 'utf8').split('\n')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const key = line.slice(0, tab);
    const value = line.slice(tab + 1);
    if (key === 'arg') rec.args.push(value.split(workDir).join('$WORK'));
    else rec[key] = value;
  }
  const file = `${rec.name}.mbi`;
  const buf = readFileSync(join(outDir, file));
  const sequence = tagsOf(buf);
  captures.set(rec.name, {
    name: rec.name,
    file,
    sha256: createHash('sha256').update(buf).digest('hex'),
    sizeBytes: buf.length,
    machine: rec.machine,
    machineType: machineAliases[rec.machine] ?? rec.machine,
    memory: rec.memory,
    memoryBytes: memBytes(rec.memory),
    firmware: rec.firmware,
    firmwarePackage: rec.firmware === 'OVMF'
      ? `ovmf ${packageVersions.ovmf ?? '?'}`
      : `seabios ${packageVersions.seabios ?? '?'}`,
    tags: [...new Set(sequence)].filter((t) => t !== 0).sort((a, b) => a - b),
    tagSequence: sequence,
    mbiAddress: rec.mbiAddress,
    bootSeconds: Number(rec.bootSeconds),
    qemuVersion,
    grubVersion,
    qemuArgs: ['qemu-system-x86_64', ...rec.args],
    description: rec.description,
  });
}

const order = (c) => [
  c.name.startsWith('pc-') ? 0 : 1,
  /ovmf|numa/.test(c.name) ? 1 : 0,
  c.memoryBytes ?? 0,
];
const sorted = [...captures.values()].sort((a, b) => {
  const ka = order(a);
  const kb = order(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
  return a.name.localeCompare(b.name);
});

const manifest = {
  description:
    'Multiboot2 boot information structures (MBIs) captured from GRUB booting a tiny Multiboot2 ' +
    'kernel (datasets/capture/mbi-kernel.asm) under QEMU. Each .mbi file holds the exact bytes ' +
    'of the MBI (total_size bytes) as the kernel found them at EBX.',
  capturedOn: new Date().toISOString(),
  host: {
    description: `${osPrettyName()}, Linux ${release()}, ${cpus()[0]?.model ?? 'unknown CPU'}; ` +
      'QEMU with TCG (software emulation, -accel tcg)',
    os: osPrettyName(),
    kernel: release(),
    cpu: cpus()[0]?.model ?? 'unknown',
  },
  script: scriptPath,
  kernelSource: 'datasets/capture/mbi-kernel.asm',
  grubCfg: 'datasets/capture/grub.cfg',
  qemuVersion,
  grubVersion,
  packageVersions,
  qemuArgsNote:
    'qemuArgs are exact, except that $WORK stands for the temporary directory capture.sh ' +
    'creates (it holds the ISO, the serial log, the OVMF variable store copy and the sparse ' +
    'memory-backend files, deleted afterwards).',
  tagNames: {
    0: 'end', 1: 'boot command line', 2: 'boot loader name', 3: 'module', 4: 'basic memory info',
    5: 'BIOS boot device', 6: 'memory map', 7: 'VBE info', 8: 'framebuffer info',
    9: 'ELF sections', 10: 'APM table', 11: 'EFI 32-bit system table', 12: 'EFI 64-bit system table',
    13: 'SMBIOS tables', 14: 'ACPI old RSDP', 15: 'ACPI new RSDP', 16: 'networking info',
    17: 'EFI memory map', 18: 'EFI boot services not terminated', 19: 'EFI 32-bit image handle',
    20: 'EFI 64-bit image handle', 21: 'image load base physical address',
  },
  captures: sorted,
};

// Observations on what GRUB 2.06 (Debian 2.06-13+deb12u2) and QEMU 7.2 supply;
// see datasets/capture/README.md for the details.
manifest.notes = [
  'GRUB supplies every tag it can whatever the information request says; the request only ' +
    'makes GRUB refuse to boot if it names a type GRUB does not know. GRUB 2.06 has no SMBIOS ' +
    'tag (13), so the kernel does not request it.',
  'SeaBIOS boots: QEMU builds a revision 0 RSDP, so only the old-RSDP tag (14) appears; OVMF ' +
    'gives both 14 and 15. Bootdev (5, biosdev 0xe0 = the CD), VBE (7) and APM (10) appear only ' +
    'under BIOS.',
  'UEFI boot: the header has no EFI boot-services tag (header tag 7), so GRUB exits boot ' +
    'services and supplies the EFI memory map (17, 48-byte version 1 descriptors) and the EFI ' +
    '64-bit system table (12), but no 18/19/20. Its memory map (6) is derived from the EFI map ' +
    'and uses GRUB type 20 (GRUB_MEMORY_CODE) for EfiRuntimeServicesCode.',
  'qemu64 is an AMD-vendor CPU model, so QEMU 7.2 reserves the HyperTransport hole ' +
    '(0xfd00000000, 12 GiB, type 2) in every SeaBIOS memory map; with 1 TiB of RAM it places the ' +
    'RAM above 4 GiB at 1 TiB (0x10000000000) instead of 4 GiB.',
  'The header has a relocatable tag (min 16 MiB, 2 MiB aligned, lowest): GRUB loads the image ' +
    'at 16 MiB (tag 21 = 0x1000000) although it is linked at 2 MiB. In the ELF sections tag (9), ' +
    'allocated sections keep their link addresses; GRUB loads the others (.symtab, .strtab, ' +
    '.shstrtab) itself and reports where.',
  'q35-numa2-4G differs from q35-4G only in the RSDP tag (RSDT address and checksum): the ' +
    'Multiboot2 information has no NUMA information; the topology is in the ACPI SRAT.',
  'Padding bytes between tags are not zeroed by GRUB (they hold leftover memory); the files ' +
    'keep them as captured.',
];

writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
