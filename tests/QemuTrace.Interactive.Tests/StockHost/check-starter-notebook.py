#!/usr/bin/env python3
"""Checks a `qtrace notebook new` notebook executed by Jupyter (scripts/jupyter-check.sh).

Usage: check-starter-notebook.py EXECUTED.ipynb CLONE
Exit 0 when every code cell ran with output and no error, the extension's load hint names the bundled boot of CLONE
by absolute paths that exist, the milestone, profile, syscall and SQL cells show their tables, both charts are drawn
by Plotly.newPlot, and every pass left one progress output showing its final line. Prints one line per problem
otherwise and exits 1.
"""
import json
import os
import re
import sys

BAD = ["FileNotFoundException", "Could not load file or assembly", "Unknown magic command", "TypeLoadException",
       "MissingMethodException"]


def text_of(output):
    parts = []
    for key in ("text", "evalue", "ename"):
        value = output.get(key)
        if value:
            parts.append(value if isinstance(value, str) else "".join(value))
    parts.extend(output.get("traceback") or [])
    for value in (output.get("data") or {}).values():
        parts.append(value if isinstance(value, str) else "".join(value) if isinstance(value, list) else json.dumps(value))
    return "\n".join(parts)


def main():
    path, clone = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    problems = []
    cells = {}
    for index, cell in enumerate([c for c in nb.get("cells", []) if c.get("cell_type") == "code"], start=1):
        source = "".join(cell.get("source", []))
        first = source.strip().splitlines()[0] if source.strip() else ""
        outputs = cell.get("outputs", [])
        texts = [text_of(o) for o in outputs]
        cells[first] = "\n".join(texts)
        if not outputs:
            problems.append(f"code cell {index} ({first}) has no output: it did not run")
        for output, text in zip(outputs, texts):
            if output.get("output_type") == "error":
                problems.append(f"code cell {index} ({first}) failed: {text.strip()[:400]}")
            elif output.get("name") == "stderr" and text.strip():
                problems.append(f"code cell {index} ({first}) wrote to stderr: {text.strip()[:400]}")
            for bad in BAD:
                if bad in text:
                    problems.append(f"code cell {index} ({first}) output mentions '{bad}'")
        progress = [t for t in texts if 'class="qtrace-progress"' in t]
        if len(progress) > 1:
            problems.append(f"code cell {index} ({first}) saved {len(progress)} progress outputs instead of one")
        elif progress and "read " not in progress[0]:
            problems.append(f"code cell {index} ({first}) kept a progress line that is not the final one")

    def cell(prefix):
        found = [text for first, text in cells.items() if first.startswith(prefix)]
        if not found:
            problems.append(f"no code cell starting with {prefix}")
        return found[0] if found else ""

    joined = "\n".join(cells.values())
    hint = re.search(r"QemuTrace loaded\. Try: [^\n\"]*", joined)
    if not hint:
        problems.append("the extension's load hint is missing: it did not load from the package")
    else:
        paths = re.findall(r"(?<= )(/[^\s,;]+)", hint.group(0))
        if len(paths) < 3 or not all(os.path.isfile(p) for p in paths):
            problems.append(f"the load hint does not name existing absolute paths: {hint.group(0)}")
        elif not all(p.startswith(os.path.join(clone, "data", "boot")) for p in paths):
            problems.append(f"the load hint does not name the bundled boot of {clone}: {hint.group(0)}")
    expected = {
        "#!trace milestones": ["start_kernel", "power-off", "<table"],
        "#!trace profile": ["<table", "total_ns", "kernel"],
        "#!trace syscalls": ["<table", "execve"],
        "#!trace sql": ["<table", "records", "functions"],
    }
    for prefix, needles in expected.items():
        text = cell(prefix)
        for needle in needles:
            if needle not in text:
                problems.append(f"the `{prefix}` output lacks '{needle}'")
    charts = re.findall(r'<div class="qtrace-chart" id="([^"]+)"', joined)
    drawn = [c for c in charts if f'Plotly.newPlot("{c}"' in joined]
    if len(drawn) < 2:
        problems.append(f"{len(drawn)} charts drawn by Plotly.newPlot, expected 2 (timeline, top)")
    if problems:
        for p in problems:
            print(f"jupyter-check: {p}", file=sys.stderr)
        return 1
    print(f"jupyter-check: OK, {len(cells)} code cells ran, tables and {len(drawn)} charts present; {hint.group(0)[:60]}...")
    return 0


if __name__ == "__main__":
    sys.exit(main())
