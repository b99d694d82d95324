#!/usr/bin/env bash
# Proves "Your own notebook, anywhere" of docs/notebooks.md in Jupyter, outside the repository, with the exact commands
# the doc gives a user (nothing from this repository's local tool manifest):
#   1. Microsoft.dotnet-interactive 1.0.712001 installed with `dotnet tool install --tool-path DIR` (a temporary DIR);
#   2. the kernel specs written by `DIR/dotnet-interactive jupyter install --path KERNELS` into a folder created first
#      (the install fails when it does not exist) and found by Jupyter through JUPYTER_PATH;
#   3. `qtrace notebook new` writing a notebook into a temporary folder outside the clone;
#   4. `jupyter nbconvert --to notebook --execute` run from that folder with DIR on PATH: the kernel spec starts
#      `dotnet interactive`, which the dotnet command finds only on PATH (or in a local tool manifest, which is exactly
#      what a folder outside the repository lacks: "dotnet-interactive does not exist", then "Kernel died");
#   5. check-starter-notebook.py: every code cell ran with output and no error, the load hint names existing absolute
#      paths, the milestone, profile, syscall and SQL tables and two charts are there, one progress output per pass.
# Needs NuGet (the tool and the notebook's restore) and Debian's jupyter-nbconvert, jupyter-client, python3-ipykernel
# (installed with apt-get when missing; without dpkg and without a `jupyter` command the check is skipped, exit 0).
#
# Usage: scripts/jupyter-check.sh      builds src/QemuTrace.Cli into .build/qtrace (which packs artifacts/feed) first
# Outputs: artifacts/jupyter-check/ (the executed notebook, logs); temporary files under $TMPDIR, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
out="$root/artifacts/jupyter-check"
interactive_version=1.0.712001
package_id=qemutrace.interactive
package_version=0.1.0
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1

say() { echo "jupyter-check: $*" >&2; }

rm -rf "$out"
mkdir -p "$out" .build

# --- Jupyter: Debian's packages, as docs/notebooks.md names them ----------------------------------------------------
if ! command -v jupyter > /dev/null || ! jupyter nbconvert --version > /dev/null 2>&1; then
  if ! command -v dpkg > /dev/null; then
    say "SKIPPED: no jupyter nbconvert and no dpkg to install Debian's jupyter-nbconvert, jupyter-client, python3-ipykernel"
    exit 0
  fi
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing jupyter-nbconvert jupyter-client python3-ipykernel with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  { $sudo apt-get install -y -q --no-install-recommends jupyter-nbconvert jupyter-client python3-ipykernel \
    || { $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends jupyter-nbconvert jupyter-client python3-ipykernel; }; } \
    > "$out/apt.log" 2>&1 || { tail -n 20 "$out/apt.log" >&2; say "apt-get install failed"; exit 1; }
fi
jupyter=jupyter
[ -x /usr/bin/jupyter ] && jupyter=/usr/bin/jupyter

# --- qtrace and the package feed --------------------------------------------------------------------------------------
dotnet build src/QemuTrace.Cli -c Release -o .build/qtrace -nologo -v minimal > "$out/build.log" 2>&1 \
  || { tail -n 40 "$out/build.log" >&2; say "the build failed (log: $out/build.log)"; exit 1; }
test -f "artifacts/feed/QemuTrace.Interactive.$package_version.nupkg"

work="$(mktemp -d "${TMPDIR:-/tmp}/qtrace-jupyter.XXXXXX")"
trap 'rm -rf "$work"' EXIT
case "$work/" in "$root"/*) say "the temporary folder $work is inside the clone: set TMPDIR elsewhere"; exit 1 ;; esac

# --- 1. dotnet-interactive in a tool path, not the repository's local tool -------------------------------------------
tools="$work/tools"
dotnet tool install Microsoft.dotnet-interactive --version "$interactive_version" --tool-path "$tools" > "$out/tool-install.log" 2>&1 \
  || { cat "$out/tool-install.log" >&2; say "dotnet tool install Microsoft.dotnet-interactive failed (needs NuGet)"; exit 1; }

# --- 2. kernel specs: the folder must exist before `jupyter install --path` -------------------------------------------
mkdir -p "$work/jupyter/kernels"
"$tools/dotnet-interactive" jupyter install --path "$work/jupyter/kernels" > "$out/jupyter-install.log" 2>&1 \
  || { cat "$out/jupyter-install.log" >&2; exit 1; }
# Keep the kernel's HTTP listener on loopback during the check (it binds every interface by default).
python3 - "$work/jupyter/kernels/.net-csharp/kernel.json" <<'EOF'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
if "--http-local-only" not in spec["argv"]:
    spec["argv"].append("--http-local-only")
json.dump(spec, open(path, "w"), indent=2)
EOF

# --- 3. a new notebook outside the clone ------------------------------------------------------------------------------
elsewhere="$work/elsewhere"
dotnet .build/qtrace/qtrace.dll notebook new "$elsewhere/first.ipynb" 2> "$out/notebook-new.log" \
  || { cat "$out/notebook-new.log" >&2; exit 1; }

# --- 4. run it in Jupyter from that folder ----------------------------------------------------------------------------
# A fresh package cache, as a new user has: the notebook's `#r "nuget: ..."` extracts the package just built (NuGet
# caches by version, so a shared cache could serve an older 0.1.0), and FSharp.DependencyManager's resolution cache
# (keyed by feed path, id and version, not content) loses its entries for this package.
export NUGET_PACKAGES="$work/nuget"
for f in "$HOME"/.packagemanagement/nuget/Cache/*.resolvedReferences.paths; do
  [ -e "$f" ] || continue
  if [ ! -s "$f" ] || grep -qi "/$package_id/$package_version/" "$f"; then rm -f "$f" "${f%.resolvedReferences.paths}.csx"; fi
done
status=0
start=$SECONDS
(cd "$elsewhere" && PATH="$tools:$PATH" JUPYTER_PATH="$work/jupyter" timeout 900 "$jupyter" nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=600 first.ipynb --output first.executed.ipynb) > "$out/jupyter.log" 2>&1 || status=$?
cp "$elsewhere"/*.ipynb "$out/" 2> /dev/null || true
if [ "$status" -ne 0 ]; then
  grep -v '^\s*$' "$out/jupyter.log" | tail -n 30 >&2
  say "jupyter nbconvert exited $status (it stops at the first failing cell); log: $out/jupyter.log"
  exit 1
fi

# --- 5. the executed notebook -----------------------------------------------------------------------------------------
python3 tests/QemuTrace.Interactive.Tests/StockHost/check-starter-notebook.py "$out/first.executed.ipynb" "$root"
say "OK: qtrace notebook new + jupyter nbconvert --execute outside the clone, in $((SECONDS - start)) s (executed notebook: $out/first.executed.ipynb)"
