#!/bin/bash
# Installs the symbols of the data/syscalls guest's user space: Debian 12's busybox-static 1:1.35.0-4+deb12u1+b1 ships
# stripped; its symbols are in busybox-static-dbgsym, in Debian's debug archive (not in the default apt sources).
# Output: /usr/lib/debug/.build-id/0d/aa1a3855d8d19053684e2a8bd73d647939376e.debug (the build id of that busybox),
# which `qtrace syscalls data/syscalls/syscalls.log.gz --vmlinux data/boot/vmlinux-symbols.gz --user FILE@0x400000`
# and tests/QemuTrace.Tests/EndToEnd/CallSiteCaptureTests.cs use. Run as root; apt's own sources are left untouched.
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
echo "deb http://deb.debian.org/debian-debug bookworm-debug main" > "$work/sources.list"
apt_options=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
             -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache")
apt-get "${apt_options[@]}" update
(cd "$work" && apt-get "${apt_options[@]}" download 'busybox-static-dbgsym=1:1.35.0-4+deb12u1+b1')
dpkg-deb -x "$work"/busybox-static-dbgsym_*.deb /
ls -l /usr/lib/debug/.build-id/0d/aa1a3855d8d19053684e2a8bd73d647939376e.debug
