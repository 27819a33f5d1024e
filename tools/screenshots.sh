#!/usr/bin/env bash
# Regenerates the README's pictures of the desktop app (docs/images/), without a display.
# Needs the release build: cmake --workflow --preset app
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

gui=${EVSIM_GUI:-build/release/gui/evsim-gui}
if [[ ! -x "$gui" ]]; then
    echo "missing $gui; build it first with: cmake --workflow --preset app" >&2
    exit 1
fi

out=docs/images
mkdir -p "$out"
scenario=scenarios/hello-pubsub.json
for theme in light dark; do
    "$gui" "$scenario" --screenshot "$out/hello-pubsub-all-$theme.png" --view all \
        --size 1600x1000 --theme "$theme"
done
for view in topology sequence traces metrics log; do
    "$gui" "$scenario" --screenshot "$out/hello-pubsub-$view-light.png" --view "$view" \
        --size 1200x700 --theme light
done
"$gui" scenarios/poison-message-dlq.json --screenshot "$out/poison-message-dlq-all-dark.png" \
    --view all --size 1600x1000 --theme dark
echo "pictures written to $root/$out"
