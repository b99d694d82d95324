#!/bin/sh
# /init for the QemuTrace KASLR capture boot (data/kaslr): as data/boot/init.sh, plus the
# running kernel's symbol addresses and physical load address, printed by the guest itself.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "=== qtrace-init start: $0"
echo "=== uname -a"; uname -a
echo "=== /proc/cmdline"; cat /proc/cmdline
echo "=== /proc/uptime"; cat /proc/uptime
echo "=== insmod dummy"; insmod /lib/modules/dummy.ko
echo "=== /proc/modules"; cat /proc/modules
echo "=== /sys/module/dummy/sections/*"
for f in /sys/module/dummy/sections/.* /sys/module/dummy/sections/*; do
  [ -f "$f" ] && echo "${f##*/} $(cat "$f")"
done
echo 0 > /proc/sys/kernel/kptr_restrict
echo "=== kallsyms (kptr_restrict=$(cat /proc/sys/kernel/kptr_restrict))"
grep -E ' (_text|_stext|startup_64|secondary_startup_64|entry_SYSCALL_64|_etext|_end)$' /proc/kallsyms
echo "=== kallsyms [dummy]"
grep '\[dummy\]' /proc/kallsyms
echo "=== /proc/iomem (Kernel)"
grep 'Kernel' /proc/iomem
echo "=== /proc/uptime"; cat /proc/uptime
echo "=== poweroff"
poweroff -f
