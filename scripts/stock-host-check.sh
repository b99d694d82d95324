#!/usr/bin/env bash
# Proves the packed extension works in REAL stock hosts, not only in our runner. Two hosts run the same notebook
# (tests/QemuTrace.Interactive.Tests/StockHost/chart-in-stock-host.ipynb):
#   dotnet-repl 0.3.259                      dotnet-repl --run NB --exit-after-run --output-path OUT
#   jupyter (Debian's nbconvert) with the    jupyter nbconvert --to notebook --execute NB
#   `dotnet interactive` 1.0.712001 kernel
# Both are local dotnet tools (.config/dotnet-tools.json); Debian's jupyter-nbconvert, jupyter-client and
# python3-ipykernel are installed with apt-get when missing. The notebook loads QemuTrace.Interactive from the local
# feed the build produces (artifacts/feed, by absolute path: the hosts reject a relative feed), runs `#!trace
# load/symbols/profile` on data/boot and draws a chart with `#!trace chart`, although both hosts ship FSharp.Core 10.0
# and Plotly.NET 6 needs 10.1 (the charts run in their own AssemblyLoadContext). check-executed-notebook.py then
# checks each executed notebook: no error output, no FileNotFoundException / FSharp.Core load error, the extension's
# load message, a plotly div drawn by Plotly.newPlot, and the check cell's STOCK-HOST-CHART-OK line.
#
# Usage: scripts/stock-host-check.sh                 both hosts (exit 0 only when both pass)
#        STOCK_HOSTS=dotnet-repl scripts/stock-host-check.sh   or STOCK_HOSTS=jupyter
# Outputs: artifacts/stock-host/<host>/chart-in-stock-host.ipynb (executed) and <host>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
out="$root/artifacts/stock-host"
hosts="${STOCK_HOSTS:-dotnet-repl jupyter}"
package_id=qemutrace.interactive
package_version=0.1.0
template="$root/tests/QemuTrace.Interactive.Tests/StockHost/chart-in-stock-host.ipynb"
checker="$root/tests/QemuTrace.Interactive.Tests/StockHost/check-executed-notebook.py"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1

say() { echo "stock-host-check: $*" >&2; }

# --- Debian packages (python3 for the checker; nbconvert and the Jupyter client for the jupyter host) ---------------
apt_install() {
  local missing=() p
  command -v dpkg > /dev/null || { say "no dpkg: make sure $* (or equivalents) are installed"; return 0; }
  for p in "$@"; do dpkg -s "$p" > /dev/null 2>&1 || missing+=("$p"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" > "$out/apt.log" 2>&1 \
    || { $sudo apt-get update -q > /dev/null 2>&1 && $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" > "$out/apt.log" 2>&1; } \
    || { tail -n 20 "$out/apt.log" >&2; say "apt-get install ${missing[*]} failed"; exit 1; }
}

rm -rf "$out"
mkdir -p "$out" .build
debian_packages=(python3)
case " $hosts " in *" jupyter "*) debian_packages+=(jupyter-nbconvert jupyter-client python3-ipykernel) ;; esac
apt_install "${debian_packages[@]}"

# --- Build: packs artifacts/feed/QemuTrace.Interactive.0.1.0.nupkg ---------------------------------------------------
dotnet build kernel-extension/QemuTrace.Interactive -c Release -v quiet -nologo > .build/stock-host-build.log 2>&1 \
  || { cat .build/stock-host-build.log >&2; exit 1; }
test -f "artifacts/feed/QemuTrace.Interactive.$package_version.nupkg"
dotnet tool restore > "$out/tool-restore.log" 2>&1 || { cat "$out/tool-restore.log" >&2; exit 1; }

