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


# peak_rss_mib CMD...: runs CMD, sets $code and $peak (its peak resident memory in MiB).
peak_rss_mib() {
    local result
    result=$(python3 -c 'import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' "$@")
    code=${result% *}
    peak=${result#* }
}

# AddressSanitizer's shadow memory makes resident sizes meaningless: those checks are skipped.
sanitized() {
    local libraries
    libraries=$(ldd "$evsim" 2>/dev/null || true)
    grep -q libasan <<<"$libraries"
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
outputs_never_collide)
    s=scenarios/hello-pubsub.json
    echo "precious" >"$tmp/keep.txt"
    refused() { # refused WHAT: exit 2, a message on stderr, no report, nothing written
        expect_code 2
        [[ -n $err && -z $out ]] || fail "$1: not refused before running: $out / $err"
        [[ $(cat "$tmp/keep.txt") == precious ]] || fail "$1 damaged an earlier file"
        [[ -z $(find "$tmp" -name '.*evsim-*') ]] || fail "$1 left a temporary file"
    }
    # Two outputs of one command that are one file, however it is spelled.
    mkdir -p "$tmp/sub"
    ln -s "$tmp/keep.txt" "$tmp/link.txt"
    ln "$tmp/keep.txt" "$tmp/hard.txt"
    for other in "$tmp/keep.txt" "$tmp/sub/../keep.txt" "$tmp/link.txt" "$tmp/hard.txt"; do
        run_capture "$evsim" run $s --events "$tmp/keep.txt" --metrics "$other"
        refused "run --events/--metrics $other"
        grep -q -- "--events and --metrics name the same file" <<<"$err" || fail "$err"
    done
    # ... also when neither exists yet.
    run_capture "$evsim" run $s --events "$tmp/new.csv" --metrics "$tmp/sub/../new.csv"
    refused "two new files"
    [[ ! -e $tmp/new.csv ]] || fail "a refused run created its output"
    run_capture "$evsim" run $s --quiet --events - --metrics -
    refused "two outputs to standard output"
    grep -q "would both write to standard output" <<<"$err" || fail "$err"
    run_capture "$evsim" export fixtures/recordings/hello-pubsub.evrec \
        --gtest "$tmp/t.cpp" --catch2 "$tmp/sub/../t.cpp"
    refused "export --gtest/--catch2"
    grep -q -- "--gtest and --catch2 name the same file" <<<"$err" || fail "$err"
    # A report that is an item of the suite, in whichever shard that item runs.
    mkdir -p "$tmp/suite"
    cp scenarios/hello-pubsub.json scenarios/poison-message-dlq.json "$tmp/suite/"
    for shard in 1/2 2/2; do
        for item in hello-pubsub.json poison-message-dlq.json; do
            cp "$tmp/suite/$item" "$tmp/before.json"
            run_capture "$evsim" test "$tmp/suite" --shard $shard --junit "$tmp/suite/$item"
            expect_code 2
            grep -q "refusing to write" <<<"$err" || fail "junit over $item in shard $shard: $err"
            cmp -s "$tmp/suite/$item" "$tmp/before.json" || fail "an input item was overwritten"
        done
    done
    # An empty path is refused by every option that names an output.
    for args in "run $s --events" "run $s --metrics" "record $s -o" "test $s --junit" \
            "sweep $s --seeds 1..2 --shrink -o" "export fixtures/recordings/hello-pubsub.evrec --gtest" \
            "export fixtures/recordings/hello-pubsub.evrec --catch2"; do
        # shellcheck disable=SC2086
        run_capture "$evsim" $args ""
        refused "$args \"\""
        grep -q "names no file (the path is empty)" <<<"$err" || fail "$args \"\": $err"
    done
    # Empty shards say so.
    run_capture "$evsim" test "$tmp/suite" --shard 3/4
    expect_code 0
    grep -q "shard 3/4 is empty: 2 items for 4 shards" <<<"$err" || fail "empty test shard: $err"
    run_capture "$evsim" sweep $s --seeds 1..2 --shard 3/3
    expect_code 0
    grep -q "shard 3/3 is empty: 2 seeds for 3 shards" <<<"$err" || fail "empty sweep shard: $err"
    ;;
an_unwritable_report_is_an_error)
    # Every command's report to a full disk or a closed standard output: exit 2, and why.
    rec=fixtures/recordings/hello-pubsub.evrec
    for args in "run scenarios/hello-pubsub.json" "validate scenarios/hello-pubsub.json" \
            "record scenarios/hello-pubsub.json -o $tmp/r.evrec" "replay $rec" "test $rec" \
            "sweep scenarios/hello-pubsub.json --seeds 1..2" "export $rec --gtest $tmp/g.cpp" \
            "bench --messages 1000" "--help"; do
        # shellcheck disable=SC2086
        "$evsim" $args >/dev/full 2>"$tmp/err"
        code=$?
        [[ $code == 2 ]] || fail "$args >/dev/full: exit $code"
        grep -q "cannot write to standard output: No space left on device" "$tmp/err" ||
            fail "$args >/dev/full: $(cat "$tmp/err")"
        # shellcheck disable=SC2086
        "$evsim" $args >&- 2>"$tmp/err"
        code=$?
        [[ $code == 2 ]] || fail "$args >&-: exit $code"
        grep -q "cannot write to standard output: Bad file descriptor" "$tmp/err" ||
            fail "$args >&-: $(cat "$tmp/err")"
    done
    ;;
