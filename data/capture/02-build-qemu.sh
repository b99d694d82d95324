#!/bin/bash
# Step 2: build Debian bookworm's QEMU 7.2 source with the "simple" trace backend only.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
export DEBIAN_FRONTEND=noninteractive

# deb-src for bookworm, same URIs as the binary sources
SRCLIST=/etc/apt/sources.list.d/debian-src-capture.sources
if ! apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -q '^Sources$'; then
  cat > "$SRCLIST" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get update
fi

# minimal build dependencies (not the full build-dep set)
apt-get install -y --no-install-recommends \
  build-essential dpkg-dev ninja-build meson pkg-config python3 python3-venv \
  libglib2.0-dev libpixman-1-dev zlib1g-dev libfdt-dev flex bison

mkdir -p "$QEMU_SRC_PARENT"
if [ ! -L "$QEMU_SRC" ]; then
  (cd "$QEMU_SRC_PARENT" && apt-get source qemu)
  SRCDIR=$(find "$QEMU_SRC_PARENT" -maxdepth 1 -mindepth 1 -type d -name 'qemu-*' | head -1)
  ln -sfn "$SRCDIR" "$QEMU_SRC"
fi
ls "$QEMU_SRC_PARENT"/*.dsc | tee "$SCRATCH/qemu-source-version.txt"

CONFIGURE_FLAGS=(
  --target-list=x86_64-softmmu
  --enable-trace-backends=simple
  --disable-docs
  --meson=/usr/bin/meson
  --without-default-features
  --enable-tcg
  --disable-werror
)
echo "./configure ${CONFIGURE_FLAGS[*]}" > "$SCRATCH/qemu-configure-flags.txt"

if [ ! -x "$QEMU_SIMPLE" ] || [ ! -f "$TRACE_EVENTS_ALL" ]; then
  cd "$QEMU_SRC"
  if [ ! -f build/build.ninja ]; then
    rm -rf build
    ./configure "${CONFIGURE_FLAGS[@]}"
  fi
  ninja -C build -j"$JOBS" qemu-system-x86_64 trace/trace-events-all
fi
"$QEMU_SIMPLE" --version
ls -l "$TRACE_EVENTS_ALL" "$SIMPLETRACE"
