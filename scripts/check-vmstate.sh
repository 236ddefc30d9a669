#!/usr/bin/env bash
# Checks that the current mvgpu migration format still loads the released
# ones: QEMU's scripts/vmstate-static-checker.py compares each kept dump
# (tests/vmstate/mvgpu-v*.json: the machine and the "mvgpu" section of a
# -dump-vmstate) with a dump of the QEMU built now.
#   check-vmstate.sh QEMU QEMU_TREE            check every kept dump
#   check-vmstate.sh QEMU QEMU_TREE --dump F   write the current one to F
set -euo pipefail

qemu=$1
tree=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$qemu" -machine q35 -accel qtest -nodefaults -display none \
    -dump-vmstate "$tmp/now.json"

if [ "${3:-}" = "--dump" ]; then
    # Only what the checker needs of a release: the machine, our section.
    /usr/bin/python3 - "$tmp/now.json" "$4" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
out = {k: d[k] for k in ("vmschkmachine", "mvgpu")}
json.dump(out, open(sys.argv[2], "w"), indent=4, sort_keys=True)
open(sys.argv[2], "a").write("\n")
PY
    exit 0
fi

status=0
for kept in tests/vmstate/mvgpu-v*.json; do
    echo "check-vmstate: $kept -> now"
    /usr/bin/python3 "$tree/scripts/vmstate-static-checker.py" \
        -s "$kept" -d "$tmp/now.json" || status=1
done
exit $status
