#!/bin/bash
# Step 6: reference outputs made by the reference tools (QEMU's own simpletrace.py
# from the same source tree, run exactly as a user would).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$RUN_DIR"

# Full decode. Debian 7.2's simpletrace.py needs no extra flags for a log-version-4 file.
python3 "$SIMPLETRACE" "$BOOT_DIR/trace-events-all" trace-simple.bin > decode.txt 2> decode.stderr
if [ -s decode.stderr ]; then echo "simpletrace.py wrote to stderr:" >&2; cat decode.stderr >&2; fi

# The full decode is large; commit it whole only if it is small (DECODE_FULL_MAX bytes
# gzipped), otherwise its sha256, line count and first/last 5000 lines.
DECODE_FULL_MAX="${DECODE_FULL_MAX:-4000000}"
gzip -9 -n -c decode.txt > decode.txt.gz
rm -f "$EXPECTED_DIR"/simpletrace-decode*
if [ "$(stat -c %s decode.txt.gz)" -le "$DECODE_FULL_MAX" ]; then
  cp decode.txt.gz "$EXPECTED_DIR/simpletrace-decode.txt.gz"
else
  {
    echo "# simpletrace.py full decode of boot/trace-simple-v4.bin.gz (not committed: too large)"
    echo "# command: python3 qemu-7.2/scripts/simpletrace.py boot/trace-events-all trace-simple-v4.bin"
    echo "sha256 $(sha256sum < decode.txt | cut -d' ' -f1)"
    echo "lines $(wc -l < decode.txt)"
    echo "bytes $(stat -c %s decode.txt)"
    echo "gzip_bytes $(stat -c %s decode.txt.gz)"
  } > "$EXPECTED_DIR/simpletrace-decode.summary.txt"
  head -n 5000 decode.txt | gzip -9n > "$EXPECTED_DIR/simpletrace-decode.head5000.txt.gz"
  tail -n 5000 decode.txt | gzip -9n > "$EXPECTED_DIR/simpletrace-decode.tail5000.txt.gz"
fi

# Counts per event, Dropped_Event records and their sum, negative deltas.
{
  echo "# from: python3 simpletrace.py trace-events-all trace-simple-v4.bin"
  echo "# records per event name: awk '{print \$1}' | sort | uniq -c"
  awk '{print $1}' decode.txt | sort | uniq -c
  echo "# total records: $(wc -l < decode.txt)"
  echo "# Dropped_Event records: $(grep -c '^Dropped_Event' decode.txt || true)"
  echo "# Dropped_Event sum of num_events_dropped: $(awk '$1=="Dropped_Event"{for(i=3;i<=NF;i++) if ($i ~ /^num_events_dropped=/) {split($i,a,"="); s+=a[2]}} END{print s+0}' decode.txt)"
  echo "# records with negative delta (field 2 < 0): $(awk '$2+0 < 0' decode.txt | wc -l)"
} > "$EXPECTED_DIR/event-counts.txt"

# Same counts from the log backend trace (stock QEMU), for the text parser.
{
  echo "# from: boot/qemu-log.txt.gz (log backend): records per event name"
  awk '{n=$1; sub(/^[0-9]+@[0-9.]+:/, "", n); print n}' qemu-log.txt | sort | uniq -c
  echo "# total lines: $(wc -l < qemu-log.txt)"
} > "$EXPECTED_DIR/log-event-counts.txt"
cat "$EXPECTED_DIR/event-counts.txt" "$EXPECTED_DIR/log-event-counts.txt"
ls -l "$EXPECTED_DIR"
