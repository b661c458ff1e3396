#!/usr/bin/env bash
# Installs, from Debian's packages, the programs the test suite drives when they are missing:
# LibreOffice Calc (opens the Excel appendices), LibreOffice Writer (renders the Word report),
# poppler-utils (pdftotext), Chromium (renders the
# HTML reports) and metric-compatible fonts for Times New Roman. Needs root and apt-get.
set -euo pipefail
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc)
# Writer ships its own program library; soffice alone does not prove it is there.
[ -e /usr/lib/libreoffice/program/libswlo.so ] || need+=(libreoffice-writer)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -i "Liberation Serif" >/dev/null || need+=(fonts-liberation)
# Liberation 1.x lacks the Vietnamese letters with two marks (ạ, ề, ứ: U+1EA0-1EF9) and Writer falls back
# to DejaVu for them; Liberation 2 (from Tinos) has them (issue 21, the Word report). No grep -q: with
# pipefail, fc-list killed by SIGPIPE would fail the test and reinstall the fonts every time.
fc-list ":charset=1ea1" 2>/dev/null | grep -i "Liberation Serif" >/dev/null || need+=(fonts-liberation2)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Cài gói hệ thống / installing system packages: ${need[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Cần quyền root và apt-get để cài: ${need[*]} (need root and apt-get)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
