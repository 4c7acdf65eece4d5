#!/usr/bin/env bash
# Installs a prebuilt orglint from a release: downloads the archive for this
# machine, checks it against the release's .sha256 file and unpacks the binary
# into DEST. Used by action.yml; tested against a local fake release by
# tests/install-script.sh.
#
#   scripts/install-orglint.sh BASE_URL DEST
#
# BASE_URL is the release's download folder, for example
# https://github.com/orglint/orglint/releases/download/v0.1.0
#
# Exit status: 0 installed; 3 no prebuilt binary for this machine or release
# (the caller may build from source); 1 anything else, above all a checksum
# that does not match, which must never fall back to anything.
set -euo pipefail
base=${1:?usage: install-orglint.sh BASE_URL DEST}
dest=${2:?usage: install-orglint.sh BASE_URL DEST}
base=${base%/}

# The release assets are orglint-<target>.<ext> (.github/workflows/release.yml);
# tests/release.rs checks that these lines name assets the release builds.
case "${ORGLINT_PLATFORM:-$(uname -s)-$(uname -m)}" in
    Linux-x86_64) target=x86_64-unknown-linux-musl; ext=tar.gz ;;
    Darwin-x86_64) target=x86_64-apple-darwin; ext=tar.gz ;;
    Darwin-arm64) target=aarch64-apple-darwin; ext=tar.gz ;;
    MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) target=x86_64-pc-windows-msvc; ext=zip ;;
    *)
        echo "orglint: no prebuilt binary for $(uname -s) $(uname -m)" >&2
        exit 3
        ;;
esac
asset="orglint-${target}.${ext}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints the HTTP status; a missing asset is not an error of this script.
fetch() {
    curl --silent --show-error --location --retry 3 --connect-timeout 20 \
        --output "$2" --write-out '%{http_code}' "$1" || true
}

status=$(fetch "$base/$asset" "$work/$asset")
if [ "$status" = 404 ]; then
    echo "orglint: the release has no \`$asset\`" >&2
    exit 3
elif [ "$status" != 200 ]; then
    echo "orglint: downloading \`$base/$asset\` failed (HTTP $status)" >&2
    exit 1
fi
status=$(fetch "$base/$asset.sha256" "$work/$asset.sha256")
if [ "$status" != 200 ]; then
    echo "orglint: the release has no checksum for \`$asset\` (HTTP $status); refusing it" >&2
    exit 1
fi

expected=$(cut -d ' ' -f 1 <"$work/$asset.sha256" | tr -d '\r\n')
if command -v sha256sum >/dev/null; then
    actual=$(sha256sum "$work/$asset" | cut -d ' ' -f 1)
else
    actual=$(shasum -a 256 "$work/$asset" | cut -d ' ' -f 1)
fi
if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
    echo "orglint: checksum mismatch for \`$asset\`: expected \`$expected\`, got \`$actual\`; refusing it" >&2
    exit 1
fi

mkdir -p "$dest"
if [ "$ext" = zip ]; then
    unzip -q -o "$work/$asset" -d "$work/unpacked"
else
    mkdir "$work/unpacked"
    tar -xzf "$work/$asset" -C "$work/unpacked"
fi
bin=orglint
[ "$ext" = zip ] && bin=orglint.exe
if [ ! -f "$work/unpacked/$bin" ]; then
    echo "orglint: \`$asset\` holds no \`$bin\`" >&2
    exit 1
fi
install -m 755 "$work/unpacked/$bin" "$dest/$bin"
echo "orglint: installed \`$asset\` into \`$dest\`"
