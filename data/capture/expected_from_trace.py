#!/usr/bin/env python3
"""Expected outputs for data/kaslr/expected and data/dropped/expected, from first principles.

Shares no code with QemuTrace. Inputs are the text of QEMU's scripts/simpletrace.py (the reference
decoder), readelf output of the kernel image, what the guest printed about itself, and the raw
simple-backend file (read here by a small independent parser, only for byte offsets and record
sizes, and cross-checked record by record against the simpletrace.py text).

  expected_from_trace.py kaslr --decode D --trace T --vmlinux-syms S --vmlinux-header H
        --kallsyms K --iomem I --module-sections M --ko-sections KS --module-name N --out DIR
        --pcs-out FILE --module-pcs-out FILE
  expected_from_trace.py dropped --decode D --trace T --buf-len 262144 --out DIR

Time model (as data/reference/boot_analysis_reference.py): times are ns since the trace's first
record, summed from simpletrace.py's printed deltas (three decimals of microseconds = exact ns);
every exec_tb / exec_tb_nocache record owns the time to the next such record; exec_tb_exit and
Dropped_Event records only move the clock; the last one owns nothing; a negative interval counts 0.
"""
import argparse
import os
import random
import re
import struct
import sys

KERNEL_HALF = 0xffffffff80000000
USER_END = 0x0000800000000000
FOUR_GIB = 0x100000000
DROPPED_ID = 0xfffffffffffffffe


def micros_to_ns(text):
    sign = -1 if text.startswith("-") else 1
    whole, frac = text.lstrip("-").split(".")
    return sign * (int(whole) * 1000 + int(frac.ljust(3, "0")))


def read_decode(path):
    """Yields (line_no, name, time_ns, args) for each decode line; time since the first record."""
    clock = None
    t0 = None
    with open(path) as f:
        for n, line in enumerate(f, 1):
            fields = line.split()
            if not fields:
                continue
            d = micros_to_ns(fields[1])
            clock = d if clock is None else clock + d
            if t0 is None:
                t0 = clock
            args = dict(a.split("=", 1) for a in fields[2:])
            yield n, fields[0], clock - t0, args


def read_raw(path):
    """Independent reader of a log-version-4 simple trace: yields (offset, kind, event_id, ts, length, args)
    kind 'map' for mapping records (event_id, name in args), 'ev' for event records."""
    with open(path, "rb") as f:
        data = f.read()
    eid, magic, ver = struct.unpack_from("<QQQ", data, 0)
    assert eid == 0xffffffffffffffff and magic == 0xf2b177cb0aa429b4 and ver == 4, (hex(eid), hex(magic), ver)
    off = 24
    n = len(data)
    while off < n:
        (rtype,) = struct.unpack_from("<Q", data, off)
        if rtype == 0:
            event_id, ln = struct.unpack_from("<QI", data, off + 8)
            name = data[off + 20: off + 20 + ln].decode()
            yield off, "map", event_id, None, 8 + 12 + ln, name
            off += 20 + ln
        elif rtype == 1:
            event_id, ts, length, pid = struct.unpack_from("<QQII", data, off + 8)
            nargs = (length - 24) // 8
            args = struct.unpack_from("<%dQ" % nargs, data, off + 32)
            yield off, "ev", event_id, ts, length, args
            off += 8 + length
        else:
            raise ValueError("bad record type %d at offset %d" % (rtype, off))
    assert off == n, "trailing bytes"


def tsv(path, header, rows):
    with open(path, "w") as out:
        out.write("\t".join(header) + "\n")
        for r in rows:
            out.write("\t".join(str(x) for x in r) + "\n")


def elf_symbols(syms_path, names):
    found = {}
    for line in open(syms_path):
        f = line.split()
        if len(f) >= 8 and f[0].endswith(":") and f[7] in names and f[7] not in found:
            found[f[7]] = (int(f[1], 16), int(f[2], 0))
    return found


# ---------------------------------------------------------------------------------------------- kaslr

