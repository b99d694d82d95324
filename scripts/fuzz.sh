#!/usr/bin/env bash
# Fuzz every parser: N mutated inputs of real data/ seeds per parser (default 1,000,000), on all cores.
# Every input must end in a result or the project's one-line error; a crash is kept in artifacts/fuzz-crashes/
# (copy it to tests/QemuTrace.Fuzz/regressions/ so the tests replay it) and the script exits 1.
#   scripts/fuzz.sh                      # all parsers, 1 M inputs each
#   scripts/fuzz.sh --iterations 50000 elf kallsyms
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/QemuTrace.Fuzz -c Release -v q -nologo >/dev/null
exec dotnet tests/QemuTrace.Fuzz/bin/Release/net10.0/QemuTrace.Fuzz.dll "$@"
