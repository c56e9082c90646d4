#!/usr/bin/env bash
# Remakes the example images of the README's "predict" section from the MNIST test set (data/mnist, as the worker
# fetches it): test images 0 (a 7), 1 (a 2), 2 (a 1) and 3 (a 0). Needs python3 and ImageMagick (apt-get install
# imagemagick); the worker and its tests need neither, only the checked-in output.
set -euo pipefail
cd "$(dirname "$0")"
images=../mnist/t10k-images-idx3-ubyte
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$images" "$work" <<'PY'
import sys
pixels = open(sys.argv[1], 'rb').read()
for i in range(4):
    open(f'{sys.argv[2]}/{i}.gray', 'wb').write(pixels[16 + i * 784:16 + (i + 1) * 784])
# P5 greymap of test image 2, as the data set has it.
open('digit-1.pgm', 'wb').write(b'P5\n# MNIST test image 2 (label 1)\n28 28\n255\n' + pixels[16 + 2 * 784:16 + 3 * 784])
PY
# Test image 0 as it is: 28x28, light on dark.
convert -size 28x28 -depth 8 "gray:$work/0.gray" -define png:exclude-chunk=date,time digit-7.png
# Test image 1 black on white, four times larger (whole pixels), off centre on a 160x140 sheet, as a JPEG.
convert -size 28x28 -depth 8 "gray:$work/1.gray" -negate -filter point -resize 112x112 -background white \
    -gravity northwest -splice 30x10 -extent 160x140 -quality 92 digit-2-on-paper.jpg
# Test image 3 smoothly enlarged to 168x168 on a 200x200 field, drawn in dark blue on cream paper.
convert -size 28x28 -depth 8 "gray:$work/3.gray" -filter triangle -resize 168x168 -background black \
    -gravity center -extent 200x200 "$work/mask.png"
convert -size 200x200 xc:'#f3ead2' \( -size 200x200 xc:'#1a2a6c' \) "$work/mask.png" -composite \
    -depth 8 -define png:color-type=2 -define png:exclude-chunk=date,time digit-0-blue-ink.png