def kaslr(a):
    names = {"_text", "_end", "_etext", "startup_64", "secondary_startup_64", "entry_SYSCALL_64"}
    vm = elf_symbols(a.vmlinux_syms, names)
    entry = None
    for line in open(a.vmlinux_header):
        if "Entry point address" in line:
            entry = int(line.split()[-1], 16)
    guest = {}
    for line in open(a.kallsyms):
        f = line.split()
        if len(f) >= 3:
            guest.setdefault(f[2], int(f[0], 16))
    offset = guest["_text"] - vm["_text"][0]
    checks = []
    for s in ("startup_64", "entry_SYSCALL_64", "_stext", "secondary_startup_64", "_etext", "_end"):
        if s in guest and s in vm:
            checks.append((s, guest[s], vm[s][0] + offset, guest[s] == vm[s][0] + offset))
    assert all(c[3] for c in checks), checks
    kstart, kend = vm["_text"][0] + offset, vm["_end"][0] + offset
    # physical: the guest's /proc/iomem "Kernel code" start is __pa_symbol(_text)
    phys_text = None
    for line in open(a.iomem):
        m = re.match(r"\s*([0-9a-f]+)-([0-9a-f]+) : Kernel code", line)
        if m:
            phys_text = int(m.group(1), 16)
    # module sections: guest address + size of that (SHF_ALLOC) section in the .ko
    ko = {}
    for line in open(a.ko_sections):
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+(\S*)", line)
        if m:
            ko[m.group(1)] = (int(m.group(3), 16), m.group(4))
    mod_ranges = []
    for line in open(a.module_sections):
        f = line.split()
        if len(f) == 2 and f[0] in ko and "A" in ko[f[0]][1] and ko[f[0]][0] > 0:
            start = int(f[1], 16)
            mod_ranges.append((start, start + ko[f[0]][0], f[0], "X" in ko[f[0]][1]))
    mod_ranges.sort()

    def in_module(pc):
        return any(s <= pc < e for s, e, _, _ in mod_ranges)

    regions = ["firmware", "early-boot", "kernel", "modules", "user", "other"]
    total = {r: 0 for r in regions}
    count = {r: 0 for r in regions}
    first = {}
    kernel_pcs, module_pcs = {}, {}
    kernel_started = False
    first_virtual = first_user = phys_entry = None
    prev_low = None  # last exec_tb below 4 GiB before the first kernel-half PC
    pending = None
    last_time = 0
    n_exec = 0
    for n, name, t, args in read_decode(a.decode):
        last_time = max(last_time, t)
        if name not in ("exec_tb", "exec_tb_nocache"):
            continue
        n_exec += 1
        pc = int(args["pc"], 16)
        if pending is not None:
            total[pending[1]] += max(0, t - pending[0])
        if not kernel_started and pc >= KERNEL_HALF:
            kernel_started = True
            first_virtual = (n, t, pc)
            phys_entry_guess = prev_low
        if (phys_entry is None and not kernel_started and phys_text is not None and pc % 4096 == 0
                and phys_text <= pc < phys_text + (vm["_end"][0] - vm["_text"][0])):
            phys_entry = (n, t, pc)
        if pc >= KERNEL_HALF or pc >= USER_END:
            if kstart <= pc < kend:
                region = "kernel"
                kernel_pcs[pc] = kernel_pcs.get(pc, 0) + 1
            elif in_module(pc):
                region = "modules"
                module_pcs[pc] = module_pcs.get(pc, 0) + 1
            else:
                region = "other"
        elif kernel_started:
            region = "user"
            if first_user is None:
                first_user = (n, t, pc)
        else:
            region = "firmware" if (pc < 0x100000 or 0xfff00000 <= pc < FOUR_GIB) else "early-boot"
            prev_low = (n, t, pc)
        count[region] += 1
        first.setdefault(region, (t, pc))
        pending = (t, region)
    attributed = sum(total.values())

    os.makedirs(a.out, exist_ok=True)
    rows = [
        ("vmlinux__text", "0x%x" % vm["_text"][0], "readelf -sW vmlinux-6.1.0-50-amd64 (dbg)"),
        ("vmlinux__end", "0x%x" % vm["_end"][0], "readelf -sW"),
        ("vmlinux_entry_point", "0x%x" % entry, "readelf -h (physical entry without KASLR)"),
        ("guest__text", "0x%x" % guest["_text"], "guest /proc/kallsyms (kallsyms-lines.txt)"),
        ("kaslr_offset", "0x%x" % offset, "guest _text - vmlinux _text"),
        ("kernel_text_above_0xffffffffa0000000", "yes" if guest["_text"] >= 0xffffffffa0000000 else "no", ""),
        ("kernel_range_start", "0x%x" % kstart, "vmlinux _text + offset"),
        ("kernel_range_end", "0x%x" % kend, "vmlinux _end + offset (exclusive)"),
    ]
    for s, g, e, ok in checks:
        rows.append(("check_" + s, "0x%x" % g, "guest kallsyms == vmlinux + offset (0x%x): %s" % (e, ok)))
    rows.append(("guest_iomem_kernel_code_start", "0x%x" % phys_text if phys_text is not None else "-",
                 "guest /proc/iomem 'Kernel code' = physical _text"))
    pe = phys_entry
    rows.append(("phys_entry_pc", "0x%x" % pe[2],
                 "first page-aligned exec_tb PC in the physical kernel range [Kernel code start, + _end - _text) "
                 "before the first kernel-half PC (== iomem Kernel code start, i.e. startup_64: %s)" % (pe[2] == phys_text)))
    rows.append(("phys_entry_time_ns", pe[1], "ns since the trace's first record"))
    rows.append(("phys_entry_decode_line", pe[0], "line number in the simpletrace.py decode (1-based)"))
    rows.append(("phys_load_offset", "0x%x" % (pe[2] - entry), "phys_entry_pc - vmlinux ELF entry point"))
    pg = phys_entry_guess
    rows.append(("last_low_pc_before_virtual", "0x%x" % pg[2],
                 "last exec_tb below 4 GiB before the first kernel-half PC (still physical startup code: "
                 "startup_64 + 0x%x)" % (pg[2] - pe[2])))
    rows.append(("last_low_pc_before_virtual_decode_line", pg[0], ""))
    fv = first_virtual
    rows += [("first_kernel_virtual_pc", "0x%x" % fv[2], "first exec_tb PC >= 0xffffffff80000000"),
             ("first_kernel_virtual_pc_minus_offset", "0x%x" % (fv[2] - offset), "its link-time address"),
             ("first_kernel_virtual_time_ns", fv[1], ""), ("first_kernel_virtual_decode_line", fv[0], "")]
    if first_user:
        rows += [("first_user_pc", "0x%x" % first_user[2], "first exec_tb PC < 0x800000000000 after kernel entry"),
                 ("first_user_time_ns", first_user[1], ""), ("first_user_decode_line", first_user[0], "")]
    rows += [("exec_tb_records", n_exec, ""), ("trace_span_ns", last_time, "last record time (ns since first)"),
             ("attributed_ns", attributed, "sum of the per-region times")]
    tsv(os.path.join(a.out, "kaslr.tsv"), ("key", "value", "note"), rows)

    tsv(os.path.join(a.out, "region-times.tsv"),
        ("region", "total_ns", "percent", "exec_tb_records", "first_time_ns", "first_pc"),
        [(r, total[r], "%.4f" % (total[r] * 100.0 / max(attributed, 1)), count[r],
          first[r][0] if r in first else "-", "0x%x" % first[r][1] if r in first else "-") for r in regions])
    ranges = [("firmware", "0x0", "0x100000", "before the first kernel-half PC; and 0xfff00000..0xffffffff"),
              ("early-boot", "0x100000", "0xfff00000", "before the first kernel-half PC"),
              ("user", "0x0", "0x800000000000", "after the first kernel-half PC"),
              ("kernel", "0x%x" % kstart, "0x%x" % kend, "[_text, _end) of the vmlinux + KASLR offset")]
    for s, e, nm, x in mod_ranges:
        ranges.append(("modules", "0x%x" % s, "0x%x" % e, "%s %s (guest address + .ko section size)%s"
                       % (a.module_name, nm, "" if x else " [not executable]")))
    ranges.append(("other", "-", "-", "any other PC >= 0x800000000000"))
    tsv(os.path.join(a.out, "regions.tsv"), ("region", "start", "end_exclusive", "note"), ranges)

    pcs = sorted(kernel_pcs)
    if len(pcs) > 3000:
        pcs = sorted(random.Random(3).sample(pcs, 3000))
    with open(a.pcs_out, "w") as f:
        f.writelines("0x%x\n" % p for p in pcs)
    with open(a.module_pcs_out, "w") as f:
        f.writelines("0x%x\n" % p for p in sorted(module_pcs))
    print("kernel PCs distinct: %d (sampled %d); module PCs distinct: %d" % (len(kernel_pcs), len(pcs), len(module_pcs)))
    for r in rows:
        print("\t".join(str(x) for x in r))


