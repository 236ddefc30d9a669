#!/usr/bin/env bash
# Builds the "nested" guest image: the tools image plus our QEMU and its
# qtest, so that a guest on mvgpu can run mvgpu with backend=drm against its
# own i915 (tests/guest/drm-qtest.sh, docs/drm-backend.md "How it was tested").
#
#   scripts/guest/build-nested-image.sh GUEST_OUT QEMU_BUILD
#
# For every kernel tag in GUEST_OUT that has initrd-tools.cpio.gz it writes
# GUEST_OUT/<tag>/initrd-nested.cpio.gz: the tools archive followed by a
# second one (the kernel unpacks concatenated archives in order) holding
#   /opt/mvgpu-qemu/lib     qemu-system-x86_64 and tests/qtest/mvgpu-test
#                           (stripped) with the ELF closure they were linked
#                           against on this host, the dynamic loader included
#   /opt/mvgpu-qemu/share   the firmware QEMU loads for -M q35 and -M pc
#   /usr/bin/mvgpu-qemu-system-x86_64, /usr/bin/mvgpu-qtest   wrappers running
#                           them with that loader and library path (qtest
#                           wants a QEMU whose name ends in -system-<arch>)
# QEMU is built against the host's libraries, so it takes those, kept apart
# from the image's own (Debian packages of the same release) by its private
# loader. Rebuilt only when QEMU, the qtest or the tools image change.
set -euo pipefail

out=${1:?usage: build-nested-image.sh GUEST_OUT QEMU_BUILD}
qbuild=${2:?usage: build-nested-image.sh GUEST_OUT QEMU_BUILD}
qemu=$qbuild/qemu-system-x86_64
qtest=$qbuild/tests/qtest/mvgpu-test
# What QEMU opens for q35/pc without -nodefaults (strace of the qtest):
# SeaBIOS, the TCG vapic ROM and the default NIC's iPXE ROMs.
firmware=(/usr/share/seabios/bios-256k.bin /usr/share/seabios/bios.bin
          /usr/share/qemu/kvmvapic.bin /usr/lib/ipxe/qemu/efi-e1000e.rom
          /usr/lib/ipxe/qemu/efi-e1000.rom)
EPOCH=1700000000

log() { echo "build-nested-image: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ -x "$qemu" ] || die "$qemu is missing: make qemu"
[ -x "$qtest" ] || die "$qtest is missing: make qemu"

# The host paths of every library $@ need, the loader included.
elf_closure() {
    ldd "$@" 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^\s*\(\/[^ ]*\) (.*/\1/p' |
        LC_ALL=C sort -u
}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
key=$( {
    sha256sum "$qemu" "$qtest" "$0" | cut -d' ' -f1
    for f in "${firmware[@]}"; do [ -f "$f" ] && sha256sum "$f" | cut -d' ' -f1; done
    elf_closure "$qemu" "$qtest"
} | sha256sum | cut -c1-16)

overlay=$stage/overlay.cpio.gz
made_overlay=
make_overlay() {
    local root=$stage/root lib share
    lib=$root/opt/mvgpu-qemu/lib
    share=$root/opt/mvgpu-qemu/share
    mkdir -p "$lib" "$share" "$root/usr/bin"
    strip --strip-unneeded -o "$lib/qemu-system-x86_64" "$qemu"
    strip --strip-unneeded -o "$lib/mvgpu-test" "$qtest"
    while read -r so; do
        cp -L "$so" "$lib/$(basename "$so")"
    done < <(elf_closure "$qemu" "$qtest")
    [ -f "$lib/ld-linux-x86-64.so.2" ] || die "no dynamic loader in the closure"
    for f in "${firmware[@]}"; do
        if [ -f "$f" ]; then
            cp -L "$f" "$share/"
        else
            log "note: $f is not on this host; QEMU will not find it in the guest"
        fi
    done
    cat >"$root/usr/bin/mvgpu-qemu-system-x86_64" <<'EOF'
#!/bin/sh
# Our QEMU, with the libraries and firmware it was built with.
d=/opt/mvgpu-qemu
exec $d/lib/ld-linux-x86-64.so.2 --library-path $d/lib \
    $d/lib/qemu-system-x86_64 -L $d/share "$@"
EOF
    cat >"$root/usr/bin/mvgpu-qtest" <<'EOF'
#!/bin/sh
# The mvgpu qtest, driving our QEMU (QTEST_QEMU_BINARY) in this guest.
d=/opt/mvgpu-qemu
export QTEST_QEMU_BINARY=${QTEST_QEMU_BINARY:-/usr/bin/mvgpu-qemu-system-x86_64}
exec $d/lib/ld-linux-x86-64.so.2 --library-path $d/lib $d/lib/mvgpu-test "$@"
EOF
    chmod 0755 "$root/usr/bin/mvgpu-qemu-system-x86_64" "$root/usr/bin/mvgpu-qtest"
    find "$root" -exec touch -h -d "@$EPOCH" {} +
    (cd "$root" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
        cpio --null -o -H newc -R 0:0 --reproducible --quiet) | gzip -n -6 >"$overlay"
    made_overlay=1
}

built=0
for dir in "$out"/*/; do
    dir=${dir%/}
    tools=$dir/initrd-tools.cpio.gz
    [ -f "$tools" ] || continue
    stamp="nested $key tools $(sha256sum <"$tools" | cut -c1-16)"
    if [ -f "$dir/initrd-nested.cpio.gz" ] && [ -f "$dir/.nested-stamp" ] &&
       [ "$(cat "$dir/.nested-stamp")" = "$stamp" ]; then
        log "$(basename "$dir"): up to date"
        built=$((built + 1))
        continue
    fi
    [ -n "$made_overlay" ] || make_overlay
    # The next archive starts at a 4-byte boundary: pad with zeros.
    {
        cat "$tools"
        size=$(stat -c %s "$tools")
        head -c $(( (512 - size % 512) % 512 )) /dev/zero
        cat "$overlay"
    } >"$dir/initrd-nested.cpio.gz.tmp"
    mv "$dir/initrd-nested.cpio.gz.tmp" "$dir/initrd-nested.cpio.gz"
    echo "$stamp" >"$dir/.nested-stamp"
    log "$(basename "$dir"): $(du -h "$dir/initrd-nested.cpio.gz" | cut -f1)"
    built=$((built + 1))
done
[ "$built" -gt 0 ] || die "no initrd-tools.cpio.gz under $out: make guest-images"
