# What every CLI test script shares (sourced by each). Gives a temporary folder $tmp
# (removed on exit) and the helpers below.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# run_capture CMD...: sets $out, $err, $code
run_capture() {
    "$@" >"$tmp/out" 2>"$tmp/err"
    code=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

# signal_when_writing SIGNAL CMD...: runs CMD in the background, sends it SIGNAL once a
# temporary output file of its own (.NAME.evsim-XXXXXX) exists under $tmp, so that the signal
# comes while it is at work whatever the machine's speed, and sets $out, $err and $code.
signal_when_writing() {
    local signal=$1
    shift
    "$@" >"$tmp/out" 2>"$tmp/err" &
    local pid=$!
    for _ in $(seq 1 1200); do
        [[ -n $(find "$tmp" -name '.*evsim-*') ]] && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.05 # polling for the file, not timing anything
    done
    [[ -n $(find "$tmp" -name '.*evsim-*') ]] || fail "$*: no temporary output file appeared"
    kill -s "$signal" $pid
    wait $pid
    code=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

expect_code() {
    [[ $code == "$1" ]] || fail "expected exit $1, got $code
stdout: $out
stderr: $err"
}
