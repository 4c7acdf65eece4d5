#!/usr/bin/env bash
# Publishes pre-commit-mirror/ to the mirror's own repository at a release:
# its files replace the repository's, pinned to this orglint version, in one
# commit tagged v<version> (pre-commit users pin that tag). Dry run unless
# --push is given: the commit and tag are made in a temporary clone and shown.
#
#   scripts/publish-pre-commit-mirror.sh TARGET_REPO [--push]
#
# TARGET_REPO is anything `git clone` takes, for example
# git@github.com:orglint/orglint-pre-commit.git, or a local path.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
target=${1:?usage: publish-pre-commit-mirror.sh TARGET_REPO [--push]}
push=${2:-}
if [ -n "$push" ] && [ "$push" != --push ]; then
    echo "usage: publish-pre-commit-mirror.sh TARGET_REPO [--push]" >&2
    exit 2
fi

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/Cargo.toml" | head -n 1)
tag="v$version"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git clone --quiet "$target" "$work/mirror"
cd "$work/mirror"
if git rev-parse --quiet --verify "refs/tags/$tag" >/dev/null; then
    echo "the mirror already has \`$tag\`; nothing to publish" >&2
    exit 1
fi
# Files the mirror no longer has go too; .git stays.
find . -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
cp -R "$here/pre-commit-mirror/." .
sed -i.bak -e "s/^version = \".*\"/version = \"$version\"/" \
    -e "s/\"orglint==[^\"]*\"/\"orglint==$version\"/" \
    -e "s/rev: v[0-9][^ ]*/rev: $tag/" pyproject.toml README.md
rm -f pyproject.toml.bak README.md.bak
git add -A
git -c user.name="${GIT_AUTHOR_NAME:-orglint release}" -c user.email="${GIT_AUTHOR_EMAIL:-release@orglint.invalid}" \
    commit --quiet --allow-empty -m "orglint $version"
git tag "$tag"
git --no-pager show --stat --format='%s' HEAD
if [ "$push" = --push ]; then
    git push --quiet origin HEAD "refs/tags/$tag"
    echo "published $tag to $target"
else
    echo "dry run: $tag not pushed (add --push to publish to $target)"
fi
