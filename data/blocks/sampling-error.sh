#!/usr/bin/env bash
# How wrong is the sampled exec_tb profile? One boot recorded both ways in the same run of Debian's stock QEMU 7.2:
# exec_tb through the log backend (the seed's method) and every block through the qtrace-blocks plugin (from kernel
# entry), then `qtrace sampling-error` on the two. Writes data/blocks/sampling-error.txt; the captures (about 110 MB
# of log and 640 MB of blocks) stay in the scratch directory. Needs data/capture/01-packages.sh and 03-initramfs.sh.
source "$(dirname "${BASH_SOURCE[0]}")/../capture/common.sh"
repo=$(cd "$DATA_DIR/.." && pwd)
work="$RUN_DIR/blocks/same-run"
mkdir -p "$work"
plugin=$(QEMU="$QEMU_STOCK" "$repo/scripts/build-plugin.sh")
rm -f "$work/exec-tb.log" "$work/blocks.qtb"
log "one boot, exec_tb (log backend) and every block (plugin) at once"
t0=$(date +%s.%N)
"$QEMU_STOCK" -accel tcg -m 256M -smp 1 -kernel "$VMLINUZ" -initrd "$INITRD_DIR/initramfs.cpio.gz" \
    -append 'console=ttyS0 nokaslr panic=-1 cryptomgr.notests' -no-reboot -nographic -display none \
    -trace exec_tb -D "$work/exec-tb.log" -msg timestamp=on \
    -plugin "$plugin,out=$work/blocks.qtb,start=0x1000000" </dev/null >"$work/console.txt"
t1=$(date +%s.%N)
qtrace=(dotnet run --project "$repo/src/QemuTrace.Cli" -c Release --)
[ -f "$repo/.build/qtrace/qtrace.dll" ] && qtrace=(dotnet "$repo/.build/qtrace/qtrace.dll")
{
    echo "# data/blocks/sampling-error.sh on $(date -u +%Y-%m-%dT%H:%MZ): one run of $("$QEMU_STOCK" --version | head -1), wall $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
    echo "# sampled: $(grep -c 'exec_tb' "$work/exec-tb.log") exec_tb lines; exact: $(stat -c %s "$work/blocks.qtb") bytes of block capture"
    "${qtrace[@]}" sampling-error "$work/exec-tb.log" "$work/blocks.qtb" --vmlinux "$BOOT_DIR/vmlinux-symbols.gz" --top 30
} > "$DATA_DIR/blocks/sampling-error.txt"
cat "$DATA_DIR/blocks/sampling-error.txt"
