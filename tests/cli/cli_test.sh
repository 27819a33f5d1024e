#!/usr/bin/env bash
# Runs one named case against the evsim binary. Usage: cli_test.sh CASE PATH/TO/evsim [MORE]
# Working directory: the repository root.
set -uo pipefail
case_name=$1
evsim=$2
# shellcheck source=cli_support.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_support.sh"

last_digest() { tail -n 1 <<<"$1" | sed -n 's/^digest: \([0-9a-f]\{16\}\)$/\1/p'; }

case $case_name in
help_explains_every_command)
    run_capture "$evsim" --help
    expect_code 0
    for word in run validate record replay test sweep trace export route kafka-partition bench "Exit codes"; do
        grep -q "$word" <<<"$out" || fail "--help does not mention $word"
    done
    for sub in run validate record replay test sweep trace export route kafka-partition bench; do
        run_capture "$evsim" "$sub" --help
        expect_code 0
        grep -qi "usage" <<<"$out" || fail "$sub --help has no usage line"
    done
    ;;
metrics_of_a_log_give_each_partitions_offsets_and_each_groups_lag)
    run_capture "$evsim" run scenarios/kafka-consumer-group-rebalance.json --quiet \
        --metrics "$tmp/m.csv"
    expect_code 0
    header="$(head -n 1 "$tmp/m.csv")"
    for column in 'orders[0].log_start' 'orders[5].last_stable' 'orders[5].compacted' \
        'billing[0].committed' 'billing[5].lag' 'billing[5].time_lag_ms'; do
        grep -qF ",$column" <<<"$header" || fail "no column $column in: $header"
    done
    # In every row: a partition's lag is its log end less the group's committed offset, and
    # the partitions' lags add up to the group's (ready plus unacked).
    awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) col[$i] = i; next }
        { sum = 0
          for (p = 0; p < 6; ++p) {
              end = $col["orders[" p "].log_end"]; c = $col["billing[" p "].committed"]
              lag = $col["billing[" p "].lag"]
              if (lag != end - c) { print "row " NR " partition " p ": lag " lag ", end " end ", committed " c; bad = 1 }
              sum += lag
          }
          if (sum != $col["billing.ready"] + $col["billing.unacked"]) { print "row " NR ": lags " sum; bad = 1 }
          if (sum > most) most = sum }
        END { if (most < 800) { print "the lag never climbed: " most; bad = 1 } exit bad }' \
        "$tmp/m.csv" || fail "the offsets disagree"
    ;;
asyncapi_documents_validate_and_import_back)
    # Every bundled scenario's documents against the AsyncAPI 3.0 JSON Schema, as vendored.
    for scenario in scenarios/*.json; do
        run_capture "$evsim" export asyncapi "$scenario" -o "$tmp/api/$(basename "$scenario" .json)"
        expect_code 0
    done
    python3 - "$tmp/api" <<'PY' || fail "an exported document does not validate"
import glob, json, sys
import jsonschema
schema = json.load(open("third_party/asyncapi/asyncapi-3.0.0.schema.json"))
# jsonschema 4.10 (Debian 12) takes a property named "$id" (in the schema of Schema objects)
# for a subschema's id and fails; renamed, it still checks every document of ours fully.
def rename_id_properties(node):
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict) and isinstance(props.get("$id"), dict):
            props["x-id"] = props.pop("$id")
        for v in node.values():
            rename_id_properties(v)
    elif isinstance(node, list):
        for v in node:
            rename_id_properties(v)
rename_id_properties(schema)
validator = jsonschema.Draft7Validator(schema)
files = sorted(glob.glob(sys.argv[1] + "/*/*.asyncapi.json"))
assert len(files) > 40, files
bad = 0
for f in files:
    for e in validator.iter_errors(json.load(open(f))):
        print(f, list(e.path), e.message[:200])
        bad += 1
