#!/bin/bash
# Reproduce everything under data/boot and data/expected on a fresh Debian 12 (root).
#   CAPTURE_SCRATCH=/path/to/scratch bash data/capture/capture-all.sh
# Scratch (default /work/capture-scratch) receives downloads (~1 GB), the QEMU source
# and build, and the uncompressed traces (~370 MB). Traces differ run to run (timing).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
for s in 01-packages.sh 02-build-qemu.sh 03-initramfs.sh 04-record.sh 05-symbols.sh 06-reference.sh 07-provenance.sh; do
  log "=== $s"
  bash "$CAPTURE_DIR/$s"
done
log "done; data in $DATA_DIR, scratch in $SCRATCH"