every_command_stops_cleanly_on_sigterm_and_sigint)
    s=scenarios/hello-pubsub.json
    rec=fixtures/recordings/hello-pubsub.evrec
    for name in events.jsonl r.evrec j.xml g.cpp min.evrec; do echo "precious" >"$tmp/$name"; done
    intact() {
        for name in events.jsonl r.evrec j.xml g.cpp min.evrec; do
            [[ $(cat "$tmp/$name") == precious ]] || fail "$1 damaged $name"
        done
        [[ -z $(find "$tmp" -name '.*evsim-*') ]] || fail "$1 left a temporary file"
    }
    # stopped SIGNAL WHAT: exit 130, one line on stderr (progress lines of evsim test aside)
    # that says so, earlier files intact.
    stopped() {
        [[ $code == 130 ]] || fail "$2 ($1): exit $code: $err"
        local lines
        lines=$(grep -v '^\[[0-9]*/[0-9]*\] ' <<<"$err")
        [[ $(wc -l <<<"$lines") == 1 ]] || fail "$2 ($1): more than one line: $err"
        grep -q "interrupted" <<<"$lines" || fail "$2 ($1): $lines"
        intact "$2 ($1)"
    }
    # The signal is already pending, blocked, when evsim starts: it arrives at its first
    # instant, whatever the machine's speed.
    pending() {
        python3 -c 'import os, signal, sys
sig = getattr(signal, sys.argv[1])
signal.pthread_sigmask(signal.SIG_BLOCK, {sig})
os.kill(os.getpid(), sig)
os.execv(sys.argv[2], sys.argv[2:])' "$@"
    }
    commands=("run $s --events $tmp/events.jsonl" "validate $s" "record $s -o $tmp/r.evrec"
        "replay $rec" "test $rec --junit $tmp/j.xml" "sweep $s --seeds 1..50"
        "export $rec --gtest $tmp/g.cpp" "bench --messages 100000")
    for signal in SIGTERM SIGINT; do
        for args in "${commands[@]}"; do
            # shellcheck disable=SC2086
            run_capture pending $signal "$evsim" $args
            stopped $signal "$args"
        done
    done
    # During the work: once a command's temporary output exists it is writing; TERM then
    # leaves no temporary file and the earlier file as it was.
    long=fixtures/failing/queue-grows-forever.json
    run_capture "$evsim" record $long -o "$tmp/long.evrec" --until 30s
    during=("run $long --stream --max-memory 64GiB --events $tmp/events.jsonl"
        "record $long -o $tmp/r.evrec"
        "test $long --max-memory 64GiB --junit $tmp/j.xml"
        "sweep $long --seeds 1..100 --max-memory 64GiB --shrink -o $tmp/min.evrec"
        "export $tmp/long.evrec --gtest $tmp/g.cpp")
    for args in "${during[@]}"; do
        # shellcheck disable=SC2086
        signal_when_writing TERM "$evsim" $args
        stopped TERM "$args"
    done
    ;;
