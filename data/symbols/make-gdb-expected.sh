#!/bin/sh
# Regenerates data/symbols/gdb-expected.txt: real gdb's `info symbol` answer for every address of
# data/symbols/addresses.txt over the data/ kernel (vmlinux-symbols.gz, an objcopy --strip-debug of
# Debian's linux-image-6.1.0-50-amd64-dbg vmlinux), in ONE gdb process.
#
# usage: data/symbols/make-gdb-expected.sh [PC_COUNTS]
#   With PC_COUNTS (`COUNT 0xPC` lines of a trace) the address list is drawn again first
#   (make-addresses.py); without it the committed addresses.txt is used as is.
# Output lines: `ADDR<TAB>gdb's answer` (gdb's `echo` writes the address, `info symbol` the rest).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gunzip -c "$root/data/boot/vmlinux-symbols.gz" > "$tmp/vmlinux"
if [ $# -ge 1 ]; then
    python3 "$here/make-addresses.py" "$tmp/vmlinux" "$1" > "$here/addresses.txt"
fi
# The answer for each address, with the address first so the file reads on its own.
sed 's/.*/echo &\\t\ninfo symbol &/' "$here/addresses.txt" > "$tmp/cmds.gdb"
gdb -batch -nx -x "$tmp/cmds.gdb" "$tmp/vmlinux" > "$here/gdb-expected.txt"
# The same with the dummy module added at its load address (gdb's multi-objfile form `... of PATH`).
# The module's path in the answers is the one given to add-symbol-file; the test maps it.
text=$(awk '$1 == ".text" { print $2 } $1 == "dummy" && $2 == ".text" { print $3 }' "$root/data/boot/module-sections.txt" | head -n 1)
if [ -n "$text" ]; then
    if [ $# -ge 1 ]; then
        python3 "$here/make-module-addresses.py" "$root/data/boot/dummy.ko" "$text" "$1" "$here/addresses.txt" > "$here/module-addresses.txt"
    fi
    sed 's/.*/echo &\\t\ninfo symbol &/' "$here/module-addresses.txt" > "$tmp/mod.gdb"
    cp "$root/data/boot/dummy.ko" "$tmp/dummy.ko"
    # add-symbol-file's two lines of chatter are dropped. An address both files answer gives two lines (vmlinux's
    # first); the second line has no address in front.
    gdb -batch -nx -ex "add-symbol-file $tmp/dummy.ko $text" -x "$tmp/mod.gdb" "$tmp/vmlinux" 2>/dev/null \
        | sed "s|$tmp/|/DATA/|g" | grep -v -e '^add symbol table from file' -e '^	\.text_addr = ' > "$here/gdb-expected-module.txt"
fi
echo "wrote $(wc -l < "$here/gdb-expected.txt") lines to $here/gdb-expected.txt" >&2
