#!/usr/bin/env python3
"""Draws data/symbols/module-addresses.txt: addresses to ask gdb about with the dummy module added at its
load address: each module symbol's start, +1, end-1, end, end+1 at the placed .text, the trace PCs in the
module area, low addresses where gdb lays out the module's other sections (from 0 up), and some kernel PCs.

usage: make-module-addresses.py KO TEXT_ADDRESS PC_COUNTS ADDRESSES > module-addresses.txt
"""
import random
import re
import subprocess
import sys

ko, text, pc_counts, addresses = sys.argv[1], int(sys.argv[2], 16), sys.argv[3], sys.argv[4]
rng = random.Random(3)
out, seen = [], set()


def add(a):
    if a not in seen:
        seen.add(a)
        out.append(a)


text_index = None
for line in subprocess.run(["readelf", "-SW", ko], capture_output=True, text=True, check=True).stdout.splitlines():
    m = re.match(r"\s*\[\s*(\d+)\]\s+\.text\s", line)
    if m:
        text_index = m.group(1)
for line in subprocess.run(["readelf", "-sW", ko], capture_output=True, text=True, check=True).stdout.splitlines():
    f = line.split()
    if len(f) >= 8 and f[0].endswith(":") and f[6] == text_index:
        a, size = text + int(f[1], 16), int(f[2], 0)
        for x in (a, a + 1, a + size - 1, a + size, a + size + 1):
            add(x)
for a in range(text - 16, text + 0x800, 0x1d):
    add(a)
for line in open(pc_counts):
    a = int(line.split()[1], 16)
    if a >= 0xFFFFFFFFA0000000 and a < 0xFFFFFFFFFF000000:
        add(a)
for a in list(range(0, 0x200, 7)) + list(range(0x200, 0x4000, 0x61)) + [0x7C00, 0xFE05B, 0xFFFFFFF0]:
    add(a)
kernel = [l.strip() for l in open(addresses)]
for a in rng.sample(kernel, 200):
    add(int(a, 16))
for a in out:
    print(f"0x{a:x}")
