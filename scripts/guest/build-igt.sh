#!/usr/bin/env bash
# Builds the IGT tests our lists use, on the host, for the guest's igt image.
#
#   scripts/guest/build-igt.sh IGT_SRC OUTDIR LIST...
#
# IGT_SRC is IGT's source: a release tarball (.tar.xz, .tar.gz) or an
# unpacked tree. It is test equipment kept beside the project (by default
# ../shared/igt/igt-gpu-tools-1.27.1.tar.xz, see docs/igt.md), never part
# of it: it is unpacked under OUTDIR and nothing of it is committed.
# LIST are the test lists (tests/guest/igt/*.list); every test they name is
# built (ninja -C BUILD tests/NAME), nothing else.
#
# It writes
#   OUTDIR/src-<key>/          the unpacked source and its meson build dir
#                              (<key>: the source's sha256, the options, the
#                              compiler); kept, so a longer list only builds
#                              the new tests
#   OUTDIR/tree-<key>/root/    what the igt image adds to the tools image:
#       usr/libexec/mvgpu-igt/tests/NAME   the tests, stripped
#       usr/libexec/mvgpu-igt/lib/libigt.so.0   their library (the tests'
#                              RUNPATH $ORIGIN/../lib finds it, not Debian's
#                              own libigt.so.0 of the tools image)
#       usr/libexec/mvgpu/igt-run          the guest runner (rootfs/igt-run)
#   OUTDIR/tree-<key>/tests.txt  the tests, one a line
#   OUTDIR/tree                a symbolic link to the current tree-<key>
# (<key> of the tree: the build's key, the tests, the runner, this script).
# A run whose inputs did not change returns at once. Older src-* and tree-*
# directories are removed.
#
# Host packages (scripts/setup-host.sh installs them): IGT's build
# dependencies on Debian 12, libcairo2-dev libdw-dev libkmod-dev libproc2-dev
# libunwind-dev peg libdrm-dev libpciaccess-dev libudev-dev flex bison, and
# meson >= 0.56. The shared libraries the tests need at run time are the
# tools image's (intel-gpu-tools' own dependencies); build-images.sh checks
# that every test loads from the assembled image.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MESON=/usr/bin/meson
# No igt_runner (the guest runner is ours, rootfs/igt-run), no docs, only
# libdrm's intel part: the tests the lists use link libigt, libdrm, cairo.
MESON_OPTS=(-Dtests=enabled -Drunner=disabled -Ddocs=disabled -Dman=disabled
            -Doverlay=disabled -Dchamelium=disabled -Dvalgrind=disabled
            -Doping=disabled -Dlibunwind=enabled -Dlibdrm_drivers=intel
            --buildtype=debugoptimized)
BUILD_PKGS=(libcairo2-dev libdw-dev libkmod-dev libproc2-dev libunwind-dev
            peg libdrm-dev libpciaccess-dev libudev-dev flex bison)

