#!/usr/bin/env bash
# Runs one named case of `evsim test` and `evsim sweep` against the evsim binary.
# Usage: suite_test.sh CASE PATH/TO/evsim. Working directory: the repository root.
set -uo pipefail
case_name=$1
evsim=$2
# shellcheck source=cli_support.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_support.sh"

# validate FILE: the JUnit report is valid against Jenkins' schema.
validate() {
    xmllint --noout --schema fixtures/junit/junit-10.xsd "$1" 2>"$tmp/xmllint" ||
        fail "$1 does not validate against junit-10.xsd: $(cat "$tmp/xmllint")"
}

# Reports without what changes from run to run: wall times (the table's sixth column, the
# JUnit time attributes, the sweep's last line) and the name of the JUnit file.
without_wall() { awk '/^junit:/ { next } { $6 = ""; print }' "$@"; }
xml_without_time() { sed -e 's/ time="[^"]*"//g' "$@"; }
sweep_without_wall() { sed -e '/^wall time:/d' "$@"; }

json_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

case $case_name in
test_runs_the_bundled_scenarios_and_writes_valid_junit)
    run_capture "$evsim" test scenarios/ --junit "$tmp/report.xml" -j 2
    expect_code 0
    validate "$tmp/report.xml"
    scenarios=$(find scenarios -name '*.json' ! -name '*.layout.json' | wc -l)
    [[ $(grep -c "<testcase " "$tmp/report.xml") == "$scenarios" ]] ||
        fail "expected $scenarios test cases in $(cat "$tmp/report.xml")"
    grep -q "<property name=\"digest\" value=\"$(cat fixtures/digests/hello-pubsub.digest)\"/>" \
        "$tmp/report.xml" || fail "hello-pubsub's pinned digest is not in the report"
    grep -q "^tests: $scenarios passed, 0 failed, 0 errors$" <<<"$out" || fail "no summary: $out"
    [[ $(grep -c '^\[[0-9]*/[0-9]*\] PASS ' <<<"$err") == "$scenarios" ]] ||
        fail "expected one progress line per item: $err"
    sorted=$(grep -o '<testsuite name="[^"]*"' "$tmp/report.xml")
    [[ $sorted == "$(sort <<<"$sorted")" ]] || fail "items are not in sorted order"
    ;;
test_failing_expectation_is_a_junit_failure_with_its_text)
    run_capture "$evsim" test fixtures/failing/too-strict.json --junit "$tmp/report.xml"
    expect_code 1
    validate "$tmp/report.xml"
    grep -q '<failure type="Expectation" message="expect\[1\] queue billing.orders acked: expected = 200, saw 100' \
        "$tmp/report.xml" || fail "no failure with the expectation's text: $(cat "$tmp/report.xml")"
    grep -q '^expect\[2\] queue billing.orders latency p99' "$tmp/report.xml" ||
        fail "the failure's text does not list every failed expectation"
    grep -q "^FAIL fixtures/failing/too-strict.json" <<<"$out" || fail "no FAIL section: $out"
    grep -q "^tests: 0 passed, 1 failed, 0 errors$" <<<"$out" || fail "no summary: $out"
    ;;
test_file_that_does_not_load_is_a_junit_error)
    mkdir -p "$tmp/suite"
    cp scenarios/hello-pubsub.json "$tmp/suite/"
    printf '{\n  "name": "broken",\n  "duration": 5\n}\n' >"$tmp/suite/broken.json"
    echo '{"layout": true}' >"$tmp/suite/hello-pubsub.layout.json"
    run_capture "$evsim" test "$tmp/suite" --junit "$tmp/report.xml"
    expect_code 1
    validate "$tmp/report.xml"
    grep -q "<error type=\"LoadError\" message=\"$tmp/suite/broken.json:[0-9]*:[0-9]*: error\[E" \
        "$tmp/report.xml" || fail "no located load error: $(cat "$tmp/report.xml")"
    [[ $(grep -c "<testcase " "$tmp/report.xml") == 2 ]] || fail "the layout file was not skipped"
    grep -q "^tests: 1 passed, 0 failed, 1 errors$" <<<"$out" || fail "no summary: $out"
    ;;
test_replays_recordings_and_checks_their_digest)
    mkdir -p "$tmp/recs"
    run_capture "$evsim" record scenarios/hello-pubsub.json -o "$tmp/recs/hello.evrec"
    expect_code 0
    run_capture "$evsim" test "$tmp/recs" fixtures/recordings --junit "$tmp/report.xml"
    expect_code 0
    validate "$tmp/report.xml"
    grep -q '<property name="kind" value="recording"/>' "$tmp/report.xml" || fail "no recording item"
    sed -i 's/"seed": 1,/"seed": 2,/' "$tmp/recs/hello.evrec"
    run_capture "$evsim" test "$tmp/recs/hello.evrec" --junit "$tmp/report.xml"
    expect_code 1
    validate "$tmp/report.xml"
    grep -q '<failure type="DigestMismatch" message="the replay differs from the recording' \
        "$tmp/report.xml" || fail "a changed recording did not fail: $(cat "$tmp/report.xml")"
    ;;
