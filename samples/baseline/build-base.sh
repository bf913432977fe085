#!/usr/bin/env bash
# Builds the base image of the baseline sample without any image registry: debootstrap
# writes a minimal Debian bookworm root with python3-numpy from the Debian mirror that this
# machine's apt sources name, and `docker import` turns that root into an image.
#
# Usage: build-base.sh [IMAGE_TAG]   (default mrnet-baseline-base:bookworm)
# An image that already carries the tag is reused as it is; remove it to rebuild.
# Needs root (debootstrap), a running dockerd and network access to that Debian mirror.
set -euo pipefail

tag="${1:-mrnet-baseline-base:bookworm}"
suite="bookworm"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/build/base"

die() {
    echo "build-base.sh: $*" >&2
    exit 1
}

# Prints the first enabled Debian mirror URI for $suite, read from the one-line format
# (sources.list, *.list) and the deb822 format (*.sources). apt reads no other file names,
# so neither does this.
find_mirror() {
    local files=()
    [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
    local f
    for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -f "$f" ]] && files+=("$f")
    done
    [[ ${#files[@]} -gt 0 ]] || return 1

    awk -v suite="$suite" '
        # One-line format: deb [options] URI SUITE COMPONENT...
        FILENAME !~ /\.sources$/ {
            if ($1 != "deb") next
            i = 2
            if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
            if ($(i + 1) == suite) { print $i; found = 1; exit }
            next
        }
        # deb822 format: stanzas separated by blank lines.
        /^[[:space:]]*$/ { check(); reset(); next }
        /^[[:space:]]*#/ { next }
        {
            key = tolower($1); sub(/:$/, "", key)
            value = $0; sub(/^[^:]*:[[:space:]]*/, "", value)
            fields[key] = value
        }
        END { if (!found) check() }
        function reset() { delete fields }
        function check(   n, parts, j, suites) {
            if (!("uris" in fields)) return
            if (("enabled" in fields) && tolower(fields["enabled"]) == "no") return
            if (!(" " fields["types"] " " ~ / deb /)) return
            n = split(fields["suites"], suites, /[[:space:]]+/)
            for (j = 1; j <= n; j++) {
                if (suites[j] == suite) {
                    split(fields["uris"], parts, /[[:space:]]+/)
                    print parts[1]; found = 1; exit
                }
            }
        }
    ' "${files[@]}"
}

if docker image inspect "$tag" >/dev/null 2>&1; then
    echo "base image $tag exists; reusing it"
    exit 0
fi

[[ $EUID -eq 0 ]] || die "debootstrap needs root; run this script as root"
command -v debootstrap >/dev/null || die "debootstrap is not installed; install the Debian package debootstrap"

mirror="$(find_mirror || true)"
[[ -n "$mirror" ]] || die "no enabled 'deb' entry for suite $suite in /etc/apt/sources.list or /etc/apt/sources.list.d/*.{list,sources}; add the Debian mirror there"
echo "building base image $tag with debootstrap from $mirror (this takes a few minutes)"

rm -rf "$work"
mkdir -p "$work"
root="$work/rootfs"
trap 'rm -rf "$work"' EXIT

debootstrap --variant=minbase --include=python3-numpy "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed; the log above ends with its last lines"; }

# The image needs no package cache, documentation or apt lists; dropping them roughly
# halves the archive that build.sh writes.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/*

tar --numeric-owner -C "$root" -c . | docker import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    - "$tag" >/dev/null
echo "base image $tag built"
