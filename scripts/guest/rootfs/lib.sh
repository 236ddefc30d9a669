# Helpers for mvgpu guest scenarios (busybox sh). Installed in the guest
# images as /lib/mvgpu/lib.sh; a scenario uses them with
#   . /lib/mvgpu/lib.sh

# result NAME PASS|FAIL [DETAIL...]: one line the runner collects.
result() {
    _r_name=$1
    _r_status=$2
    shift 2
    echo "RESULT $_r_name $_r_status $*"
}

# check_eq NAME EXPECTED ACTUAL: PASS when both strings are equal.
check_eq() {
    if [ "$2" = "$3" ]; then
        result "$1" PASS "$3"
    else
        result "$1" FAIL "expected $2, got $3"
    fi
}

# screendump NAME: asks the runner to save the screen as NAME.png and waits
# for its answer. Returns 0 when the runner saved it.
screendump() {
    echo "SCREENDUMP $1"
    if ! read -r -t "${MVGPU_SCREENDUMP_TIMEOUT:-60}" _s_ans </dev/ttyS0; then
        echo "screendump $1: no answer from the runner"
        return 1
    fi
    _s_ans=$(echo "$_s_ans" | tr -d '\r')
    case "$_s_ans" in
        DONE*) return 0 ;;
        *) echo "screendump $1: $_s_ans"; return 1 ;;
    esac
}

# kernel_oops: prints a reason and returns 0 when the kernel log shows an
# oops, a BUG or a panic, or the kernel is tainted by one (taint flag D).
kernel_oops() {
    _k_taint=$(cat /proc/sys/kernel/tainted 2>/dev/null || echo 0)
    if [ $((_k_taint & 128)) -ne 0 ]; then
        echo "tainted=$_k_taint(D)"
        return 0
    fi
    _k_line=$(dmesg | grep -m 1 -E 'Oops|BUG:|kernel BUG|general protection fault|Kernel panic|Unable to handle kernel' || true)
    if [ -n "$_k_line" ]; then
        echo "$_k_line" | sed 's/^\[[^]]*\] *//'
        return 0
    fi
    return 1
}

# screencheck NAME PATTERN: asks the runner to save the screen as NAME and
# compare it with PATTERN (scripts/guest/patterns.py). Sets
# screencheck_verdict to the runner's answer ("MATCH WxH" or "MISMATCH
# why"); returns 0 on a match.
screencheck() {
    echo "SCREENDUMP $1 $2"
    if ! read -r -t "${MVGPU_SCREENDUMP_TIMEOUT:-120}" _s_ans </dev/ttyS0; then
        screencheck_verdict="no answer from the runner"
        return 1
    fi
    _s_ans=$(echo "$_s_ans" | tr -d '\r')
    screencheck_verdict=${_s_ans#DONE }
    case "$_s_ans" in
        "DONE MATCH"*) return 0 ;;
        *) return 1 ;;
    esac
}

# gt_health: RESULT lines gt-healthy (no GPU hang, wedge or i915 *ERROR* in
# the kernel log) and no-oops, the closing checks of the GT scenarios.
gt_health() {
    _g_bad=$(dmesg | grep -i -E 'wedged|Failed to initialize GPU|GPU HANG|hangcheck|\*ERROR\*' | head -n 3)
    if [ -z "$_g_bad" ]; then
        result gt-healthy PASS "no hang, no wedge, no driver error"
    else
        result gt-healthy FAIL "$(echo "$_g_bad" | sed 's/^\[[^]]*\] *//' | tr '\n' '|')"
    fi
    if ! _g_why=$(kernel_oops); then
        result no-oops PASS
    else
        result no-oops FAIL "$_g_why"
    fi
}

# run_program PROG TAG MIN TIMEOUT [ARGS...]: runs our /usr/libexec/mvgpu/PROG
# (the programs in tests/guest/src*), shows its RESULT lines and its other
# output prefixed with PROG, then "RESULT TAG-exit": PASS when it exited 0,
# no step failed and more than MIN steps passed. Mesa's on-disk shader cache
# is off: shaders compile on the guest's CPU and a fresh boot has no use
# for it.
run_program() {
    _p_prog=/usr/libexec/mvgpu/$1
    _p_tag=$2
    _p_min=$3
    _p_limit=$4
    shift 4
    if [ ! -x "$_p_prog" ]; then
        result "$_p_tag-exit" FAIL "$_p_prog is not in the image"
        return
    fi
    MESA_SHADER_CACHE_DISABLE=true timeout "$_p_limit" "$_p_prog" "$@" \
        >"/tmp/$_p_tag.out" 2>&1
    _p_rc=$?
    grep '^RESULT ' "/tmp/$_p_tag.out"
    grep -v '^RESULT ' "/tmp/$_p_tag.out" | sed "s|^|$(basename "$_p_prog"): |"
    _p_pass=$(grep -c '^RESULT [^ ]* PASS' "/tmp/$_p_tag.out")
    _p_fail=$(grep -c '^RESULT [^ ]* FAIL' "/tmp/$_p_tag.out")
    if [ $_p_rc -eq 0 ] && [ "$_p_fail" -eq 0 ] && [ "$_p_pass" -gt "$_p_min" ]; then
        result "$_p_tag-exit" PASS "exit 0, $_p_pass steps passed"
    else
        result "$_p_tag-exit" FAIL "exit $_p_rc, $_p_pass passed, $_p_fail failed"
    fi
}
