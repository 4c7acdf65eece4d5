#!/usr/bin/env bash
# The full-size cost cases of the adversarial suite (the small ones run in
# `cargo test`, tests/adversarial.rs): a release build of orglint on inputs
# that once took minutes or gigabytes. Each case is run in every output
# format it concerns, with its wall time and peak memory measured by GNU
# time and held to a limit. `.ci/run` runs it.
#
#   bash tests/adversarial-full.sh             # every case
#   CASES="cycle rules" bash tests/adversarial-full.sh
#
# Needs python3 (to generate the inputs) and GNU time (installed with apt
# when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

cargo build --release --quiet --locked --bin orglint
bin=$PWD/target/release/orglint
work=${WORK_DIR:-$PWD/target/adversarial-full}
mkdir -p "$work"
cases=${CASES:-"long-id chain cycle many-rules firing-rules many-files"}
failed=0

# run NAME MAX_SECONDS MAX_MIB ARGS...: runs orglint, prints its time and
# peak memory, and fails the script when either is above its limit or the
# exit code is not 0 or 1 (findings).
run() {
    local name=$1 max_s=$2 max_mib=$3
    shift 3
    local log="$work/$name.time"
    local code=0
    /usr/bin/time -f "%e %M" -o "$log" "$bin" "$@" >/dev/null 2>"$work/$name.err" || code=$?
    local seconds kib
    read -r seconds kib < <(tail -n 1 "$log")
    local mib=$((kib / 1024))
    local verdict=ok
    if [ "$code" -gt 1 ]; then
        verdict="FAILED: exit $code: $(head -c 300 "$work/$name.err")"
    elif awk -v s="$seconds" -v m="$max_s" 'BEGIN { exit !(s > m) }'; then
        verdict="FAILED: over $max_s s"
    elif [ "$mib" -gt "$max_mib" ]; then
        verdict="FAILED: over $max_mib MiB"
    fi
    printf '%-34s %7.2f s %7d MiB  %s\n' "$name" "$seconds" "$mib" "$verdict"
    [ "$verdict" = ok ] || failed=1
}

gen() { python3 - "$@"; }

for case in $cases; do
    case $case in
    long-id)
        # Item 10: a 100,000-character id and a reference one edit away
        # (29 s before did-you-mean was bounded).
        f=$work/long-id.org.toml
        gen "$f" <<'EOF'
import sys
long = "a" * 100_000
with open(sys.argv[1], "w") as f:
    f.write('[org]\nname = "A"\nstructure = "split"\n')
    f.write(f'[people.{long}]\nname = "A"\n')
    f.write(f'[people.b]\nname = "B"\nreports-to = "{long}b"\n')
EOF
        for format in human json sarif; do
            run "long-id $format" 10 200 check --no-config --format "$format" "$f"
        done
        ;;
    chain)
        # Item 11: a 1,000,000-deep chain (SARIF took 11.3 GB and 112 s).
        f=$work/chain.org.toml
        gen "$f" <<'EOF'
import sys
n = 1_000_000
with open(sys.argv[1], "w") as f:
    f.write('[org]\nname = "A"\nstructure = "split"\n[people.p0]\nname = "P"\n')
    for i in range(1, n):
        f.write(f'[people.p{i}]\nname = "P"\nreports-to = "p{i - 1}"\n')
EOF
        for format in json sarif human; do
            run "chain-1M $format" 60 2048 check --no-config --format "$format" "$f"
        done
        ;;
    cycle)
        # Item 11: one loop through 100,000 people, a label per person
        # (3.7 GB at 500,000). Target: under 400 MiB in SARIF and JSON.
        f=$work/cycle.org.toml
        gen "$f" <<'EOF'
import sys
n = 100_000
with open(sys.argv[1], "w") as f:
    f.write('[org]\nname = "A"\nstructure = "split"\n[people.root]\nname = "R"\n')
    for i in range(n):
        f.write(f'[people.c{i}]\nname = "C"\nreports-to = "c{(i + 1) % n}"\n')
EOF
        for format in json sarif; do
            run "cycle-100k $format" 60 400 check --no-config --format "$format" "$f"
        done
        run "cycle-100k human" 60 400 check --no-config --format human "$f"
        f=$work/cycle-500k.org.toml
        gen "$f" <<'EOF'