# --- Make the hosts restore the package just built ---------------------------------------------------------------------
# 1. NuGet caches a package by version: drop the extracted 0.1.0 so the host extracts the new .nupkg.
# 2. Both hosts resolve `#r "nuget:..."` with FSharp.DependencyManager.Nuget, which caches every resolution in
#    ~/.packagemanagement/nuget/Cache/<sha256>.resolvedReferences.paths, keyed by TFM, RID, the feed path and the package
#    id and version, NOT by the package's content, and reuses it as long as the DLLs it lists exist. An EMPTY
#    resolution (what a package without lib/ assets gives, as this one once was) lists nothing, so it stays valid
#    forever: the host then reports success, publishes no PackageAdded, never looks at interactive-extensions/dotnet,
#    and `#!trace` stays "Unknown magic command". Drop the entries for this package and every empty one.
nuget_packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
clear_restore_caches() {
  rm -rf "$nuget_packages/$package_id/$package_version"
  local cache="$HOME/.packagemanagement/nuget/Cache" f
  [ -d "$cache" ] || return 0
  for f in "$cache"/*.resolvedReferences.paths; do
    [ -e "$f" ] || continue
    if [ ! -s "$f" ] || grep -qi "/$package_id/" "$f"; then
      rm -f "$f" "${f%.resolvedReferences.paths}.csx"
    fi
  done
}

# The notebook with the feed and repository paths filled in; it must live under the repository so `dotnet interactive`
# (the Jupyter kernel, started in the notebook's folder) finds the local tool manifest.
prepare_notebook() {
  mkdir -p "$1"
  sed -e "s|@FEED@|$root/artifacts/feed|g" -e "s|@REPO@|$root|g" "$template" > "$1/chart-in-stock-host.ipynb"
}

run_dotnet_repl() {
  local dir="$out/dotnet-repl" status=0
  prepare_notebook "$dir"
  clear_restore_caches
  (cd "$dir" && timeout 900 dotnet tool run dotnet-repl -- --run "$dir/chart-in-stock-host.ipynb" --exit-after-run \
      --output-path "$dir/executed.ipynb") > "$out/dotnet-repl.log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    say "dotnet-repl exited $status (2: a cell failed); log: $out/dotnet-repl.log"
    tail -n 30 "$out/dotnet-repl.log" >&2
  fi
  [ -f "$dir/executed.ipynb" ] || { say "dotnet-repl wrote no executed notebook"; return 1; }
  python3 "$checker" "$dir/executed.ipynb" "dotnet-repl 0.3.259" && [ "$status" -eq 0 ]
}

run_jupyter() {
  local dir="$out/jupyter" status=0 jupyter=jupyter
  [ -x /usr/bin/jupyter ] && jupyter=/usr/bin/jupyter
  prepare_notebook "$dir"
  # The kernel specs go to a private folder (JUPYTER_PATH), not the user's; --http-local-only keeps the kernel's HTTP
  # listener on loopback (it binds every interface by default).
  mkdir -p "$out/jupyter-data/kernels"
  dotnet tool run dotnet-interactive -- jupyter install --path "$out/jupyter-data/kernels" > "$out/jupyter-install.log" 2>&1 \
    || { cat "$out/jupyter-install.log" >&2; return 1; }
  python3 - "$out/jupyter-data/kernels/.net-csharp/kernel.json" <<'EOF'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
if "--http-local-only" not in spec["argv"]:
    spec["argv"].append("--http-local-only")
json.dump(spec, open(path, "w"), indent=2)
EOF
  clear_restore_caches
  (cd "$dir" && JUPYTER_PATH="$out/jupyter-data" timeout 900 "$jupyter" nbconvert --to notebook --execute \
      --ExecutePreprocessor.kernel_name=.net-csharp --ExecutePreprocessor.timeout=600 \
      --output executed.ipynb chart-in-stock-host.ipynb) > "$out/jupyter.log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    say "jupyter nbconvert exited $status (it stops at the first failing cell); log: $out/jupyter.log"
    grep -v '^\s*$' "$out/jupyter.log" | tail -n 30 >&2
  fi
  [ -f "$dir/executed.ipynb" ] || { say "jupyter nbconvert wrote no executed notebook"; return 1; }
  python3 "$checker" "$dir/executed.ipynb" "jupyter + dotnet-interactive 1.0.712001" && [ "$status" -eq 0 ]
}

failed=()
for host in $hosts; do
  case "$host" in
    dotnet-repl) run_dotnet_repl || failed+=("$host") ;;
    jupyter) run_jupyter || failed+=("$host") ;;
    *) say "unknown host '$host' (dotnet-repl, jupyter)"; exit 2 ;;
  esac
done
if [ "${#failed[@]}" -ne 0 ]; then
  say "FAILED in: ${failed[*]} (executed notebooks and logs in $out)"
  exit 1
fi
say "OK in: $hosts"
