# Shared settings for the capture scripts. Source this file; do not run it.
# Override any of these in the environment before running capture-all.sh.
set -euo pipefail

CAPTURE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA_DIR="$(cd "$CAPTURE_DIR/.." && pwd)"
BOOT_DIR="$DATA_DIR/boot"
EXPECTED_DIR="$DATA_DIR/expected"

# Scratch space: downloads, QEMU source and build, uncompressed traces.
SCRATCH="${CAPTURE_SCRATCH:-/work/capture-scratch}"

# Kernel ABI / package version. Both linux-image-$KABI and linux-image-$KABI-dbg
# must be available from the configured apt sources.
KABI="${KABI:-6.1.0-50-amd64}"
KPKG_VERSION="${KPKG_VERSION:-6.1.176-1}"

# The kernel module loaded in the guest (no dependencies, small init).
MODNAME="${MODNAME:-dummy}"
MODPATH="${MODPATH:-kernel/drivers/net/dummy.ko}"

JOBS="${JOBS:-2}"

KDIR="$SCRATCH/kernel"                 # extracted image + dbg packages
VMLINUZ="$KDIR/image/boot/vmlinuz-$KABI"
VMLINUX_DBG="$KDIR/dbg/usr/lib/debug/boot/vmlinux-$KABI"
SYSTEM_MAP_DBG="$KDIR/dbg/usr/lib/debug/boot/System.map-$KABI"
QEMU_SRC_PARENT="$SCRATCH/qemu-src"
QEMU_SRC="$SCRATCH/qemu"               # symlink to the unpacked Debian source tree
QEMU_BUILD="$QEMU_SRC/build"
QEMU_SIMPLE="$QEMU_BUILD/qemu-system-x86_64"
QEMU_STOCK="/usr/bin/qemu-system-x86_64"
SIMPLETRACE="$QEMU_SRC/scripts/simpletrace.py"
TRACE_EVENTS_ALL="$QEMU_BUILD/trace/trace-events-all"
INITRD_DIR="$SCRATCH/initramfs"
RUN_DIR="$SCRATCH/runs"

log() { printf '[capture %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
mkdir -p "$SCRATCH" "$BOOT_DIR" "$EXPECTED_DIR"
