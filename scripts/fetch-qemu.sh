#!/usr/bin/env bash
# Obtains a QEMU 10.0.x source tree in $1 (default build/qemu-src):
#  - QEMU_SRC=/path: a copy of the user's own QEMU 10.0 tree (copied once;
#    `make distclean` to take a newer one);
#  - otherwise Debian's `qemu` source package (the newest 10.0.x any configured
#    deb-src suite carries), with Debian's patches applied by dpkg-source.
# Records what it used in $1/.mvgpu-qemu-version.
set -euo pipefail

dest=${1:-build/qemu-src}
stamp=$dest/.mvgpu-qemu-version
downloads=$(dirname "$dest")/downloads

fail() {
    echo "fetch-qemu: $*" >&2
    exit 1
}

check_version() {
    local v
    v=$(cat "$1/VERSION" 2>/dev/null || true)
    case "$v" in
        10.0.*) echo "$v" ;;
        *) fail "$1 holds QEMU '${v:-unknown}', mvgpu needs QEMU 10.0.x" ;;
    esac
}

if [ -f "$stamp" ]; then
    exit 0
fi

if [ -n "${QEMU_SRC:-}" ]; then
    [ -f "$QEMU_SRC/VERSION" ] || fail "QEMU_SRC=$QEMU_SRC is not a QEMU source tree"
    v=$(check_version "$QEMU_SRC")
    echo "fetch-qemu: copying QEMU $v from $QEMU_SRC"
    mkdir -p "$dest"
    rsync -a --exclude .git --exclude /build "$QEMU_SRC/" "$dest/"
    echo "QEMU $v from $QEMU_SRC" > "$stamp"
    exit 0
fi

# Newest 10.0.x version of the qemu source package that apt can see.
ver=$(apt-cache showsrc qemu 2>/dev/null | sed -n 's/^Version: //p' |
      grep -E '^(1:)?10\.0\.' | sort -V | tail -n 1 || true)
[ -n "$ver" ] || fail "no QEMU 10.0.x source package is visible to apt (run scripts/setup-host.sh, which adds the deb-src suites), or set QEMU_SRC=/path/to/qemu-10.0"

mkdir -p "$downloads"
echo "fetch-qemu: downloading Debian source package qemu $ver"
(cd "$downloads" && apt-get source -q --download-only "qemu=$ver" >/dev/null 2>&1) ||
    fail "apt-get source qemu=$ver failed"
dsc=$(ls "$downloads"/qemu_"${ver#*:}".dsc 2>/dev/null | head -n 1)
[ -n "$dsc" ] || fail "downloaded qemu $ver but found no .dsc in $downloads"

rm -rf "$dest.tmp"
echo "fetch-qemu: unpacking $dsc (applies Debian's patches)"
dpkg-source -q -x "$dsc" "$dest.tmp" >/dev/null
v=$(check_version "$dest.tmp")
rm -rf "$dest"
mv "$dest.tmp" "$dest"
echo "QEMU $v from Debian source package qemu $ver" > "$stamp"
echo "fetch-qemu: $(cat "$stamp")"