# -------------------------------------------------------------------------------------------- dropped

def dropped(a):
    """Rule (QEMU 7.2 trace/simple.c): a record that does not fit the ring buffer (TRACE_BUF_LEN bytes) is
    not stored, only counted; the writer thread, when it next runs, first writes a Dropped_Event stamped
    with the current time, then the buffered records, which are older. So a Dropped_Event is followed by
    the records that were in the (full) buffer: those that fit in TRACE_BUF_LEN bytes (their `length`
    fields, 40 bytes for exec_tb / exec_tb_exit, so 6553 records); the events it counts were lost after
    the last of them, and the next record stored (the next record that is not a Dropped_Event) came after
    the writer had freed space. Loss interval = (time of the last buffered record, time of that next one).
    Checked here: the buffered records are stamped before the Dropped_Event, and the gap is large.
    Caveat: when one more record after the buffered ones is also stamped before the Dropped_Event
    (records_stamped_before_it = 6554: its timestamp was taken during the drops, its slot after the writer
    freed space), the interval ends at that record, and the gap after it may hold drops as well."""
    buf_len = a.buf_len
    raw = [r for r in read_raw(a.trace)]
    events = [r for r in raw if r[1] == "ev"]
    names = {r[2]: r[5] for r in raw if r[1] == "map"}
    dec = list(read_decode(a.decode))
    assert len(dec) == len(events), (len(dec), len(events))
    t0 = events[0][3]
    for (n, name, t, args), ev in zip(dec, events):
        assert t == ev[3] - t0, (n, t, ev[3] - t0)
        if ev[2] == DROPPED_ID:
            assert name == "Dropped_Event" and int(args["num_events_dropped"], 16) == ev[5][0], n
        else:
            assert name == names[ev[2]], (n, name)
    times = [ev[3] - t0 for ev in events]
    is_drop = [ev[2] == DROPPED_ID for ev in events]
    plain = [times[i] for i in range(len(events)) if not is_drop[i]]
    gaps_all = sorted(max(0, plain[i + 1] - plain[i]) for i in range(len(plain) - 1))
    median_gap = gaps_all[len(gaps_all) // 2]
    p99_gap = gaps_all[int(len(gaps_all) * 0.99)]
    rows = []
    drops = [i for i, d in enumerate(is_drop) if d]
    for di in drops:
        off, _, _, ts, length, args = events[di]
        cnt = args[0]
        td = ts - t0
        # the records after it that fit in one trace buffer
        j, used = di + 1, 0
        while j < len(events) and not is_drop[j] and used + events[j][4] <= buf_len:
            used += events[j][4]
            j += 1
        last = j - 1
        # the next stored record after them (Dropped_Event records skipped)
        nxt = j
        while nxt < len(events) and is_drop[nxt]:
            nxt += 1
        # how many records after it are stamped before it (should be the buffer's worth)
        k = di + 1
        while k < len(events) and not is_drop[k] and events[k][3] < ts:
            k += 1
        older = k - di - 1
        local = sorted(max(0, times[x + 1] - times[x]) for x in range(di + 1, last))
        local_median = local[len(local) // 2] if local else 0
        local_max = local[-1] if local else 0
        row = {"decode_line": di + 1, "byte_offset": off, "count": cnt, "time_ns": td,
               "buffered_records": last - di, "buffered_bytes": used, "records_stamped_before_it": older,
               "last_buffered_line": last + 1, "last_buffered_time_ns": times[last],
               "next_stored_line": nxt + 1 if nxt < len(events) else "-",
               "loss_start_ns": times[last], "loss_end_ns": times[nxt] if nxt < len(events) else "-",
               "loss_ns": times[nxt] - times[last] if nxt < len(events) else "-",
               "median_gap_buffered_ns": local_median, "max_gap_buffered_ns": local_max,
               "next_is_dropped_event": "yes" if j < len(events) and is_drop[j] else "no"}
        rows.append(row)
    os.makedirs(a.out, exist_ok=True)
    cols = list(rows[0].keys()) if rows else ["decode_line"]
    tsv(os.path.join(a.out, "drops.tsv"), cols, [[r[c] for c in cols] for r in rows])
    losses = [r["loss_ns"] for r in rows if r["loss_ns"] != "-"]
    with open(os.path.join(a.out, "drops-summary.txt"), "w") as out:
        out.write(dropped.__doc__.replace("\n    ", "\n") + "\n\n")
        out.write("event records (incl. Dropped_Event): %d\n" % len(events))
        out.write("Dropped_Event records: %d, sum of counts: %d\n" % (len(drops), sum(r["count"] for r in rows)))
        out.write("TRACE_BUF_LEN: %d bytes; record sizes in the buffer (length field): %s\n"
                  % (buf_len, sorted({ev[4] for ev in events if ev[2] != DROPPED_ID})))
        out.write("gap between consecutive stored records, whole trace: median %d ns, 99th percentile %d ns\n"
                  % (median_gap, p99_gap))
        out.write("buffered records after each Dropped_Event: %s\n"
                  % sorted({r["buffered_records"] for r in rows}))
        out.write("of them stamped before the Dropped_Event: %s (6554: one more record was stamped before the "
                  "Dropped_Event but stored after the writer freed space)\n"
                  % sorted({r["records_stamped_before_it"] for r in rows}))
        if losses:
            out.write("loss intervals: min %d ns, median %d ns, max %d ns, sum %d ns; all > 99th-percentile gap: %s\n"
                      % (min(losses), sorted(losses)[len(losses) // 2], max(losses), sum(losses),
                         all(l > p99_gap for l in losses)))
        out.write("Dropped_Event directly followed (after its buffered records) by another Dropped_Event: %d\n"
                  % sum(1 for r in rows if r["next_is_dropped_event"] == "yes"))
    for r in rows[:3]:
        print(r)
    print(open(os.path.join(a.out, "drops-summary.txt")).read())


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    k = sub.add_parser("kaslr")
    for opt in ("decode", "trace", "vmlinux-syms", "vmlinux-header", "kallsyms", "iomem", "module-sections",
                "ko-sections", "module-name", "out", "pcs-out", "module-pcs-out"):
        k.add_argument("--" + opt, required=True)
    d = sub.add_parser("dropped")
    for opt in ("decode", "trace", "out"):
        d.add_argument("--" + opt, required=True)
    d.add_argument("--buf-len", type=int, default=4096 * 64)
    a = p.parse_args()
    {"kaslr": kaslr, "dropped": dropped}[a.cmd](a)


if __name__ == "__main__":
    main()
