#!/usr/bin/env bash
# Times the whole `orglint check` process with hyperfine on generated orgs.
#
#   bash benches/cli.sh            # 50, 100, 1,000 and 100,000 people, and 2,000 files of 50
#   BIG=1 bash benches/cli.sh      # also 1,000,000 people (a 137 MB file)
#
# Needs hyperfine (`apt-get install hyperfine`). Orgs come from
# `cargo run --release --example gen-org`, so the figures are reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin orglint --example gen-org
bin=target/release/orglint
gen=target/release/examples/gen-org
work=${BENCH_DIR:-target/bench}
mkdir -p "$work/many"

sizes="50 100 1000 100000"
[ "${BIG:-0}" = 1 ] && sizes="$sizes 1000000"
for n in $sizes; do
    [ -f "$work/org-$n.toml" ] || "$gen" --people "$n" --seed 1 > "$work/org-$n.toml"
done
if [ ! -f "$work/many/o2000.org.toml" ]; then
    for i in $(seq 1 2000); do "$gen" --people 50 --seed "$i" > "$work/many/o$i.org.toml"; done
fi

for n in 50 100 1000; do
    hyperfine -N -i --warmup 20 --runs 300 "$bin check --no-config -q $work/org-$n.toml"
done
for n in $sizes; do
    case $n in 50|100|1000) continue ;; esac
    hyperfine -N -i --warmup 1 --runs 5 "$bin check --no-config -q --format json $work/org-$n.toml"
done
hyperfine -N -i --warmup 1 --runs 7 \
    "env RAYON_NUM_THREADS=1 $bin check --no-config -q --format short $work/many" \
    "$bin check --no-config -q --format short $work/many"