# The validator does check: a document with a wrong version fails.
doc = json.load(open(files[0]))
doc["asyncapi"] = "2.6.0"
assert list(validator.iter_errors(doc)), "the schema accepted AsyncAPI 2.6.0"
sys.exit(1 if bad else 0)
PY
    saga="$tmp/api/saga-choreography"
    run_capture "$evsim" import asyncapi "$saga"/*.asyncapi.json -o "$tmp/saga.json"
    expect_code 0
    grep -q '^imported: 5 services, ' <<<"$err" || fail "the import's summary: $err"
    run_capture "$evsim" validate "$tmp/saga.json"
    expect_code 0
    run_capture "$evsim" import asyncapi fixtures/recordings/hello-pubsub.evrec
    expect_code 2
    grep -q 'not an AsyncAPI document' <<<"$err" || fail "a file that is no AsyncAPI: $err"
    ;;
contracts_print_the_matrix_and_fail_on_a_pair_that_breaks)
    run_capture "$evsim" contracts scenarios/rolling-deploy-schema-v2-broken.json
    expect_code 1
    grep -Eq '^ +v2 by checkout after roll-out-v2$' <<<"$out" || fail "who writes v2: $out"
    grep -Eq '^  v2 +BREAKS +ok$' <<<"$out" || fail "the v2 row: $out"
    grep -q '^      customer_email: read by the consumer, not written$' <<<"$out" ||
        fail "the reason: $out"
    # At run time the same pair fails with reason schema_mismatch, in the logs and the spans.
    run_capture "$evsim" run scenarios/rolling-deploy-schema-v2-broken.json --quiet \
        --log "$tmp/l.jsonl" --trace "$tmp/t.jsonl"
    expect_code 0
    grep -q 'schema_mismatch, it cannot read this version' "$tmp/l.jsonl" || fail "the log"
    grep -q '"stringValue":"schema_mismatch"' "$tmp/t.jsonl" || fail "the spans' error.type"
    run_capture "$evsim" contracts scenarios/rolling-deploy-schema-v2-fixed.json
    expect_code 0
    grep -Eq '^  v2 +ok +ok$' <<<"$out" || fail "the fixed v2 row: $out"
    grep -q '^contracts: compatible' <<<"$out" || fail "the verdict: $out"
    # A registry mode that refuses a version fails too, and a file that does not load is 2.
    sed 's/"compatibility": "BACKWARD"/"compatibility": "FULL"/' \
        scenarios/rolling-deploy-schema-v2-broken.json >"$tmp/full.json"
    run_capture "$evsim" contracts "$tmp/full.json"
    expect_code 1
    grep -q 'FULL refuses the pair: v1 cannot read what v2 writes' <<<"$out" || fail "registry: $out"
    echo '{ "name": "x", "schemas": [{ "event": "E", "versions": [{ "version": 1, "schema": { "oneOf": [] } }] }] }' >"$tmp/bad.json"
    run_capture "$evsim" contracts "$tmp/bad.json"
    expect_code 2
    grep -q 'E022' <<<"$err" || fail "the unsupported keyword: $err"
    ;;
traces_export_and_print_one_trace_and_refuse_bad_ids)
    saga=scenarios/saga-choreography.json
    run_capture "$evsim" run "$saga" --quiet --trace "$tmp/t.jsonl" --mermaid "$tmp/s.mmd" \
        --dot "$tmp/t.dot" --log "$tmp/l.jsonl"
    expect_code 0
    [[ $(wc -l <"$tmp/t.jsonl") -eq 400 ]] || fail "not one OTLP line per order"
    [[ $(head -n 1 "$tmp/s.mmd") == sequenceDiagram ]] || fail "the diagram: $(head -n 3 "$tmp/s.mmd")"
    grep -q '^digraph "saga-choreography" {' "$tmp/t.dot" || fail "the topology: $(head -n 2 "$tmp/t.dot")"
    # A log line leads to its trace: the first line's trace id, printed as a tree.
    id="$(head -n 1 "$tmp/l.jsonl" | sed -n 's/.*"trace_id":"\([0-9a-f]\{32\}\)".*/\1/p')"
    [[ -n $id ]] || fail "no trace_id in $(head -n 1 "$tmp/l.jsonl")"
    run_capture "$evsim" trace "$saga" "$id"
    expect_code 0
    grep -q "^trace $id · OrderPlaced evt-1 · " <<<"$out" || fail "the tree's title: $out"
    grep -q '└─ ack order.shipments' <<<"$out" || fail "the tree does not reach shipping's ack: $out"
    # A recording of the run gives the same spans and log when replayed.
    run_capture "$evsim" replay fixtures/recordings/saga-choreography.evrec \
        --trace "$tmp/replayed.jsonl" --log "$tmp/replayed-log.jsonl"
    expect_code 0
    cmp -s "$tmp/t.jsonl" "$tmp/replayed.jsonl" || fail "the replay's spans are not the run's"
    cmp -s "$tmp/l.jsonl" "$tmp/replayed-log.jsonl" || fail "the replay's log is not the run's"
    run_capture "$evsim" replay fixtures/recordings/saga-choreography.evrec --trace-format chrome
    expect_code 2
    # `evsim trace` on the recording prints the run it keeps.
    tree="$("$evsim" trace "$saga" "$id")"
    run_capture "$evsim" trace fixtures/recordings/saga-choreography.evrec "$id"
    expect_code 0
    [[ $out == "$tree" ]] || fail "the recording's trace differs from the run's: $out"
    run_capture "$evsim" trace fixtures/recordings/saga-choreography.evrec --seed 3
    expect_code 2
    # A recording whose scenario was edited keeps another run than it says: not traced.
    python3 - fixtures/recordings/saga-choreography.evrec "$tmp/edited.evrec" <<'PY'
import json, sys
rec = json.load(open(sys.argv[1]))
assert '"rate": "10/s"' in rec["scenario"]
rec["scenario"] = rec["scenario"].replace('"rate": "10/s"', '"rate": "20/s"', 1)
json.dump(rec, open(sys.argv[2], "w"))
PY
    run_capture "$evsim" trace "$tmp/edited.evrec"
    expect_code 1
    grep -q "the run differs from the one .*edited.evrec keeps" <<<"$err" ||
        fail "an edited recording was traced: $err"
    run_capture "$evsim" run "$saga" --quiet --trace "$tmp/c.json" --trace-format chrome \
        --trace-id "$id"
    expect_code 0
    grep -q '"traceEvents":\[' "$tmp/c.json" || fail "no traceEvents"
    run_capture "$evsim" trace "$saga"
    expect_code 0
    grep -q '^400 traces: 400 complete$' <<<"$out" || fail "the list: $out"
    for bad in 0000000000000000000000000000000 00000000000000000000000000000000 \
        "ff-${id}-00f067aa0ba902b7-01" "00-${id}-0000000000000000-01"; do
        run_capture "$evsim" trace "$saga" "$bad"
        expect_code 2
    done
    run_capture "$evsim" trace "$saga" 4bf92f3577b34da6a3ce929d0e0e4736
    expect_code 2
    grep -q "no trace of this run has the id" <<<"$err" || fail "an unknown id: $err"
    run_capture "$evsim" run "$saga" --trace-format chrome
    expect_code 2
    run_capture "$evsim" run "$saga" --trace-format zipkin --trace "$tmp/z.json"
    expect_code 2
    [[ ! -e $tmp/z.json ]] || fail "a refused run wrote its trace"
    ;;
