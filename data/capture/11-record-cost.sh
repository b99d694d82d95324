#!/bin/bash
# Measures what recording costs: the boot of step 10 untraced, and the exact QEMU commands that
# `qtrace record --mode exec-tb` and `--mode syscalls` run (from `qtrace record --dry-run`), ROUNDS times each,
# interleaved (A B C A B C ...) so that load from other jobs spreads over all three. Wall time alone is unreliable on a
# shared machine, so QEMU's CPU time (user + sys, from bash's `time`) is recorded too. Output: data/syscalls/cost.txt.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REC_DIR="$SCRATCH/record"
OUT="$DATA_DIR/syscalls/cost.txt"
ROUNDS="${ROUNDS:-3}"
QTRACE=(dotnet "$REC_DIR/qtrace/qtrace.dll")
APPEND="console=ttyS0 nokaslr panic=-1 cryptomgr.notests"
BOOT=("$QEMU_STOCK" -m 256M -smp 1 -kernel "$VMLINUZ" -initrd "$REC_DIR/initramfs.cpio.gz"
      -append "$APPEND" -no-reboot -nographic)
cd "$REC_DIR"
declare -A CMD
CMD[untraced]="$(printf '%q ' "${BOOT[@]}") -accel tcg"
for mode in exec-tb syscalls; do
  rm -f "cost-$mode.log" "cost-$mode.console.txt"
  CMD[$mode]="$("${QTRACE[@]}" record --dry-run --mode "$mode" --vmlinux "$VMLINUX_DBG" -o "cost-$mode.log" -- "${BOOT[@]}" 2> /dev/null)"
done
echo "# mode round wall_s cpu_user_s cpu_sys_s trace_bytes  (nproc $(nproc), load at start: $(cut -d' ' -f1-3 /proc/loadavg))" > "$OUT"
TIMEFORMAT='%R %U %S'
for round in $(seq 1 "$ROUNDS"); do
  for mode in untraced exec-tb syscalls; do
    rm -f "cost-$mode.log.partial"
    t=$( { time eval "${CMD[$mode]}" < /dev/null > "cost-$mode.console.txt" 2>&1; } 2>&1 )
    grep -q 'reboot: Power down' "cost-$mode.console.txt" || { echo "$mode: no power-off" >&2; exit 1; }
    echo "$mode $round $t $(stat -c %s "cost-$mode.log.partial" 2>/dev/null || echo 0)" >> "$OUT"
  done
done
echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
for mode in "${!CMD[@]}"; do echo "# $mode: ${CMD[$mode]}" >> "$OUT"; done
cat "$OUT"
