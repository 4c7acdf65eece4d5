#!/usr/bin/env bash
# Proves the pre-commit hook with the real `pre-commit` tool: in a temporary
# git repository, committing a bad org file fails with the diagnostic shown,
# committing a good one passes. Uses this repository's committed HEAD as the
# hook repository, exactly as users reference it.
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
echo "pre-commit: 2 passed, 0 failed"
