#!/usr/bin/env python3
"""Draws the addresses of data/symbols/addresses.txt: PCs seen in a real boot trace plus the
symbol-table corners where gdb's choice is subtle (starts, ends, end+1, gaps, aliases,
zero-sized, per-CPU and section boundaries).

usage: make-addresses.py VMLINUX PC_COUNTS > addresses.txt
  VMLINUX    the kernel ELF with .symtab (read with `readelf -sW` and `readelf -SW`)
  PC_COUNTS  `COUNT 0xPC` lines, one per distinct PC of a trace
Deterministic: fixed random seed, output in generation order without duplicates.
"""
import random
import re
import subprocess
import sys
from collections import defaultdict

vmlinux, pc_counts = sys.argv[1], sys.argv[2]
rng = random.Random(3)
out, seen = [], set()


def add(a):
    a &= 0xFFFFFFFFFFFFFFFF
    if a not in seen:
        seen.add(a)
        out.append(a)


# Sections: index -> (name, addr, size, alloc)
sections = {}
for line in subprocess.run(["readelf", "-SW", vmlinux], capture_output=True, text=True, check=True).stdout.splitlines():
    m = re.match(r"\s*\[\s*(\d+)\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+(\S*)", line)
    if m and m.group(2) != "NULL":
        sections[int(m.group(1))] = (m.group(2), int(m.group(4), 16), int(m.group(5), 16), "A" in m.group(6))

symbols = []  # (addr, size, type, name, ndx)
for line in subprocess.run(["readelf", "-sW", vmlinux], capture_output=True, text=True, check=True).stdout.splitlines():
    f = line.split()
    if len(f) < 8 or not f[0].endswith(":") or f[3] in ("SECTION", "FILE"):
        continue
    if not f[6].isdigit() or int(f[6]) not in sections or not sections[int(f[6])][3]:
        continue
    symbols.append((int(f[1], 16), int(f[2], 0), f[3], f[7], int(f[6])))

# 1. Fixed firmware / boot / edge addresses.
for a in (0xFFFFFFF0, 0xFE05B, 0x7C00, 0x0, 0x1, 0x1000, 0x1000000, 0x100000, 0xFFFFF, 0xFFFC0000,
          0xFFFFFFFFFFFFFFFF, 0xFFFFFFFF80000000, 0xFFFFFFFF81000000, 0xFFFFFFFFFF600000,
          0x7FFFFFFFFFFF, 0x400000, 0xFFFFFFFFA0000000, 0xFFFFFFFFC0000000):
    add(a)

# 2. PCs from the trace: the hottest, a count-weighted sample, a uniform sample, every rare region.
pcs = []
for line in open(pc_counts):
    n, a = line.split()
    pcs.append((int(n), int(a, 16)))
pcs.sort(key=lambda p: -p[0])
for _, a in pcs[:400]:
    add(a)
for a in rng.choices([a for _, a in pcs], weights=[n for n, _ in pcs], k=1200):
    add(a)
for _, a in rng.sample(pcs, 800):
    add(a)
low = [a for _, a in pcs if a < 0x100000000]
for a in rng.sample(low, min(300, len(low))):
    add(a)
for _, a in pcs:
    if 0x100000000 <= a < 0xFFFFFFFF80000000 or a >= 0xFFFFFFFFA0000000:
        add(a)

# 3. Symbol corners.
sized = [s for s in symbols if s[1] > 0]
for addr, size, _, _, _ in rng.sample(sized, 300):
    for a in (addr, addr + 1, addr + size - 1, addr + size, addr + size + 1):
        add(a)
zero = [s for s in symbols if s[1] == 0]
for addr, _, _, _, _ in rng.sample(zero, min(200, len(zero))):
    add(addr)
    add(addr + 1)
by_addr = defaultdict(list)
for s in symbols:
    by_addr[s[0]].append(s)
aliases = sorted(a for a, l in by_addr.items() if len(l) > 1)
for a in rng.sample(aliases, min(300, len(aliases))):
    add(a)
    add(a + 2)
percpu = [s for s in symbols if sections[s[4]][0] == ".data..percpu"]
for addr, size, _, _, _ in rng.sample(percpu, min(60, len(percpu))):
    add(addr)
    add(addr + max(size, 1) // 2)
# Gaps between a sized symbol's end and the next symbol.
starts = sorted(by_addr)
gaps = []
for addr, size, _, _, _ in sized:
    end = addr + size
    if end not in by_addr:
        gaps.append(end)
for a in rng.sample(gaps, min(200, len(gaps))):
    add(a)
    add(a + 3)
for name, addr, size, alloc in sections.values():
    if alloc:
        for a in (addr - 1, addr, addr + 1, addr + size - 1, addr + size, addr + size + 1):
            add(a)

for a in out:
    print(f"0x{a:x}")
