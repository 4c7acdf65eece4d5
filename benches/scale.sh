#!/usr/bin/env bash
# The scale figures of BENCHMARKS.md, side by side in one run: the whole
# `orglint check --format json` process against the floor (read + `toml` +
# serde into plain structs, `benches/tools/floor.rs`) on generated orgs of
# 100,000 and 1,000,000 people, with hyperfine for time and GNU time for
# peak memory.
#
#   bash benches/scale.sh                  # 100,000 people
#   BIG=1 bash benches/scale.sh            # and 1,000,000 (a 137 MB file)
#   ORG=path/to/org.toml bash benches/scale.sh   # any other org
#
# Needs hyperfine and GNU time (`apt-get install hyperfine time`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin orglint --example gen-org --example floor
bin=target/release/orglint
floor=target/release/examples/floor
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"

files=${ORG:-}
if [ -z "$files" ]; then
    sizes="100000"
    [ "${BIG:-0}" = 1 ] && sizes="$sizes 1000000"
    for n in $sizes; do
        f="$work/org-$n.toml"
        [ -f "$f" ] || target/release/examples/gen-org --people "$n" --seed 1 > "$f"
        files="$files $f"
    done
fi

for f in $files; do
    runs=7
    [ "$(stat -c %s "$f")" -gt 50000000 ] && runs=3
    echo "== $f ($(stat -c %s "$f") bytes)"
    hyperfine -N -i --warmup 1 --runs "$runs" \
        "$bin check --no-config -q --format json $f" "$floor $f"
    for cmd in "$bin check --no-config -q --format json $f" "$floor $f"; do
        /usr/bin/time -f "peak RSS %M KiB: $cmd" $cmd > /dev/null
    done
done