test_results_do_not_depend_on_jobs_or_shards)
    run_capture "$evsim" test scenarios/ fixtures/recordings/ fixtures/failing/too-strict.json --junit "$tmp/one.xml" -j 1
    expect_code 1
    without_wall <<<"$out" >"$tmp/one.txt"
    run_capture "$evsim" test scenarios/ fixtures/recordings/ fixtures/failing/too-strict.json --junit "$tmp/two.xml" -j 2
    expect_code 1
    without_wall <<<"$out" >"$tmp/two.txt"
    diff "$tmp/one.txt" "$tmp/two.txt" >&2 || fail "the report depends on -j"
    diff <(xml_without_time "$tmp/one.xml") <(xml_without_time "$tmp/two.xml") >&2 || fail "the JUnit report depends on -j"
    names() { grep -o '<testsuite name="[^"]*"' "$@" | sort; }
    "$evsim" test scenarios/ fixtures/recordings/ fixtures/failing/too-strict.json --shard 1/2 --junit "$tmp/s1.xml" >/dev/null 2>&1
    "$evsim" test scenarios/ fixtures/recordings/ fixtures/failing/too-strict.json --shard 2/2 --junit "$tmp/s2.xml" >/dev/null 2>&1
    [[ -z $(comm -12 <(names "$tmp/s1.xml") <(names "$tmp/s2.xml")) ]] || fail "shards overlap"
    diff <(names "$tmp/s1.xml" "$tmp/s2.xml" | sed 's/^[^:]*://' | sort) <(names "$tmp/one.xml") >&2 ||
        fail "the two shards do not make the whole suite"
    ;;
test_usage_errors_exit_2)
    for args in "" "no/such/dir" "scenarios --shard 0/2" "scenarios --shard 3/2" "scenarios --shard 1" \
        "scenarios -j 0" "scenarios -j x" "README.md" "scenarios --junit $tmp/no/such/dir/out.xml" \
        "scenarios --max-memory lots" "scenarios --max-memory 10KiB"; do
        # shellcheck disable=SC2086
        run_capture "$evsim" test $args
        [[ $code == 2 ]] || fail "evsim test $args: expected exit 2, got $code ($err)"
        [[ -n $err ]] || fail "evsim test $args: no message"
    done
    ;;
test_an_item_that_outgrows_max_memory_is_an_error_naming_the_budget)
    run_capture "$evsim" test fixtures/failing/queue-grows-forever.json scenarios/hello-pubsub.json \
        --max-memory 1MiB --junit "$tmp/report.xml"
    expect_code 1
    grep -q "^ERROR fixtures/failing/queue-grows-forever.json" <<<"$out" || fail "no error line: $out"
    grep -q "reached its memory budget of 1 MiB (--max-memory" <<<"$out" ||
        fail "the error does not name the budget: $out"
    validate "$tmp/report.xml"
    grep -q '<error type="RunStopped" message="the run reached its memory budget of 1 MiB' \
        "$tmp/report.xml" || fail "no JUnit error for the item: $(cat "$tmp/report.xml")"
    # The budget is per item: a small scenario beside it still runs to the end and passes.
    grep -q "^scenarios/hello-pubsub.json  *PASS" <<<"$out" || fail "hello-pubsub did not pass: $out"
    ;;
sweep_results_do_not_depend_on_jobs_or_shards)
    file=fixtures/failing/planted-bug.json
    run_capture "$evsim" sweep "$file" --seeds 1..40 --per-seed -j 1
    expect_code 1
    one=$(sweep_without_wall <<<"$out")
    grep -q "^results digest: [0-9a-f]\{16\}$" <<<"$one" || fail "no results digest: $out"
    grep -q "^passed: [1-9]" <<<"$one" || fail "no seed passed: $out"
    grep -q "^failed: [1-9]" <<<"$one" || fail "no seed failed: $out"
    grep -q "^  seed [0-9]*: expect\[1\] no_loss" <<<"$one" || fail "no failing seed listed: $out"
    run_capture "$evsim" sweep "$file" --seeds 1..40 --per-seed -j 2
    expect_code 1
    [[ $(sweep_without_wall <<<"$out") == "$one" ]] || fail "-j 2 differs from -j 1:
