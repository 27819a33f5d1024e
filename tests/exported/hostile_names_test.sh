#!/usr/bin/env bash
# The tests exported from fixtures/hostile/macro-names.json run whole and pass, and pin each
# hostile name as it is. Usage: hostile_names_test.sh GTEST_BINARY CATCH2_BINARY, run in the
# folder that holds the exported sources.
set -uo pipefail
gtests=$1
catch2=$2
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$gtests" 2>&1) || fail "the GoogleTest file does not pass: $out"
grep -q "\[  PASSED  \] 2[0-9] tests" <<<"$out" || fail "not every test ran: $out"
# Names that differ only after a NUL byte are two tests, each naming its queue exactly.
for name in QueueABCounts QueueACCounts QueueABCounts2 QueueABCounts3 ConsumerABCounts \
        ConsumerACCounts QueueEOFCounts QueueSECTIONCounts DeadLettersIntoSECTION; do
    grep -q "RecordedTEST\.$name\b" <<<"$out" || fail "no test $name: $out"
done
source=macro_names_gtest_test.cpp
grep -q 'evsim::QueueCount(std::string("a\\000b", 3), "published", 6)' "$source" ||
    fail "the name with a NUL byte is not carried with its length"
# Only fixed words and the letters and digits of names are identifiers.
bad=$(grep -E '^TEST\(' "$source" | grep -vE '^TEST\(RecordedTEST, [A-Za-z0-9]+\) \{$')
[[ -z $bad ]] || fail "identifiers carry more than letters and digits: $bad"

out=$("$catch2" 2>&1) || fail "the Catch2 file does not pass: $out"
grep -q "All tests passed" <<<"$out" || fail "Catch2: $out"
names=$("$catch2" --list-test-names-only)
[[ $(sort <<<"$names" | uniq -d) == "" ]] || fail "two Catch2 tests share a name: $names"
grep -qx "TEST: queue a%00b counts" <<<"$names" || fail "no test for a\\0b: $names"
# Every listed name runs exactly one test when given back as a test spec, as CTest does.
while IFS= read -r name; do
    spec=$name
    for c in , '[' ']'; do spec=${spec//"$c"/\\$c}; done
    ran=$("$catch2" "$spec" 2>&1 | grep -c "^All tests passed (.* in 1 test case)")
    [[ $ran == 1 ]] || fail "the spec \"$spec\" does not run its one test"
done <<<"$names"
echo "ok: hostile names"
