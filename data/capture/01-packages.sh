#!/bin/bash
# Step 1: install the tools and fetch + extract the kernel image and its -dbg package.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
export DEBIAN_FRONTEND=noninteractive

apt-get update
apt-get install -y --no-install-recommends \
  qemu-system-x86 seabios ipxe-qemu busybox-static gdb binutils cpio gzip xz-utils \
  python3 ca-certificates dpkg-dev

mkdir -p "$KDIR/debs"
cd "$KDIR/debs"
for p in "linux-image-$KABI" "linux-image-$KABI-dbg"; do
  if ! ls "${p}_${KPKG_VERSION}"_amd64.deb >/dev/null 2>&1; then
    log "downloading $p=$KPKG_VERSION"
    apt-get download "$p=$KPKG_VERSION"
  fi
done
# apt-get download names files with an escaped epoch if any; normalize lookup by glob
IMG_DEB=$(ls "linux-image-${KABI}_"*"_amd64.deb" | head -1)
DBG_DEB=$(ls "linux-image-${KABI}-dbg_"*"_amd64.deb" | head -1)

if [ ! -f "$VMLINUZ" ]; then
  log "extracting $IMG_DEB"
  rm -rf "$KDIR/image"; dpkg-deb -x "$IMG_DEB" "$KDIR/image"
fi
if [ ! -f "$VMLINUX_DBG" ]; then
  log "extracting $DBG_DEB (large)"
  rm -rf "$KDIR/dbg"; mkdir -p "$KDIR/dbg"
  # only the vmlinux and System.map are needed; skip the module debug files
  dpkg-deb --fsys-tarfile "$DBG_DEB" | tar -x -C "$KDIR/dbg" --wildcards './usr/lib/debug/boot/*'
fi
ls -l "$VMLINUZ" "$VMLINUX_DBG" "$SYSTEM_MAP_DBG"
