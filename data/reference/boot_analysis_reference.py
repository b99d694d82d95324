#!/usr/bin/env python3
"""Independent reference for QemuTrace's boot analyses (profile, first calls, milestones, syscalls).

Reads only what the reference tools print: the text of QEMU's scripts/simpletrace.py and gdb's
`info symbol` answers. It shares no code with QemuTrace. It follows the attribution model written in
docs/analyses.md:

- every exec_tb / exec_tb_nocache record owns the time from its timestamp to the next such record's;
  exec_tb_exit and Dropped_Event records only move the clock; the final record owns nothing;
  a negative interval (out-of-order timestamps) counts as 0;
- times are ns since the trace's first record (deltas summed exactly from the printed microseconds);
- regions: until the first PC >= 0xffffffff80000000 low PCs are firmware (< 1 MiB or
  0xff000000..0xffffffff) or early boot; after it, PCs below 0x800000000000 are user space;
  the vsyscall page is user space; the kernel image [_text, _end) (as loaded, KASLR offset
  included) and the cpu_entry_area are kernel; other PCs from 0xffffffff80000000 are kernel
  below 0xffffffffa0000000 and modules up to 0xfffffffffeffffff; the rest is other.
  Kernel-half PCs take gdb's symbol, or [kernel]/[modules]/[other] when gdb has none.
- the kernel's physical entry (startup_64 at its physical load address): the last PC before the
  first kernel virtual PC that is >= 16 MiB, < 4 GiB and congruent to _text modulo 2 MiB;
- the first user instruction: the first user-space PC after the kernel started.
- a syscall that never returns has an empty duration.

usage: boot_analysis_reference.py DECODE.txt[.gz] GDB-ANSWERS.tsv[.gz] TEXT_HEX END_HEX OUTDIR
TEXT_HEX, END_HEX: the running kernel's _text and _end (vmlinux's plus the KASLR offset).
GDB-ANSWERS: lines `0xPC<TAB>gdb answer` for every kernel-half PC of the trace.
"""
import gzip
import re
import sys

KERNEL_TEXT = 0xffffffff80000000
MODULES_START, MODULES_END = 0xffffffffa0000000, 0xffffffffff000000
VSYSCALL = 0xffffffffff600000
CPU_ENTRY_AREA, CPU_ENTRY_AREA_END = 0xfffffe0000000000, 0xfffffe8000000000
USER_END = 0x0000800000000000

MILESTONE_FUNCTIONS = {
    "startup_64": "startup_64 (virtual)", "start_kernel": "start_kernel", "run_init_process": "init exec",
    "path_mount": "first mount", "do_mount": "first mount",
    "__x64_sys_mount": "first mount syscall", "__ia32_sys_mount": "first mount syscall",
    "kernel_power_off": "power-off", "machine_power_off": "power-off", "native_machine_power_off": "power-off",
    "kernel_restart": "reboot", "machine_restart": "reboot", "kernel_halt": "halt",
}
ENTRY_SYMBOLS = {"entry_SYSCALL_64", "system_call", "entry_SYSCALL_64_trampoline", "entry_SYSCALL_compat",
                 "entry_SYSENTER_compat", "entry_INT80_compat", "entry_SYSENTER_32", "entry_INT80_32"}
HANDLER_PREFIXES = ["__x64_compat_sys_", "__ia32_compat_sys_", "__x64_sys_", "__ia32_sys_", "__do_compat_sys_",
                    "__se_compat_sys_", "__do_sys_", "__se_sys_", "compat_sys_", "SYSC_", "SyS_", "sys_"]
GDB = re.compile(r"^(\S+)(?: \+ (\d+))? in section (\S+)(?: of .*)?$")


def opener(path):
    return gzip.open(path, "rt") if path.endswith(".gz") else open(path)


def micros_to_ns(text):
    sign = -1 if text.startswith("-") else 1
    whole, frac = text.lstrip("-").split(".")
    return sign * (int(whole) * 1000 + int(frac.ljust(3, "0")))


def handler_syscall(name):
    for prefix in HANDLER_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return None


