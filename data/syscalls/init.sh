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
