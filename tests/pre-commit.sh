#!/usr/bin/env bash
# Proves the pre-commit hook with the real `pre-commit` tool: in a temporary
# git repository, committing a bad org file fails with the diagnostic shown,
# committing a good one passes, and committing only an orglint.toml that makes
# the (unstaged, unchanged) org fail is blocked too. Uses this repository's
# committed HEAD as the hook repository, exactly as users reference it.
#
#   bash tests/pre-commit.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PRE_COMMIT_HOME="$work/cache"
rev=$(git -C "$here" rev-parse HEAD)

repo="$work/org-repo"
mkdir -p "$repo"
cd "$repo"
git init --quiet
git config user.email ci@example.com
git config user.name CI
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $here
    rev: $rev
    hooks:
      - id: orglint
YAML
git add .pre-commit-config.yaml
git commit --quiet -m "pre-commit config"
"$work/venv/bin/pre-commit" install --install-hooks >/dev/null

cat > org.toml <<'TOML'
[org]
name = "Acme"
structure = "split"

[people.ada]
name = "Ada"

[people.linus]
name = "Linus"
reports-to = "adaa"
nickname = "Lin"   # an unknown field: a warning, which does not block a commit
TOML
git add org.toml
if git commit --quiet -m "bad org" >"$work/bad.log" 2>&1; then
    echo "FAIL: a commit with a broken reference went through" >&2
    cat "$work/bad.log" >&2
    exit 1
fi
grep -q "unknown-reference" "$work/bad.log" || { echo "FAIL: the diagnostic was not shown" >&2; cat "$work/bad.log" >&2; exit 1; }
grep -q "did you mean \`ada\`?" "$work/bad.log" || { echo "FAIL: the help was not shown" >&2; cat "$work/bad.log" >&2; exit 1; }

sed -i 's/"adaa"/"ada"/' org.toml
git add org.toml
if ! git commit --quiet -m "good org" >"$work/good.log" 2>&1; then
    echo "FAIL: a clean org was rejected" >&2
    cat "$work/good.log" >&2
    exit 1
fi

# Only orglint.toml is staged; it raises that warning to an error.
printf '[rules]\nunknown-field = "error"\n' > orglint.toml
git add orglint.toml
if git commit --quiet -m "stricter config" >"$work/config.log" 2>&1; then
    echo "FAIL: a config that makes the org fail went through" >&2
    cat "$work/config.log" >&2
    exit 1
fi
grep -q "unknown field \`nickname\`" "$work/config.log" && grep -q "1 error, 0 warnings" "$work/config.log" ||
    { echo "FAIL: the org's diagnostic was not shown as an error" >&2; cat "$work/config.log" >&2; exit 1; }

printf '[rules]\nunknown-field = "warning"\n' > orglint.toml
git add orglint.toml
if ! git commit --quiet -m "config back to the default" >"$work/config-ok.log" 2>&1; then
    echo "FAIL: a config that keeps the org clean was rejected" >&2
    cat "$work/config-ok.log" >&2
    exit 1
fi
# An org of many files: a root that includes one file per person. Only
# people/ada.toml is staged; the hook lints the whole org from its root and
# names the fragment the problem is in.
mkdir -p north/people
cat > north/org.toml <<'TOML'
[org]
name = "Northwind"
structure = "split"
include = ["people/*.toml"]
TOML
printf '[people.ada]\nname = "Ada"\n' > north/people/ada.toml
printf '[people.bob]\nname = "Bob"\nreports-to = "ada"\n' > north/people/bob.toml
git add north
if ! git commit --quiet -m "an org of many files" >"$work/north.log" 2>&1; then
    echo "FAIL: a clean org of many files was rejected" >&2
    cat "$work/north.log" >&2
    exit 1
fi
printf '[people.ada]\nname = "Ada"\nreports-to = "bobb"\n' > north/people/ada.toml
git add north/people/ada.toml
if git commit --quiet -m "ada reports to a typo" >"$work/fragment.log" 2>&1; then
    echo "FAIL: a fragment with a broken reference went through" >&2
    cat "$work/fragment.log" >&2
    exit 1
fi
grep -q "north/people/ada.toml:3:" "$work/fragment.log" && grep -q "unknown-reference" "$work/fragment.log" &&
    grep -q "did you mean \`bob\`?" "$work/fragment.log" ||
    { echo "FAIL: the diagnostic was not located in the fragment" >&2; cat "$work/fragment.log" >&2; exit 1; }
printf '[people.ada]\nname = "Ada"\ntitle = "CEO"\n' > north/people/ada.toml
git add north/people/ada.toml
if ! git commit --quiet -m "ada fixed" >"$work/fragment-ok.log" 2>&1; then
    echo "FAIL: the fixed fragment was rejected" >&2
    cat "$work/fragment-ok.log" >&2
    exit 1
fi
echo "pre-commit: 6 passed, 0 failed"
