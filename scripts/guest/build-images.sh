#!/usr/bin/env bash
# Builds the mvgpu guest kernels and initramfs images from Debian packages only.
#
#   scripts/guest/build-images.sh [--igt TREE] [OUTDIR]   (default: build/guest in the repo)
#
# For Debian 12's linux-image-amd64 (6.1.x) and bookworm-backports'
# linux-image-amd64 (6.12.x) it writes
#   OUTDIR/<tag>/vmlinuz                the package's bzImage
#   OUTDIR/<tag>/vmlinux                the same kernel uncompressed (ELF), for
#                                       QEMU's PVH direct boot (no in-guest
#                                       decompression: 6.1's XZ costs ~8 s in TCG)
#   OUTDIR/<tag>/initrd-base.cpio.gz    busybox-static + the module closure of
#                                       i915 and vgem (a non-i915 DRM node)
#   OUTDIR/<tag>/initrd-tools.cpio.gz   base + libdrm-tests + intel-gpu-tools
#                                       + our test programs (tests/guest/src/*.c,
#                                       static, in /usr/libexec/mvgpu) + the
#                                       drm backend's harness (tests/drm/*.c
#                                       with the mvgpu core, static)
#   OUTDIR/<tag>/initrd-mesa.cpio.gz    tools + Mesa's EGL/GLES/GBM userspace
#                                       (the ELF closure of our GL programs,
#                                       tests/guest/src-mesa/*.c, and of what
#                                       Mesa dlopen()s: iris_dri.so, libEGL_mesa)
#   OUTDIR/<tag>/initrd-igt.cpio.gz     with --igt only: the tools image
#                                       followed by a second archive holding
#                                       IGT's tests and our runner (TREE/root,
#                                       made by scripts/guest/build-igt.sh);
#                                       without --igt an old one is removed
#   OUTDIR/<tag>/manifest.txt           exact package versions
# with <tag> the kernel's major.minor (6.1, 6.12).
#
# Caches: OUTDIR/debs (downloaded packages), OUTDIR/cache (extracted and
# trimmed trees, keyed by package versions). A run whose inputs did not change
# only asks apt's local cache for versions and returns.
# Needs root (dpkg-deb -x keeps owners, mknod, chroot for the smoke test) and
# the host tools scripts/setup-host.sh installs.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
igt_tree=
if [ "${1:-}" = --igt ]; then
    [ $# -ge 2 ] || { echo "build-images: --igt needs a directory" >&2; exit 1; }
    igt_tree=$2
    shift 2
fi
out=${1:-$repo/build/guest}

# What the tools image carries on top of the base image.
TOOLS_PKGS=(libdrm-tests intel-gpu-tools)
# The modules whose dependency closure goes into every image: i915, and
# vgem, a DRM driver that is not i915 (backend drm must refuse its node).
GPU_MODULES=(i915 vgem)
# Fixed file times inside the archives, so equal inputs give equal images.
EPOCH=0
# Our own guest programs: each tests/guest/src/NAME.c becomes a static
# /usr/libexec/mvgpu/NAME in the tools image. They use only the kernel's i915
# uAPI header, which Debian ships in libdrm-dev (linux-libc-dev has no drm/).
# Each takes "-d DEVICE" and, given a missing one, prints
# "RESULT <name> FAIL DEVICE: ..." (the host smoke test relies on it).
PROG_SRC=$repo/tests/guest/src
# Headers our guest programs share (the RESULT line; the GEM ioctls and MI
# commands of tests/guest/src, mvgpu-gem.h; the EGL display of the GL ones).
# Every header here is part of both program caches' keys: editing one
# rebuilds the programs.
PROG_INCLUDE=$repo/tests/guest/include
PROG_CFLAGS=(-static -O2 -s -Wall -Wextra -I/usr/include/libdrm -I"$PROG_INCLUDE")
UAPI_HEADER=/usr/include/libdrm/i915_drm.h
# Programs that link the mvgpu core itself (plain C + glib, no QEMU) and the
# unit tests' fake host: each tests/drm/NAME.c becomes a static
# /usr/libexec/mvgpu/NAME in the tools image, with glib linked in
# statically (libglib2.0-dev ships libglib-2.0.a). Same "-d DEVICE"
# contract as above.
CORE_PROG_SRC=$repo/tests/drm
CORE_SRC=$repo/hw/display/mvgpu/core
CORE_TEST_SRC=(fake-host.c guest-ppgtt.c)
CORE_PROG_CFLAGS=(-static -O2 -s -std=gnu11 -D_GNU_SOURCE -Wall -Wextra
                  -Wno-unused-parameter -Wno-missing-field-initializers
                  -I"$CORE_SRC" -I"$repo/tests/unit/mvgpu" -I"$repo" -I"$repo/tests/include"
                  -I"$PROG_INCLUDE")
# The mesa image: Debian's Mesa for GLES and desktop GL through EGL on GBM
# (glvnd's libEGL, libGLESv2 and libOpenGL, Mesa's EGL vendor library,
# libgbm, the dri megadriver as iris) and for Vulkan (the loader, anv).
# Only the ELF closure (DT_NEEDED) of the programs and of the files below
# goes in, not every package the closure brings.
MESA_PKGS=(libegl1 libegl-mesa0 libgbm1 libgles2 libopengl0 libgl1-mesa-dri
           libvulkan1 mesa-vulkan-drivers)
MESA_LIBDIR=usr/lib/x86_64-linux-gnu
# What Mesa, glvnd and the Vulkan loader open by name at run time: glvnd's
# EGL vendor file names libEGL_mesa.so.0, which dlopen()s the dri driver for
# the device (iris for Gen9); drirc holds Mesa's per-application defaults;
# the loader reads anv's ICD file, which names libvulkan_intel.so.
MESA_RUNTIME=(
    usr/share/glvnd/egl_vendor.d/50_mesa.json
    $MESA_LIBDIR/libEGL_mesa.so.0
    $MESA_LIBDIR/dri/iris_dri.so
    usr/share/drirc.d/00-mesa-defaults.conf
    usr/share/vulkan/icd.d/intel_icd.x86_64.json
    $MESA_LIBDIR/libvulkan_intel.so
)
# Our Mesa programs: each tests/guest/src-mesa/NAME.c becomes
# /usr/libexec/mvgpu/NAME in the mesa image, linked dynamically against the
# host's libraries listed for it below (the host is Debian 12 too; headers
# and link names from MESA_DEV_PKGS). Same "-d DEVICE" contract as above.
MESA_PROG_SRC=$repo/tests/guest/src-mesa
MESA_PROG_CFLAGS=(-O2 -s -Wall -Wextra -I"$PROG_INCLUDE")
MESA_PROG_LIBS=(
    "mvgpu-gl-render:-lEGL -lGLESv2 -lgbm"
    "mvgpu-gl-desktop:-lEGL -lOpenGL -lgbm"
    "mvgpu-vk-compute:-lvulkan"
)
MESA_DEV_PKGS=(libegl-dev libgles-dev libgbm-dev libopengl-dev libgl-dev
               libvulkan-dev)

# mesa_prog_libs NAME: the -l options of program NAME (dies if unlisted).
mesa_prog_libs() {
    local e
    for e in "${MESA_PROG_LIBS[@]}"; do
        if [ "${e%%:*}" = "$1" ]; then
            echo "${e#*:}"
            return 0
        fi
    done
    die "tests/guest/src-mesa/$1.c has no MESA_PROG_LIBS entry"
}

log() { echo "build-images: $*" >&2; }
die() { log "error: $*"; exit 1; }

for tool in apt-get apt-cache dpkg dpkg-deb depmod cpio xz zstd gzip chroot flock sha256sum gcc readelf pkg-config; do
    command -v "$tool" >/dev/null ||
        die "'$tool' is missing; run scripts/setup-host.sh (packages busybox-static cpio kmod xz-utils zstd dpkg-dev build-essential)"
done
[ -f "$UAPI_HEADER" ] || die "$UAPI_HEADER is missing; run scripts/setup-host.sh (package libdrm-dev)"
for p in "${MESA_DEV_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        die "$p is missing; run scripts/setup-host.sh"
done
[ "$(id -u)" = 0 ] || die "run as root (extracting packages keeps owners; device nodes; chroot smoke test)"

mkdir -p "$out"
out=$(cd "$out" && pwd)
debs=$out/debs
cache=$out/cache
mkdir -p "$debs" "$cache"

# One build at a time per OUTDIR.
exec 9>"$out/.lock"
flock 9

APT_OPTS=(-q -o APT::Sandbox::User=root -o Debug::NoLocking=1)

# Hash of everything in this repository that shapes the images.
recipe_hash=$(cat "$here/build-images.sh" "$here/rootfs/init" "$here/rootfs/lib.sh" |
              sha256sum | cut -c1-16)

# ---------------------------------------------------------------- packages --

# deb_path PKG VERSION ARCH: where apt-get download puts that package.
deb_path() {
    echo "$debs/${1}_${2//:/%3a}_${3}.deb"
}

# fetch_debs: reads "PKG VERSION ARCH" lines on stdin, downloads those not in
# the cache (one apt-get call), fails unless every one is then present.
fetch_debs() {
    local p v a want=() lines=()
    while read -r p v a; do
        [ -n "$p" ] || continue
        lines+=("$p $v $a")
        [ -f "$(deb_path "$p" "$v" "$a")" ] || want+=("$p=$v")
    done
    if [ ${#want[@]} -gt 0 ]; then
        log "downloading ${#want[@]} package(s): ${want[*]}"
        rm -rf "$debs/.partial"
        mkdir -p "$debs/.partial"
        (cd "$debs/.partial" && apt-get download "${APT_OPTS[@]}" "${want[@]}" </dev/null) ||
            die "apt-get download failed (stale package lists? try: apt-get update)"
        mv "$debs/.partial"/*.deb "$debs/"
        rmdir "$debs/.partial"
    fi
    for l in "${lines[@]}"; do
        read -r p v a <<<"$l"
        [ -f "$(deb_path "$p" "$v" "$a")" ] || die "expected $(deb_path "$p" "$v" "$a") after download"
    done
}

# pkg_arch PKG VERSION
pkg_arch() {
    apt-cache show "$1=$2" | sed -n 's/^Architecture: //p' | head -n 1
}

# meta_version stable|backports: newest linux-image-amd64 of Debian 12
# (bookworm, its updates and security) or of bookworm-backports.
meta_version() {
    local best= v
    while read -r v; do
        if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then
            best=$v
        fi
    done < <(apt-cache madison linux-image-amd64 |
             awk -F'|' -v want="$1" '
                 $3 !~ / Packages[ \t]*$/ { next }
                 { gsub(/[ \t]/, "", $2) }
                 want == "backports" && $3 ~ / bookworm-backports\// { print $2 }
                 want == "stable" && $3 ~ / bookworm(-updates|-security)?\// { print $2 }')
    [ -n "$best" ] || die "no linux-image-amd64 for $1 in apt's lists (run scripts/setup-host.sh, apt-get update)"
    echo "$best"
}

# meta_suite VERSION: the suite that carries linux-image-amd64 VERSION
# (bookworm, bookworm-security, bookworm-backports, ...).
meta_suite() {
    apt-cache madison linux-image-amd64 |
        awk -F'|' -v v="$1" '{ gsub(/[ \t]/, "", $2) }
            $2 == v && $3 ~ / Packages[ \t]*$/ {
                n = split($3, w, " ")
                for (i = 1; i <= n; i++) if (w[i] ~ /^[a-z0-9.-]+\//) { sub(/\/.*/, "", w[i]); print w[i]; exit }
            }'
}