kafka_partition_prints_where_keys_land_and_refuses_bad_input)
    # Kafka's own vectors: "21" hashes to -973932308, 1173551340 once its sign bit is cleared.
    run_capture "$evsim" kafka-partition --partitions 12 21 foobar abc ''
    expect_code 0
    [[ $out == '21 -> 0
foobar -> 6
abc -> 3
"" -> 9' ]] || fail "keyed partitions: $out"
    run_capture "$evsim" kafka-partition --partitions 12 --key-hex 3231 C3A974C3A9
    expect_code 0
    [[ $out == '3231 -> 0
C3A974C3A9 -> 1' ]] || fail "hex keys: $out"
    out="$(printf '21\nfoobar\r\n' | "$evsim" kafka-partition --partitions 12 -)"
    [[ $out == '21 -> 0
foobar -> 6' ]] || fail "keys from standard input: $out"
    # A stream is answered as it comes; a bad line stops it and is named by its number.
    out="$(printf '3231\nzz\n61\n' | "$evsim" kafka-partition --partitions 12 --key-hex - 2>"$tmp/err")"
    code=$?
    [[ $code == 2 && $out == '3231 -> 0' ]] || fail "bad line in a stream ($code): $out"
    grep -q "zz (line 2 of standard input) is not hex bytes" "$tmp/err" ||
        fail "bad line not named: $(cat "$tmp/err")"
    run_capture "$evsim" kafka-partition --partitions 12 $'bad\x1b[31mkey'
    expect_code 0
    [[ $out == 'bad\x1b[31mkey -> '* ]] || fail "a control character reached the terminal: $out"
    run_capture "$evsim" kafka-partition --partitions 12 --key-hex 3231 zz
    expect_code 2
    [[ -z $out ]] || fail "printed answers before refusing a key: $out"
    grep -q "zz is not hex bytes" <<<"$err" || fail "bad hex: $err"
    grep -q "hint:" <<<"$err" || fail "bad hex gives no hint: $err"
    for count in 0 -1 2147483648 1e3; do
        run_capture "$evsim" kafka-partition --partitions "$count" key
        expect_code 2
        grep -q -- "--partitions must be a whole number from 1 to 2147483647" <<<"$err" ||
            fail "--partitions $count: $err"
    done
    run_capture "$evsim" kafka-partition --partitions 12
    expect_code 2
    grep -q "name at least one key" <<<"$err" || fail "no keys: $err"
    ;;
route_prints_where_keys_go_and_refuses_bad_bindings)
    run_capture "$evsim" route --exchange-type topic --binding 'lazy.#=Q2' \
        --binding '*.orange.*=Q1' --binding '*.*.rabbit=Q2' \
        quick.orange.rabbit lazy.pink.rabbit quick.brown.fox ''
    expect_code 0
    [[ $out == "quick.orange.rabbit -> Q1,Q2
lazy.pink.rabbit -> Q2
quick.brown.fox -> -
 -> -" ]] || fail "topic routes: $out"
    run_capture "$evsim" route scenarios/topic-routing.json --exchange events \
        payment.flagged.us.high order.placed.us
    expect_code 0
    [[ $out == "payment.flagged.us.high -> audit.all,oncall.alerts
order.placed.us -> audit.all,fulfilment.orders" ]] || fail "scenario routes: $out"
    run_capture "$evsim" route scenarios/alternate-exchange.json --exchange orders \
        order.placed order.cancel
    expect_code 0
    [[ $out == "order.placed -> analytics.funnel,analytics.revenue,fulfilment
order.cancel -> unrouted" ]] || fail "exchange-to-exchange and alternate routes: $out"
    run_capture "$evsim" route scenarios/hello-pubsub.json --exchange '' email.orders
    expect_code 0
    [[ $out == "email.orders -> email.orders" ]] || fail "default exchange: $out"
    run_capture "$evsim" route --exchange-type direct --binding 'no-queue' key
    expect_code 2
    grep -q "is not KEY=QUEUE" <<<"$err" || fail "malformed binding: $err"
    run_capture "$evsim" route scenarios/hello-pubsub.json --exchange nowhere key
    expect_code 2
    grep -q "no exchange nowhere" <<<"$err" || fail "unknown exchange: $err"
    run_capture "$evsim" route scenarios/topic-routing.json --exchange event key
    expect_code 2
    grep -q 'did you mean "events"' <<<"$err" || fail "no suggestion: $err"
    run_capture "$evsim" route --exchange-type headers --binding 'a=q' key
    expect_code 2
    grep -q "not a JSON object" <<<"$err" || fail "malformed headers binding: $err"
    run_capture "$evsim" route --exchange-type headers \
        --binding '{"x-match":"any","region":"eu","tier":"gold"}=eu' \
        --binding '{"region":"eu","tier":"gold"}=gold' '{"region":"eu"}' '{"tier":"gold","region":"eu"}' '{}'
    expect_code 0
    [[ $out == '{"region":"eu"} -> eu
{"tier":"gold","region":"eu"} -> eu,gold
{} -> -' ]] || fail "headers routes: $out"
    run_capture "$evsim" route scenarios/headers-routing.json --exchange notifications \
        '{"channel":"sms","priority":"high"}' '{"channel":"push"}'
    expect_code 0
    [[ $out == '{"channel":"sms","priority":"high"} -> archive,pager.alerts,sms.outbox
{"channel":"push"} -> archive' ]] || fail "scenario headers routes: $out"
    run_capture "$evsim" route --exchange-type headers --binding '{}=q' order.placed
    expect_code 2
    grep -q "routes by headers" <<<"$err" || fail "a key for a headers exchange: $err"
    run_capture "$evsim" route --exchange-type topic --binding 'a=q'
    expect_code 2
    grep -q "at least one routing key" <<<"$err" || fail "no keys: $err"
    run_capture "$evsim" route --exchange-type direct --binding $'k\e[31m=q' $'k\e[31m'
    expect_code 0
    [[ $out != *$'\e'* ]] || fail "an escape reached the terminal: $out"
    ;;
import_and_export_rabbitmq_definitions)
    run_capture "$evsim" import rabbitmq fixtures/definitions/shop.json -o "$tmp/shop.json"
    expect_code 0
    grep -q "imported: 5 exchanges, 5 queues, 7 bindings, 3 policies applied" <<<"$err" ||
        fail "import summary: $err"
    grep -q 'argument "x-max-priority" is not modelled' <<<"$err" || fail "notes: $err"
    run_capture "$evsim" validate "$tmp/shop.json"
    expect_code 0
    run_capture "$evsim" export rabbitmq "$tmp/shop.json" -o "$tmp/definitions.json"
    expect_code 0
    run_capture "$evsim" import rabbitmq "$tmp/definitions.json" -o "$tmp/again.json"
    expect_code 0
    [[ $err != *"could not be mapped"* ]] || fail "its own export did not map back: $err"
    echo '{"name":"x"}' >"$tmp/not-definitions.json"
    run_capture "$evsim" import rabbitmq "$tmp/not-definitions.json" -o "$tmp/out.json"
    expect_code 2
    grep -q "not a RabbitMQ definitions file" <<<"$err" || fail "not definitions: $err"
    [[ ! -e $tmp/out.json ]] || fail "wrote an output for bad input"
    run_capture "$evsim" export rabbitmq fixtures/malformed/two_actions_in_one_entry.json
    expect_code 2
    ;;
usage_errors_exit_2)
    run_capture "$evsim"
    expect_code 2
    run_capture "$evsim" frobnicate
    expect_code 2
    run_capture "$evsim" run no/such/file.json
    expect_code 2
    run_capture "$evsim" run scenarios/hello-pubsub.json --seed banana
    expect_code 2
    ;;
hello_pubsub_digest_is_stable)
    run_capture "$evsim" run scenarios/hello-pubsub.json
    expect_code 0
    first=$(last_digest "$out")
    [[ -n $first ]] || fail "no digest line at the end: $out"
    run_capture "$evsim" run scenarios/hello-pubsub.json
    [[ $(last_digest "$out") == "$first" ]] || fail "digest changed between runs"
    ;;
seed_changes_the_digest)
    run_capture "$evsim" run scenarios/hello-pubsub.json --quiet
    one=$(last_digest "$out")
    run_capture "$evsim" run scenarios/hello-pubsub.json --quiet --seed 2
    expect_code 0
    two=$(last_digest "$out")
    [[ -n $one && -n $two && $one != "$two" ]] || fail "seed 2 gave the same digest ($one)"
    ;;
bundled_scenarios_pass_with_pinned_digests)
    count=0
    while IFS= read -r file; do
        count=$((count + 1))
        run_capture "$evsim" run "$file" --quiet --stream
        expect_code 0
        pinned_file="fixtures/digests/${file#scenarios/}"
        pinned_file="${pinned_file%.json}.digest"
        [[ -f $pinned_file ]] || fail "$file has no pinned digest ($pinned_file); run tests/cli/update_digests.sh"
        [[ $(last_digest "$out") == "$(cat "$pinned_file")" ]] ||
            fail "$file: digest $(last_digest "$out") differs from pinned $(cat "$pinned_file"). If the change of behaviour is intended, run tests/cli/update_digests.sh"
    done < <(find scenarios -name '*.json' | sort)
    [[ $count -ge 2 ]] || fail "found only $count scenarios"
    ;;
malformed_fixtures_give_their_expected_errors)
    count=0
    for file in fixtures/malformed/*.json; do
        count=$((count + 1))
        run_capture "$evsim" validate "$file"
        [[ $code == 2 ]] || fail "$file: expected exit 2, got $code"
        expected=$(cat "${file%.json}.expected")
        [[ $err == "$expected" ]] || fail "$file: stderr differs
--- expected
$expected
--- got
$err"
    done
    [[ $count -ge 25 ]] || fail "only $count malformed fixtures"
    ;;
failed_expectation_exits_1_with_examples)
    run_capture "$evsim" run fixtures/failing/too-strict.json
    expect_code 1
    grep -q "FAIL" <<<"$out" || fail "no FAIL line: $out"
    grep -q "expected = 200, saw" <<<"$out" || fail "no expected/seen: $out"
    grep -q "(e.g. msg-" <<<"$out" || fail "no example ids: $out"
    [[ -n $(last_digest "$out") ]] || fail "no digest line"
    ;;
quiet_keeps_failures_and_digest)
    run_capture "$evsim" run fixtures/failing/too-strict.json --quiet
    expect_code 1
    lines=$(wc -l <<<"$out")
    grep -q "FAIL" <<<"$out" || fail "quiet dropped the failure"
    grep -q "PASS" <<<"$out" && fail "quiet kept a passing expectation"
    grep -q "^queue " <<<"$out" && fail "quiet kept the table"
    [[ -n $(last_digest "$out") ]] || fail "no digest line"
    [[ $lines -le 4 ]] || fail "quiet printed $lines lines"
    ;;
events_export_writes_json_lines)
    run_capture "$evsim" run scenarios/hello-pubsub.json --quiet --events "$tmp/events.jsonl"
    expect_code 0
    [[ -s $tmp/events.jsonl ]] || fail "no events written"
    /usr/bin/python3 - "$tmp/events.jsonl" <<'PY' || fail "events are not valid JSON lines"
import json, sys
kinds = set()
for line in open(sys.argv[1]):
    record = json.loads(line)
    kinds.add(record["kind"])
    assert "t_ns" in record and "message" in record and "entity" in record
    if record["kind"] == "published":
        env = record["envelope"]
        assert env["specversion"] == "1.0" and env["type"] and env["traceparent"].startswith("00-")
assert {"published", "enqueued", "delivered", "processed", "acked"} <= kinds, kinds
PY
    # A mandatory publish no queue took comes back to its publisher, ahead of its confirm.
    run_capture "$evsim" run scenarios/alternate-exchange.json --quiet --events "$tmp/returns.jsonl"
    expect_code 0
    /usr/bin/python3 - "$tmp/returns.jsonl" <<'PY' || fail "returns are not in the events"
import json, sys
seen = []
for line in open(sys.argv[1]):
    record = json.loads(line)
    if record["entity"].startswith("billing#0/") and record["kind"] in ("returned", "confirmed"):
        seen.append((record["message"], record["kind"], record.get("reply_code")))
returned = [m for m, kind, code in seen if kind == "returned" and code == 312]
assert len(returned) == 10, seen
for m in returned:
    assert seen.index((m, "returned", 312)) < seen.index((m, "confirmed", None)), m
PY
    ;;
until_rejects_a_bad_duration)
    run_capture "$evsim" run scenarios/hello-pubsub.json --until 5
    expect_code 2
    grep -q "^evsim run: --until must be a duration above 0 with a unit" <<<"$err" || fail "unclear error: $err"
    run_capture "$evsim" run scenarios/hello-pubsub.json --until 1s
    [[ $code == 0 || $code == 1 ]] || fail "--until 1s exited $code"
    ;;
stalled_run_exits_2_and_explains)
    run_capture "$evsim" run fixtures/failing/zero-time-requeue-loop.json --max-events-per-instant 100000
    expect_code 2
    grep -q "STALLED at 10ms" <<<"$out" || fail "no explanation: $out"
    grep -q "PASS .*no_loss" <<<"$out" || fail "messages went unaccounted: $out"
    [[ -n $(last_digest "$out") ]] || fail "no digest line"
    ;;
bench_prints_its_figures)
    run_capture "$evsim" bench --messages 20000
    expect_code 0
    for key in deliveries_per_s events_per_s events_per_delivery peak_rss_bytes \
        bytes_per_inflight_message bytes_per_record digest; do
        grep -q "^$key: " <<<"$out" || fail "bench does not print $key"
    done
    grep -q "^deliveries: 20000$" <<<"$out" || fail "not every message was delivered: $out"
    ;;
numeric_options_are_strict)
    check_refused() { # OPTION VALUE WHAT... : exit 2, one line naming the option and the range
        local option=$1 value=$2 expected=$3
        shift 3
        run_capture "$evsim" "$@" "$option" "$value"
        expect_code 2
        grep -qF -- "$expected" <<<"$err" || fail "$option $value: unclear message: $err"
        grep -qF -- "got \"" <<<"$err" || fail "$option $value: the value is not shown: $err"
        [[ $(wc -l <<<"$err") == 1 ]] || fail "$option $value: more than one line: $err"
        [[ -z $out ]] || fail "$option $value: something ran: $out"
    }
    seed_range="--seed must be a whole number from 0 to 18446744073709551615"
    for bad in -1 1e3 0x10 " 5" "5 " 1.5 abc "" 18446744073709551616 \
        123456789012345678901234567890123456789012345678901234567890; do
        check_refused --seed "$bad" "$seed_range" run scenarios/hello-pubsub.json
    done
    # The long value is shortened, not echoed whole.
    run_capture "$evsim" run scenarios/hello-pubsub.json --seed "$(printf '9%.0s' {1..300})"
    [[ ${#err} -lt 200 ]] || fail "a 300-digit value was echoed whole: $err"
    for bad in 0 1K 4XB -1 1.5GiB GiB; do
        check_refused --max-memory "$bad" "--max-memory must be a size of at least 1 MiB" \
            run scenarios/hello-pubsub.json
    done
    check_refused --max-events-per-instant 0 \
        "--max-events-per-instant must be a whole number from 1 to 18446744073709551615" \
        run scenarios/hello-pubsub.json
    for bad in 9 5000000000 1e6; do
        check_refused --messages "$bad" "--messages must be a whole number from 10 to 4000000000" bench
    done
    check_refused --queues 0 "--queues must be a whole number from 1 to 100000" bench
    check_refused --until 5 "--until must be a duration above 0 with a unit" \
        run scenarios/hello-pubsub.json
    # The seed in the header is the seed used.
    run_capture "$evsim" run scenarios/hello-pubsub.json --seed 18446744073709551615
    expect_code 0
    grep -q "^hello-pubsub · seed 18446744073709551615 · " <<<"$out" || fail "header: $out"
    run_capture "$evsim" --version
    expect_code 0
    grep -q "^evsim [0-9]" <<<"$out" || fail "--version: $out"
    run_capture "$evsim" frobnicate
    expect_code 2
    grep -q 'unknown command "frobnicate"' <<<"$err" || fail "unknown command not named: $err"
    ;;
outputs_never_clobber_what_exists)
    events=$tmp/events.jsonl
    echo "precious" >"$events"
    unchanged() { [[ $(cat "$events") == "precious" ]] || fail "$1 damaged the earlier file"; }
    no_leftovers() {
        local left
        left=$(find "$tmp" -name '.*evsim-*')
        [[ -z $left ]] || fail "$1 left a temporary file: $left"
    }
    # A run that stops before its end (memory budget) writes nothing.
    run_capture "$evsim" run fixtures/failing/queue-grows-forever.json --max-memory 1MiB --events "$events"
    expect_code 2
    grep -q "was not written" <<<"$err" || fail "no word about the output: $err"
    unchanged "a stopped run"
    no_leftovers "a stopped run"
    # A write error: the file-size limit makes every write past 1 KiB fail (EFBIG).
    run_capture bash -c "ulimit -f 1; trap '' XFSZ; exec \"\$0\" \"\$@\"" "$evsim" run \
        scenarios/hello-pubsub.json --quiet --events "$events"
    expect_code 2
    grep -q "cannot write $events: File too large" <<<"$err" || fail "write error not reported: $err"
    unchanged "a failed write"
    no_leftovers "a failed write"
    # A full device.
    run_capture "$evsim" run scenarios/hello-pubsub.json --quiet --events /dev/full
    expect_code 2
    grep -q "cannot write /dev/full: No space left on device" <<<"$err" || fail "ENOSPC: $err"
    # Paths that cannot be written are refused before the run.
    run_capture "$evsim" run scenarios/hello-pubsub.json --events "$tmp"
    expect_code 2
    grep -q "is a directory" <<<"$err" || fail "directory: $err"
    [[ -z $out ]] || fail "ran although the output could not be written"
    run_capture "$evsim" run scenarios/hello-pubsub.json --events "$tmp/no/such/folder/x.jsonl"
    expect_code 2
    grep -q "does not exist" <<<"$err" || fail "missing folder: $err"
    # The input itself, directly, through a symbolic link and through a hard link.
    cp scenarios/hello-pubsub.json "$tmp/input.json"
    ln -s "$tmp/input.json" "$tmp/symlink.json"
    ln "$tmp/input.json" "$tmp/hardlink.json"
    for target in "$tmp/input.json" "$tmp/symlink.json" "$tmp/hardlink.json"; do
        run_capture "$evsim" run "$tmp/input.json" --events "$target"
        expect_code 2
        grep -q "refusing to write" <<<"$err" || fail "$target: $err"
        cmp -s "$tmp/input.json" scenarios/hello-pubsub.json || fail "$target: the input changed"
    done
    # Interrupted: Ctrl-C stops the run, exit 130, the earlier file stays.
    signal_when_writing INT "$evsim" run fixtures/failing/queue-grows-forever.json \
        --max-memory 64GiB --stream --events "$events"
    [[ $code == 130 ]] || fail "interrupted run exited $code: $err"
    unchanged "an interrupted run"
    no_leftovers "an interrupted run"
    # A finished run replaces the file; a symbolic link to it stays a link.
    ln -s "$events" "$tmp/link.jsonl"
    run_capture "$evsim" run scenarios/hello-pubsub.json --quiet --events "$tmp/link.jsonl"
    expect_code 0
    [[ -L $tmp/link.jsonl ]] || fail "the link was replaced by a file"
    grep -q '"kind":"published"' "$events" || fail "the file was not written through the link"
    # '-' is standard output; the report then goes to standard error.
    run_capture "$evsim" run scenarios/hello-pubsub.json --quiet --events -
    expect_code 0
    head -n 1 <<<"$out" | grep -q '^{"t_ns":' || fail "no JSON lines on stdout: $(head -c 200 <<<"$out")"
    grep -q "^digest: " <<<"$err" || fail "the report did not go to stderr: $err"
    ;;
huge_scenarios_end_with_a_message_never_an_abort)
    # AddressSanitizer reserves terabytes of address space and cannot start under ulimit -v:
    # the sanitize build checks the memory budget below, the other builds the limits too.
    limits=(600000 1500000)
    # Captured first: with pipefail, `ldd | grep -q` fails when grep quits before ldd is done.
    libraries=$(ldd "$evsim" 2>/dev/null || true)
    if grep -q libasan <<<"$libraries"; then limits=(); fi
    for limit in "${limits[@]}"; do
        run_capture bash -c "ulimit -v $limit; exec \"\$0\" \"\$@\"" "$evsim" run \
            fixtures/failing/huge-instances.json --quiet
        [[ $code == 2 ]] || fail "ulimit -v $limit: exit $code (134 or 139 is a crash): $err"
        grep -q "terminate called\|Aborted\|Segmentation" <<<"$err$out" && fail "crashed: $err"
        grep -q "STOPPED at .*memory budget\|out of memory" <<<"$out$err" ||
            fail "ulimit -v $limit: no clear message: $out $err"
    done
    run_capture "$evsim" run fixtures/failing/queue-grows-forever.json --max-memory 1MiB
    expect_code 2
    grep -q "STOPPED at .* its memory budget of 1 MiB" <<<"$out" || fail "budget: $out"
    grep -q -- "--stream" <<<"$out" || fail "no advice: $out"
    [[ -n $(last_digest "$out") ]] || fail "no digest line"
    ;;
names_are_escaped_on_the_terminal_and_exact_in_json)
    file=fixtures/hostile/terminal-escapes.json
    for command in "run $file" "run $file --quiet" "validate $file"; do
        # shellcheck disable=SC2086
        run_capture "$evsim" $command
        [[ $code == 1 || $code == 0 ]] || fail "$command: exit $code: $err"
        for raw in $'\e' $'\a' $'\u202e'; do
            grep -qF "$raw" <<<"$out$err" && fail "$command printed a raw control character: $(cat -v <<<"$out")"
        done
    done
    run_capture "$evsim" run "$file"
    grep -qF '\x1b[31mred\x1b[0m' <<<"$out" || fail "ESC not shown escaped: $out"
    grep -qF 'evil\u202etxt.exe' <<<"$out" || fail "RLO not shown escaped: $out"
    grep -qF 'orders.very-long-seg…' <<<"$out" || fail "long name not shortened: $out"
    grep -qF 'FAIL  $.expect[1].acked  queue evil\u202etxt.exe acked' <<<"$out" ||
        fail "expectation text not escaped: $out"
    # Machine output keeps the names exactly (JSON escapes are exact).
    run_capture "$evsim" run "$file" --quiet --events "$tmp/e.jsonl"
    /usr/bin/python3 - "$tmp/e.jsonl" <<'PY' || fail "JSON lines lost the exact names"
import json, sys
entities = {json.loads(line)["entity"] for line in open(sys.argv[1])}
assert "\x1b[31mred\x1b[0m" in entities, entities
assert "evil\u202etxt.exe" in entities, entities
assert any(e.startswith("orders.very-long-segment.very") and len(e) > 200 for e in entities)
PY
    ;;
no_loss_names_every_cause)
    run_capture "$evsim" run fixtures/failing/lossy.json
    expect_code 1
    line=$(grep "no_loss" <<<"$out")
    for cause in "1 unroutable (e.g. msg-" "rejected (e.g. msg-" "failed under auto-ack (e.g. msg-"; do
        grep -qF "$cause" <<<"$line" || fail "no_loss does not name \"$cause\": $line"
    done
    grep -q "FAIL  \$.expect\[0\].no_loss" <<<"$out" || fail "no_loss passed: $out"
    grep -q "PASS  \$.expect\[1\].accounted" <<<"$out" || fail "accounted failed: $out"
    ;;
output_is_the_same_under_a_german_locale)
    # A decimal-comma locale: the system's, or one built here from the locale sources.
    locale_name=de_DE.UTF-8
    locales=$(locale -a 2>/dev/null || true)
    if ! grep -qi '^de_DE\.utf-\?8$' <<<"$locales"; then
        mkdir -p "$tmp/locales"
        localedef -i de_DE -f UTF-8 "$tmp/locales/$locale_name" 2>"$tmp/localedef.err" ||
            fail "cannot create $locale_name (install Debian's locales package): $(cat "$tmp/localedef.err")"
        export LOCPATH=$tmp/locales
    fi
    [[ $(LC_ALL=$locale_name locale decimal_point 2>/dev/null) == "," ]] ||
        fail "$locale_name does not use a decimal comma here"
    strip_wall() { sed 's/ · [^·]* wall$//'; }
    run_capture env LC_ALL=C "$evsim" run scenarios/hello-pubsub.json
    expect_code 0
    c_out=$(strip_wall <<<"$out")
    run_capture env LC_ALL=$locale_name LANG=$locale_name "$evsim" run scenarios/hello-pubsub.json
    expect_code 0
    [[ $(strip_wall <<<"$out") == "$c_out" ]] || fail "the report differs under $locale_name:
$(diff <(echo "$c_out") <(strip_wall <<<"$out"))"
    grep -q "12.3ms" <<<"$c_out" || fail "expected a decimal point in the report: $c_out"
    # The formatting functions themselves, with the locale adopted inside the process.
    sim_tests=$3
    run_capture env LC_ALL=$locale_name EVSIM_EXPECT_DECIMAL_COMMA=1 "$sim_tests" \
        --gtest_filter=Determinism.NumbersAreFormattedTheSameInEveryLocale
    expect_code 0
    ;;
record_then_replay_gives_the_same_digest_for_every_bundled_scenario)
    count=0
    while IFS= read -r file; do
        count=$((count + 1))
        run_capture "$evsim" run "$file" --quiet --stream
        expect_code 0
        expected=$(last_digest "$out")
        rec="$tmp/$(tr / _ <<<"${file%.json}").evrec"
        run_capture "$evsim" record "$file" -o "$rec"
        expect_code 0
        [[ $(last_digest "$out") == "$expected" ]] || fail "$file: record gave $(last_digest "$out"), run $expected"
        grep -q '"format": "evsim-recording"' "$rec" || fail "$file: not a recording"
        run_capture "$evsim" replay "$rec"
        expect_code 0
        [[ $out == "replayed: digest matches ($expected)" ]] || fail "$file: replay said: $out"
    done < <(find scenarios -name '*.json' | sort)
    [[ $count -ge 2 ]] || fail "found only $count scenarios"
    # --seed and --until are kept in the recording and give what `evsim run` gives with them.
    # A run whose expectations fail (here cut short at 3s) is still recorded, with exit 1 as
    # `evsim run` gives.
    run_capture "$evsim" run scenarios/hello-pubsub.json --quiet --seed 7 --until 3s
    expect_code 1
    expected=$(last_digest "$out")
    run_capture "$evsim" record scenarios/hello-pubsub.json -o "$tmp/s7.evrec" --seed 7 --until 3s
    expect_code 1
    grep -q "^expectations: [0-9]* of [0-9]* failed" <<<"$out" || fail "no word of the failure: $out"
    [[ $(last_digest "$out") == "$expected" ]] || fail "--seed/--until: $out"
    run_capture "$evsim" replay "$tmp/s7.evrec"
    expect_code 0
    [[ $out == "replayed: digest matches ($expected)" ]] || fail "replay with seed 7: $out"
    ;;
perturbed_recording_names_the_first_divergent_record)
    rec=$tmp/hello.evrec
    run_capture "$evsim" record scenarios/hello-pubsub.json -o "$rec" --checkpoint-every 1
    expect_code 0
    # One checkpoint flipped: the replay stops at that record.
    python3 - "$rec" "$tmp/flipped.evrec" <<'PY'
import json, sys
rec = json.load(open(sys.argv[1]))
c = rec["checkpoints"][41]
c["digest"] = "%016x" % (int(c["digest"], 16) ^ 1)
json.dump(rec, open(sys.argv[2], "w"), indent=2)
PY
    echo "earlier" >"$tmp/kept.jsonl"
    run_capture "$evsim" replay "$tmp/flipped.evrec" --trace "$tmp/kept.jsonl"
    expect_code 1
    grep -q "^first divergent record: index 41 at " <<<"$out" || fail "flipped checkpoint: $out"
    [[ $(cat "$tmp/kept.jsonl") == earlier ]] || fail "a replay that differs wrote its trace"
    grep -q "kept.jsonl was not written (the replay is not the recorded run)" <<<"$err" ||
        fail "the unwritten trace is not named: $err"
    grep -q "seen record 41: " <<<"$out" || fail "no seen record: $out"
    # Another seed inside the recording.
    sed 's/^  "seed": 1,$/  "seed": 2,/' "$rec" >"$tmp/seed.evrec"
    ! cmp -s "$rec" "$tmp/seed.evrec" || fail "the seed was not changed"
    run_capture "$evsim" replay "$tmp/seed.evrec"
    expect_code 1
    grep -q "^first divergent record: index [0-9]* at " <<<"$out" || fail "other seed: $out"
    # Names from the scenario in the seen record, and the recording's own text, are escaped.
    run_capture "$evsim" record fixtures/hostile/terminal-escapes.json -o "$tmp/hostile.evrec" \
        --checkpoint-every 1
    python3 - "$tmp/hostile.evrec" "$tmp/hostile-flipped.evrec" <<'PY'
import json, sys
rec = json.load(open(sys.argv[1]))
c = rec["checkpoints"][3]
c["digest"] = "%016x" % (int(c["digest"], 16) ^ 1)
rec["engine"] = "evsim \u001b[2J"
json.dump(rec, open(sys.argv[2], "w"), indent=2)
PY
    run_capture "$evsim" replay "$tmp/hostile-flipped.evrec"
    expect_code 1
    grep -q "^  seen record 3: " <<<"$out" || fail "hostile: $out"
    ! grep -q $'\x1b' <<<"$out" || fail "an escape sequence reached the terminal: $(cat -v <<<"$out")"
    grep -q 'evsim \\x1b\[2J' <<<"$out" || fail "engine not shown escaped: $(cat -v <<<"$out")"
    # With the default checkpoints (every 4096 records) the record is named to within the
    # stretch that holds it, with the checkpoint that differs.
    run_capture "$evsim" record scenarios/hello-pubsub.json -o "$tmp/coarse.evrec"
    expect_code 0
    sed 's/^  "seed": 1,$/  "seed": 2,/' "$tmp/coarse.evrec" >"$tmp/coarse-seed.evrec"
    run_capture "$evsim" replay "$tmp/coarse-seed.evrec"
    expect_code 1
    grep -q "^first divergent record: index 0 to [0-9]*$" <<<"$out" || fail "coarse seed: $out"
    grep -q "checkpoints are every 4096 records" <<<"$out" || fail "coarse seed: $out"
    grep -q "^  checkpoint 0, after record [0-9]*: expected digest [0-9a-f]\{16\} at .*, seen [0-9a-f]\{16\} at " <<<"$out" ||
        fail "no checkpoint line: $out"
    # One producer message fewer in the embedded scenario: the replay ends early.
    sed 's/\\"count\\": 200,/\\"count\\": 199,/' "$tmp/coarse.evrec" >"$tmp/count.evrec"
    ! cmp -s "$tmp/coarse.evrec" "$tmp/count.evrec" || fail "the count was not changed"
    run_capture "$evsim" replay "$tmp/count.evrec"
    expect_code 1
    grep -q "^first divergent record: index 0 to [0-9]*$" <<<"$out" || fail "producer count: $out"
    grep -q "^  the replay ended after [0-9]* records, the recording has [0-9]*$" <<<"$out" ||
        fail "producer count: $out"
    ;;
golden_recording_still_replays)
    # A recording kept in fixtures/: files written by an earlier build go on loading and
    # replaying (tests/cli/update_digests.sh rewrites it after an intended change of behaviour).
    golden=fixtures/recordings/poison-message-dlq.evrec
    run_capture "$evsim" replay "$golden"
    expect_code 0
    [[ $out == "replayed: digest matches ($(cat fixtures/digests/poison-message-dlq.digest))" ]] ||
        fail "$golden: $out"
    ;;
recordings_refuse_what_they_cannot_read)
    rec=$tmp/hello.evrec
    run_capture "$evsim" record scenarios/hello-pubsub.json -o "$rec"
    expect_code 0
    sed 's/^  "version": 1,$/  "version": 2,/' "$rec" >"$tmp/v2.evrec"
    run_capture "$evsim" replay "$tmp/v2.evrec"
    expect_code 2
    grep -q "v2.evrec:3:14: error\[E020\]: recording format version 2 is newer than this evsim understands (1); update evsim" <<<"$err" ||
        fail "newer version: $err"
    sed 's/^  "records": /  "recrods": /' "$rec" >"$tmp/typo.evrec"
    run_capture "$evsim" replay "$tmp/typo.evrec"
    expect_code 2
    grep -q "typo.evrec:[0-9]*:[0-9]*: error\[E009\]: unknown key \"recrods\" (at \$.recrods)" <<<"$err" ||
        fail "unknown key: $err"
    run_capture "$evsim" replay scenarios/hello-pubsub.json
    expect_code 2
    run_capture "$evsim" replay "$tmp/no-such.evrec"
    expect_code 2
    # -o onto the input, directly or through a link, is refused and the input stays.
    cp scenarios/hello-pubsub.json "$tmp/input.json"
    ln -s "$tmp/input.json" "$tmp/link.json"
    for target in "$tmp/input.json" "$tmp/link.json"; do
        run_capture "$evsim" record "$tmp/input.json" -o "$target"
        expect_code 2
        grep -q "refusing to write" <<<"$err" || fail "$target: $err"
        cmp -s "$tmp/input.json" scenarios/hello-pubsub.json || fail "$target: the input changed"
    done
    run_capture "$evsim" record scenarios/hello-pubsub.json -o "$tmp/x.evrec" --checkpoint-every 0
    expect_code 2
    grep -q "checkpoint-every must be a whole number" <<<"$err" || fail "checkpoint-every 0: $err"
    [[ ! -e $tmp/x.evrec ]] || fail "written despite a bad option"
    run_capture "$evsim" record scenarios/hello-pubsub.json
    expect_code 2
    # Interrupted: Ctrl-C stops the run, exit 130, the earlier file stays and no temporary
    # file is left.
    echo "precious" >"$tmp/kept.evrec"
    signal_when_writing INT "$evsim" record fixtures/failing/queue-grows-forever.json \
        -o "$tmp/kept.evrec"
    expect_code 130
    grep -q "interrupted; nothing was written" <<<"$err" || fail "interrupted record: $err"
    [[ $(cat "$tmp/kept.evrec") == "precious" ]] || fail "an interrupted record damaged the file"
    [[ -z $(find "$tmp" -name '.*evsim-*') ]] || fail "an interrupted record left a temporary file"
    # '-' writes the recording to standard output and the report to standard error.
    run_capture "$evsim" record scenarios/hello-pubsub.json -o -
    expect_code 0
    head -n 2 <<<"$out" | grep -q '"format": "evsim-recording"' || fail "stdout: $(head -c 200 <<<"$out")"
    grep -q "^digest: " <<<"$err" || fail "the report did not go to stderr: $err"
    ;;
export_writes_tests_and_refuses_bad_usage)
    rec=fixtures/recordings/poison-message-dlq.evrec
    run_capture "$evsim" export "$rec" --gtest "$tmp/a_test.cpp" --catch2 "$tmp/b_test.cpp"
    expect_code 0
    grep -q "exported: $tmp/a_test.cpp (9 tests)" <<<"$out" || fail "no report: $out"
    grep -q "TEST(RecordedPoisonMessageDlq, ReplaysToTheRecordedDigest)" "$tmp/a_test.cpp" ||
        fail "no digest test in the GoogleTest file"
    grep -q "^//   evsim export $rec --gtest" "$tmp/a_test.cpp" ||
        fail "the file does not say how it was generated"
    grep -q "#define CATCH_CONFIG_MAIN" "$tmp/b_test.cpp" || fail "no Catch2 main"
    # The same recording gives the same text.
    cp "$tmp/a_test.cpp" "$tmp/first.cpp"
    run_capture "$evsim" export "$rec" --gtest "$tmp/a_test.cpp" --catch2 "$tmp/b_test.cpp"
    cmp -s "$tmp/a_test.cpp" "$tmp/first.cpp" || fail "a second export differs"
    run_capture "$evsim" export "$rec" --catch2 "$tmp/c_test.cpp" --embed --no-main
    expect_code 0
    grep -q 'R"evrec({' "$tmp/c_test.cpp" || fail "the recording is not embedded"
    grep -q "^#define CATCH_CONFIG_MAIN" "$tmp/c_test.cpp" && fail "--no-main still defines main"
    # Usage errors exit 2 and name the problem; nothing is written.
    run_capture "$evsim" export "$rec"
    expect_code 2
    grep -q "give --gtest OUT_test.cpp, --catch2 OUT_test.cpp or both" <<<"$err" || fail "$err"
    run_capture "$evsim" export "$rec" --gtest "$tmp/d_test.cpp" --no-main
    expect_code 2
    grep -q -- "--no-main applies to the Catch2 file only" <<<"$err" || fail "$err"
    run_capture "$evsim" export "$rec" --gtest "$tmp/e.cpp" --catch2 "$tmp/e.cpp"
    expect_code 2
    run_capture "$evsim" export "$rec" --gtest "$tmp/f.cpp" --frobnicate
    expect_code 2
    run_capture "$evsim" export no/such.evrec --gtest "$tmp/g.cpp"
    expect_code 2
    run_capture "$evsim" export "$rec" --gtest "$tmp/no/such/folder/x_test.cpp"
    expect_code 2
    grep -q "$tmp/no/such/folder/x_test.cpp" <<<"$err" || fail "no path: $err"
    grep -q "does not exist" <<<"$err" || fail "no reason: $err"
    # The recording itself is never overwritten.
    cp "$rec" "$tmp/in.evrec"
    run_capture "$evsim" export "$tmp/in.evrec" --gtest "$tmp/in.evrec"
    expect_code 2
    cmp -s "$rec" "$tmp/in.evrec" || fail "the recording was overwritten"
    [[ ! -e $tmp/d_test.cpp && ! -e $tmp/e.cpp && ! -e $tmp/f.cpp && ! -e $tmp/g.cpp ]] ||
        fail "a refused export wrote a file"
    # A recording this build no longer reproduces (here: its embedded scenario was edited) is
    # refused with exit 1, and nothing is written.
    sed 's/x-delivery-limit\\": 3/x-delivery-limit\\": 5/' "$rec" >"$tmp/stale.evrec"
    cmp -s "$rec" "$tmp/stale.evrec" && fail "the edit did not apply"
    run_capture "$evsim" export "$tmp/stale.evrec" --gtest "$tmp/h_test.cpp"
    expect_code 1
    grep -q "nothing was written" <<<"$err" || fail "$err"
    [[ ! -e $tmp/h_test.cpp ]] || fail "a stale recording was exported"
    # A mistyped command suggests it.
    run_capture "$evsim" exprt
    expect_code 2
    grep -q 'did you mean "export"' <<<"$err" || fail "$err"
    ;;
*)
    fail "unknown case $case_name"
    ;;
esac
echo "ok: $case_name"
