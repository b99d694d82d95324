#!/bin/bash
# Step 3: build a busybox-static initramfs that prints a few things, loads one
# real module from the same kernel, and powers off.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MODSRC="$KDIR/image/lib/modules/${KABI}/${MODPATH}"
rm -rf "$INITRD_DIR/root"
mkdir -p "$INITRD_DIR/root"/{bin,sbin,proc,sys,dev,tmp,lib/modules}
cd "$INITRD_DIR/root"
cp /bin/busybox bin/busybox
# device nodes the kernel and init need before anything is mounted
mknod -m 600 dev/console c 5 1
mknod -m 666 dev/null c 1 3
mknod -m 660 dev/ttyS0 c 4 64
mknod -m 660 dev/ttyS1 c 4 65
for a in sh mount umount uname cat head ls echo insmod poweroff grep sleep dmesg wc; do
  ln -s busybox "bin/$a"
done
# the module: decompress if the kernel ships it compressed
if [ -f "$MODSRC" ]; then cp "$MODSRC" "lib/modules/$MODNAME.ko"
elif [ -f "$MODSRC.xz" ]; then xz -dc "$MODSRC.xz" > "lib/modules/$MODNAME.ko"
elif [ -f "$MODSRC.zst" ]; then zstd -dc "$MODSRC.zst" > "lib/modules/$MODNAME.ko"
else echo "module $MODSRC not found" >&2; exit 1; fi

cat > init <<INIT
#!/bin/sh
# /init for the QemuTrace capture boot. Started as /init-kallsyms (rdinit=) it
# additionally dumps /proc/kallsyms to the second serial port (ttyS1).
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "=== qtrace-init start: \$0"
echo "=== uname -a"; uname -a
echo "=== /proc/cpuinfo (head)"; cat /proc/cpuinfo | head
echo "=== ls /"; ls /
echo "=== /proc/uptime"; cat /proc/uptime
echo "=== insmod $MODNAME"; insmod /lib/modules/$MODNAME.ko
echo "=== /proc/modules"; cat /proc/modules
echo "=== /sys/module/$MODNAME/sections/.text"; cat /sys/module/$MODNAME/sections/.text
echo "=== /sys/module/$MODNAME/sections/*"
for f in /sys/module/$MODNAME/sections/.* /sys/module/$MODNAME/sections/*; do
  [ -f "\$f" ] && echo "\${f##*/} \$(cat "\$f")"
done
echo "=== /proc/uptime"; cat /proc/uptime
case "\$0" in
  *kallsyms*)
    echo 0 > /proc/sys/kernel/kptr_restrict
    echo "=== kptr_restrict=\$(cat /proc/sys/kernel/kptr_restrict); dumping /proc/kallsyms to ttyS1"
    cat /proc/kallsyms > /dev/ttyS1
    echo "=== kallsyms lines: \$(wc -l < /proc/kallsyms)"
    ;;
esac
echo "=== poweroff"
poweroff -f
INIT
chmod 755 init
ln -s init init-kallsyms

# deterministic cpio: fixed mtimes, sorted names, root ownership
find . -exec touch -h -d '2020-01-01 00:00:00 UTC' {} +
find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -9 -n > "$INITRD_DIR/initramfs.cpio.gz"
cp "lib/modules/$MODNAME.ko" "$BOOT_DIR/$MODNAME.ko"
cp init "$BOOT_DIR/init.sh"
ls -l "$INITRD_DIR/initramfs.cpio.gz" "$BOOT_DIR/$MODNAME.ko"
