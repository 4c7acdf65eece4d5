#!/usr/bin/env bash
# The figures of "Orgs of many files" in BENCHMARKS.md, side by side in one
# run: the same generated org as one file and split into a root plus one
# file per person and team (`orglint split`), whole `orglint check` process
# (hyperfine) and peak memory (GNU time); then a GitLab-sized org of 1,400
# person files.
#
#   bash benches/many_files.sh              # 100,000 people and 1,400
#   PEOPLE=20000 bash benches/many_files.sh
#
# Needs hyperfine and GNU time (`apt-get install hyperfine time`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin orglint --example gen-org
bin=$PWD/target/release/orglint
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"

for n in ${PEOPLE:-100000} 1400; do
    one="$work/many-$n/one"
    split="$work/many-$n/split"
    if [ ! -f "$split/org.toml" ]; then
        rm -rf "$work/many-$n"
        mkdir -p "$one"
        target/release/examples/gen-org --people "$n" --seed 1 > "$one/org.toml"
        mkdir -p "$split"
        cp "$one/org.toml" "$split/org.toml"
        "$bin" split "$split/org.toml" > /dev/null
    fi
    files=$(find "$split" -name '*.toml' | wc -l)
    echo "== $n people: one file of $(stat -c %s "$one/org.toml") bytes; split into $files files"
    hyperfine -N -i --warmup 2 --runs "${RUNS:-10}" \
        "$bin check --no-config -q --format json $one/org.toml" \
        "$bin check --no-config -q --format json $split/org.toml"
    for f in "$one/org.toml" "$split/org.toml"; do
        /usr/bin/time -f "peak RSS %M KiB: check $f" "$bin" check --no-config -q --format json "$f" > /dev/null || true
    done
done
