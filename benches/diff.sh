#!/usr/bin/env bash
# Times `orglint diff` against one `orglint check`, side by side with
# hyperfine, on git repositories made from generated orgs:
#
#   - one file of 100,000 people, and a second commit that moves 1 % of them;
#   - the same org as one file per person (and per team), 1 % moved;
#   - a 100-person org, 1 % (one person) moved.
#
#   bash benches/diff.sh
#
# Needs hyperfine, git and python3. Orgs come from
# `cargo run --release --example gen-org`, so the figures are reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin orglint --example gen-org
bin=$PWD/target/release/orglint
gen=$PWD/target/release/examples/gen-org
work=${BENCH_DIR:-$PWD/target/bench}/diff
mkdir -p "$work"

# move.py FILE: every 100th person who reports to someone now reports to
# the manager of the next one who has another (1 % of the people move).
cat > "$work/move.py" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
parts = re.split(r'(?m)^(?=\[people\.)', text)
managers = [re.search(r'(?m)^reports-to = "([^"]*)"', p) for p in parts]
idx = [i for i, m in enumerate(managers) if m]
for k in range(0, len(idx), 100):
    i = idx[k]
    others = [j for j in idx[k + 1:] + idx[:k] if managers[j].group(1) != managers[i].group(1)]
    if others:
        parts[i] = parts[i].replace(managers[i].group(0), managers[others[0]].group(0), 1)
open(path, 'w').write(''.join(parts))
PY
# split.py FILE DIR: the org as a root with `include`, one file per person
# and per team.
cat > "$work/split.py" <<'PY'
import os, re, sys
text = open(sys.argv[1]).read()
out = sys.argv[2]
os.makedirs(out + '/people', exist_ok=True)
os.makedirs(out + '/teams', exist_ok=True)
parts = re.split(r'(?m)^(?=\[(?:people|teams)\.)', text)
root = parts[0].replace('[org]\n', '[org]\ninclude = ["people/*.toml", "teams/*.toml"]\n', 1)
open(out + '/org.toml', 'w').write(root)
for p in parts[1:]:
    m = re.match(r'\[(people|teams)\.([^\]]+)\]', p)
    open('%s/%s/%s.toml' % (out, m.group(1), m.group(2).strip('"')), 'w').write(p)
PY

repo() { # repo NAME SOURCE_FILE SPLIT(0|1)
    local dir=$work/$1
    [ -d "$dir/.git" ] && return
    rm -rf "$dir"; mkdir -p "$dir"
    if [ "$3" = 1 ]; then python3 "$work/split.py" "$2" "$dir"; else cp "$2" "$dir/org.toml"; fi
    git -C "$dir" init -q -b main
    git -C "$dir" -c user.email=b@e -c user.name=bench add -A
    git -C "$dir" -c user.email=b@e -c user.name=bench commit -qm v1
    local moved=$work/$1.moved.toml
    cp "$2" "$moved"; python3 "$work/move.py" "$moved"
    if [ "$3" = 1 ]; then
        rm -rf "$dir/people" "$dir/teams"; python3 "$work/split.py" "$moved" "$dir"
    else
        cp "$moved" "$dir/org.toml"
    fi
    git -C "$dir" -c user.email=b@e -c user.name=bench add -A
    git -C "$dir" -c user.email=b@e -c user.name=bench commit -qm v2
    # Packed, as a clone has them (a fresh commit leaves loose objects).
    git -C "$dir" gc -q
}

for n in 100 100000; do
    [ -f "$work/org-$n.toml" ] || "$gen" --people "$n" --seed 1 > "$work/org-$n.toml"
done
repo one-file "$work/org-100000.toml" 0
repo split "$work/org-100000.toml" 1
repo small "$work/org-100.toml" 0

for r in one-file split; do
    (cd "$work/$r" && hyperfine -N -i --warmup 1 --runs 5 \
        "$bin check --no-config -q --format json org.toml" \
        "$bin diff main~1 main --format json")
done
(cd "$work/small" && hyperfine -N -i --warmup 20 --runs 200 \
    "$bin check --no-config -q org.toml" \
    "$bin diff main~1 main --format json")
