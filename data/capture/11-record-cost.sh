#!/bin/bash
# Measures what recording costs: the boot of step 10 untraced, with `qtrace record --mode exec-tb` and with
# `--mode syscalls`, ROUNDS times each, interleaved (A B C A B C ...) so that load from other jobs on the machine
# spreads over all three. QEMU wall seconds (from qtrace's report) and trace sizes go to data/syscalls/cost.txt.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REC_DIR="$SCRATCH/record"
OUT="$DATA_DIR/syscalls/cost.txt"
ROUNDS="${ROUNDS:-3}"
QTRACE=(dotnet "$REC_DIR/qtrace/qtrace.dll")
APPEND="console=ttyS0 nokaslr panic=-1 cryptomgr.notests"
BOOT=("$QEMU_STOCK" -m 256M -smp 1 -kernel "$VMLINUZ" -initrd "$REC_DIR/initramfs.cpio.gz"
      -append "$APPEND" -no-reboot -nographic)
cd "$REC_DIR"
{ echo "# mode round qemu_wall_s trace_bytes  (nproc $(nproc), load at start: $(cut -d' ' -f1-3 /proc/loadavg))"; } > "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  t0=$(date +%s.%N)
  timeout 600 "${BOOT[@]}" -accel tcg < /dev/null > cost-untraced.console.txt 2>&1
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v r="$round" 'BEGIN{printf "untraced %d %.1f 0\n", r, b-a}' >> "$OUT"
  for mode in exec-tb syscalls; do
    rm -f "cost-$mode.log" "cost-$mode.console.txt"
    "${QTRACE[@]}" record --mode "$mode" --vmlinux "$VMLINUX_DBG" -o "cost-$mode.log" -- "${BOOT[@]}" 2> "cost-$mode.report.txt"
    wall=$(tr '\r' '\n' < "cost-$mode.report.txt" | sed -n 's/.*QEMU exited with code [0-9]* after \([0-9.]*\) s.*/\1/p')
    echo "$mode $round $wall $(stat -c %s "cost-$mode.log")" >> "$OUT"
  done
done
echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
cat "$OUT"