# kernel_package META_VERSION: prints "PKG VERSION", the concrete
# linux-image-<kver> the metapackage depends on.
kernel_package() {
    local dep
    dep=$(apt-cache show "linux-image-amd64=$1" | sed -n 's/^Depends: //p' | head -n 1 |
          tr ',' '\n' | grep -E '^ *linux-image-[0-9]' | head -n 1) ||
        die "linux-image-amd64=$1 depends on no linux-image-<version>"
    local name ver
    name=$(awk '{print $1}' <<<"$dep")
    ver=$(sed -n 's/.*(= *\([^)]*\)).*/\1/p' <<<"$dep")
    echo "$name ${ver:-$1}"
}

# apt_closure PKG...: "PKG VERSION ARCH" of PKGs and everything they need,
# as apt resolves it for an empty system (no recommends).
apt_closure() {
    local status
    status=$(mktemp)
    apt-get -s "${APT_OPTS[@]}" -o Dir::State::Status="$status" \
        -o APT::Install-Recommends=0 -o APT::Install-Suggests=0 \
        install "$@" </dev/null |
        sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) [^[]*\[\([^]]*\)\]).*/\1 \2 \3/p' | LC_ALL=C sort
    rm -f "$status"
}

# ----------------------------------------------------------------- kernels --

