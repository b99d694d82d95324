#!/usr/bin/env bash
# Runs a QEMU command with the qtrace-blocks plugin: every executed translated block into one capture file.
#
#   scripts/record-blocks.sh [-o OUT.qtb] [--start reset|kernel|ADDR] [--stop kernel|ADDR] [--clock tsc|monotonic] -- qemu-system-x86_64 ARGS...
#
#   -o        capture file (default qtrace-blocks.qtb)
#   --start   reset: from the first block; kernel: from the physical entry 0x1000000 of a nokaslr kernel (default);
#             ADDR: from the first execution of that guest address, e.g. run_init_process's
#   --stop    end the recording at the first execution of that address (kernel: 0x1000000), e.g. early boot only
#   --clock   time source (default: the plugin's, the TSC on x86 hosts)
#
# Builds the plugin for that QEMU (scripts/build-plugin.sh), adds `-plugin ...` and `-d plugin` (the plugin's summary
# line), and prints the wall time and the capture's size. Read the capture with `qtrace profile OUT.qtb --vmlinux ...`.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=qtrace-blocks.qtb
start=kernel
clock=
stop=
while [ $# -gt 0 ]; do
    case "$1" in
        -o) out=$2; shift 2 ;;
        --start) start=$2; shift 2 ;;
        --stop) stop=$2; [ "$stop" = kernel ] && stop=0x1000000; shift 2 ;;
        --clock) clock=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "record-blocks.sh: unknown option $1; usage: record-blocks.sh [-o OUT] [--start reset|kernel|ADDR] [--stop kernel|ADDR] [--clock tsc|monotonic] -- QEMU ARGS..." >&2; exit 2 ;;
    esac
done
[ $# -gt 0 ] || { echo "record-blocks.sh: no QEMU command after --" >&2; exit 2; }

case "$start" in
    kernel) start=0x1000000 ;;
    reset|0x*|[0-9]*) ;;
    *) echo "record-blocks.sh: --start takes reset, kernel or an address, found $start" >&2; exit 2 ;;
esac

qemu=$1; shift
plugin=$(QEMU="$qemu" "$repo/scripts/build-plugin.sh")
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
option="${plugin//,/,,},out=${out//,/,,},start=$start${stop:+,stop=$stop}${clock:+,clock=$clock}"
extra=(-plugin "$option")
case " $* " in *" -d "*) ;; *) extra+=(-d plugin) ;; esac

echo "record-blocks.sh: $qemu $* ${extra[*]}" >&2
t0=$(date +%s.%N)
status=0
"$qemu" "$@" "${extra[@]}" || status=$?
t1=$(date +%s.%N)
printf 'record-blocks.sh: QEMU exited with %d after %.2f s wall; %s: %s bytes\n' \
    "$status" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$out" "$(stat -c %s "$out" 2>/dev/null || echo 0)" >&2
exit "$status"
