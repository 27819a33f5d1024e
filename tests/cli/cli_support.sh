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

expect_code() {
    [[ $code == "$1" ]] || fail "expected exit $1, got $code
stdout: $out
stderr: $err"
}
