#!/usr/bin/env bash
# capture.sh -- capture real Multiboot2 information structures (MBIs) from
# GRUB booting mbi-kernel.elf under QEMU, one per machine configuration.
#
# Usage:
#   datasets/capture/capture.sh [OUTDIR] [CONFIG...]
#   datasets/capture/capture.sh --list
#
#   OUTDIR   where <config>.mbi and manifest.json go (default: datasets/mbi
#            of this repository). A manifest already there is merged: entries
#            for configurations not captured this run are kept.
#   CONFIG   configuration names (default: all; see --list).
#
# Needs: qemu-system-x86_64, grub-mkrescue (with /usr/lib/grub/i386-pc and,
# for UEFI configurations, /usr/lib/grub/x86_64-efi), xorriso, mformat
# (mtools), nasm, ld, xxd, sha256sum, timeout, node; OVMF for UEFI.
# On Debian 12:
#   apt-get install -y qemu-system-x86 grub-pc-bin grub-efi-amd64-bin \
#     grub-common xorriso mtools nasm ovmf binutils xxd nodejs
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)

ALL_CONFIGS=(
  pc-128M pc-1G pc-3584M pc-4G pc-8G
  q35-128M q35-1G q35-3584M q35-4G q35-8G
  q35-64G q35-1T
  q35-ovmf-4G
  q35-numa2-4G
)

OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS.fd}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}   # seconds per boot before giving up
EXIT_STATUS_OK=33                   # isa-debug-exit: (0x10 << 1) | 1

die() { echo "capture.sh: error: $*" >&2; exit 1; }
log() { echo "capture.sh: $*" >&2; }

if [[ ${1:-} == --list ]]; then
  printf '%s\n' "${ALL_CONFIGS[@]}"
  exit 0
fi
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 0
fi

