#!/usr/bin/env bash
# Brings translations/*.ts up to date with the sources (run after changing user-visible text), then
# translate what lupdate marks unfinished, e.g. with Qt Linguist (linguist counterpay_zh_CN.ts).
# Sources: what the desktop app shows, core's messages included; the CLI and the sandbox stay English.
#   counterpay_zh_CN.ts  every message (Chinese is the app's first language)
#   counterpay_en.ts     plural forms only: the English source text is the English translation
set -euo pipefail
cd "$(dirname "$0")/.."
lupdate=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
dirs=(core ui app/gui)
"$lupdate" -locations relative -no-obsolete "${dirs[@]}" -ts translations/counterpay_zh_CN.ts "$@"
"$lupdate" -locations relative -no-obsolete -pluralonly "${dirs[@]}" -ts translations/counterpay_en.ts "$@"
