#!/usr/bin/env bash
# Times the whole `orglint import` process with hyperfine (BENCHMARKS.md).
#
#   bash benches/import.sh          # a 100,000-row CSV and a 1,400-file YAML folder
#   BIG=1 bash benches/import.sh    # also a 1,000,000-row CSV, and peak memory
#
# Needs hyperfine (`apt-get install hyperfine`) and python3. The exports are
# generated deterministically by benches/import_data.py, so the figures are
# reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin orglint
bin=$PWD/target/release/orglint
work=${BENCH_DIR:-target/bench-import}
mkdir -p "$work"
rows="100000"
[ "${BIG:-0}" = 1 ] && rows="$rows 1000000"
for n in $rows; do
    [ -f "$work/export-$n.csv" ] || python3 benches/import_data.py csv "$n" > "$work/export-$n.csv"
done
[ -d "$work/team" ] || python3 benches/import_data.py yaml 1400 "$work/team"

cd "$work"
for n in $rows; do
    hyperfine -N -i --warmup 1 --runs 10 "$bin import csv export-$n.csv -o out-$n.toml --force --format json"
    /usr/bin/time -f "export-$n.csv: %e s, peak %M KiB" "$bin" import csv "export-$n.csv" -o "out-$n.toml" --force --format json > /dev/null
done
hyperfine -N -i --warmup 3 --runs 20 "$bin import yaml team -o team.toml --force --format json"
/usr/bin/time -f "team/ (1,400 files): %e s, peak %M KiB" "$bin" import yaml team -o team.toml --force --format json > /dev/null
