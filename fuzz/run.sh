#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), seeded with the
# fixtures and the toml-test corpus. Needs cargo-fuzz (`cargo install
# cargo-fuzz`) and a nightly toolchain; on a stable toolchain,
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz use the sanitizer flags.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=${*:-org config pack fix}
mkdir -p corpus/org corpus/fix corpus/config corpus/pack
for f in ../fixtures/*/*.toml ../examples/*.toml; do
    name=$(echo "$f" | tr '/' '_')
    cp "$f" "corpus/org/$name"
    cp "$f" "corpus/fix/$name"
done
for f in $(find ../tests/data/toml-test -name '*.toml'); do
    name=$(echo "$f" | tr '/' '_')
    cp "$f" "corpus/org/$name"
done
for f in ../rules/*/*.toml; do cp "$f" "corpus/pack/$(echo "$f" | tr '/' '_')"; done
for target in $targets; do
    echo "== $target: $seconds s"
    RUSTC_BOOTSTRAP=${RUSTC_BOOTSTRAP:-1} cargo fuzz run -O "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1
done
