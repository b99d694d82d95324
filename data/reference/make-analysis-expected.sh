#!/usr/bin/env bash
# Regenerates data/expected/analysis/*.tsv with the reference tools only:
#   QEMU's scripts/simpletrace.py (decode), gdb's `info symbol` (symbols), and boot_analysis_reference.py.
# usage: data/reference/make-analysis-expected.sh [SIMPLETRACE_PY]
#   SIMPLETRACE_PY defaults to the QEMU 7.2 source unpacked by data/capture (scratch/qemu/scripts/simpletrace.py).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="$(cd "$here/.." && pwd)"
simpletrace="${1:-${CAPTURE_SCRATCH:-/work/capture-scratch}/qemu/scripts/simpletrace.py}"
out="$data/expected/analysis"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

gunzip -c "$data/boot/trace-simple-v4.bin.gz" > "$work/trace.bin"
gunzip -c "$data/boot/vmlinux-symbols.gz" > "$work/vmlinux"
python3 "$simpletrace" "$data/boot/trace-events-all" "$work/trace.bin" > "$work/decode.txt"

# Every distinct kernel-half PC of an exec_tb record, asked of gdb in one batch.
awk '$1 == "exec_tb" || $1 == "exec_tb_nocache" { for (i = 3; i <= NF; i++) if ($i ~ /^pc=/) print substr($i, 4) }' "$work/decode.txt" \
  | sort -u | awk 'length($0) == 18 && substr($0, 3, 4) == "ffff"' > "$work/pcs.txt"
sed 's/^/info symbol /' "$work/pcs.txt" > "$work/cmds.gdb"
gdb -batch -nx -x "$work/cmds.gdb" "$work/vmlinux" 2>/dev/null > "$work/answers.txt"
if [ "$(wc -l < "$work/pcs.txt")" != "$(wc -l < "$work/answers.txt")" ]; then
  echo "gdb answered $(wc -l < "$work/answers.txt") of $(wc -l < "$work/pcs.txt") addresses" >&2
  exit 1
fi
paste "$work/pcs.txt" "$work/answers.txt" | gzip -9n > "$out/gdb-info-symbol.tsv.gz"

entry="$(readelf -h "$work/vmlinux" | awk '/Entry point address/ { print $4 }')"
# The kernel image as loaded (no KASLR in this boot): _text and _end from the vmlinux's symbol table.
text="0x$(nm "$work/vmlinux" | awk '$3 == "_text" { print $1 }')"
end="0x$(nm "$work/vmlinux" | awk '$3 == "_end" { print $1 }')"
python3 "$here/boot_analysis_reference.py" "$work/decode.txt" "$out/gdb-info-symbol.tsv.gz" "$text" "$end" "$out"
echo "$entry" > "$out/entry-point.txt"
wc -l "$out"/*.tsv
