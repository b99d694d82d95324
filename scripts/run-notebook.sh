#!/usr/bin/env bash
# Runs a notebook headlessly through `qtrace notebook run` (in-process C# kernel with #!trace), writing the executed
# notebook and a self-contained offline HTML report to artifacts/notebooks/. Default: notebooks/explore-boot.ipynb.
#   scripts/run-notebook.sh [NOTEBOOK] [more qtrace notebook run options]
set -euo pipefail
cd "$(dirname "$0")/.."
notebook="${1:-notebooks/explore-boot.ipynb}"
shift || true
name="$(basename "${notebook%.*}")"
mkdir -p .build artifacts/notebooks
dotnet build src/QemuTrace.Cli -c Release -o .build/qtrace -v quiet -nologo > .build/notebook-build.log 2>&1 || { cat .build/notebook-build.log >&2; exit 1; }
dotnet .build/qtrace/qtrace.dll notebook run "$notebook" \
  --output "artifacts/notebooks/$name.ipynb" --html "artifacts/notebooks/$name.html" "$@"
echo "report: $(pwd)/artifacts/notebooks/$name.html"
