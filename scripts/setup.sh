#!/usr/bin/env bash
# Sets up Verso on a fresh machine: a virtual environment in .venv with Verso and its
# test tools installed in editable mode. Idempotent: run it again after a pull.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e '.[dev]'

# Tesseract OCR reads scanned PDF pages (English and Russian language data), from the
# system's packages: installed with apt-get when running as root on Debian/Ubuntu; otherwise
# (or if apt fails) the command to run is printed. Never fails the setup.
OCR_PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus)
ocr_hint() {
    echo "Verso: Tesseract OCR is needed to read scanned PDF pages. Install it with:" >&2
    echo "  Debian/Ubuntu: sudo apt install ${OCR_PACKAGES[*]}" >&2
    echo "  macOS:         brew install tesseract tesseract-lang" >&2
    echo "  Windows:       the UB-Mannheim installer, https://github.com/UB-Mannheim/tesseract/wiki" >&2
}
install_ocr() {
    if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
        command -v tesseract >/dev/null 2>&1 || ocr_hint
        return 0
    fi
    local missing=() package
    for package in "${OCR_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        ocr_hint
        return 0
    fi
    echo "Installing ${missing[*]} (OCR of scanned PDFs)…"
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null; }; then
        echo "Verso: apt-get could not install ${missing[*]}." >&2
        ocr_hint
    fi
    return 0
}
install_ocr
