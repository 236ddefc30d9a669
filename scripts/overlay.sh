#!/usr/bin/env bash
# Overlays mvgpu's files into a QEMU source tree and applies our hook edits.
# Copies only files whose content differs, stamped with the time of the copy,
# so after an edit ninja rebuilds just what depends on it (keeping the
# repository's older mtime could leave a newer object file looking current).
# Usage: overlay.sh REPO QEMU_TREE
set -euo pipefail

repo=$(cd "$1" && pwd)
tree=$(cd "$2" && pwd)

# Our directories, mirrored exactly (files deleted here disappear there).
for dir in hw/display/mvgpu; do
    mkdir -p "$tree/$dir"
    rsync -r --checksum --delete "$repo/$dir/" "$tree/$dir/"
done
# Our single files inside QEMU's directories.
for f in "$repo"/tests/qtest/mvgpu-*.[ch]; do
    [ -e "$f" ] || continue
    rsync --checksum "$f" "$tree/tests/qtest/"
done
# The tests' shared builder header, next to the qtest that includes it (it
# names the core's headers from the source root, which QEMU's build has on
# its include path).
rsync --checksum "$repo/tests/include/mvgpu-build.h" "$tree/tests/qtest/"

# Hook edits to QEMU's own build files; each is applied once.
for p in "$repo"/patches/qemu/*.patch; do
    if (cd "$tree" && patch -p1 -R --dry-run -s -f < "$p" >/dev/null 2>&1); then
        continue
    fi
    echo "overlay: applying $(basename "$p")"
    (cd "$tree" && patch -p1 -N -s < "$p") || {
        echo "overlay: $(basename "$p") does not apply to $tree" >&2
        exit 1
    }
done
