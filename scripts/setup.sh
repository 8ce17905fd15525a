#!/usr/bin/env bash
# Creates .venv and installs reportqa with everything it needs; safe to re-run.
#   scripts/setup.sh          runtime dependencies
#   scripts/setup.sh --test   runtime + test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
if [[ "${1:-}" == "--test" ]]; then extras="[test]"; fi

python="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
    "$python" -m venv .venv
fi

pip_install() {
    # Some machines list local package folders that don't exist; pip warns about each one.
    .venv/bin/pip install --quiet --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}

# Pin torch first: an unpinned torch resolves to a multi-GB CUDA build, while
# 2.13.0 is a CPU wheel (and is what the dependency range below accepts).
pip_install "torch==2.13.0"
pip_install -e ".${extras}"
# Some extras silently downgrade huggingface-hub below what gradio needs; fail early.
.venv/bin/pip check

apt_install() {
    # apt_install WHAT-FOR PACKAGE...: install Debian packages, or fail saying what needs them.
    local purpose="$1"
    shift
    echo "installing $* for $purpose (apt-get)"
    local sudo_cmd=""
    if [[ "$(id -u)" != 0 ]]; then sudo_cmd="sudo"; fi
    if ! { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null; }; then
        echo "error: could not install $* with apt-get; $purpose needs them" >&2
        exit 1
    fi
}

# OCR of scanned PDF pages (ocr.py) runs Debian's Tesseract with its English and Simplified
# Chinese data (chosen over rapidocr by bench/ocr.py: docs/PERFORMANCE.md).
packages=()
command -v tesseract >/dev/null 2>&1 || packages+=(tesseract-ocr)
languages="$(tesseract --list-langs 2>/dev/null || true)"
grep -qx eng <<<"$languages" || packages+=(tesseract-ocr-eng)
grep -qx chi_sim <<<"$languages" || packages+=(tesseract-ocr-chi-sim)
if [[ ${#packages[@]} -gt 0 ]]; then apt_install "OCR of scanned reports" "${packages[@]}"; fi

if [[ -n "$extras" ]]; then
    # The browser tests drive Debian's chromium through Playwright (no browser download), and
    # show Chinese reports: without a CJK font chromium draws their text as empty boxes. The
    # OCR tests draw their scans in DejaVu Sans and Noto Sans CJK too.
    packages=()
    command -v chromium >/dev/null 2>&1 || packages+=(chromium)
    fc-list :lang=zh 2>/dev/null | grep -q . || packages+=(fonts-noto-cjk fontconfig)
    fc-list 2>/dev/null | grep -q "DejaVu Sans" || packages+=(fonts-dejavu-core fontconfig)
    if [[ ${#packages[@]} -gt 0 ]]; then apt_install "the browser and OCR tests" "${packages[@]}"; fi
fi
echo "reportqa installed in .venv"
