#!/bin/bash
# Step 10: a syscall capture recorded with `qtrace record --mode syscalls` itself, on Debian's stock
# qemu-system-x86_64 (log backend only), with the data/ kernel and a busybox initramfs whose /init makes
# varied syscalls. What recording costs is measured by 11-record-cost.sh.
# Needs: steps 01 (kernel packages) and the busybox-static package; the .NET SDK for qtrace.
# Output: data/syscalls/{syscalls.log.gz,console.txt,init.sh,record-report.txt,qemu-command.txt}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REC_DIR="$SCRATCH/record"
OUT_DIR="$DATA_DIR/syscalls"
REPO="$(cd "$DATA_DIR/.." && pwd)"
mkdir -p "$REC_DIR" "$OUT_DIR"

# --- initramfs: busybox-static and an /init that exercises the file system and process syscalls ---
bash "$CAPTURE_DIR/syscalls-initramfs.sh"

# --- qtrace ---
dotnet build "$REPO/src/QemuTrace.Cli" -c Release -o "$REC_DIR/qtrace" > "$REC_DIR/build.log"
QTRACE=(dotnet "$REC_DIR/qtrace/qtrace.dll")

APPEND="console=ttyS0 nokaslr panic=-1 cryptomgr.notests"
BOOT=("$QEMU_STOCK" -m 256M -smp 1 -kernel "$VMLINUZ" -initrd "$REC_DIR/initramfs.cpio.gz"
      -append "$APPEND" -no-reboot -nographic)
cd "$REC_DIR"
rm -f syscalls.log syscalls.console.txt

"${QTRACE[@]}" record --mode syscalls --vmlinux "$VMLINUX_DBG" -o syscalls.log -- "${BOOT[@]}" 2> syscalls.report.txt
grep -q 'reboot: Power down' syscalls.console.txt || { echo "syscalls capture did not reach power-off" >&2; exit 1; }

gzip -9 -n -c syscalls.log > "$OUT_DIR/syscalls.log.gz"
tr -d '\r' < syscalls.console.txt > "$OUT_DIR/console.txt"
tr -d '\r' < syscalls.report.txt > "$OUT_DIR/record-report.txt"
{ printf 'qtrace record --mode syscalls --vmlinux %s -o syscalls.log -- ' "$VMLINUX_DBG"; printf '%q ' "${BOOT[@]}" | sed 's/ $//'; printf '\n'; } > "$OUT_DIR/qemu-command.txt"
ls -l "$OUT_DIR"
