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

# System packages, from Debian's archive when running as root with apt-get; otherwise (or if
# apt fails) the command to run is printed. Never fails the setup.
#  - Tesseract OCR reads scanned PDF pages (English and Russian language data).
#  - The X11 client libraries Qt's xcb platform plugin links against: PySide6's wheel does not
#    ship them and Qt aborts at start without them. The list comes from `ldd` on the plugin
#    (desktop_app.display_libraries), not from a guess.
#  - Xvfb, a virtual screen: the test suite starts the real window on it; desktop-file-utils
#    checks Verso's menu entry; postgresql: the storage tests start a throwaway server from
#    its binaries (tests/helpers/postgres.py; the Debian package's own cluster is not used).
OCR_PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus)
TEST_PACKAGES=(xvfb desktop-file-utils postgresql)
mapfile -t WINDOW_PACKAGES < <(.venv/bin/python -m desktop_app.display_libraries --packages)

have_apt() { command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
apt_hint() {
    echo "Verso: $1 Install with:" >&2
    echo "  Debian/Ubuntu: sudo apt install ${*:2}" >&2
}
install_system_packages() {
    local missing=() package
    for package in "$@"; do
        if have_apt; then installed "$package" || missing+=("$package"); fi
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        apt_hint "these system packages are needed." "${missing[@]}"
        return 0
    fi
    echo "Installing ${missing[*]}…"
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null; }; then
        apt_hint "apt-get could not install ${missing[*]}." "${missing[@]}"
    fi
    return 0
}
if have_apt; then
    install_system_packages "${OCR_PACKAGES[@]}" "${WINDOW_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
else
    if ! command -v tesseract >/dev/null 2>&1; then
        echo "Verso: Tesseract OCR is needed to read scanned PDF pages. Install it with:" >&2
        echo "  macOS:   brew install tesseract tesseract-lang" >&2
        echo "  Windows: the UB-Mannheim installer, https://github.com/UB-Mannheim/tesseract/wiki" >&2
    fi
fi
# What the window still lacks after that (an unknown library, no root): say it now, not at start.
still_missing=$(.venv/bin/python -m desktop_app.display_libraries)
if [ -n "$still_missing" ]; then
    echo "Verso: the window cannot open until these libraries are installed:" $still_missing >&2
fi

# Verso in the desktop's menu and in "Open with" (this user's data folder; no root needed).
.venv/bin/verso install-desktop >/dev/null || echo "Verso: could not add the menu entry." >&2
