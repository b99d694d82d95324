#!/bin/bash
# Step 4: record the same boot three ways:
#   a. simple trace backend (self-built QEMU), binary trace
#   b. log trace backend (Debian's stock QEMU), text trace
#   d. untraced boot (stock QEMU) with rdinit=/init-kallsyms: /proc/kallsyms on ttyS1
# The guest console (ttyS0 on stdout via -nographic) is kept for each run.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

INITRD="$INITRD_DIR/initramfs.cpio.gz"
# cryptomgr.notests: skip the crypto self-tests; without it the boot spends ~90% of
# its TB entries in the RSA self-test loop (mpihelp_submul_1), see data/README.md.
APPEND="${APPEND:-console=ttyS0 nokaslr panic=-1 cryptomgr.notests}"
MEM="${MEM:-256M}"
BOOT_ARGS=(-accel tcg -m "$MEM" -smp 1 -kernel "$VMLINUZ" -initrd "$INITRD"
           -append "$APPEND" -no-reboot -nographic)
FW_ARGS=(-L /usr/share/seabios -L /usr/share/qemu -L /usr/lib/ipxe/qemu)
mkdir -p "$RUN_DIR"
cd "$RUN_DIR"
printf '%s\n' exec_tb exec_tb_nocache exec_tb_exit > events.txt

: > commands.txt
run() { # NAME CONSOLE-FILE CMD...
  local name=$1 out=$2; shift 2
  { printf '%s: ' "$name"; printf '%q ' "$@" | sed 's/ $//'; printf '\n'; } >> commands.txt
  log "run $name: $(printf '%q ' "$@")"
  local t0=$(date +%s.%N)
  timeout 1800 "$@" < /dev/null > "$out" 2> "$name.stderr"
  local t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v n="$name" 'BEGIN{printf "%s wall seconds: %.1f\n", n, b-a}' >> commands.txt
  grep -q 'reboot: Power down' "$out" || { echo "$name: boot did not reach power-off" >&2; exit 1; }
}

# a. simple backend
rm -f trace-simple.bin
run simple console-simple.txt "$QEMU_SIMPLE" "${FW_ARGS[@]}" "${BOOT_ARGS[@]}" \
  -trace "events=$RUN_DIR/events.txt,file=$RUN_DIR/trace-simple.bin"
# header: 8 bytes magic-ish record id (-1), 8 bytes magic, 8 bytes log version
python3 - trace-simple.bin <<'PY'
import struct, sys
with open(sys.argv[1], 'rb') as f:
    h = f.read(24)
eid, magic, ver = struct.unpack('<QQQ', h)
print(f'header: event_id=0x{eid:x} magic=0x{magic:x} log_version={ver}')
assert ver == 4, 'expected simpletrace log version 4'
PY

# b. log backend, stock Debian QEMU
rm -f qemu-log.txt
run log console-log.txt "$QEMU_STOCK" "${BOOT_ARGS[@]}" \
  -trace 'exec_tb*' -D "$RUN_DIR/qemu-log.txt" -msg timestamp=on

# d. untraced boot dumping /proc/kallsyms to the second serial port
rm -f kallsyms-serial.txt
KALLSYMS_ARGS=(-accel tcg -m "$MEM" -smp 1 -kernel "$VMLINUZ" -initrd "$INITRD"
               -append "$APPEND rdinit=/init-kallsyms" -no-reboot -nographic
               -serial mon:stdio -serial "file:$RUN_DIR/kallsyms-serial.txt")
run kallsyms console-kallsyms.txt "$QEMU_STOCK" "${KALLSYMS_ARGS[@]}"

# outputs into data/boot
tr -d '\r' < kallsyms-serial.txt > kallsyms.txt
gzip -9 -n -c kallsyms.txt > "$BOOT_DIR/kallsyms.txt.gz"
cp console-simple.txt console-log.txt console-kallsyms.txt "$BOOT_DIR/"
# the guest's /proc/modules and module .text address, from the traced simple run
tr -d '\r' < console-simple.txt | sed -n '/^=== \/proc\/modules/,/^=== /p' | grep -v '^===' \
  > "$BOOT_DIR/modules.txt"
# all sections of the module (name address), as listed in /sys/module/NAME/sections/
tr -d '\r' < console-simple.txt | sed -n "/^=== \/sys\/module\/$MODNAME\/sections\/\*/,/^=== /p" \
  | grep -v '^===' > "$BOOT_DIR/module-sections.txt"
cp events.txt "$BOOT_DIR/events.txt"
cp commands.txt "$BOOT_DIR/qemu-commands.txt"
gzip -9 -n -c trace-simple.bin > "$BOOT_DIR/trace-simple-v4.bin.gz"
gzip -9 -n -c qemu-log.txt > "$BOOT_DIR/qemu-log.txt.gz"
cp "$TRACE_EVENTS_ALL" "$BOOT_DIR/trace-events-all"
ls -l "$RUN_DIR" "$BOOT_DIR"
