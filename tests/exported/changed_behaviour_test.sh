#!/usr/bin/env bash
# Runs the exported GoogleTest file of poison-message-dlq against a recording of the scenario
# with a different delivery limit, and checks that it fails and that its messages say what
# changed. Usage: changed_behaviour_test.sh PATH/TO/evsim_exported_changed
set -uo pipefail
out=$("$1" 2>&1)
code=$?
fail() {
    echo "FAIL: $*" >&2
    echo "--- output of the exported test ---" >&2
    echo "$out" >&2
    exit 1
}
[[ $code != 0 ]] || fail "the exported test passed against a changed scenario"
# The digest test fails and shows both digests.
grep -q "FAILED.*RecordedPoisonMessageDlq.ReplaysToTheRecordedDigest" <<<"$out" ||
    fail "the digest test did not fail"
grep -q "Expected: has digest d4b40c7d7190614d" <<<"$out" || fail "no expected digest"
# Counts that did not change still pass; those that did name the figure and both values.
grep -q "OK \] RecordedPoisonMessageDlq.QueueBillingDeadCounts" <<<"$out" ||
    fail "the dead-letter queue's counts should still hold"
grep -q "Expected: has queue billing.orders redelivered that is equal to 3" <<<"$out" ||
    fail "no message naming the redelivered count"
grep -q "queue billing.orders redelivered is 5" <<<"$out" ||
    fail "the message does not give the new count"
grep -q "Expected: has consumer billing failed that is equal to 4" <<<"$out" ||
    fail "no message naming the consumer's failures"
# The scenario's own expectations now fail, with the reason.
grep -q "FAILED.*RecordedPoisonMessageDlq.PassesItsExpectations" <<<"$out" ||
    fail "the expectations test did not fail"
echo "the exported test failed as it should:"
grep -E "^\[  FAILED  \]|Expected: |Actual: " <<<"$out" | head -n 20