budgets_hold)
    fan=fixtures/failing/fan-out-amplification.json
    # Every order becomes 400,000 queue copies within milliseconds; each check of the budget
    # comes after 1/64 of it is allocated, not after 64k events (which held 20 GiB here).
    # Resident memory stays within the budget (and 10 %), with records kept or not, for one
    # run or for two at once.
    for args in "run $fan --max-memory 256MiB --quiet" "run $fan --max-memory 256MiB --stream --quiet" \
            "test $fan --max-memory 128MiB -j 2" "sweep $fan --seeds 1..2 --max-memory 128MiB -j 2"; do
        # shellcheck disable=SC2086
        peak_rss_mib "$evsim" $args
        [[ $code == 2 || $code == 1 ]] || fail "$args: exit $code"
        if ! sanitized; then
            (( peak <= 282 )) || fail "$args: peak resident memory $peak MiB, over 256 MiB + 10 %"
        fi
    done
    # shellcheck disable=SC2086
    run_capture "$evsim" run $fan --max-memory 256MiB --quiet
    expect_code 2
    grep -q "STOPPED at .* its memory budget of 256 MiB" <<<"$out" || fail "no budget: $out"

    # An interval that would take more samples than the limit is refused before the run, with
    # the numbers and the shortest interval that fits.
    printf '{ "name": "s", "duration": "1h", "metrics": { "interval": "1us" }, "services": [] }' \
        >"$tmp/samples.json"
    run_capture "$evsim" validate "$tmp/samples.json"
    expect_code 2
    grep -q 'error\[E020\]: a run of 1h sampled every 1us takes 3,600,000,000 metrics samples, more than the 10,000,000 one run may take; sample every 360us or more (at $.metrics.interval)' <<<"$err" ||
        fail "sample limit: $err"
    run_capture "$evsim" run scenarios/hello-pubsub.json --until 5000h
    expect_code 2
    grep -q "evsim run: --until 5000h: a run of 5000h sampled every 1s takes 18,000,000" <<<"$err" ||
        fail "--until over the sample limit: $err"

    # A sweep of ten million seeds starts at once and holds no list of them: it has printed
    # its first seed, and is then stopped.
    python3 -c 'import resource, signal, subprocess, sys
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
first = p.stdout.readline()
p.send_signal(signal.SIGINT)
p.stdout.read()
code = p.wait()
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(code, peak, first.decode().strip())' "$evsim" sweep scenarios/hello-pubsub.json \
        --seeds 1..10000000 -j 2 --per-seed >"$tmp/sweep"
    read -r code peak first <"$tmp/sweep"
    [[ $code == 130 ]] || fail "sweep of 10,000,000 seeds: exit $code"
    [[ $first == "seed 1: PASS "* || $first == "seed 1: FAIL "* ]] || fail "first line: $first"
    if ! sanitized; then
        (( peak <= 64 )) || fail "a sweep of 10,000,000 seeds held $peak MiB"
    fi

    # Replaying a recording with a checkpoint after every record needs little more than the
    # file (never its JSON document): at most three times its size.
    run_capture "$evsim" record scenarios/bench/standard.json -o "$tmp/every.evrec" \
        --checkpoint-every 1 --until 20s
    expect_code 0
    size=$(( $(stat -c %s "$tmp/every.evrec") / 1048576 ))
    (( size >= 10 )) || fail "the recording is too small to tell: $size MiB"
    peak_rss_mib "$evsim" replay "$tmp/every.evrec"
    [[ $code == 0 ]] || fail "replay of every.evrec: exit $code"
    if ! sanitized; then
        (( peak <= 3 * size )) || fail "replaying a $size MiB recording held $peak MiB"
    fi
    ;;
*)
    fail "unknown case $case_name"
    ;;
esac
echo "ok: $case_name"
