#!/bin/bash
# The symbols of the data/syscalls guest's user space. Debian 12's busybox-static (1:1.35.0-4+deb12u1+b1) ships
# stripped, and its -dbgsym package lives in Debian's debug archive, which not every machine reaches. So rebuild the
# static flavour from Debian's own source and keep the unstripped link (busybox_unstripped), then prove it lays out the
# code exactly as the shipped binary: every instruction at the same address with the same mnemonic (only rip-relative
# displacements into .rodata differ, whose strings carry the version). Its symbols then name the capture's call sites.
# Needs: root, dpkg-dev, gcc, make, busybox-static installed (/bin/busybox, the binary of the capture), binutils.
# Output: $SCRATCH/busybox/busybox_unstripped (default /work/capture-scratch/busybox/), used by
# `qtrace syscalls ... --user FILE@0x400000`, make-gdb-call-sites.sh and CallSiteCaptureTests. About 3 min on 2 cores.
set -euo pipefail
SCRATCH="${CAPTURE_SCRATCH:-/work/capture-scratch}"
out="$SCRATCH/busybox"
work="$SCRATCH/busybox/src"
rm -rf "$work"
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
echo "deb-src http://deb.debian.org/debian bookworm main" > "$work/sources.list"
apt_options=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
             -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache")
apt-get "${apt_options[@]}" update
(cd "$work" && apt-get "${apt_options[@]}" source --download-only 'busybox=1:1.35.0-4+deb12u1')
(cd "$work" && dpkg-source -x busybox_1.35.0-4+deb12u1.dsc tree)
(cd "$work/tree" && DEB_BUILD_OPTIONS="nocheck terse parallel=2" debian/rules b/static/.stamp-build)
cp "$work/tree/b/static/busybox_unstripped" "$out/busybox_unstripped"
layout() { objdump -d --no-show-raw-insn -j .text "$1" | awk -F'\t' '/^ +[0-9a-f]+:/{split($2,a," "); print $1, a[1]}'; }
if ! cmp <(layout /bin/busybox) <(layout "$out/busybox_unstripped"); then
  echo "the rebuilt busybox does not lay out its code as /bin/busybox: its symbols would name the wrong functions" >&2
  exit 1
fi
echo "$(layout /bin/busybox | wc -l) instructions at the same addresses as /bin/busybox"
ls -l "$out/busybox_unstripped"
