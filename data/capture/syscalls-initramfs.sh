#!/bin/bash
# The initramfs of the syscall capture: Debian's busybox-static and an /init that makes varied file-system and process
# syscalls, then powers off. Used by 10-record-syscalls.sh, and on its own to record a syscall capture from a fresh
# clone (README, "Recording a trace").
# Needs: busybox-static and cpio (step 01 installs them); runs as root (mknod).
# Output: $SCRATCH/record/initramfs.cpio.gz (default /work/capture-scratch/record/initramfs.cpio.gz), and the /init
# copied to data/syscalls/init.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REC_DIR="$SCRATCH/record"
OUT_DIR="$DATA_DIR/syscalls"
mkdir -p "$REC_DIR" "$OUT_DIR"

# --- initramfs: busybox-static and an /init that exercises the file system and process syscalls ---
rm -rf "$REC_DIR/root"
mkdir -p "$REC_DIR/root"/{bin,proc,sys,dev,tmp,etc}
cd "$REC_DIR/root"
cp /bin/busybox bin/busybox
mknod -m 600 dev/console c 5 1
mknod -m 666 dev/null c 1 3
mknod -m 666 dev/zero c 1 5
for a in sh mount umount uname cat ls echo mkdir rmdir rm cp mv ln touch stat sleep wc head sort poweroff dd sync true chmod readlink date; do
  ln -s busybox "bin/$a"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' > etc/passwd
cat > init <<'INIT'
#!/bin/sh
# /init of the qtrace syscall capture: one pass of ordinary file-system and process work, then power-off.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
echo "=== qtrace-syscalls init start"
uname -a
cat /proc/uptime
ls -l / /bin | head -5
cat /etc/passwd
mkdir -p /tmp/work/a/b
echo hello > /tmp/work/a/b/file1
echo world >> /tmp/work/a/b/file1
cat /tmp/work/a/b/file1
cp /tmp/work/a/b/file1 /tmp/work/copy
mv /tmp/work/copy /tmp/work/moved
ln -s /tmp/work/moved /tmp/work/link
readlink /tmp/work/link
stat /tmp/work/moved > /dev/null
chmod 600 /tmp/work/moved
touch /tmp/work/empty
dd if=/dev/zero of=/tmp/work/zeros bs=4096 count=4 2> /dev/null
wc -c /tmp/work/zeros
ls -la /tmp/work | sort | head -3
sleep 0
date > /dev/null
true
rm -r /tmp/work/a
rm /tmp/work/moved /tmp/work/link /tmp/work/empty /tmp/work/zeros
rmdir /tmp/work
sync
cat /proc/uptime
echo "=== poweroff"
poweroff -f
INIT
chmod 755 init
find . -exec touch -h -d '2020-01-01 00:00:00 UTC' {} +
find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -9 -n > "$REC_DIR/initramfs.cpio.gz"
cp init "$OUT_DIR/init.sh"
ls -l "$REC_DIR/initramfs.cpio.gz"