# module_closure MODULES_DEP NAME: relative paths of NAME and every module
# it needs, per modules.dep (NAME first).
module_closure() {
    awk -v want="$2" '
        function modname(p,   n) {
            n = p; sub(/.*\//, "", n); sub(/\.ko(\.(xz|zst|gz))?$/, "", n)
            gsub(/-/, "_", n); return n
        }
        {
            p = $1; sub(/:$/, "", p); deps[p] = ""
            for (i = 2; i <= NF; i++) deps[p] = deps[p] " " $i
            byname[modname(p)] = p
        }
        END {
            w = want; gsub(/-/, "_", w)
            if (!(w in byname)) exit 1
            n = 1; q[1] = byname[w]; seen[q[1]] = 1
            for (k = 1; k <= n; k++) {
                print q[k]
                m = split(deps[q[k]], d, " ")
                for (j = 1; j <= m; j++)
                    if (!(d[j] in seen)) { seen[d[j]] = 1; q[++n] = d[j] }
            }
        }' "$1"
}

# extract_vmlinux BZIMAGE OUT: the ELF kernel inside a bzImage. The boot
# protocol header gives setup_sects (0x1f1), payload_offset (0x248) and
# payload_length (0x24c); the payload is the compressed vmlinux followed by
# its 4-byte uncompressed size.
extract_vmlinux() {
    local sects off len start magic
    sects=$(od -An -tu1 -j $((0x1f1)) -N 1 "$1" | tr -d ' ')
    [ "$sects" != 0 ] || sects=4
    off=$(od -An -tu4 -j $((0x248)) -N 4 "$1" | tr -d ' ')
    len=$(od -An -tu4 -j $((0x24c)) -N 4 "$1" | tr -d ' ')
    start=$(((sects + 1) * 512 + off))
    magic=$(od -An -tx1 -j "$start" -N 4 "$1" | tr -d ' \n')
    local payload=$2.payload
    dd if="$1" of="$payload" bs=1M iflag=skip_bytes,count_bytes skip="$start" \
        count=$((len - 4)) status=none
    case "$magic" in
        fd377a58) xz -dc --single-stream "$payload" >"$2" ;;
        28b52ffd) zstd -q -dc "$payload" >"$2" ;;
        1f8b*) gzip -dc "$payload" >"$2" ;;
        *) die "$1: unknown kernel payload compression (magic $magic)" ;;
    esac
    rm -f "$payload"
    [ "$(od -An -tx1 -N 4 "$2" | tr -d ' \n')" = 7f454c46 ] ||
        die "$1: the extracted payload is not an ELF file"
}

