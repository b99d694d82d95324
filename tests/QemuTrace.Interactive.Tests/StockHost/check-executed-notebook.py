#!/usr/bin/env python3
"""Checks a chart-in-stock-host notebook executed by a stock host (dotnet-repl or jupyter nbconvert).

Usage: check-executed-notebook.py EXECUTED.ipynb HOST-NAME
Exit 0 when the extension loaded from the package, every code cell ran without an error output, no output mentions a
missing assembly or an FSharp.Core load failure, a `#!trace chart` output holds a plotly div (a div with class
qtrace-chart whose id a Plotly.newPlot call draws), a pass's progress is one saved output showing its final line, and
the last cell printed STOCK-HOST-CHART-OK. Prints one line
per problem otherwise and exits 1.
"""
import json
import re
import sys

BAD = [
    "FileNotFoundException",
    "Could not load file or assembly",
    "FSharp.Core, Version=",
    "Unknown magic command",
    "TypeLoadException",
    "MissingMethodException",
]


def text_of(output):
    parts = []
    for key in ("text", "evalue", "ename"):
        value = output.get(key)
        if value:
            parts.append(value if isinstance(value, str) else "".join(value))
    for key in ("traceback",):
        value = output.get(key)
        if value:
            parts.append("\n".join(value))
    for value in (output.get("data") or {}).values():
        parts.append(value if isinstance(value, str) else "".join(value) if isinstance(value, list) else json.dumps(value))
    return "\n".join(parts)


def main():
    path, host = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    problems = []
    code_cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    if not code_cells:
        problems.append("no code cells")
    all_text = []
    for index, cell in enumerate(code_cells, start=1):
        source = "".join(cell.get("source", []))
        first = source.strip().splitlines()[0] if source.strip() else ""
        outputs = cell.get("outputs", [])
        for output in outputs:
            text = text_of(output)
            all_text.append(text)
            if output.get("output_type") == "error":
                problems.append(f"code cell {index} ({first}) failed: {text.strip()[:400]}")
            elif output.get("name") == "stderr" and text.strip():
                problems.append(f"code cell {index} ({first}) wrote to stderr: {text.strip()[:400]}")
            for bad in BAD:
                if bad in text:
                    problems.append(f"code cell {index} ({first}) output mentions '{bad}': {text.strip()[:400]}")
        if first.startswith("#!trace") and not outputs:
            problems.append(f"code cell {index} ({first}) has no output")
    joined = "\n".join(all_text)
    if "QemuTrace loaded" not in joined:
        problems.append("the extension's load message is missing: interactive-extensions/dotnet/extension.dib did not run")
    charts = re.findall(r'<div class="qtrace-chart" id="([^"]+)"', joined)
    drawn = [c for c in charts if f'Plotly.newPlot("{c}"' in joined]
    if not drawn:
        problems.append(f"no plotly chart div drawn by Plotly.newPlot in the outputs ({len(charts)} qtrace-chart divs)")
    if "window.Plotly" not in joined or "plotly.js" not in joined:
        problems.append("the embedded plotly.js is missing from the outputs")
    # One progress line per pass: dotnet-repl saves every display update as a new output, so a live line that updates
    # in place elsewhere became 17-27 saved outputs there (issue 13).
    for index, cell in enumerate(code_cells, start=1):
        progress = [o for o in cell.get("outputs", []) if 'class="qtrace-progress"' in text_of(o)]
        if len(progress) > 1:
            first = "".join(cell.get("source", [])).strip().splitlines()[0]
            problems.append(f"code cell {index} ({first}) saved {len(progress)} progress outputs instead of one")
        elif progress and "read " not in text_of(progress[0]):
            problems.append(f"code cell {index}: the saved progress line is not the final one: {text_of(progress[0]).strip()[:200]}")
    ok = re.search(r"STOCK-HOST-CHART-OK[^\n\"\\]*", joined)
    if not ok:
        problems.append("the check cell did not print STOCK-HOST-CHART-OK")
    if problems:
        for p in problems:
            print(f"stock-host-check [{host}]: {p}", file=sys.stderr)
        return 1
    print(f"stock-host-check [{host}]: OK, {len(code_cells)} code cells, chart {drawn[0]}; {ok.group(0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
