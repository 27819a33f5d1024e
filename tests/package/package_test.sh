#!/usr/bin/env bash
# Installs this build into a temporary prefix, builds examples/ against the installed package
# as a separate project (find_package(EventSim)) and runs its tests: the package installs
# what a project needs, its targets carry no warning flags of ours, and the exported tests
# compile warning-free against the installed headers.
# Usage: package_test.sh BUILD_DIR SOURCE_DIR CMAKE CTEST
set -euo pipefail
build=$1
source=$2
cmake=$3
ctest=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== install into $tmp/prefix"
"$cmake" --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log"
for f in bin/evsim lib/cmake/EventSim/EventSimConfig.cmake include/evsim/harness/testing/run.h \
    include/evsim/simulator/engine/consumer_handler.h include/evsim/harness/session/session.h; do
    [[ -e $tmp/prefix/$f ]] || { echo "FAIL: $f was not installed" >&2; exit 1; }
done
# Headers go under their library's folder only, and the command line's stay in the project.
folders=$(cd "$tmp/prefix/include/evsim" && echo *)
if [[ $folders != "harness simulator" ]]; then
    echo "FAIL: include/evsim holds $folders, not just harness and simulator" >&2
    exit 1
fi
for layer in cli suite benchmark; do
    if [[ -e $tmp/prefix/include/evsim/harness/$layer ]]; then
        echo "FAIL: the command line's $layer/ headers were installed" >&2
        exit 1
    fi
done
if grep -rq -- "-Werror" "$tmp/prefix/lib/cmake/EventSim"; then
    echo "FAIL: the exported targets carry -Werror" >&2
    exit 1
fi

echo "== configure examples/ against it"
"$cmake" -S "$source/examples" -B "$tmp/example" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_PREFIX_PATH="$tmp/prefix"
echo "== build"
"$cmake" --build "$tmp/example" -j2
echo "== test"
"$ctest" --test-dir "$tmp/example" --output-on-failure -j2
