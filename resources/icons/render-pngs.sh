#!/usr/bin/env bash
# Renders counterpay.svg to the PNG sizes desktops and QIcon pick from (png/counterpay-<size>.png).
# Run it after changing the SVG and commit the PNGs with it. Needs rsvg-convert (librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p png
for size in 16 24 32 48 64 128 256; do
    rsvg-convert --width "$size" --height "$size" counterpay.svg --output "png/counterpay-$size.png"
done
ls -l png
