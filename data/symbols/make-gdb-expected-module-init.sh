#!/bin/sh
# Regenerates data/symbols/module-init-addresses.txt and data/symbols/gdb-expected-module-init.txt:
# real gdb's `info symbol` answer for every distinct exec_tb PC of the bundled trace
# (data/boot/trace-simple-v4.bin.gz) that lies in dummy.ko's .init.text or .text, with the module added
# at its guest addresses of BOTH sections (data/boot/module-sections.txt):
#   gdb -batch -nx -ex 'add-symbol-file dummy.ko TEXT -s .init.text INIT' -x cmds.gdb vmlinux
# vmlinux = gunzip -c data/boot/vmlinux-symbols.gz. Same shape as gdb-expected-module.txt:
# `ADDR<TAB>answer`, paths rewritten to /DATA/vmlinux and /DATA/dummy.ko, add-symbol-file's chatter dropped.
#
# usage: data/symbols/make-gdb-expected-module-init.sh [SIMPLETRACE_PY]
#   SIMPLETRACE_PY defaults to ${CAPTURE_SCRATCH:-/work/capture-scratch}/qemu/scripts/simpletrace.py
#   (QEMU 7.2 source unpacked by data/capture/02-build-qemu.sh). DECODE=path reuses an existing
#   simpletrace.py decode of data/boot/trace-simple-v4.bin.gz instead of decoding again (about 3 minutes).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
simpletrace=${1:-${CAPTURE_SCRATCH:-/work/capture-scratch}/qemu/scripts/simpletrace.py}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gunzip -c "$root/data/boot/vmlinux-symbols.gz" > "$tmp/vmlinux"
cp "$root/data/boot/dummy.ko" "$tmp/dummy.ko"
if [ -n "${DECODE:-}" ]; then
    decode=$DECODE
else
    gunzip -c "$root/data/boot/trace-simple-v4.bin.gz" > "$tmp/trace.bin"
    python3 "$simpletrace" "$root/data/boot/trace-events-all" "$tmp/trace.bin" > "$tmp/decode.txt"
    rm -f "$tmp/trace.bin"
    decode=$tmp/decode.txt
fi
sections=$root/data/boot/module-sections.txt
text=$(awk '$1 == ".text" { print $2 }' "$sections")
init=$(awk '$1 == ".init.text" { print $2 }' "$sections")
# section sizes from the .ko's section headers
readelf -SW "$tmp/dummy.ko" | sed -n 's/^ *\[ *[0-9]*\] *//p' > "$tmp/sections"   # NAME TYPE ADDR OFF SIZE ...
text_size=0x$(awk '$1 == ".text" { print $5 }' "$tmp/sections")
init_size=0x$(awk '$1 == ".init.text" { print $5 }' "$tmp/sections")
echo "module .text $text size $text_size, .init.text $init size $init_size" >&2
# distinct exec_tb PCs inside [INIT, INIT+size) or [TEXT, TEXT+size), sorted numerically
awk '$1 == "exec_tb" || $1 == "exec_tb_nocache" { for (i = 3; i <= NF; i++) if ($i ~ /^pc=/) print substr($i, 4) }' "$decode" \
  | sort -u \
  | python3 -c '
import sys
t, ts, i, isz = (int(x, 16) for x in sys.argv[1:5])
pcs = sorted({int(l, 16) for l in sys.stdin if l.strip()})
for p in pcs:
    if i <= p < i + isz or t <= p < t + ts:
        print("0x%x" % p)
' "$text" "$text_size" "$init" "$init_size" > "$here/module-init-addresses.txt"
sed 's/.*/echo &\\t\ninfo symbol &/' "$here/module-init-addresses.txt" > "$tmp/mod.gdb"
gdb -batch -nx -ex "add-symbol-file $tmp/dummy.ko $text -s .init.text $init" -x "$tmp/mod.gdb" "$tmp/vmlinux" 2>/dev/null \
    | sed "s|$tmp/|/DATA/|g" \
    | grep -v -e '^add symbol table from file' -e '^	\.text_addr = ' -e '^	\.init\.text_addr = ' \
    > "$here/gdb-expected-module-init.txt"
echo "wrote $(wc -l < "$here/gdb-expected-module-init.txt") lines for $(wc -l < "$here/module-init-addresses.txt") addresses" >&2
