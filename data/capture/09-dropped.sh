#!/bin/bash
# Step 9: a simple-backend trace that dropped events (data/dropped/).
#
# The boot configuration of data/boot (nokaslr, initramfs of step 03), recorded by the self-built
# simple-backend QEMU while the host is loaded so that QEMU's trace writer thread falls behind:
# the whole QEMU process is pinned to CPU 0 (taskset -c 0) and CPU hogs (`sh -c 'while :; do :; done'`)
# run on CPU 0 too, at the nice level HOG_NICE. Boots are retried with more hogs (HOG_COUNTS, default
# "1 2 3") until the trace holds at least one Dropped_Event record.
#
# Why this drops (QEMU 7.2 trace/simple.c): records go to a ring buffer of TRACE_BUF_LEN = 4096 * 64 =
# 262144 bytes (an exec_tb or exec_tb_exit record takes 40 bytes there: 24-byte header + 2 u64 args).
# When a new record does not fit (new_idx - writeout_idx > TRACE_BUF_LEN), trace_record_start()
# increments `dropped_events` and the event is lost. The writer thread, each time it is woken, FIRST
# writes a Dropped_Event record (event id 0xfffffffffffffffe, one u64: the count) stamped with
# get_clock() at that moment, THEN the buffered records, which are older. So the records that follow
# a Dropped_Event in the file and are stamped before it (at most one buffer, 6553 records of 40 bytes)
# were buffered before the drop; the lost events lie in the time gap after the last of them.
#
# If the gzipped trace is larger than MAX_GZ (default 15000000 bytes), the file is cut to a prefix
# ending at a record boundary CUT_MARGIN_RECORDS (default 20000) event records after the last
# Dropped_Event's buffered run; the header and all mapping records (at the start) stay.
#
# usage: bash data/capture/09-dropped.sh [record|expected|all]     (default all)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
WHAT="${1:-all}"
DROP_DIR="$DATA_DIR/dropped"
DRUN="$SCRATCH/runs-dropped"
APPEND="${APPEND:-console=ttyS0 nokaslr panic=-1 cryptomgr.notests}"
MEM="${MEM:-256M}"
HOG_COUNTS="${HOG_COUNTS:-1 2 3}"
HOG_NICE="${HOG_NICE:-0}"
MAX_GZ="${MAX_GZ:-15000000}"
CUT_MARGIN_RECORDS="${CUT_MARGIN_RECORDS:-20000}"
BUF_LEN=$((4096 * 64))
mkdir -p "$DROP_DIR" "$DRUN"

count_drops() { # TRACE -> "records drops sum"
  python3 - "$1" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
off, n, drops, total = 24, 0, 0, 0
while off < len(data):
    (t,) = struct.unpack_from('<Q', data, off)
    if t == 0:
        (ln,) = struct.unpack_from('<I', data, off + 16); off += 20 + ln; continue
    eid, ts, length, pid = struct.unpack_from('<QQII', data, off + 8)
    if eid == 0xfffffffffffffffe:
        drops += 1; total += struct.unpack_from('<Q', data, off + 32)[0]
    n += 1; off += 8 + length
print(n, drops, total)
PY
}

HOGS=()
stop_hogs() { local p; for p in "${HOGS[@]}"; do kill "$p" 2>/dev/null || true; done; HOGS=(); }
trap stop_hogs EXIT

