#!/usr/bin/env bash
# The firmware image: the base image plus i915's display firmware (DMC) for
# the platforms the device models, from Debian's firmware-misc-nonfree
# (bookworm, non-free-firmware; scripts/setup-host.sh adds the component).
#
#   scripts/guest/build-firmware-image.sh [OUTDIR]   (default: build/guest)
#
# For each kernel tag OUTDIR/<tag> that build-images.sh made, writes
# OUTDIR/<tag>/initrd-firmware.cpio.gz: initrd-base.cpio.gz followed by a
# second archive holding lib/firmware/i915/{skl,kbl}_dmc_ver*.bin (the
# kernel unpacks concatenated archives in order; /etc/mvgpu-image says
# firmware). Only the DMC: i915 loads no GuC or HuC on a vGPU. Kept with a
# stamp of the package version and the base image, so a run with the same
# inputs only checks. The package is downloaded into OUTDIR/debs, never
# installed on the host.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-$repo/build/guest}
PKG=firmware-misc-nonfree
APT_OPTS=(-q -o APT::Sandbox::User=root -o Debug::NoLocking=1)

log() { echo "build-firmware-image: $*" >&2; }
die() { log "error: $*"; exit 1; }

ver=$(apt-cache policy "$PKG" | sed -n 's/^ *Candidate: //p')
[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
    die "$PKG is not in apt's lists (scripts/setup-host.sh adds bookworm's non-free-firmware; then apt-get update)"
debs=$out/debs
mkdir -p "$debs"
deb=$(ls "$debs/${PKG}_${ver//:/%3a}_"*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
    log "downloading $PKG $ver"
    rm -rf "$debs/.partial-fw"
    mkdir -p "$debs/.partial-fw"
    (cd "$debs/.partial-fw" && apt-get download "${APT_OPTS[@]}" "$PKG=$ver" </dev/null) ||
        die "apt-get download $PKG=$ver failed"
    mv "$debs/.partial-fw"/*.deb "$debs/"
    rmdir "$debs/.partial-fw"
    deb=$(ls "$debs/${PKG}_${ver//:/%3a}_"*.deb | head -n 1)
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
dpkg-deb -x "$deb" "$stage/pkg"
mkdir -p "$stage/root/lib/firmware/i915" "$stage/root/etc"
found=0
for f in "$stage"/pkg/lib/firmware/i915/skl_dmc_ver*.bin \
         "$stage"/pkg/lib/firmware/i915/kbl_dmc_ver*.bin; do
    [ -e "$f" ] || continue
    cp -L "$f" "$stage/root/lib/firmware/i915/"
    found=$((found + 1))
done
[ "$found" -gt 0 ] || die "$PKG $ver has no i915 skl/kbl DMC firmware"
echo firmware >"$stage/root/etc/mvgpu-image"
find "$stage/root" -exec touch -h -d @0 {} +
(cd "$stage/root" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
    cpio --null -o -H newc -R 0:0 --reproducible --quiet) | gzip -n -6 >"$stage/fw.cpio.gz"

built=0
for dir in "$out"/*/; do
    dir=${dir%/}
    [ -f "$dir/initrd-base.cpio.gz" ] || continue
    stamp=$(printf '%s\n' "$PKG $ver" "$(sha256sum <"$dir/initrd-base.cpio.gz" | cut -c1-16)" \
        "$(sha256sum <"$0" | cut -c1-16)")
    if [ -f "$dir/.stamp-firmware" ] && [ "$(cat "$dir/.stamp-firmware")" = "$stamp" ] &&
       [ -f "$dir/initrd-firmware.cpio.gz" ]; then
        log "$(basename "$dir"): up to date"
        built=$((built + 1))
        continue
    fi
    cat "$dir/initrd-base.cpio.gz" "$stage/fw.cpio.gz" >"$dir/initrd-firmware.cpio.gz.tmp"
    mv "$dir/initrd-firmware.cpio.gz.tmp" "$dir/initrd-firmware.cpio.gz"
    echo "$stamp" >"$dir/.stamp-firmware"
    log "$(basename "$dir"): initrd-firmware.cpio.gz ($PKG $ver: $(ls "$stage/root/lib/firmware/i915" | tr '\n' ' '))"
    built=$((built + 1))
done
[ "$built" -gt 0 ] || die "no kernel images in $out (run scripts/guest/build-images.sh first)"