log() { echo "build-igt: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ $# -ge 3 ] || die "usage: build-igt.sh IGT_SRC OUTDIR LIST..."
src=$1
out=$2
shift 2
[ -e "$src" ] || die "no IGT source at $src"
for p in "${BUILD_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        die "$p is missing; run scripts/setup-host.sh"
done
for tool in ninja strip readelf sha256sum tar flock; do
    command -v "$tool" >/dev/null || die "'$tool' is missing; run scripts/setup-host.sh"
done

# The tests the lists name: the first word of every line that is not a
# comment, a blank or an @directive.
tests=$(cat "$@" | sed -e 's/#.*//' | awk 'NF && $1 !~ /^@/ { print $1 }' |
        LC_ALL=C sort -u)
[ -n "$tests" ] || die "the lists name no test: $*"
for t in $tests; do
    [[ $t =~ ^[a-z0-9_]+$ ]] || die "'$t' is not an IGT test name"
done

mkdir -p "$out"
out=$(cd "$out" && pwd)
exec 9>"$out/.lock"
flock 9

# The source's identity: a tarball's sha256, or a tree's file list and
# contents.
if [ -d "$src" ]; then
    src_hash=$(cd "$src" && find . -type f ! -path './.git/*' -print0 | LC_ALL=C sort -z |
               xargs -0 sha256sum | sha256sum | cut -c1-16)
else
    src_hash=$(sha256sum <"$src" | cut -c1-16)
fi
build_key=$( {
    echo "$src_hash"
    echo "${MESON_OPTS[*]}"
    gcc --version | head -n 1
    dpkg-query -W "${BUILD_PKGS[@]}"
} | sha256sum | cut -c1-16)
sdir=$out/src-$build_key
tree_key=$( {
    echo "$build_key"
    echo "$tests"
    sha256sum <"$here/rootfs/igt-run"
    sha256sum <"$here/build-igt.sh"
} | sha256sum | cut -c1-16)
tdir=$out/tree-$tree_key

if [ -f "$tdir/.done" ]; then
    log "up to date: $(wc -l <"$tdir/tests.txt") tests in $tdir"
else
    if [ ! -f "$sdir/.configured" ]; then
        rm -rf "$sdir"
        mkdir -p "$sdir"
        if [ -d "$src" ]; then
            log "copying the source tree $src"
            cp -a "$src/." "$sdir/src"
        else
            log "unpacking $(basename "$src")"
            mkdir -p "$sdir/unpack"
            tar -xf "$src" -C "$sdir/unpack"
            top=$(find "$sdir/unpack" -mindepth 1 -maxdepth 1)
            [ "$(wc -l <<<"$top")" = 1 ] && [ -f "$top/meson.build" ] ||
                die "$src does not hold one IGT source tree"
            mv "$top" "$sdir/src"
            rmdir "$sdir/unpack"
        fi
        log "configuring (meson ${MESON_OPTS[*]})"
        "$MESON" setup "$sdir/build" "$sdir/src" "${MESON_OPTS[@]}" >"$sdir/meson-setup.log" 2>&1 ||
            die "meson setup failed; see $sdir/meson-setup.log"
        touch "$sdir/.configured"
    fi
    targets=()
    for t in $tests; do
        targets+=("tests/$t")
    done
    log "building $(wc -w <<<"$tests") tests (ninja -j2; the first time takes minutes)"
    ninja -C "$sdir/build" -j2 "${targets[@]}" >"$sdir/ninja.log" 2>&1 ||
        die "ninja failed (unknown test name?); see $sdir/ninja.log: $(tail -n 3 "$sdir/ninja.log" | tr '\n' ' ')"
    rm -rf "$tdir" "$tdir.tmp"
    r=$tdir.tmp/root
    mkdir -p "$r/usr/libexec/mvgpu-igt/tests" "$r/usr/libexec/mvgpu-igt/lib" \
        "$r/usr/libexec/mvgpu" "$r/etc"
    for t in $tests; do
        strip -o "$r/usr/libexec/mvgpu-igt/tests/$t" "$sdir/build/tests/$t"
        readelf -d "$r/usr/libexec/mvgpu-igt/tests/$t" | grep -q 'R.*PATH.*\$ORIGIN/\.\./lib' ||
            die "$t has no \$ORIGIN/../lib run path (IGT's build layout changed?)"
    done
    strip -o "$r/usr/libexec/mvgpu-igt/lib/libigt.so.0" "$sdir/build/lib/libigt.so.0"
    install -m 0755 "$here/rootfs/igt-run" "$r/usr/libexec/mvgpu/igt-run"
    echo igt >"$r/etc/mvgpu-image"
    echo "$tests" >"$tdir.tmp/tests.txt"
    touch "$tdir.tmp/.done"
    mv "$tdir.tmp" "$tdir"
    log "built $(wc -l <"$tdir/tests.txt") tests, $(du -sh "$tdir/root" | cut -f1), in $tdir"
fi
ln -sfn "$(basename "$tdir")" "$out/tree"

# Forget older builds and trees.
for d in "$out"/src-* "$out"/tree-*; do
    [ -e "$d" ] || continue
    case "$d" in "$sdir" | "$tdir") continue ;; esac
    log "pruning $(basename "$d")"
    rm -rf "$d"
done
