#!/usr/bin/env bash
# Reproduces data/blocks/: boots the data/ kernel and busybox initramfs on Debian's stock QEMU 7.2 three ways and
# records with the qtrace-blocks plugin (plugin/qtrace-blocks.c):
#   1. no plugin (wall time only);
#   2. every block from kernel entry (physical startup_64, 0x1000000 under nokaslr) to power-off: measured, kept in
#      the scratch directory (hundreds of MB, not committed);
#   3. every block from init's exec (the first execution of run_init_process) to power-off: committed as
#      init-to-poweroff.qtb.gz.
# Writes data/blocks/timings.txt. Needs data/capture/01-packages.sh and 03-initramfs.sh to have run.
source "$(dirname "${BASH_SOURCE[0]}")/../capture/common.sh"
repo=$(cd "$DATA_DIR/.." && pwd)
out_dir="$DATA_DIR/blocks"
work="$RUN_DIR/blocks"
mkdir -p "$work"
initrd="$INITRD_DIR/initramfs.cpio.gz"
[ -f "$VMLINUZ" ] && [ -f "$initrd" ] || { echo "record.sh: run data/capture/01-packages.sh and 03-initramfs.sh first" >&2; exit 1; }
init_exec=0x$(zcat "$BOOT_DIR/System.map.gz" | awk '$3 == "run_init_process" { print $1 }' | head -1)
boot=("$QEMU_STOCK" -accel tcg -m 256M -smp 1 -kernel "$VMLINUZ" -initrd "$initrd"
      -append 'console=ttyS0 nokaslr panic=-1 cryptomgr.notests' -no-reboot -nographic -display none)

wall() { local t0 t1; t0=$(date +%s.%N); "$@" </dev/null >"$work/console.txt" 2>"$work/stderr.txt" || true; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'; }

log "plain boot"
plain=$(wall "${boot[@]}")
log "every block from kernel entry (0x1000000)"
full=$(wall "$repo/scripts/record-blocks.sh" -o "$work/kernel-entry.qtb" --start kernel -- "${boot[@]}")
full_summary=$(grep 'qtrace-blocks:' "$work/stderr.txt" || true)
log "every block from init's exec ($init_exec, run_init_process)"
window=$(wall "$repo/scripts/record-blocks.sh" -o "$work/init-to-poweroff.qtb" --start "$init_exec" -- "${boot[@]}")
window_summary=$(grep 'qtrace-blocks:' "$work/stderr.txt" || true)
cp "$work/console.txt" "$out_dir/console.txt"
gzip -9 -c "$work/init-to-poweroff.qtb" > "$out_dir/init-to-poweroff.qtb.gz"

{
    echo "# data/blocks/record.sh on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores shared with other work; $("$QEMU_STOCK" --version | head -1)"
    echo "plain boot wall s                 $plain"
    echo "kernel entry -> power-off wall s   $full"
    echo "  $full_summary"
    echo "  uncompressed bytes               $(stat -c %s "$work/kernel-entry.qtb")"
    echo "init exec -> power-off wall s      $window"
    echo "  $window_summary"
    echo "  uncompressed bytes               $(stat -c %s "$work/init-to-poweroff.qtb")"
    echo "  gzip -9 bytes                    $(stat -c %s "$out_dir/init-to-poweroff.qtb.gz")"
} > "$out_dir/timings.txt"
cat "$out_dir/timings.txt"
