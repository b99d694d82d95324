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
log=.build/notebook-build.log
# The first run restores about 220 MB of NuGet packages (880 MB unpacked) and builds everything: say so, and show where it is, instead of
# staying silent for minutes. Later runs only check that the build is current (seconds).
if [ ! -f .build/qtrace/qtrace.dll ]; then
  echo "qtrace: first run: restoring packages (~220 MB to download, ~880 MB unpacked) and building the tool; this takes 2-4 minutes. Full log: $log" >&2
else
  echo "qtrace: checking the build (full log: $log)" >&2
fi
start=$SECONDS
dotnet build src/QemuTrace.Cli -c Release -o .build/qtrace -nologo -v minimal > "$log" 2>&1 &
build=$!
# One updating line: elapsed time and the step the build log last reached.
while kill -0 "$build" 2>/dev/null; do
  step=$({ grep -E 'Restored|->|Determining' "$log" 2>/dev/null || true; } | tail -n 1 | sed -E 's/^ +//; s/ -> .*/ built/' | cut -c1-70)
  if [ -t 2 ]; then printf '\rqtrace: %3ds %-72s' "$((SECONDS - start))" "${step:-restoring packages}" >&2; fi
  sleep 1
done
if [ -t 2 ]; then printf '\r%-90s\r' '' >&2; fi
if ! wait "$build"; then
  cat "$log" >&2
  echo "qtrace: the build failed after $((SECONDS - start)) s; the log above is also in $log" >&2
  exit 1
fi
echo "qtrace: built in $((SECONDS - start)) s; running $notebook" >&2
dotnet .build/qtrace/qtrace.dll notebook run "$notebook" \
  --output "artifacts/notebooks/$name.ipynb" --html "artifacts/notebooks/$name.html" "$@"
echo "report: $(pwd)/artifacts/notebooks/$name.html"
