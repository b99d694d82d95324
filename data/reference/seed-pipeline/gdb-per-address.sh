#!/usr/bin/env bash
# The seed workflow's third step, re-created for benchmarking: one gdb process per distinct address.
# usage: gdb-per-address.sh VMLINUX < addresses   (one hex address per line)
set -euo pipefail
while read -r pc; do
  gdb -batch -nx -ex "info symbol 0x$pc" "$1" 2>/dev/null
done
