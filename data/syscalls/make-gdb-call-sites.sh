#!/bin/bash
# Writes data/syscalls/gdb-call-sites.txt: every distinct call site (RCX in a register dump of syscalls.log.gz) and the
# function gdb's `info symbol` names for it in the busybox symbols (build-busybox-symbols.sh makes them).
# Needs gdb. Lines: 0xADDRESS<TAB>FUNCTION.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
symbols="${1:-${CAPTURE_SCRATCH:-/work/capture-scratch}/busybox/busybox_unstripped}"
sites=$(zcat "$here/syscalls.log.gz" | sed -n 's/^RAX=[0-9a-f]* RBX=[0-9a-f]* RCX=0*\([0-9a-f]*\) .*/0x\1/p' | sort -u)
{
  echo "# made by data/syscalls/make-gdb-call-sites.sh with $(gdb --version | head -1) on $symbols"
  for a in $sites; do
    name=$(gdb -batch -ex "info symbol $a" "$symbols" | sed -n 's/^\([^ ]*\)\( + [0-9]*\)\{0,1\} in section .*/\1/p')
    printf '%s\t%s\n' "$a" "${name:-?}"
  done
} > "$here/gdb-call-sites.txt"
wc -l "$here/gdb-call-sites.txt"
