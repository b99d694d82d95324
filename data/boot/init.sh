#!/bin/sh
# /init for the QemuTrace capture boot. Started as /init-kallsyms (rdinit=) it
# additionally dumps /proc/kallsyms to the second serial port (ttyS1).
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "=== qtrace-init start: $0"
echo "=== uname -a"; uname -a
echo "=== /proc/cpuinfo (head)"; cat /proc/cpuinfo | head
echo "=== ls /"; ls /
echo "=== /proc/uptime"; cat /proc/uptime
echo "=== insmod dummy"; insmod /lib/modules/dummy.ko
echo "=== /proc/modules"; cat /proc/modules
echo "=== /sys/module/dummy/sections/.text"; cat /sys/module/dummy/sections/.text
echo "=== /sys/module/dummy/sections/*"
for f in /sys/module/dummy/sections/.* /sys/module/dummy/sections/*; do
  [ -f "$f" ] && echo "${f##*/} $(cat "$f")"
done
echo "=== /proc/uptime"; cat /proc/uptime
case "$0" in
  *kallsyms*)
    echo 0 > /proc/sys/kernel/kptr_restrict
    echo "=== kptr_restrict=$(cat /proc/sys/kernel/kptr_restrict); dumping /proc/kallsyms to ttyS1"
    cat /proc/kallsyms > /dev/ttyS1
    echo "=== kallsyms lines: $(wc -l < /proc/kallsyms)"
    ;;
esac
echo "=== poweroff"
poweroff -f
