#!/usr/bin/env bash
# Builds the qtrace-blocks TCG plugin (plugin/qtrace-blocks.c) against the plugin header of the QEMU that will
# load it, and prints the path of the .so on stdout.
#
#   scripts/build-plugin.sh [OUT.so]          default: .build/plugin/qtrace-blocks.so
#
# Environment:
#   QEMU            the emulator that will load the plugin (default: qemu-system-x86_64 on PATH)
#   QEMU_PLUGIN_H   a qemu-plugin.h to use instead of fetching one
#
# No binary package ships qemu-plugin.h, so without QEMU_PLUGIN_H the header is taken from the source package of
# the installed QEMU (`apt-get source --download-only qemu=VERSION`, needs deb-src entries) and cached under
# .build/plugin/. The plugin checks the plugin API version again when QEMU loads it.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
source_file="$repo/plugin/qtrace-blocks.c"
out=${1:-"$repo/.build/plugin/qtrace-blocks.so"}
qemu=${QEMU:-qemu-system-x86_64}
cache="$repo/.build/plugin"

die() { echo "build-plugin.sh: $*" >&2; exit 1; }

qemu_path=$(command -v "$qemu") || die "$qemu: not found; install QEMU (apt-get install -y qemu-system-x86) or set QEMU"
qemu_version=$("$qemu_path" --version | sed -n '1s/^QEMU emulator version \([^ ]*\).*/\1/p')
[ -n "$qemu_version" ] || die "$qemu_path --version did not print 'QEMU emulator version X'; set QEMU to a qemu-system binary"

header=${QEMU_PLUGIN_H:-}
if [ -z "$header" ]; then
    header="$cache/qemu-$qemu_version/qemu-plugin.h"
    if [ ! -s "$header" ]; then
        package=$(dpkg -S "$(readlink -f "$qemu_path")" 2>/dev/null | head -1 | cut -d: -f1) \
            || die "$qemu_path does not belong to a Debian package; set QEMU_PLUGIN_H to include/qemu/qemu-plugin.h of QEMU $qemu_version's source"
        source_version=$(dpkg-query -W -f='${source:Version}' "$package")
        work=$(mktemp -d)
        trap 'rm -rf "$work"' EXIT
        echo "build-plugin.sh: fetching qemu-plugin.h from the source of $package $source_version" >&2
        (cd "$work" && apt-get source --download-only "qemu=$source_version" >&2) \
            || die "apt-get source qemu=$source_version failed; add a deb-src line for your release to /etc/apt/sources.list.d and run apt-get update, or set QEMU_PLUGIN_H"
        tarball=$(ls "$work"/qemu_*.orig.tar.* | head -1)
        mkdir -p "$(dirname "$header")"
        tar -xOf "$tarball" --wildcards '*/include/qemu/qemu-plugin.h' > "$header.tmp" \
            || die "$tarball has no include/qemu/qemu-plugin.h (QEMU before 4.2 has no plugins)"
        mv "$header.tmp" "$header"
    fi
fi
[ -s "$header" ] || die "$header: missing or empty; set QEMU_PLUGIN_H to QEMU's include/qemu/qemu-plugin.h"
api=$(sed -n 's/^#define QEMU_PLUGIN_VERSION \([0-9]*\).*/\1/p' "$header")
[ -n "$api" ] || die "$header has no QEMU_PLUGIN_VERSION; it is not QEMU's plugin header"

if ! glib_flags=$(pkg-config --cflags glib-2.0 2>/dev/null); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "build-plugin.sh: installing libglib2.0-dev (the plugin header includes glib.h)" >&2
        apt-get install -y libglib2.0-dev pkg-config >&2
        glib_flags=$(pkg-config --cflags glib-2.0)
    else
        die "glib headers not found (the plugin header includes glib.h); apt-get install -y libglib2.0-dev pkg-config"
    fi
fi

mkdir -p "$(dirname "$out")"
stamp="$out.built-with"
want="$qemu_version api=$api $(sha256sum "$source_file" "$header" | cut -c1-16 | tr '\n' ' ')"
if [ -s "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "$out"
    exit 0
fi

include=$(mktemp -d)
cp "$header" "$include/qemu-plugin.h"
${CC:-gcc} -O2 -g -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Werror -shared -fPIC \
    -I"$include" $glib_flags -o "$out.tmp" "$source_file" -lpthread
rm -rf "$include"
mv "$out.tmp" "$out"
echo "$want" > "$stamp"
echo "build-plugin.sh: built $out for QEMU $qemu_version (plugin API $api)" >&2
echo "$out"
