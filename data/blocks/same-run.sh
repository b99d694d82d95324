#!/usr/bin/env bash
# Reproduces data/blocks/same-run/: ONE boot of the data/ kernel on Debian's stock QEMU 7.2, recorded three ways at
# once, then cut to the same window (init's exec to power-off):
#   - exec_tb and exec_tb_exit through the log backend (`-trace 'exec_tb*' -D LOG -msg timestamp=on`): the seed's
#     sampled trace;
#   - a register dump at every syscall entry in the same log (`-d cpu -dfilter entry_SYSCALL_64+1`), exactly what
#     `qtrace record --mode syscalls` adds (docs/capture.md): the register capture;
#   - every executed block with the qtrace-blocks plugin (plugin/qtrace-blocks.c), started at the first execution of
#     run_init_process: the exact capture.
# The plugin starts at run_init_process; the log is cut to begin at the first exec_tb line whose PC is
# run_init_process (QEMU's CPU loop enters that block anew, because the plugin's start flushes the translation cache),
# so both files cover init's exec to power-off of the same execution. Used by notebooks/sampled-vs-exact.ipynb and
# tests/QemuTrace.Tests/EndToEnd/SameRunSyscallTests.cs.
# Needs data/capture/01-packages.sh and 10-record-syscalls.sh (its busybox initramfs, whose /init makes varied
# syscalls: data/syscalls/init.sh). Writes data/blocks/same-run/{sampled.log.gz,exact.qtb.gz,console.txt,record.txt}.
source "$(dirname "${BASH_SOURCE[0]}")/../capture/common.sh"
repo=$(cd "$DATA_DIR/.." && pwd)
out_dir="$DATA_DIR/blocks/same-run"
work="$RUN_DIR/blocks/same-run-window"
initrd="$SCRATCH/record/initramfs.cpio.gz"
mkdir -p "$work" "$out_dir"
[ -f "$VMLINUZ" ] && [ -f "$initrd" ] || { echo "same-run.sh: run data/capture/01-packages.sh and 10-record-syscalls.sh first" >&2; exit 1; }
symbol() { zcat "$BOOT_DIR/System.map.gz" | awk -v name="$1" '$3 == name && !found { print "0x" $1; found = 1 }'; }
init_exec=$(symbol run_init_process)
syscall_entry=$(symbol entry_SYSCALL_64)
plugin=$(QEMU="$QEMU_STOCK" "$repo/scripts/build-plugin.sh")
rm -f "$work/full.log" "$work/window.qtb" "$work/window.log"

log "one boot: exec_tb + register dumps at $syscall_entry (log backend) and every block from $init_exec (plugin)"
boot=("$QEMU_STOCK" -accel tcg -m 256M -smp 1 -kernel "$VMLINUZ" -initrd "$initrd"
      -append 'console=ttyS0 nokaslr panic=-1 cryptomgr.notests' -no-reboot -nographic -display none
      -trace 'exec_tb*' -d cpu -dfilter "$syscall_entry+1" -D "$work/full.log" -msg timestamp=on
      -plugin "$plugin,out=$work/window.qtb,start=$init_exec")
t0=$(date +%s.%N)
"${boot[@]}" </dev/null >"$work/console.txt" 2>"$work/stderr.txt"
t1=$(date +%s.%N)
grep -q 'reboot: Power down' "$work/console.txt" || { echo "same-run.sh: the boot did not reach power-off (see $work/console.txt)" >&2; exit 1; }

log "cutting the log at the first exec_tb of run_init_process"
awk -v pc="pc=$init_exec" 'keep || ($0 ~ /:exec_tb / && $NF == pc) { keep = 1; print }' "$work/full.log" > "$work/window.log"
[ -s "$work/window.log" ] || { echo "same-run.sh: no exec_tb line at $init_exec in $work/full.log; cannot cut the log at init's exec" >&2; exit 1; }
gzip -9 -n -c "$work/window.log" > "$out_dir/sampled.log.gz"
gzip -9 -n -c "$work/window.qtb" > "$out_dir/exact.qtb.gz"
tr -d '\r' < "$work/console.txt" > "$out_dir/console.txt"

{
    echo "# data/blocks/same-run.sh on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores shared with other work (load average $(cut -d' ' -f1-3 /proc/loadavg)); $("$QEMU_STOCK" --version | head -1)"
    echo "# kernel $KABI, initramfs $initrd (data/syscalls/init.sh), plugin start run_init_process $init_exec, -dfilter entry_SYSCALL_64 $syscall_entry+1"
    printf 'qemu command:'; printf ' %q' "${boot[@]}"; printf '\n'
    echo "boot wall s                         $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
    echo "full log lines / bytes              $(wc -l < "$work/full.log") / $(stat -c %s "$work/full.log")"
    echo "window log: lines                   $(wc -l < "$work/window.log")"
    echo "window log: exec_tb lines           $(grep -c ':exec_tb ' "$work/window.log")"
    echo "window log: register dumps          $(grep -c '^RAX=' "$work/window.log")"
    echo "window log: bytes / gzip -9 bytes   $(stat -c %s "$work/window.log") / $(stat -c %s "$out_dir/sampled.log.gz")"
    echo "block capture: bytes / gzip -9      $(stat -c %s "$work/window.qtb") / $(stat -c %s "$out_dir/exact.qtb.gz")"
} > "$out_dir/record.txt"
cat "$out_dir/record.txt"
