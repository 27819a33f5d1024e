#!/usr/bin/env bash
# Runs `evsim bench` and its two baselines back to back on this machine and prints how many
# times faster evsim is than each (see bench/README.md). Back to back, because the ratios only
# mean something when all three ran under the same load and clock speed.
#
# Needs the release build: cmake --workflow --preset release
# Then the topology model (`evsim bench --queues N`) beside its lean loop, bare_wide, for
# N = 10, 1,000 and 10,000.
#
# Usage: bench/compare.sh [--wide-only]   (from anywhere; paths are relative to the repository
# root)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

evsim=build/release/harness/evsim
bare_loop=build/release/bench/evsim_bare_loop
bare_wide=build/release/bench/evsim_bare_wide
python=/usr/bin/python3

missing=0
for binary in "$evsim" "$bare_loop" "$bare_wide"; do
    if [[ ! -x "$binary" ]]; then
        echo "missing $binary" >&2
        missing=1
    fi
done
if ((missing)); then
    echo "build it first with: cmake --workflow --preset release" >&2
    exit 1
fi
if ! "$python" -c 'import simpy' 2>/dev/null; then
    echo "$python cannot import simpy; install Debian's python3-simpy3" >&2
    exit 1
fi

# The value of `deliveries_per_s` in "key: value" (the C++ tools) or "key=value" (SimPy) output.
deliveries_per_s() {
    local value
    value="$(awk -F'[:=]' '$1 == "deliveries_per_s" { gsub(/ /, "", $2); print $2 }' <<<"$1")"
    if [[ -z "$value" ]]; then
        echo "no deliveries_per_s in the output of $2" >&2
        exit 1
    fi
    echo "$value"
}

wide_only=0
if [[ ${1:-} == --wide-only ]]; then
    wide_only=1
fi

if ((!wide_only)); then
echo "== evsim bench --messages 1000000"
evsim_out="$("$evsim" bench --messages 1000000)"
echo "$evsim_out"

echo "== evsim_bare_loop --messages 1000000"
bare_out="$("$bare_loop" --messages 1000000)"
echo "$bare_out"

echo "== simpy_standard.py --messages 200000"
simpy_out="$("$python" bench/simpy_standard.py --messages 200000)"
echo "$simpy_out"

evsim_rate="$(deliveries_per_s "$evsim_out" evsim)"
bare_rate="$(deliveries_per_s "$bare_out" evsim_bare_loop)"
simpy_rate="$(deliveries_per_s "$simpy_out" simpy_standard.py)"

echo "=="
awk -v e="$evsim_rate" -v s="$simpy_rate" -v b="$bare_rate" 'BEGIN {
    printf "ratio_vs_simpy: %.2f\n", e / s
    printf "ratio_vs_bare_loop: %.3f\n", e / b
}'
fi

# The topology model, one size at a time, each beside its lean loop.
for queues in 10 1000 10000; do
    echo "== evsim bench --queues $queues"
    wide_out="$("$evsim" bench --queues "$queues")"
    echo "$wide_out"
    echo "== evsim_bare_wide --queues $queues"
    lean_out="$("$bare_wide" --queues "$queues")"
    echo "$lean_out"
    awk -v q="$queues" -v e="$(deliveries_per_s "$wide_out" evsim)" \
        -v b="$(deliveries_per_s "$lean_out" evsim_bare_wide)" \
        'BEGIN { printf "ratio_vs_bare_wide_%d: %.3f\n", q, e / b }'
done