$one
---
$out"
    "$evsim" sweep "$file" --seeds 1..40 --per-seed --shard 1/2 -j 2 >"$tmp/s1" 2>/dev/null
    "$evsim" sweep "$file" --seeds 1..40 --per-seed --shard 2/2 >"$tmp/s2" 2>/dev/null
    combined=$(grep -h '^seed ' "$tmp/s1" "$tmp/s2" | sort -t ' ' -k2,2n)
    [[ $combined == "$(grep '^seed ' <<<"$one")" ]] || fail "the shards' seeds differ from the whole sweep"
    [[ $(grep -c '^seed ' "$tmp/s1") == 20 ]] || fail "shard 1/2 of 40 seeds did not run 20"
    ;;
sweep_shrink_writes_a_smaller_recording_that_fails_the_same_expectation)
    file=fixtures/failing/planted-bug.json
    run_capture "$evsim" sweep "$file" --seeds 1..30 --shrink -o "$tmp/min.evrec"
    expect_code 1
    line=$(grep '^shrink: seed [0-9]* fails ' <<<"$out") || fail "no shrink line: $out"
    seed=$(sed 's/^shrink: seed \([0-9]*\) fails .*/\1/' <<<"$line")
    expectation=$(sed 's/^shrink: seed [0-9]* fails \(expect\[[0-9]*\] [^:]*\):.*/\1/' <<<"$line")
    grep -q " → " <<<"$out" || fail "no reductions listed: $out"
    [[ -s $tmp/min.evrec ]] || fail "no recording written"
    run_capture "$evsim" replay "$tmp/min.evrec"
    expect_code 0
    run_capture "$evsim" test "$tmp/min.evrec"
    expect_code 1
    grep -qF "  $expectation:" <<<"$out" || fail "the recording does not fail $expectation: $out"
    # Size: the records each run produced; the original run is recorded for comparison.
    run_capture "$evsim" record "$file" --seed "$seed" -o "$tmp/original.evrec"
    expect_code 1
    before=$(json_field "$tmp/original.evrec" records)
    after=$(json_field "$tmp/min.evrec" records)
    ((after * 2 <= before)) || fail "the shrunk run has $after records, the original $before"
    echo "shrink: seed $seed, $expectation, records $before -> $after" >&2
    ;;
sweep_shrink_names_its_recording_after_the_file_and_seed)
    repo=$PWD
    cd "$tmp" || fail "no tmp"
    run_capture "$evsim" sweep "$repo/fixtures/failing/planted-bug.json" --seeds 1..30 --shrink
    expect_code 1
    seed=$(sed -n 's/^shrink: seed \([0-9]*\) fails .*/\1/p' <<<"$out")
    [[ -s planted-bug-seed-$seed.min.evrec ]] || fail "no planted-bug-seed-$seed.min.evrec: $(ls)"
    grep -q "wrote planted-bug-seed-$seed.min.evrec" <<<"$out" || fail "the name is not printed: $out"
    run_capture "$evsim" sweep "$repo/scenarios/hello-pubsub.json" --seeds 1..3 --shrink
    expect_code 0
    grep -q "no seed failed" <<<"$out" || fail "a passing sweep did not say so: $out"
    ;;
sweep_a_seed_that_outgrows_max_memory_fails_naming_the_budget)
    run_capture "$evsim" sweep fixtures/failing/queue-grows-forever.json --seeds 1..3 \
        --max-memory 1MiB -j 2
    expect_code 1
    grep -q "^failed: 3$" <<<"$out" || fail "not every seed failed: $out"
    grep -q "^  seed 1: the run reached its memory budget of 1 MiB (--max-memory)$" \
        <<<"$out" || fail "the failure does not name the budget: $out"
    ;;
sweep_usage_errors_exit_2)
    for args in "scenarios/hello-pubsub.json" "scenarios/hello-pubsub.json --seeds 5..1" \
        "scenarios/hello-pubsub.json --seeds x..3" "scenarios/hello-pubsub.json --seeds 1..3 -j 0" \
        "scenarios/hello-pubsub.json --seeds 1..3 --shard 2/1" \
        "scenarios/hello-pubsub.json --seeds 1..3 -o x.evrec" "no/such.json --seeds 1..3" \
        "scenarios/hello-pubsub.json --seeds 1..3 --shrink -o $tmp/no/such/dir/min.evrec" \
        "scenarios/hello-pubsub.json --seeds 1..3 --max-memory 1"; do
        # shellcheck disable=SC2086
        run_capture "$evsim" sweep $args
        [[ $code == 2 ]] || fail "evsim sweep $args: expected exit 2, got $code ($err)"
        [[ -n $err ]] || fail "evsim sweep $args: no message"
    done
    ;;
*)
    fail "unknown case $case_name"
    ;;
esac
exit 0
