#!/usr/bin/env bash
# Re-pins the digest of every bundled scenario after an intended change of behaviour, and
# records the golden recording again.
# Usage: tests/cli/update_digests.sh [path/to/evsim]   (default: build/dev/harness/evsim)
# Review `git diff fixtures/digests` and say in the commit why the runs changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
evsim=${1:-build/dev/harness/evsim}
find scenarios -name '*.json' | sort | while IFS= read -r file; do
    target="fixtures/digests/${file#scenarios/}"
    target="${target%.json}.digest"
    mkdir -p "$(dirname "$target")"
    digest=$("$evsim" run "$file" --quiet --stream | tail -n 1 | sed -n 's/^digest: //p')
    [[ -n $digest ]] || { echo "no digest for $file" >&2; exit 1; }
    echo "$digest" >"$target"
    echo "$target: $digest"
done
mkdir -p fixtures/recordings
"$evsim" record scenarios/poison-message-dlq.json -o fixtures/recordings/poison-message-dlq.evrec