def main(decode_path, gdb_path, text_hex, end_hex, outdir):
    image_start, image_end = int(text_hex, 16), int(end_hex, 16)
    gdb = {}
    with opener(gdb_path) as f:
        for line in f:
            pc, answer = line.rstrip("\n").split("\t", 1)
            m = GDB.match(answer)
            gdb[int(pc, 16)] = (m.group(1), m.group(2) is None) if m else None

    def function_of(pc, kernel_started):
        if pc < USER_END:
            if kernel_started or pc >= 1 << 32:
                return "[user]", "user", False
            firmware = pc < 0x100000 or 0xff000000 <= pc <= 0xffffffff
            return ("[bios]", "firmware", False) if firmware else ("[early-boot]", "early-boot", False)
        if VSYSCALL <= pc < VSYSCALL + 0x1000:
            return "[user]", "user", False
        if CPU_ENTRY_AREA <= pc < CPU_ENTRY_AREA_END or image_start <= pc < image_end:
            region = "kernel"
        elif KERNEL_TEXT <= pc < MODULES_START:
            region = "kernel"
        elif MODULES_START <= pc < MODULES_END:
            region = "modules"
        else:
            region = "other"
        answer = gdb.get(pc)
        if answer is None:
            return "[" + region + "]", region, False
        return answer[0], region, answer[1]

    clock = 0
    first = True
    last_time = 0
    kernel_started = False
    pending = None  # (time, function)
    total, blocks, entries, first_seen, first_pc = {}, {}, {}, {}, {}
    attributed = 0
    milestones, seen = [], set()
    syscalls = []  # [time, name, duration, named_by, user_pc]
    open_syscall = None
    last_user_pc = 0
    entry_candidate = None
    user_seen = False

    def mark(name, time, pc):
        if name not in seen:
            seen.add(name)
            milestones.append((time, name, pc))

    with opener(decode_path) as f:
        for line in f:
            fields = line.split()
            if not fields:
                continue
            clock += micros_to_ns(fields[1])
            if first:
                t0, first = clock, False
            time = clock - t0
            last_time = max(last_time, time)
            if fields[0] not in ("exec_tb", "exec_tb_nocache"):
                continue
            pc = int(dict(a.split("=", 1) for a in fields[2:])["pc"], 16)
            if pending is not None:
                duration = max(0, time - pending[0])
                total[pending[1]] = total.get(pending[1], 0) + duration
                attributed += duration
            starts_kernel = not kernel_started and pc >= KERNEL_TEXT
            kernel_started = kernel_started or starts_kernel
            function, region, at_start = function_of(pc, kernel_started)
            if starts_kernel:
                if entry_candidate is not None:
                    mark("kernel entry (physical startup_64)", *entry_candidate)
                mark("first kernel virtual address", time, pc)
            blocks[function] = blocks.get(function, 0) + 1
            entries[function] = entries.get(function, 0) + (1 if at_start else 0)
            if function not in first_seen:
                first_seen[function], first_pc[function] = time, pc
            if not kernel_started:
                if pc == 0xfffffff0:
                    mark("reset vector", time, pc)
                elif pc == 0xfe05b:
                    mark("BIOS entry", time, pc)
                elif pc == 0x7c00:
                    mark("bootloader (0x7c00)", time, pc)
                elif pc == 0x100000:
                    mark("compressed kernel (0x100000)", time, pc)
                if 0x1000000 <= pc < 1 << 32 and pc % 0x200000 == image_start % 0x200000:
                    entry_candidate = (time, pc)
            if region in ("kernel", "modules", "other") and not function.startswith("["):
                if function in MILESTONE_FUNCTIONS:
                    mark(MILESTONE_FUNCTIONS[function], time, pc)
                elif function.startswith("ext4_"):
                    mark("first ext4 call", time, pc)
            if region == "user":
                if kernel_started and not user_seen:
                    user_seen = True
                    mark("first user instruction", time, pc)
                if open_syscall is not None:
                    syscalls[open_syscall][2] = time - syscalls[open_syscall][0]
                    open_syscall = None
                last_user_pc = pc
            elif function in ENTRY_SYMBOLS and at_start:
                open_syscall = len(syscalls)
                syscalls.append([time, "?", None, "none", last_user_pc])
                if len(syscalls) == 1:
                    mark("first syscall", time, pc)
            elif open_syscall is not None and syscalls[open_syscall][3] == "none" and not function.startswith("["):
                name = handler_syscall(function)
                if name is not None:
                    syscalls[open_syscall][1] = name
                    syscalls[open_syscall][3] = "handler"
            pending = (time, function)
    if not first:
        mark("end of trace", last_time, 0)

    # Inference: same previous handler-named syscall (or '?') and same resume PC -> always the same syscall.
    learned, keys, previous = {}, [], "?"
    for s in syscalls:
        key = (previous, s[4])
        keys.append(key)
        if s[3] == "handler":
            learned.setdefault(key, {}).setdefault(s[1], 0)
            learned[key][s[1]] += 1
        previous = s[1] if s[3] == "handler" else "?"
    for s, key in zip(syscalls, keys):
        if s[3] == "none" and key in learned and len(learned[key]) == 1:
            s[1], s[3] = next(iter(learned[key])), "inferred"

    everything = max(attributed, 1)
    with open(f"{outdir}/profile.tsv", "w") as out:
        out.write("function\ttotal_ns\tpercent\tblocks\tentries\n")
        for fn in sorted(blocks, key=lambda fn: (-total.get(fn, 0), fn.encode())):
            out.write(f"{fn}\t{total.get(fn, 0)}\t{total.get(fn, 0) * 100.0 / everything:.4f}\t{blocks[fn]}\t{entries[fn]}\n")
    with open(f"{outdir}/first-calls.tsv", "w") as out:
        out.write("time_ns\tfunction\tpc\n")
        for fn in sorted(first_seen, key=lambda fn: (first_seen[fn], fn.encode())):
            out.write(f"{first_seen[fn]}\t{fn}\t0x{first_pc[fn]:x}\n")
    with open(f"{outdir}/milestones.tsv", "w") as out:
        out.write("time_ns\tmilestone\tpc\n")
        for time, name, pc in sorted(milestones, key=lambda m: m[0]):
            out.write(f"{time}\t{name}\t0x{pc:x}\n")
    with open(f"{outdir}/syscalls.tsv", "w") as out:
        out.write("time_ns\tsyscall\tduration_ns\tnamed_by\tuser_pc\n")
        for time, name, duration, named_by, user_pc in syscalls:
            out.write(f"{time}\t{name}\t{'' if duration is None else duration}\t{named_by}\t0x{user_pc:x}\n")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
