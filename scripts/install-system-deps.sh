#!/usr/bin/env bash
# Installs the system libraries Assent itself needs at run time (WeasyPrint renders PDFs with pango).
# As root on Debian it installs what is missing; otherwise it names the packages and stops.
set -euo pipefail

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

command -v dpkg-query >/dev/null || { echo "install-system-deps: not Debian; install pango yourself"; exit 0; }
missing=()
for package in "${PACKAGES[@]}"; do
    installed "$package" || missing+=("$package")
done
((${#missing[@]})) || exit 0
if [[ $(id -u) -ne 0 ]]; then
    echo "install-system-deps: missing ${missing[*]}; run: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