record() {
  cd "$DRUN"
  printf '%s\n' exec_tb exec_tb_nocache exec_tb_exit > events.txt
  : > commands.txt
  local hogs try=0 kept=""
  for hogs in $HOG_COUNTS; do
    try=$((try + 1))
    rm -f "trace-try$try.bin"
    local i
    for i in $(seq 1 "$hogs"); do
      taskset -c 0 nice -n "$HOG_NICE" sh -c 'while :; do :; done' &
      HOGS+=($!)
    done
    local cmd=(taskset -c 0 "$QEMU_SIMPLE" -L /usr/share/seabios -L /usr/share/qemu -L /usr/lib/ipxe/qemu
               -accel tcg -m "$MEM" -smp 1 -kernel "$VMLINUZ" -initrd "$INITRD_DIR/initramfs.cpio.gz"
               -append "$APPEND" -no-reboot -nographic
               -trace "events=$DRUN/events.txt,file=$DRUN/trace-try$try.bin")
    { printf 'try %s (%s hog(s) on CPU 0: taskset -c 0 nice -n %s sh -c '"'"'while :; do :; done'"'"'): ' \
        "$try" "$hogs" "$HOG_NICE"; printf '%q ' "${cmd[@]}" | sed 's/ $//'; printf '\n'; } >> commands.txt
    log "dropped try $try with $hogs hog(s)"
    local t0=$(date +%s.%N)
    timeout 1800 "${cmd[@]}" < /dev/null > "console-try$try.txt" 2> "try$try.stderr"
    local t1=$(date +%s.%N)
    stop_hogs
    grep -q 'reboot: Power down' "console-try$try.txt" || { echo "try $try: no power-off" >&2; exit 1; }
    read -r nrec ndrop nsum < <(count_drops "trace-try$try.bin")
    awk -v a="$t0" -v b="$t1" -v n="$try" -v r="$nrec" -v d="$ndrop" -v s="$nsum" \
      'BEGIN{printf "try %s wall seconds: %.1f, records %s, Dropped_Event records %s, events dropped %s\n", n, b-a, r, d, s}' >> commands.txt
    log "try $try: $nrec records, $ndrop Dropped_Event, $nsum dropped"
    kept=$try
    [ "$ndrop" -gt 0 ] && break
  done
  echo "kept: try $kept" >> commands.txt
  for f in trace-try*.bin; do [ "$f" = "trace-try$kept.bin" ] || rm -f "$f"; done
  ln -sfn "trace-try$kept.bin" trace-full.bin
  cp "console-try$kept.txt" "$DROP_DIR/console.txt"
  cp events.txt "$DROP_DIR/events.txt"
  cp commands.txt "$DROP_DIR/qemu-commands.txt"
  cmp -s "$TRACE_EVENTS_ALL" "$BOOT_DIR/trace-events-all" \
    || { echo "trace-events-all differs from data/boot's" >&2; cp "$TRACE_EVENTS_ALL" "$DROP_DIR/trace-events-all"; }
  # compress; cut to a prefix if too large
  gzip -9 -n -c trace-full.bin > trace-full.bin.gz
  local full_size cut_bytes="" cut_note="not cut"
  full_size=$(stat -L -c %s trace-full.bin)
  if [ "$(stat -c %s trace-full.bin.gz)" -gt "$MAX_GZ" ]; then
    cut_bytes=$(python3 - trace-full.bin "$CUT_MARGIN_RECORDS" "$BUF_LEN" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
margin, buf_len = int(sys.argv[2]), int(sys.argv[3])
off, recs = 24, []  # (offset, event_id, ts, length)
while off < len(data):
    (t,) = struct.unpack_from('<Q', data, off)
    if t == 0:
        (ln,) = struct.unpack_from('<I', data, off + 16); off += 20 + ln; continue
    eid, ts, length, pid = struct.unpack_from('<QQII', data, off + 8)
    recs.append((off, eid, ts, length)); off += 8 + length
last = max(i for i, r in enumerate(recs) if r[1] == 0xfffffffffffffffe)
# the records after the last Dropped_Event that fit one buffer, then the margin
j, used = last + 1, 0
while j < len(recs) and used + recs[j][3] <= buf_len:
    used += recs[j][3]; j += 1
end = min(len(recs), j + margin)
print(recs[end][0] if end < len(recs) else len(data))
PY
)
    head -c "$cut_bytes" trace-full.bin > trace-cut.bin
    cut_note="cut to the first $cut_bytes of $full_size bytes (a record boundary, $CUT_MARGIN_RECORDS event records after the last Dropped_Event's buffered run)"
    gzip -9 -n -c trace-cut.bin > "$DROP_DIR/trace-dropped-v4.bin.gz"
    ln -sfn trace-cut.bin trace-dropped.bin
  else
    cp trace-full.bin.gz "$DROP_DIR/trace-dropped-v4.bin.gz"
    ln -sfn "trace-try$kept.bin" trace-dropped.bin
  fi
  {
    echo "capture date (UTC): $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host: $(. /etc/os-release; echo "$PRETTY_NAME") $(uname -m), $(nproc) CPUs; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    dpkg-query -W -f='${Package} ${Version}\n' qemu-system-x86 seabios ipxe-qemu busybox-static gdb binutils python3
    echo "linux-image-$KABI $(dpkg-deb -f "$(ls "$KDIR"/debs/linux-image-"${KABI}"_*.deb | head -1)" Version)"
    echo "self-built QEMU: $("$QEMU_SIMPLE" --version | head -1) from $(basename "$(ls "$QEMU_SRC_PARENT"/*.dsc)")"
    echo "self-built configure: $(cat "$SCRATCH/qemu-configure-flags.txt")"
    echo "TRACE_BUF_LEN (trace/simple.c): $(grep -o 'TRACE_BUF_LEN = [^,]*' "$QEMU_SRC/trace/simple.c")"
    echo "full trace bytes: $full_size, sha256 $(sha256sum < trace-full.bin | cut -d' ' -f1), gzip -9 -n bytes $(stat -c %s trace-full.bin.gz)"
    echo "committed trace: $cut_note"
    echo "committed trace bytes (uncompressed): $(stat -L -c %s trace-dropped.bin), sha256 $(sha256sum < trace-dropped.bin | cut -d' ' -f1)"
    echo "trace-dropped-v4.bin.gz bytes: $(stat -c %s "$DROP_DIR/trace-dropped-v4.bin.gz")"
  } > "$DROP_DIR/provenance.txt"
  cat "$DROP_DIR/qemu-commands.txt" "$DROP_DIR/provenance.txt"
}

expected() {
  local out="$DROP_DIR/expected"
  mkdir -p "$out"
  # the decode is kept in $DRUN (not committed) and reused while the committed trace is unchanged
  work=$DRUN/expected-work; mkdir -p "$work"
  gunzip -c "$DROP_DIR/trace-dropped-v4.bin.gz" > "$work/trace.bin.new"
  if ! cmp -s "$work/trace.bin.new" "$work/trace.bin" || [ ! -s "$work/decode.txt" ]; then
    mv "$work/trace.bin.new" "$work/trace.bin"
    python3 "$SIMPLETRACE" "$BOOT_DIR/trace-events-all" "$work/trace.bin" > "$work/decode.txt" 2> "$work/decode.stderr"
  else
    rm -f "$work/trace.bin.new"
  fi
  if [ -s "$work/decode.stderr" ]; then echo "simpletrace.py stderr:" >&2; cat "$work/decode.stderr" >&2; fi
  {
    echo "# simpletrace.py full decode of dropped/trace-dropped-v4.bin.gz (not committed: too large)"
    echo "# command: python3 qemu-7.2/scripts/simpletrace.py boot/trace-events-all trace-dropped-v4.bin"
    echo "sha256 $(sha256sum < "$work/decode.txt" | cut -d' ' -f1)"
    echo "lines $(wc -l < "$work/decode.txt")"
    echo "bytes $(stat -c %s "$work/decode.txt")"
    echo "stderr_bytes $(stat -c %s "$work/decode.stderr")"
  } > "$out/simpletrace-decode.summary.txt"
  {
    echo "# from: python3 simpletrace.py trace-events-all trace-dropped-v4.bin"
    echo "# records per event name: awk '{print \$1}' | sort | uniq -c"
    awk '{print $1}' "$work/decode.txt" | sort | uniq -c
    echo "# total records: $(wc -l < "$work/decode.txt")"
    echo "# Dropped_Event records: $(grep -c '^Dropped_Event' "$work/decode.txt" || true)"
    echo "# Dropped_Event sum of num_events_dropped: $(grep '^Dropped_Event' "$work/decode.txt" | python3 -c 'import sys; print(sum(int(l.split("num_events_dropped=")[1], 16) for l in sys.stdin))')"
    echo "# records with negative delta (field 2 < 0): $(awk '$2+0 < 0' "$work/decode.txt" | wc -l)"
  } > "$out/event-counts.txt"
  # each Dropped_Event line with the 3 lines before and 3 after (decode text, line numbers)
  grep -n -B3 -A3 '^Dropped_Event' "$work/decode.txt" > "$out/dropped-event-context.txt" || true
  python3 "$CAPTURE_DIR/expected_from_trace.py" dropped --decode "$work/decode.txt" --trace "$work/trace.bin" \
    --buf-len "$BUF_LEN" --out "$out"
  ls -l "$out"
}

case "$WHAT" in
  record) record ;;
  expected) expected ;;
  all) record; expected ;;
  *) echo "usage: $0 [record|expected|all]" >&2; exit 2 ;;
esac
