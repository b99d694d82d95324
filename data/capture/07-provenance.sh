#!/bin/bash
# Step 7: record versions and the exact commands used, into data/boot/provenance.txt.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
{
  echo "capture date (UTC): $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: $(. /etc/os-release; echo "$PRETTY_NAME") $(uname -m)"
  echo
  echo "## Debian packages"
  dpkg-query -W -f='${Package} ${Version}\n' qemu-system-x86 qemu-system-common seabios ipxe-qemu \
    busybox-static gdb binutils python3 meson ninja-build libglib2.0-dev 2>/dev/null
  echo "linux-image-$KABI $(dpkg-deb -f "$(ls "$KDIR"/debs/linux-image-"${KABI}"_*.deb | head -1)" Version) (downloaded, extracted with dpkg-deb -x)"
  echo "linux-image-$KABI-dbg $(dpkg-deb -f "$(ls "$KDIR"/debs/linux-image-"${KABI}"-dbg_*.deb | head -1)" Version) (downloaded, extracted with dpkg-deb)"
  echo
  echo "## QEMU"
  echo "stock: $($QEMU_STOCK --version | head -1)"
  echo "self-built: $("$QEMU_SIMPLE" --version | head -1) from $(basename "$(ls "$QEMU_SRC_PARENT"/*.dsc)")"
  echo "self-built configure: $(cat "$SCRATCH/qemu-configure-flags.txt")"
  echo
  echo "## guest"
  echo "uname -a: $(tr -d '\r' < "$RUN_DIR/console-simple.txt" | sed -n '/^=== uname -a/{n;p}')"
  echo "busybox: $(/bin/busybox 2>&1 | head -1)"
  echo "module: $MODNAME ($MODPATH), /proc/modules: $(cat "$BOOT_DIR/modules.txt")"
  echo
  echo "## QEMU command lines (as run)"
  cat "$RUN_DIR/commands.txt"
  echo
  echo "## simpletrace.py command"
  echo "python3 $SIMPLETRACE $BOOT_DIR/trace-events-all $RUN_DIR/trace-simple.bin"
  echo
  echo "## sizes (bytes)"
  (cd "$RUN_DIR" && stat -c '%n %s' trace-simple.bin qemu-log.txt kallsyms.txt decode.txt)
} > "$BOOT_DIR/provenance.txt"
cat "$BOOT_DIR/provenance.txt"
