#!/usr/bin/env bash
# Makes a folder shaped like the tutorial's: 119 "doraemon" and 80 "walle" pictures (mixed JPEG and
# PNG, 640x480 and 800x600), 5 walle-looking pictures filed under doraemon (the mistakes a good
# model shows), a stray .DS_Store, and a third kind of picture, 60 "cat" (720x540, orange and
# cream with a dark ellipse): hold it out of training (quickstart --holdout-label cat) to measure
# how well the model says "unknown". Needs ImageMagick (apt-get install imagemagick).
# Usage: scripts/sample-folder.sh [DIR]   (default: sample-image)
set -euo pipefail
dir="${1:-sample-image}"
mkdir -p "$dir/doraemon" "$dir/walle" "$dir/cat"
for i in $(seq 1 119); do
  ext=$([ $((i % 3)) -eq 0 ] && echo png || echo jpg)
  convert -size 640x480 -seed "$i" plasma:"#1e64dc"-"#a0d8ff" -fill white \
    -draw "circle $((200 + i)),240 $((260 + i)),240" "$dir/doraemon/d$i.$ext"
done
for i in $(seq 1 80); do
  ext=$([ $((i % 3)) -eq 0 ] && echo png || echo jpg)
  convert -size 800x600 -seed $((1000 + i)) plasma:"#d4a020"-"#6b4a1a" -fill "#555555" \
    -draw "rectangle $((100 + i)),200 $((400 + i)),450" "$dir/walle/w$i.$ext"
done
for i in $(seq 1 60); do
  ext=$([ $((i % 3)) -eq 0 ] && echo png || echo jpg)
  convert -size 720x540 -seed $((2000 + i)) plasma:"#f08a24"-"#f6e7c8" -fill "#2b2118" \
    -draw "ellipse $((300 + i)),300 $((120 + i % 40)),90 0,360" "$dir/cat/c$i.$ext"
done
for i in 11 23 37 41 59; do
  convert "$dir/walle/w$i.jpg" -quality 85 "$dir/doraemon/odd-$i.jpg"
done
printf '\0\0\0\1Bud1' > "$dir/.DS_Store"
echo "made $dir: $(find "$dir" -type f | wc -l) files"