# prepare_kernel PKG VERSION: fills $cache/kernel-PKG_VERSION with vmlinuz,
# kver, modules.txt and root/lib/modules/<kver> holding GPU_MODULES' closure
# as plain .ko files with their own depmod output. Sets $kdir.
prepare_kernel() {
    local pkg=$1 ver=$2
    kdir=$cache/kernel-${pkg}_${ver}-$recipe_hash
    used_cache+=("$(basename "$kdir")")
    [ -f "$kdir/.done" ] && return 0
    local deb tmp kver mdir rel dst m
    deb=$(deb_path "$pkg" "$ver" amd64)
    tmp=$kdir.tmp
    rm -rf "$kdir" "$tmp"
    mkdir -p "$tmp/full"
    log "extracting $(basename "$deb")"
    dpkg-deb -x "$deb" "$tmp/full"
    kver=${pkg#linux-image-}
    if [ -d "$tmp/full/lib/modules/$kver" ]; then
        mdir=lib/modules/$kver
    elif [ -d "$tmp/full/usr/lib/modules/$kver" ]; then
        mdir=usr/lib/modules/$kver
    else
        die "$pkg has no modules directory for $kver"
    fi
    [ -f "$tmp/full/boot/vmlinuz-$kver" ] || die "$pkg has no boot/vmlinuz-$kver"
    log "depmod $kver (the package carries no modules.dep)"
    if [ "$mdir" = "lib/modules/$kver" ]; then
        depmod -b "$tmp/full" "$kver"
    else
        depmod -b "$tmp/full/usr" "$kver"
    fi
    : >"$tmp/closure.txt"
    for m in "${GPU_MODULES[@]}"; do
        module_closure "$tmp/full/$mdir/modules.dep" "$m" >>"$tmp/closure.txt" ||
            die "$m is not in $kver's modules.dep"
    done
    # One line per module, first appearance kept (i915 and vgem share drm).
    awk '!seen[$0]++' "$tmp/closure.txt" >"$tmp/closure.uniq"
    mv "$tmp/closure.uniq" "$tmp/closure.txt"
    mkdir -p "$tmp/root/lib/modules/$kver"
    while read -r rel; do
        dst=$tmp/root/lib/modules/$kver/${rel%.*}
        mkdir -p "$(dirname "$dst")"
        case "$rel" in
            *.ko.xz) xz -dc "$tmp/full/$mdir/$rel" >"$dst" ;;
            *.ko.zst) zstd -q -dc "$tmp/full/$mdir/$rel" >"$dst" ;;
            *.ko.gz) gzip -dc "$tmp/full/$mdir/$rel" >"$dst" ;;
            *.ko) cp "$tmp/full/$mdir/$rel" "$tmp/root/lib/modules/$kver/$rel" ;;
            *) die "unexpected module file $rel" ;;
        esac
    done <"$tmp/closure.txt"
    for f in modules.order modules.builtin modules.builtin.modinfo; do
        [ -f "$tmp/full/$mdir/$f" ] && cp "$tmp/full/$mdir/$f" "$tmp/root/lib/modules/$kver/"
    done
    # modules.order names the compressed files; list the plain ones.
    sed -i -E 's/\.ko\.(xz|zst|gz)$/.ko/' "$tmp/root/lib/modules/$kver/modules.order"
    depmod -b "$tmp/root" "$kver"
    # busybox's modprobe reads the text modules.dep; check that it names plain
    # .ko files and holds the whole closure.
    grep -q -E '\.ko\.(xz|zst|gz)' "$tmp/root/lib/modules/$kver/modules.dep" &&
        die "compressed module names left in the trimmed modules.dep"
    [ "$(wc -l <"$tmp/root/lib/modules/$kver/modules.dep")" = "$(wc -l <"$tmp/closure.txt")" ] ||
        die "trimmed modules.dep does not match the closure"
    cp "$tmp/full/boot/vmlinuz-$kver" "$tmp/vmlinuz"
    extract_vmlinux "$tmp/vmlinuz" "$tmp/vmlinux"
    echo "$kver" >"$tmp/kver"
    sed -e 's,.*/,,' -e 's/\.ko.*//' "$tmp/closure.txt" | tac >"$tmp/modules.txt"
    rm -rf "$tmp/full" "$tmp/closure.txt"
    touch "$tmp/.done"
    mv "$tmp" "$kdir"
}

# ---------------------------------------------------------------- userland --

