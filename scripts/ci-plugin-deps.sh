#!/usr/bin/env bash
# Installs what recording with the qtrace-blocks plugin needs, for the end-to-end tests (.ci/run calls it):
# Debian's QEMU, gcc, glib headers, and deb-src entries so that scripts/build-plugin.sh can fetch qemu-plugin.h.
# Does nothing when everything is there; needs root and apt otherwise (skips with a message if not: the tests then
# skip with their reason).
set -euo pipefail
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v gcc >/dev/null || need+=(gcc)
pkg-config --exists glib-2.0 2>/dev/null || need+=(libglib2.0-dev pkg-config)
command -v dpkg-source >/dev/null || need+=(dpkg-dev)
has_sources() { apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -q '^Sources$'; }
if [ ${#need[@]} -eq 0 ] && has_sources; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "ci-plugin-deps.sh: missing ${need[*]:-deb-src entries}, and not root with apt: the plugin recording tests will skip" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! has_sources; then
    codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
    cat > /etc/apt/sources.list.d/qtrace-deb-src.sources <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $codename $codename-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $codename-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
apt-get update
[ ${#need[@]} -eq 0 ] || apt-get install -y --no-install-recommends "${need[@]}"
