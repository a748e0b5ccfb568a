#!/usr/bin/env bash
# Installs the system libraries Assent itself needs at run time (WeasyPrint renders PDFs with pango;
# Tesseract reads photographed business cards, with the trained data of every language Assent
# speaks: English, Spanish, Romanian, Portuguese, French, German, Italian, Arabic).
# As root on Debian it installs what is missing; otherwise it names the packages and stops.
set -euo pipefail

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
          tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa tesseract-ocr-ron tesseract-ocr-por
          tesseract-ocr-fra tesseract-ocr-deu tesseract-ocr-ita tesseract-ocr-ara)

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

command -v dpkg-query >/dev/null || { echo "install-system-deps: not Debian; install pango and tesseract yourself"; exit 0; }
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