import sys
n = 500_000
with open(sys.argv[1], "w") as f:
    f.write('[org]\nname = "A"\nstructure = "split"\n[people.root]\nname = "R"\n')
    for i in range(n):
        f.write(f'[people.c{i}]\nname = "C"\nreports-to = "c{(i + 1) % n}"\n')
EOF
        for format in json sarif; do
            run "cycle-500k $format" 60 2048 check --no-config --format "$format" "$f"
        done
        ;;
    many-rules)
        # Item 12: 100,000 rules on a 3-person org (29 s when quadratic),
        # each listed in `[rules]` too.
        d=$work/many-rules
        mkdir -p "$d"
        gen "$d" <<'EOF'
import sys, os
d = sys.argv[1]
n = 100_000
with open(os.path.join(d, "big.toml"), "w") as f:
    f.write('[pack]\nname = "big"\nsummary = "many rules"\n')
    for i in range(n):
        f.write(f'[[rule]]\nid = "big/r{i}"\nsummary = "s"\nseverity = "info"\n'
                'template = "required"\nparams = { fields = ["title"] }\n')
with open(os.path.join(d, "orglint.toml"), "w") as f:
    f.write('packs = ["big.toml"]\n[rules]\n')
    for i in range(n):
        f.write(f'"big/r{i}" = "warning"\n')
with open(os.path.join(d, "org.toml"), "w") as f:
    f.write('[org]\nname = "A"\nstructure = "split"\n'
            '[people.a]\nname = "A"\n[people.b]\nname = "B"\nreports-to = "a"\n'
            '[people.c]\nname = "C"\nreports-to = "a"\n')
EOF
        for format in json sarif human; do
            run "rules-100k $format" 10 2048 check --config "$d/orglint.toml" --format "$format" "$d/org.toml"
        done
        ;;
    firing-rules)
        # Item 11: 1,000 rules that fire on each of 100,000 people (28
        # million diagnostics, 21 GB once): 10,000 kept per rule and 100,000
        # per org, the rest counted.
        d=$work/firing-rules
        mkdir -p "$d"
        gen "$d" <<'EOF'
import sys, os
d = sys.argv[1]
with open(os.path.join(d, "big.toml"), "w") as f:
    f.write('[pack]\nname = "big"\nsummary = "many rules"\n')
    for i in range(1000):
        f.write(f'[[rule]]\nid = "big/r{i}"\nsummary = "s"\nseverity = "info"\n'
                'template = "required"\nparams = { fields = ["title"] }\n')
with open(os.path.join(d, "orglint.toml"), "w") as f:
    f.write('packs = ["big.toml"]\n')
with open(os.path.join(d, "org.toml"), "w") as f:
    f.write('[org]\nname = "A"\nstructure = "split"\n[people.p0]\nname = "P"\n')
    for i in range(1, 100_000):
        f.write(f'[people.p{i}]\nname = "P"\nreports-to = "p0"\n')
EOF
        for format in json sarif human; do
            run "firing-1000x100k $format" 60 2048 check --config "$d/orglint.toml" --format "$format" "$d/org.toml"
        done
        ;;
    many-files)
        # Orgs of many files: a root with 100,000 fragments, one person
        # each, with a loop through 1,000 of them and a duplicate id, and
        # one fragment given alone (the org is found and linted once).
        d=$work/many-files
        if [ ! -f "$d/org.toml" ]; then
            gen "$d" <<'EOF'
import os, sys
d = sys.argv[1]
os.makedirs(os.path.join(d, "people"), exist_ok=True)
with open(os.path.join(d, "org.toml"), "w") as f:
    f.write('[org]\nname = "A"\nstructure = "split"\ninclude = ["people/**/*.toml"]\n[people.p0]\nname = "P"\n')
for i in range(1, 100_000):
    manager = f"p{i + 1}" if i < 1000 else "p0"
    if i == 999:
        manager = "p1"
    with open(os.path.join(d, "people", f"p{i}.toml"), "w") as f:
        f.write(f'[people.p{i}]\nname = "P"\nreports-to = "{manager}"\n')
with open(os.path.join(d, "people", "p1-copy.toml"), "w") as f:
    f.write('[people.p1]\nname = "P"\n')
EOF
        fi
        for format in json sarif human; do
            run "fragments-100k $format" 30 1024 check --no-config --format "$format" "$d/org.toml"
        done
        run "fragments-100k one fragment" 30 1024 check --no-config --format json "$d/people/p5.toml"
        ;;
    *)
        echo "unknown case $case" >&2
        exit 2
        ;;
    esac
done

exit $failed
