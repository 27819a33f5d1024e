#!/usr/bin/env bash
# What a careful CI user trusts evsim with, tried on the real binary: recordings that cannot
# lie, exports that compile for any name, outputs that never collide, budgets that hold.
# Usage: trust_test.sh CASE PATH/TO/evsim. Working directory: the repository root.
set -uo pipefail
case_name=$1
evsim=$2
# shellcheck source=cli_support.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_support.sh"

# tamper NAME PYTHON: writes $tmp/NAME.evrec, the genuine recording $tmp/genuine.evrec with
# the Python statement applied to its JSON as `r` (json.dumps re-indents it, which is fine).
tamper() {
    python3 - "$tmp/genuine.evrec" "$tmp/$1.evrec" "$2" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(r, open(sys.argv[2], "w"), indent=2)
EOF
}

# expect_refused FILE CODE PATH: replay, test and export all refuse FILE with exit 2 (test:
# the item is an error, exit 1), naming error CODE at the JSON path, located by line.
expect_refused() {
    local file=$1 code_text=$2 path=$3
    run_capture "$evsim" replay "$file"
    expect_code 2
    grep -qE "^$file:[0-9]+:[0-9]+: error\[$code_text\]: .*\(at \\$path\)" <<<"$err" ||
        fail "replay $file: no located $code_text at $path: $err"
    run_capture "$evsim" test "$file"
    expect_code 1
    grep -q "ERROR" <<<"$out" && grep -q "$code_text" <<<"$out" ||
        fail "test $file: not an error naming $code_text: $out"
    run_capture "$evsim" export "$file" --gtest "$tmp/x_test.cpp"
    expect_code 2
    grep -q "$code_text" <<<"$err" || fail "export $file: $err"
    [[ ! -e $tmp/x_test.cpp ]] || fail "export $file wrote a test"
}

# expect_differs FILE: a file that holds together but is not the run it names.
expect_differs() {
    run_capture "$evsim" replay "$1"
    expect_code 1
    grep -q "replay: the run differs from $1" <<<"$out" || fail "replay $1: $out $err"
    run_capture "$evsim" test "$1"
    expect_code 1
    grep -q "DigestMismatch\|FAIL" <<<"$out" || fail "test $1: $out"
}

case $case_name in
tampered_recordings_fail_loudly)
    run_capture "$evsim" record scenarios/hello-pubsub.json -o "$tmp/genuine.evrec" \
        --checkpoint-every 100
    expect_code 0
    run_capture "$evsim" replay "$tmp/genuine.evrec"
    expect_code 0

    # Fields that contradict each other: refused before anything runs.
    tamper emptied 'r["checkpoints"] = []; r["digest"] = "0123456789abcdef"'
    expect_refused "$tmp/emptied.evrec" E033 '$.checkpoints'
    tamper shortened 'r["checkpoints"] = r["checkpoints"][:5]'
    expect_refused "$tmp/shortened.evrec" E033 '$.checkpoints'
    tamper past 'r["checkpoints"][-1]["record"] = r["records"]'
    expect_refused "$tmp/past.evrec" E033 '$.checkpoints\[18\].record'
    tamper wrapped 'r["checkpoints"][3]["record"] = 2**64 - 1'
    expect_refused "$tmp/wrapped.evrec" E033 '$.checkpoints\[3\].record'
    tamper reordered 'r["checkpoints"][1], r["checkpoints"][2] = r["checkpoints"][2], r["checkpoints"][1]'
    expect_refused "$tmp/reordered.evrec" E033 '$.checkpoints\[1\].record'
    tamper digest 'r["digest"] = "0123456789abcdef"'
    expect_refused "$tmp/digest.evrec" E033 '$.digest'
    tamper empty_run 'r["checkpoints"] = []; r["records"] = 0; r["digest"] = "0123456789abcdef"'
    expect_refused "$tmp/empty_run.evrec" E033 '$.digest'
    tamper late 'r["checkpoints"][4]["t_ns"] = r["until_ns"] + 1'
    expect_refused "$tmp/late.evrec" E033 '$.checkpoints\[4\].t_ns'
    # Found after the run, whose digest matched: still refused, at the value.
    tamper summary 'r["summary"]["acked"] += 1'
    expect_refused "$tmp/summary.evrec" E033 '$.summary.acked'
    tamper time 'r["checkpoints"][2]["t_ns"] += 1'
    expect_refused "$tmp/time.evrec" E033 '$.checkpoints\[2\].t_ns'
    # A duplicate key is refused as in a scenario.
    sed '0,/"seed": /s//"seed": 5,\n  "seed": /' "$tmp/genuine.evrec" >"$tmp/duplicate.evrec"
    expect_refused "$tmp/duplicate.evrec" E008 '$.seed'

    # Files that hold together but are not the run they name: the run differs.
    tamper scenario 'r["scenario"] = r["scenario"].replace("\"count\": 200", "\"count\": 199")'
    expect_differs "$tmp/scenario.evrec"
    tamper seed 'r["seed"] += 1'
    expect_differs "$tmp/seed.evrec"
    tamper no_checkpoints_edited 'r["checkpoints"] = []; r["records"] = 0; r["digest"] = "7acdbb98b1344213"; r["scenario"] = r["scenario"].replace("\"count\": 200", "\"count\": 199")'
    expect_differs "$tmp/no_checkpoints_edited.evrec"

    # A recording where a scenario belongs says what it is and what runs it.
    for command in run validate record sweep; do
        extra=()
        [[ $command == record ]] && extra=(-o "$tmp/out.evrec")
        [[ $command == sweep ]] && extra=(--seeds 1..2)
        run_capture "$evsim" "$command" "$tmp/genuine.evrec" "${extra[@]}"
        expect_code 2
        grep -q "is a recording, not a scenario; \`evsim replay $tmp/genuine.evrec\`" <<<"$err" ||
            fail "$command on a recording: $err"
    done
    ;;
*)
    fail "unknown case $case_name"
    ;;
esac
