#!/usr/bin/env bash
# Opens the default scenario: in the desktop app when a display is there, otherwise headless —
# the run's summary on the terminal and a picture of the app written to build/, saying where.
# Needs the release build: cmake --workflow --preset app
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scenario=scenarios/hello-pubsub.json
evsim=build/release/harness/evsim
gui=build/release/gui/evsim-gui

if [[ ! -x "$evsim" ]]; then
    echo "missing $evsim; build it first with: cmake --workflow --preset app" >&2
    exit 1
fi

if [[ -x "$gui" && ( -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ) ]]; then
    exec "$gui" "$scenario"
fi

"$evsim" run "$scenario"
if [[ -x "$gui" ]]; then
    picture=build/hello-pubsub.png
    "$gui" "$scenario" --screenshot "$picture" --view all --size 1600x1000
    echo
    echo "No display here, so the desktop app was not opened. A picture of it on this scenario:"
    echo "  $root/$picture"
fi