OUTDIR=${1:-$REPO_ROOT/datasets/mbi}
[[ $# -gt 0 ]] && shift
if [[ $# -gt 0 ]]; then CONFIGS=("$@"); else CONFIGS=("${ALL_CONFIGS[@]}"); fi

for c in "${CONFIGS[@]}"; do
  found=0
  for a in "${ALL_CONFIGS[@]}"; do [[ $a == "$c" ]] && found=1; done
  [[ $found == 1 ]] || die "unknown configuration '$c' (known: ${ALL_CONFIGS[*]})"
done

# --- tools -----------------------------------------------------------------
missing=()
for t in qemu-system-x86_64 grub-mkrescue xorriso mformat nasm ld xxd sha256sum timeout node; do
  command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
[[ -d /usr/lib/grub/i386-pc ]] || missing+=("/usr/lib/grub/i386-pc (grub-pc-bin)")
needs_uefi=0
for c in "${CONFIGS[@]}"; do [[ $c == *ovmf* ]] && needs_uefi=1; done
if [[ $needs_uefi == 1 ]]; then
  [[ -d /usr/lib/grub/x86_64-efi ]] || missing+=("/usr/lib/grub/x86_64-efi (grub-efi-amd64-bin)")
  [[ -f $OVMF_CODE ]] || missing+=("$OVMF_CODE (ovmf)")
  [[ -f $OVMF_VARS ]] || missing+=("$OVMF_VARS (ovmf)")
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  die "missing tools: ${missing[*]}
  On Debian 12: apt-get install -y qemu-system-x86 grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools nasm ovmf binutils xxd"
fi

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mbi-capture.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

# --- build the kernel and the ISO --------------------------------------------
log "building mbi-kernel.elf and the GRUB rescue ISO in $WORK"
mkdir -p "$WORK/iso/boot/grub" "$WORK/records"
nasm -f elf64 -o "$WORK/mbi-kernel.o" "$SCRIPT_DIR/mbi-kernel.asm"
ld -m elf_x86_64 -T "$SCRIPT_DIR/linker.ld" -nostdlib --build-id=none \
   -z max-page-size=0x1000 -x -o "$WORK/iso/boot/mbi-kernel.elf" "$WORK/mbi-kernel.o"
# The boot module: 12 KiB of deterministic text (its contents do not matter;
# its presence gives the MBI a module tag, type 3).
(set +o pipefail; yes 'kernel-sim initramfs stand-in module' | head -c 12288) >"$WORK/iso/boot/initramfs.img"
cp "$SCRIPT_DIR/grub.cfg" "$WORK/iso/boot/grub/grub.cfg"
grub-mkrescue -o "$WORK/mbi.iso" "$WORK/iso" >"$WORK/grub-mkrescue.log" 2>&1 \
  || { cat "$WORK/grub-mkrescue.log" >&2; die "grub-mkrescue failed"; }
ISO=$WORK/mbi.iso

# --- configurations ------------------------------------------------------------
# Sets MACHINE, MEMORY, FIRMWARE, DESC and CFG_ARGS (the configuration-specific
# QEMU flags) for configuration $1.
configure() {
  local name=$1
  CFG_ARGS=()
  FIRMWARE=SeaBIOS
  case $name in
    pc-*|q35-128M|q35-1G|q35-3584M|q35-4G|q35-8G)
      MACHINE=${name%%-*}
      MEMORY=${name#*-}
      CFG_ARGS=(-M "$MACHINE" -m "$MEMORY")
      local chipset="Q35 + ICH9"
      [[ $MACHINE == pc ]] && chipset="i440FX + PIIX3"
      DESC="QEMU -M $MACHINE ($chipset), $MEMORY RAM, SeaBIOS, GRUB i386-pc from CD-ROM"
      ;;
    q35-64G|q35-1T)
      MACHINE=q35
      MEMORY=${name#*-}
      local size=$MEMORY
      CFG_ARGS=(-object "memory-backend-file,id=m0,size=$size,mem-path=$WORK/ram-$name.img,share=on,prealloc=off"
                -M "q35,memory-backend=m0" -m "$size")
      DESC="QEMU -M q35, $MEMORY RAM (sparse file-backed memory backend), SeaBIOS, GRUB i386-pc from CD-ROM"
      if [[ $name == q35-1T ]]; then
        # qemu64 is an AMD-vendor model, so QEMU 7.2 moves RAM above 4 GiB to
        # start at 1 TiB (it would overlap the HyperTransport hole at
        # 0xfd00000000); RAM then ends near 2 TiB, beyond the default 40 bits:
        # "Address space limit 0xffffffffff < 0x2077fffffff phys-bits too low (40)".
        CFG_ARGS+=(-cpu qemu64,phys-bits=46)
        DESC+=", -cpu qemu64,phys-bits=46 (QEMU places the RAM above 4 GiB at 1 TiB, past the AMD HyperTransport hole, which the default 40 physical address bits cannot reach)"
      fi
      ;;
    q35-ovmf-4G)
      MACHINE=q35
      MEMORY=4G
      FIRMWARE=OVMF
      cp "$OVMF_VARS" "$WORK/OVMF_VARS.fd"
      CFG_ARGS=(-M q35 -m 4G
                -drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE"
                -drive "if=pflash,format=raw,file=$WORK/OVMF_VARS.fd")
      DESC="QEMU -M q35, 4G RAM, UEFI (OVMF), GRUB x86_64-efi from CD-ROM; boot services exited, so the MBI has the EFI memory map (tag 17)"
      ;;
    q35-numa2-4G)
      MACHINE=q35
      MEMORY=4G
      CFG_ARGS=(-M q35 -m 4G -smp 2
                -object memory-backend-ram,id=ram0,size=2G
                -object memory-backend-ram,id=ram1,size=2G
                -numa node,nodeid=0,cpus=0,memdev=ram0
                -numa node,nodeid=1,cpus=1,memdev=ram1)
      DESC="QEMU -M q35, 4G RAM in two NUMA nodes of 2G (one CPU each; the topology is in the ACPI SRAT the RSDP tags point to, not in the MBI itself), SeaBIOS"
      ;;
    *) die "no configuration '$name'" ;;
  esac
}

# --- boot each configuration ---------------------------------------------------
for name in "${CONFIGS[@]}"; do
  configure "$name"
  serial=$WORK/serial-$name.log
  args=(-accel tcg "${CFG_ARGS[@]}"
        -display none -no-reboot -net none
        -serial "file:$serial"
        -device isa-debug-exit,iobase=0xf4,iosize=0x04
        -cdrom "$ISO" -boot order=d)
  log "booting $name: qemu-system-x86_64 ${args[*]}"
  start=$(date +%s.%N)
  set +e
  timeout "$BOOT_TIMEOUT" qemu-system-x86_64 "${args[@]}" </dev/null >"$WORK/qemu-$name.out" 2>&1
  status=$?
  set -e
  end=$(date +%s.%N)
  rm -f "$WORK/ram-$name.img"
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  if [[ $status != "$EXIT_STATUS_OK" ]]; then
    echo "---- QEMU output ----" >&2; cat "$WORK/qemu-$name.out" >&2 || true
    echo "---- serial log (last 40 lines) ----" >&2; tail -n 40 "$serial" >&2 || true
    [[ $status == 124 ]] && die "$name: no result within ${BOOT_TIMEOUT}s (QEMU killed)"
    die "$name: QEMU exited with status $status, expected $EXIT_STATUS_OK (isa-debug-exit from mbi-kernel)"
  fi
  grep -q '^MBI-END' "$serial" || die "$name: serial log has no MBI-END line"
  out=$OUTDIR/$name.mbi
  tr -d '\r' <"$serial" | sed -n '/^MBI-BEGIN$/,/^MBI-END$/p' | sed '1d;$d' | tr -d ' \n' | xxd -r -p >"$out.tmp"
  size=$(stat -c %s "$out.tmp")
  total=$(od -An -tu4 -N4 "$out.tmp" | tr -d ' ')
  [[ $size -gt 8 && $total == "$size" ]] || die "$name: decoded $size bytes but total_size says ${total:-nothing}"
  mv "$out.tmp" "$out"
  magic=$(tr -d '\r' <"$serial" | sed -n 's/^MBI-MAGIC //p')
  addr=$(tr -d '\r' <"$serial" | sed -n 's/^MBI-ADDR //p')
  [[ $magic == 36d76289 ]] || die "$name: EAX was $magic, not the Multiboot2 magic 36d76289"
  {
    printf 'name\t%s\n' "$name"
    printf 'machine\t%s\n' "$MACHINE"
    printf 'memory\t%s\n' "$MEMORY"
    printf 'firmware\t%s\n' "$FIRMWARE"
    printf 'description\t%s\n' "$DESC"
    printf 'mbiAddress\t0x%s\n' "$addr"
    printf 'bootSeconds\t%s\n' "$seconds"
    for a in "${args[@]}"; do printf 'arg\t%s\n' "$a"; done
  } >"$WORK/records/$name.tsv"
  log "$name: $size bytes at 0x$addr, ${seconds}s"
done

node "$SCRIPT_DIR/make-manifest.mjs" "$OUTDIR" "$WORK/records" "$WORK" \
  "datasets/capture/capture.sh"
log "wrote $OUTDIR/manifest.json"
