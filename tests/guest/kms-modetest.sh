#!/bin/sh
# mvgpu: display=mvgpu image=tools timeout=300
# KMS from userspace: libdrm's modetest sets a second mode (1024x768, not the
# monitor's preferred 1280x800) with a dumb buffer filled by its "plain"
# pattern, and the runner's screendump shows exactly that buffer. Then
# vsynced page flips on the preferred mode run at that mode's 75 Hz, and
# the pipe CRC of a static picture is steady on consecutive frames.
. /lib/mvgpu/lib.sh

modprobe i915
for vt in /sys/class/vtconsole/vtcon*; do
    grep -q "frame buffer" "$vt/name" && echo 0 > "$vt/bind"
done
conn=$(modetest -M i915 -c 2>/dev/null |
       awk '$3 == "connected" && $4 ~ /^DP/ { print $1; exit }')
if [ -z "$conn" ]; then
    result kms-modetest FAIL "no connected DP connector in modetest -c"
    exit 0
fi
# modetest keeps the mode until it reads a key: hold its stdin open.
sleep 600 | modetest -M i915 -s "$conn:1024x768" -F plain,plain \
    > /tmp/modetest.log 2>&1 &

# The mode is set some time after modetest starts: check the screen until it
# matches, a bounded number of times.
ok=no
for _ in $(seq 20); do
    if screencheck modetest-1024x768 plain77@1024x768; then
        ok=yes
        break
    fi
    sleep 0.5
done
if [ $ok = yes ]; then
    result kms-modetest PASS "$screencheck_verdict"
else
    result kms-modetest FAIL "$screencheck_verdict; modetest: $(tr '\n' ' ' < /tmp/modetest.log | cut -c1-200)"
fi

# Pipe CRC through i915's debugfs (crtc-N/crc): the static pattern gives one
# CRC frame after frame, on increasing frame numbers (a vblank timer that
# fires late under TCG accounts for several frames but reports one CRC).
crtc=$(grep -l . /sys/kernel/debug/dri/0/crtc-*/crc/control 2>/dev/null | head -n 1)
crtc=${crtc%/crc/control}
if [ -n "$crtc" ] && echo auto > "$crtc/crc/control" 2>/dev/null; then
    # Each entry is a fixed-size record that ends in a NUL (Linux
    # drm_debugfs_crc.c): keep the text.
    timeout 20 head -n 4 "$crtc/crc/data" 2>&1 | tr -d '\000' > /tmp/crc.txt
    echo none > "$crtc/crc/control" 2>/dev/null
    # Lines: frame crc; the first may be the mode's first frame: use 2..4.
    crcs=$(sed -n '2,4p' /tmp/crc.txt | awk '{print $2}' | sort -u | wc -l)
    consecutive=yes
    prev=
    for f in $(sed -n '2,4p' /tmp/crc.txt | awk '{print $1}'); do
        [ -z "$prev" ] || [ $((f)) -gt $((prev)) ] || consecutive=no
        prev=$((f))
    done
    first=$(sed -n 2p /tmp/crc.txt | awk '{print $2}')
    if [ "$(wc -l < /tmp/crc.txt)" -ge 4 ] && [ "$crcs" -eq 1 ] &&
       [ "$consecutive" = yes ] && [ "$first" != "0x00000000" ]; then
        result pipe-crc PASS "$(tr '\n' ' ' < /tmp/crc.txt)"
    else
        result pipe-crc FAIL "crcs=$crcs consecutive=$consecutive: $(tr '\n' ' ' < /tmp/crc.txt)"
    fi
else
    result pipe-crc FAIL "no crtc crc control in debugfs: $(ls /sys/kernel/debug/dri/0 2>&1 | tr '\n' ' ' | cut -c1-200)"
fi

kill %1 2>/dev/null
wait 2>/dev/null

# Vblank at the mode's rate: the monitor's preferred 1280x800 is a 75 Hz
# mode (EDID), and modetest's vsynced page flipping (-v) reports the flip
# rate every 60 flips; the best of its reports must be 75 Hz, not 60.
# It stops at a key on stdin: a fifo we write once it has reported 4 times
# (a bounded number of checks).
rm -f /tmp/modetest.in
mkfifo /tmp/modetest.in
modetest -M i915 -s "$conn:1280x800" -v </tmp/modetest.in \
    >/tmp/modetest-v.log 2>&1 &
mt=$!
exec 3>/tmp/modetest.in
for _ in $(seq 60); do
    [ "$(grep -c 'freq:' /tmp/modetest-v.log)" -ge 4 ] && break
    sleep 0.5
done
echo >&3
exec 3>&-
wait $mt
best=$(sed -n 's/.*freq: \([0-9.]*\)Hz.*/\1/p' /tmp/modetest-v.log |
       sort -n | tail -n 1)
case "$best" in
    7[2-8].*) result vblank-75hz PASS "best flip rate ${best} Hz" ;;
    *) result vblank-75hz FAIL "best flip rate '${best}' Hz: $(grep -c freq /tmp/modetest-v.log) reports; $(tail -n 3 /tmp/modetest-v.log | tr '\n' ' ')" ;;
esac
exit 0