# prepare_busybox VERSION: $cache/busybox-VERSION/bin/busybox. Sets $bbdir.
prepare_busybox() {
    bbdir=$cache/busybox-${1//:/%3a}
    used_cache+=("$(basename "$bbdir")")
    [ -f "$bbdir/.done" ] && return 0
    rm -rf "$bbdir" "$bbdir.tmp"
    mkdir -p "$bbdir.tmp"
    dpkg-deb -x "$(deb_path busybox-static "$1" amd64)" "$bbdir.tmp"
    "$bbdir.tmp/bin/busybox" --list-full >/dev/null || die "busybox-static does not run here"
    touch "$bbdir.tmp/.done"
    mv "$bbdir.tmp" "$bbdir"
}

# prepare_tools CLOSURE_FILE: the extracted, stripped tools userland in
# $cache/tools-<key>/root, checked with a chroot smoke test. Sets $tdir.
prepare_tools() {
    local key p v a
    key=$( (cat "$1"; echo "$recipe_hash") | sha256sum | cut -c1-16)
    tdir=$cache/tools-$key
    used_cache+=("$(basename "$tdir")")
    [ -f "$tdir/.done" ] && return 0
    rm -rf "$tdir" "$tdir.tmp"
    mkdir -p "$tdir.tmp/root"
    log "extracting $(wc -l <"$1") tools packages"
    while read -r p v a; do
        dpkg-deb -x "$(deb_path "$p" "$v" "$a")" "$tdir.tmp/root"
    done <"$1"
    (
        cd "$tdir.tmp/root"
        rm -rf usr/share/doc usr/share/man usr/share/info usr/share/locale \
            usr/share/lintian usr/share/bug usr/share/bash-completion \
            usr/share/X11/locale usr/lib/x86_64-linux-gnu/gconv \
            usr/lib/x86_64-linux-gnu/pkgconfig usr/include
    )
    # The packages' own smoke test, without any device (list/usage only).
    local r=$tdir.tmp/root
    local usage
    usage=$(chroot "$r" /usr/bin/modetest -h 2>&1 || true)
    grep -q -i usage <<<"$usage" ||
        die "modetest -h does not run from the assembled tools tree: $usage"
    usage=$(chroot "$r" /usr/libexec/igt-gpu-tools/benchmarks/gem_userptr_benchmark \
                --list-subtests 2>&1 || true)
    grep -q '^userptr-' <<<"$usage" ||
        die "IGT's gem_userptr_benchmark --list-subtests does not run from the tools tree: $usage"
    cp "$1" "$tdir.tmp/packages.txt"
    touch "$tdir.tmp/.done"
    mv "$tdir.tmp" "$tdir"
}

# prepare_progs: compiles tests/guest/src/*.c into
# $cache/progs-<key>/root/usr/libexec/mvgpu, keyed by the sources, the
# shared headers (tests/guest/include), the uAPI header, the compiler and the
# flags. Sets $pdir and $progs_key.
prepare_progs() {
    local src name smoke
    progs_key=$( {
        for src in "$PROG_SRC"/*.c "$PROG_INCLUDE"/*.h "$CORE_PROG_SRC"/*.c \
                   "$CORE_SRC"/*.[ch] "$repo"/tests/unit/mvgpu/fake-*.h \
                   "$repo"/tests/include/*.h \
                   "$repo"/tests/unit/mvgpu/guest-ppgtt.h; do
            echo "$(basename "$src") $(sha256sum <"$src")"
        done
        for src in "${CORE_TEST_SRC[@]}"; do
            echo "$src $(sha256sum <"$repo/tests/unit/mvgpu/$src")"
        done
        sha256sum <"$UAPI_HEADER"
        gcc --version | head -n 1
        dpkg-query -W libglib2.0-dev
        echo "${PROG_CFLAGS[*]} ${CORE_PROG_CFLAGS[*]}"
    } | sha256sum | cut -c1-16)
    pdir=$cache/progs-$progs_key
    used_cache+=("$(basename "$pdir")")
    [ -f "$pdir/.done" ] && return 0
    rm -rf "$pdir" "$pdir.tmp"
    mkdir -p "$pdir.tmp/root/usr/libexec/mvgpu"
    for src in "$PROG_SRC"/*.c; do
        name=$(basename "$src" .c)
        log "compiling $name (static)"
        gcc "${PROG_CFLAGS[@]}" -o "$pdir.tmp/root/usr/libexec/mvgpu/$name" "$src" ||
            die "cannot compile $src"
        # Smoke test without a device: it must run and say so in its format.
        smoke=$("$pdir.tmp/root/usr/libexec/mvgpu/$name" -d /nonexistent 2>&1 || true)
        grep -q '^RESULT [^ ]* FAIL /nonexistent' <<<"$smoke" ||
            die "$name does not run on the host (expected a RESULT line without a device): $smoke"
    done
    local core_files=() f
    for f in "$CORE_SRC"/*.c; do
        core_files+=("$f")
    done
    for f in "${CORE_TEST_SRC[@]}"; do
        core_files+=("$repo/tests/unit/mvgpu/$f")
    done
    for src in "$CORE_PROG_SRC"/*.c; do
        name=$(basename "$src" .c)
        log "compiling $name with the mvgpu core (static)"
        # shellcheck disable=SC2046 # pkg-config's words
        gcc "${CORE_PROG_CFLAGS[@]}" $(pkg-config --cflags glib-2.0) \
            -o "$pdir.tmp/root/usr/libexec/mvgpu/$name" "$src" "${core_files[@]}" \
            $(pkg-config --libs --static glib-2.0) ||
            die "cannot compile $src with the core"
        smoke=$("$pdir.tmp/root/usr/libexec/mvgpu/$name" -d /nonexistent 2>&1 || true)
        grep -q '^RESULT [^ ]* FAIL /nonexistent' <<<"$smoke" ||
            die "$name does not run on the host (expected a RESULT line without a device): $smoke"
    done
    touch "$pdir.tmp/.done"
    mv "$pdir.tmp" "$pdir"
}

# elf_needed FILE: the DT_NEEDED names of an ELF file (nothing for others).
elf_needed() {
    { readelf -d "$1" 2>/dev/null || true; } | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'
}

# copy_path FROM TO REL: FROM/REL into TO/REL, each symbolic link on the way
# to the file too (links are followed inside FROM). Sets $copied to the
# file's own path.
copy_path() {
    local from=$1 to=$2 rel=$3 n=0 t
    while [ -L "$from/$rel" ]; do
        mkdir -p "$to/$(dirname "$rel")"
        cp -a "$from/$rel" "$to/$rel"
        t=$(readlink "$from/$rel")
        case "$t" in
            /*) rel=$t ;;
            *) rel=$(dirname "$rel")/$t ;;
        esac
        rel=$(realpath -m -s --relative-to=/ "/$rel")
        n=$((n + 1))
        [ "$n" -lt 16 ] || die "symbolic link loop at $rel"
    done
    [ -f "$from/$rel" ] || die "$rel is not in the Mesa packages"
    mkdir -p "$to/$(dirname "$rel")"
    cp -a "$from/$rel" "$to/$rel"
    copied=$rel
}

# prepare_mesa CLOSURE_FILE: the mesa image's additions in
# $cache/mesa-<key>/root: our GL programs (tests/guest/src-mesa, dynamic),
# MESA_RUNTIME and the DT_NEEDED closure of all of them, taken from the
# closure's packages, checked in a chroot. Keyed by the packages, the
# sources, the compiler and the host's -dev packages. Sets $mdir, $mesa_key.
prepare_mesa() {
    local src name smoke p v a f n d interp libs
    mesa_key=$( {
        cat "$1"
        echo "$recipe_hash"
        for src in "$MESA_PROG_SRC"/*.c "$PROG_INCLUDE"/*.h; do
            echo "$(basename "$src") $(sha256sum <"$src")"
        done
        dpkg-query -W "${MESA_DEV_PKGS[@]}"
        gcc --version | head -n 1
        echo "${MESA_PROG_CFLAGS[*]} ${MESA_PROG_LIBS[*]}"
    } | sha256sum | cut -c1-16)
    mdir=$cache/mesa-$mesa_key
    used_cache+=("$(basename "$mdir")")
    [ -f "$mdir/.done" ] && return 0
    rm -rf "$mdir" "$mdir.tmp"
    local full=$mdir.tmp/full r=$mdir.tmp/root
    mkdir -p "$full" "$r/usr/libexec/mvgpu"
    log "extracting $(wc -l <"$1") Mesa packages"
    while read -r p v a; do
        dpkg-deb -x "$(deb_path "$p" "$v" "$a")" "$full"
    done <"$1"
    # The walk: programs and runtime files first, then what they need.
    local queue=() progs=()
    declare -A seen=()
    for src in "$MESA_PROG_SRC"/*.c; do
        name=$(basename "$src" .c)
        libs=$(mesa_prog_libs "$name") || exit 1
        log "compiling $name (dynamic: $libs)"
        # shellcheck disable=SC2086 # libs: words from MESA_PROG_LIBS
        gcc "${MESA_PROG_CFLAGS[@]}" -o "$r/usr/libexec/mvgpu/$name" "$src" \
            $libs || die "cannot compile $src"
        progs+=("$name")
        interp=$(readelf -l "$r/usr/libexec/mvgpu/$name" |
                 sed -n 's/.*program interpreter: \(.*\)\]$/\1/p')
        [ -n "$interp" ] || die "$name has no program interpreter"
        queue+=("${interp#/}")
        for n in $(elf_needed "$r/usr/libexec/mvgpu/$name"); do
            queue+=("@$n")
        done
    done
    queue+=("${MESA_RUNTIME[@]}")
    while [ ${#queue[@]} -gt 0 ]; do
        f=${queue[0]}
        queue=("${queue[@]:1}")
        [ -z "${seen[$f]:-}" ] || continue
        seen[$f]=1
        if [ "${f#@}" != "$f" ]; then
            # A DT_NEEDED name: where ld.so's default search finds it.
            n=${f#@}
            f=
            for d in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu lib usr/lib; do
                if [ -e "$full/$d/$n" ]; then
                    f=$d/$n
                    break
                fi
            done
            [ -n "$f" ] || die "no package of the Mesa closure has $n"
        fi
        copy_path "$full" "$r" "$f"
        for n in $(elf_needed "$full/$copied"); do
            [ -n "${seen[@$n]:-}" ] || queue+=("@$n")
        done
    done
    rm -rf "$full"
    # Everything must load from the tree alone: the programs run (to their
    # device check) and the dlopen()ed libraries resolve.
    for name in "${progs[@]}"; do
        smoke=$(chroot "$r" "/usr/libexec/mvgpu/$name" -d /nonexistent 2>&1 || true)
        grep -q '^RESULT [^ ]* FAIL /nonexistent' <<<"$smoke" ||
            die "$name does not run from the assembled Mesa tree: $smoke"
    done
    for f in "${MESA_RUNTIME[@]}"; do
        case "$f" in *.so*) ;; *) continue ;; esac
        smoke=$(chroot "$r" "/${interp#/}" --list "/$f" 2>&1) ||
            die "/$f does not load in the assembled Mesa tree: $smoke"
        ! grep -q 'not found' <<<"$smoke" ||
            die "/$f misses libraries in the assembled Mesa tree: $(grep 'not found' <<<"$smoke" | tr '\n' ' ')"
    done
    cp "$1" "$mdir.tmp/packages.txt"
    log "Mesa tree: $(find "$r" -type f | wc -l) files, $(du -sh "$r" | cut -f1)"
    touch "$mdir.tmp/.done"
    mv "$mdir.tmp" "$mdir"
}

# prepare_igt TREE: the igt image's second archive, $cache/igt-<key>.cpio.gz,
# from build-igt.sh's TREE/root, after checking in a chroot of the tools
# tree with it that every test and libigt find their libraries (the tools
# image's: intel-gpu-tools needs the same ones) and that a test runs. Keyed
# by the tree (its name carries build-igt.sh's key) and the tools tree.
# Sets $igt_cpio and $igt_key.
prepare_igt() {
    local tree t smoke first
    tree=$(cd "$1" && pwd -P)
    [ -f "$tree/.done" ] && [ -f "$tree/tests.txt" ] ||
        die "$1 is not a tree of scripts/guest/build-igt.sh"
    igt_key=$( (basename "$tree"; basename "$tdir"; echo "$recipe_hash") |
               sha256sum | cut -c1-16)
    igt_cpio=$cache/igt-$igt_key.cpio.gz
    used_cache+=("$(basename "$igt_cpio")")
    [ -f "$igt_cpio" ] && return 0
    local chk=$cache/igt-check.tmp
    rm -rf "$chk"
    mkdir -p "$chk"
    cp -a "$tdir/root/." "$chk/"
    cp -a "$tree/root/." "$chk/"
    for t in $(cat "$tree/tests.txt") ../lib/libigt.so.0; do
        smoke=$(chroot "$chk" /lib64/ld-linux-x86-64.so.2 --list \
                    "/usr/libexec/mvgpu-igt/tests/$t" 2>&1) ||
            die "IGT's $t does not load in the tools tree: $smoke"
        ! grep -q 'not found' <<<"$smoke" ||
            die "IGT's $t misses libraries in the tools tree: $(grep 'not found' <<<"$smoke" | tr '\n' ' ')"
        grep -q '/usr/libexec/mvgpu-igt/.*libigt\.so\.0' <<<"$smoke" || [ "$t" = ../lib/libigt.so.0 ] ||
            die "IGT's $t does not take our libigt.so.0: $smoke"
    done
    first=$(head -n 1 "$tree/tests.txt")
    smoke=$(chroot "$chk" "/usr/libexec/mvgpu-igt/tests/$first" --list-subtests 2>&1) ||
        die "IGT's $first --list-subtests does not run in the tools tree: $smoke"
    rm -rf "$chk"
    mkdir -p "$chk"
    cp -a "$tree/root/." "$chk/"
    make_cpio "$chk" "$igt_cpio"
    rm -rf "$chk"
    log "igt archive: $(wc -l <"$tree/tests.txt") tests, $(du -h "$igt_cpio" | cut -f1)"
}

# ------------------------------------------------------------------ images --

# make_base_root DIR KDIR BBDIR IMAGE_NAME
make_base_root() {
    local d=$1 kd=$2 bb=$3 name=$4 p
    mkdir -p "$d"/{bin,sbin,usr/bin,usr/sbin,lib/mvgpu,etc,dev,proc,sys,run,root,tmp}
    chmod 1777 "$d/tmp"
    chmod 0700 "$d/root"
    install -m 0755 "$bb/bin/busybox" "$d/bin/busybox"
    # Applet links; busybox --list-full names busybox itself too, skip it.
    "$bb/bin/busybox" --list-full | while read -r p; do
        case "$p" in bin/busybox | "") continue ;; esac
        mkdir -p "$d/$(dirname "$p")"
        [ -e "$d/$p" ] || [ -L "$d/$p" ] || ln -s /bin/busybox "$d/$p"
    done
    install -m 0755 "$here/rootfs/init" "$d/init"
    install -m 0644 "$here/rootfs/lib.sh" "$d/lib/mvgpu/lib.sh"
    echo "root:x:0:0:root:/root:/bin/sh" >"$d/etc/passwd"
    echo "root:x:0:" >"$d/etc/group"
    echo "$name" >"$d/etc/mvgpu-image"
    echo 'PS1="mvgpu:\w# "' >"$d/etc/profile"
    cp -a "$kd/root/lib/modules" "$d/lib/"
    # The kernel opens /dev/console for /init before devtmpfs is mounted.
    mknod -m 0600 "$d/dev/console" c 5 1
    mknod -m 0666 "$d/dev/null" c 1 3
}

# make_cpio DIR OUTPUT: newc archive of DIR, owners 0:0, fixed times, gzip.
make_cpio() {
    find "$1" -exec touch -h -d "@$EPOCH" {} +
    (cd "$1" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
        cpio --null -o -H newc -R 0:0 --reproducible --quiet) | gzip -n -6 >"$2.tmp"
    mv "$2.tmp" "$2"
}

# build_kernel_images stable|backports
build_kernel_images() {
    local suite=$1 meta kver_pkg kpkg meta_from tag kver stamp_new dir stage
    read -r meta kpkg kver_pkg meta_from <"$resolved/kernel-$suite"
    prepare_kernel "$kpkg" "$kver_pkg"
    kver=$(cat "$kdir/kver")
    tag=$(sed -E 's/^([0-9]+\.[0-9]+).*/\1/' <<<"$kver")
    dir=$out/$tag
    stamp_new=$(printf '%s\n' "recipe $recipe_hash" "kernel $kpkg $kver_pkg" \
        "busybox $bb_version" "tools $(sha256sum <"$closure_file" | cut -c1-16)" \
        "progs $progs_key" "mesa $mesa_key")
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp_new" ] &&
       [ -f "$dir/vmlinuz" ] && [ -f "$dir/vmlinux" ] && [ -f "$dir/initrd-base.cpio.gz" ] &&
       [ -f "$dir/initrd-tools.cpio.gz" ] && [ -f "$dir/initrd-mesa.cpio.gz" ] &&
       [ -f "$dir/manifest.txt" ]; then
        log "$tag: up to date ($kpkg $kver_pkg)"
        built_tag=$tag
        return 0
    fi
    log "$tag: building images for $kpkg $kver_pkg"
    mkdir -p "$dir"
    rm -f "$dir/.stamp"
    stage=$dir/.stage
    rm -rf "$stage"
    make_base_root "$stage/base" "$kdir" "$bbdir" base
    make_base_root "$stage/tools" "$kdir" "$bbdir" tools
    # Package files win over busybox applet links of the same name.
    cp -a "$tdir/root/." "$stage/tools/"
    cp -a "$pdir/root/." "$stage/tools/"
    make_cpio "$stage/base" "$dir/initrd-base.cpio.gz"
    # mesa: the tools image plus the Mesa tree (the same libc and friends as
    # the tools closure: both come from one state of apt's lists).
    cp -a "$stage/tools" "$stage/mesa"
    echo mesa >"$stage/mesa/etc/mvgpu-image"
    cp -a "$mdir/root/." "$stage/mesa/"
    make_cpio "$stage/tools" "$dir/initrd-tools.cpio.gz"
    make_cpio "$stage/mesa" "$dir/initrd-mesa.cpio.gz"
    for f in vmlinuz vmlinux; do
        cp "$kdir/$f" "$dir/$f.tmp"
        mv "$dir/$f.tmp" "$dir/$f"
    done
    rm -rf "$stage"
    {
        echo "# mvgpu guest images, kernel tag $tag (scripts/guest/build-images.sh)"
        echo "tag $tag"
        echo "kver $kver"
        echo "suite ${meta_from:-unknown}"
        echo "package linux-image-amd64 $meta"
        echo "package $kpkg $kver_pkg"
        echo "package busybox-static $bb_version"
        echo "modules $(tr '\n' ' ' <"$kdir/modules.txt" | sed 's/ $//')"
        awk '{print "tools-package " $1 " " $2}' "$closure_file"
        (cd "$pdir/root" && find usr/libexec/mvgpu -type f | LC_ALL=C sort |
            xargs sha256sum | awk '{print "tools-program /" $2 " " $1}')
        awk '{print "mesa-package " $1 " " $2}' "$mdir/packages.txt"
        (cd "$mdir/root" && find . -type f | sed 's,^\./,,' | LC_ALL=C sort |
            xargs sha256sum | awk '{print "mesa-file /" $2 " " $1}')
        (cd "$dir" && sha256sum vmlinuz vmlinux initrd-base.cpio.gz initrd-tools.cpio.gz \
             initrd-mesa.cpio.gz |
            awk '{print "sha256 " $2 " " $1}')
    } >"$dir/manifest.txt"
    echo "$stamp_new" >"$dir/.stamp"
    built_tag=$tag
    log "$tag: $(cd "$dir" && du -h vmlinuz initrd-base.cpio.gz initrd-tools.cpio.gz \
                     initrd-mesa.cpio.gz | tr '\t\n' ': ')"
}

# build_igt_image DIR: DIR/initrd-igt.cpio.gz, the tools image followed by
# the igt archive (the kernel unpacks concatenated archives in order, later
# files replacing earlier ones: /etc/mvgpu-image says igt), with its own
# stamp so that a new IGT tree or list remakes only this file; without
# --igt, an old one is removed. DIR/manifest-igt.txt lists the tests.
build_igt_image() {
    local dir=$1 stamp
    if [ -z "$igt_key" ]; then
        rm -f "$dir/initrd-igt.cpio.gz" "$dir/.stamp-igt" "$dir/manifest-igt.txt"
        return 0
    fi
    stamp=$(printf '%s\n' "$(cat "$dir/.stamp")" "igt $igt_key")
    if [ -f "$dir/.stamp-igt" ] && [ "$(cat "$dir/.stamp-igt")" = "$stamp" ] &&
       [ -f "$dir/initrd-igt.cpio.gz" ]; then
        return 0
    fi
    cat "$dir/initrd-tools.cpio.gz" "$igt_cpio" >"$dir/initrd-igt.cpio.gz.tmp"
    mv "$dir/initrd-igt.cpio.gz.tmp" "$dir/initrd-igt.cpio.gz"
    {
        echo "# the igt image of kernel tag $(basename "$dir"): initrd-tools.cpio.gz + IGT"
        echo "igt-tree $(basename "$(cd "$igt_tree" && pwd -P)")"
        sed 's/^/igt-test /' "$igt_tree/tests.txt"
        (cd "$dir" && sha256sum initrd-igt.cpio.gz | awk '{print "sha256 " $2 " " $1}')
    } >"$dir/manifest-igt.txt"
    echo "$stamp" >"$dir/.stamp-igt"
    log "$(basename "$dir"): initrd-igt.cpio.gz $(du -h "$dir/initrd-igt.cpio.gz" | cut -f1)"
}

# ------------------------------------------------------------------- main --

# Resolving versions asks apt a few times (seconds when apt keeps no binary
# cache); the answers only change with apt's lists, so they are kept per
# state of those lists.
lists_key=$( {
    stat -c '%n %s %Y' /var/lib/apt/lists/*_Packages* /etc/apt/sources.list \
        /etc/apt/sources.list.d/* /etc/apt/preferences /etc/apt/preferences.d/* 2>/dev/null || true
    echo "$recipe_hash"
} | sha256sum | cut -c1-16)
resolved=$cache/resolved-$lists_key
if [ ! -f "$resolved/.done" ]; then
    log "resolving package versions"
    rm -rf "$resolved" "$resolved.tmp"
    mkdir -p "$resolved.tmp"
    v=$(apt-cache policy busybox-static | sed -n 's/^ *Candidate: //p')
    [ -n "$v" ] && [ "$v" != "(none)" ] || die "busybox-static is not in apt's lists"
    echo "$v $(pkg_arch busybox-static "$v")" >"$resolved.tmp/busybox"
    apt_closure "${TOOLS_PKGS[@]}" >"$resolved.tmp/closure.txt"
    [ -s "$resolved.tmp/closure.txt" ] || die "apt could not resolve ${TOOLS_PKGS[*]}"
    apt_closure "${MESA_PKGS[@]}" >"$resolved.tmp/mesa-closure.txt"
    [ -s "$resolved.tmp/mesa-closure.txt" ] || die "apt could not resolve ${MESA_PKGS[*]}"
    for suite in stable backports; do
        meta=$(meta_version "$suite")
        echo "$meta $(kernel_package "$meta") $(meta_suite "$meta")" >"$resolved.tmp/kernel-$suite"
    done
    touch "$resolved.tmp/.done"
    mv "$resolved.tmp" "$resolved"
fi
used_cache=("$(basename "$resolved")")
read -r bb_version bb_arch <"$resolved/busybox"
closure_file=$resolved/closure.txt
used_debs=("busybox-static_${bb_version//:/%3a}_$bb_arch.deb")
mesa_closure_file=$resolved/mesa-closure.txt
while read -r p v a; do
    used_debs+=("${p}_${v//:/%3a}_$a.deb")
done < <(cat "$closure_file" "$mesa_closure_file")

{
    echo "busybox-static $bb_version $bb_arch"
    cat "$closure_file" "$mesa_closure_file"
} | LC_ALL=C sort -u | fetch_debs
prepare_busybox "$bb_version"
prepare_tools "$closure_file"
prepare_progs
prepare_mesa "$mesa_closure_file"
igt_key=
[ -z "$igt_tree" ] || prepare_igt "$igt_tree"

tags=()
for suite in stable backports; do
    read -r _ kpkg kver_pkg _ <"$resolved/kernel-$suite"
    echo "$kpkg $kver_pkg amd64" | fetch_debs
    used_debs+=("$(basename "$(deb_path "$kpkg" "$kver_pkg" amd64)")")
    build_kernel_images "$suite"
    build_igt_image "$out/$built_tag"
    tags+=("$built_tag")
done
[ "${tags[0]}" != "${tags[1]}" ] || die "both kernels have tag ${tags[0]}"

# Forget what older package versions (or an older recipe) left behind.
declare -A keep=()
for u in "${used_cache[@]}" "${used_debs[@]}"; do keep[$u]=1; done
for d in "$cache"/* "$debs"/*.deb; do
    [ -e "$d" ] || continue
    [ -n "${keep[${d##*/}]:-}" ] || { log "pruning ${d##*/}"; rm -rf "$d"; }
done
log "done: ${tags[*]} in $out"
