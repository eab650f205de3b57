#!/usr/bin/env bash
# Measures `./sightline quickstart` against the script a user would write instead
# (scripts/pytorch-tutorial.py: decode, ResNet-50 features, 80/20 split, L-BFGS logistic regression)
# on the same folder, interleaved (script, quickstart, quickstart, script, ...) so that a change in the
# machine's load hits both alike. Each run: wall and CPU seconds and peak RSS from /usr/bin/time -v.
#
# Both sides use ResNet-50 with RANDOM weights: the script builds torchvision.models.resnet50() without
# weights (none can be downloaded here) and the quickstart runs with --backbone generated (the same layout,
# seeded weights). Same compute, no download on either side; the accuracies are those of random features.
#
# Needs: /usr/bin/time, Debian's python3 with torch, torchvision and PIL
# (apt-get install python3-torch python3-torchvision python3-pil), and the built CLI (./sightline builds it).
# Usage: scripts/quickstart-vs-script.sh FOLDER [PAIRS (default 3)] [OUT_DIR (default a temporary folder)]
# Extra quickstart options: QUICKSTART_ARGS="--precision int8" scripts/quickstart-vs-script.sh FOLDER
# SIGHTLINE=COMMAND runs that instead of ./sightline (e.g. a launcher of an already built jar).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
folder="${1:?usage: scripts/quickstart-vs-script.sh FOLDER [PAIRS] [OUT_DIR]}"
pairs="${2:-3}"
out="${3:-$(mktemp -d -t quickstart-vs-script.XXXXXX)}"
python="${PYTHON:-/usr/bin/python3}"
script="$ROOT/scripts/pytorch-tutorial.py"
sightline="${SIGHTLINE:-$ROOT/sightline}"

[[ -d "$folder" ]] || { echo "error: $folder is not a folder (FOLDER/<label>/<pictures>)" >&2; exit 2; }
[[ "$pairs" =~ ^[1-9][0-9]?$ ]] || { echo "error: PAIRS must be 1 to 99, was '$pairs'" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "error: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
if ! "$python" -c 'import torch, torchvision, PIL' 2>/dev/null; then
  echo "error: $python cannot import torch, torchvision and PIL (apt-get install python3-torch python3-torchvision python3-pil)" >&2
  exit 1
fi
mkdir -p "$out"
"$sightline" --help >/dev/null # builds the CLI if needed, outside the measurement
cat "$folder"/*/* >/dev/null 2>&1 || true # both sides read the folder from the page cache

# run NAME N COMMAND...: one measured run; appends "name n wall cpu rss_mib" to $out/runs.tsv
run() {
  local name="$1" n="$2"
  shift 2
  local log="$out/$name-$n.log" timing="$out/$name-$n.time"
  if ! /usr/bin/time -v -o "$timing" "$@" >"$log" 2>&1; then
    echo "error: $name run $n failed; the last lines of $log:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  awk -v name="$name" -v n="$n" '
    /Elapsed \(wall clock\)/ { t = $NF; k = split(t, p, ":"); wall = (k == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /User time/ { cpu += $NF } /System time/ { cpu += $NF }
    /Maximum resident set size/ { rss = $NF / 1024 }
    END { printf "%s\t%d\t%.1f\t%.1f\t%.0f\n", name, n, wall, cpu, rss }' "$timing" >>"$out/runs.tsv"
}

script_run() {
  run script "$1" "$python" "$script" "$folder"
}

quickstart_run() {
  # shellcheck disable=SC2086 # QUICKSTART_ARGS is a list of options
  run quickstart "$1" "$sightline" quickstart "$folder" --backbone generated --report "$out/report-$1.html" \
    --json "$out/summary-$1.json" ${QUICKSTART_ARGS:-}
}

: >"$out/runs.tsv"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $(seq 1 "$pairs"); do
  if ((n % 2)); then script_run "$n"; quickstart_run "$n"; else quickstart_run "$n"; script_run "$n"; fi
  grep -P "\t$n\t" "$out/runs.tsv" | sort | awk -F'\t' '{ printf "  pair %d %-10s wall %6.1f s  cpu %6.1f s  peak RSS %5.0f MiB\n", $2, $1, $3, $4, $5 }'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
printf '%-4s  %-28s  %-28s  %s\n' pair "script wall / cpu / rss" "quickstart wall / cpu / rss" "quickstart / script (wall)"
awk -F'\t' '
  { wall[$1, $2] = $3; cpu[$1, $2] = $4; rss[$1, $2] = $5; if ($2 > pairs) pairs = $2 }
  END {
    for (n = 1; n <= pairs; n++) {
      ratio[n] = wall["quickstart", n] / wall["script", n]
      printf "%-4d  %6.1f s %6.1f s %5.0f MiB  %6.1f s %6.1f s %5.0f MiB  %.2f\n", n, wall["script", n], cpu["script", n],
        rss["script", n], wall["quickstart", n], cpu["quickstart", n], rss["quickstart", n], ratio[n]
      if (rss["quickstart", n] > worst) worst = rss["quickstart", n]
    }
    # median of the per-pair ratios
    for (i = 1; i <= pairs; i++) for (j = i + 1; j <= pairs; j++) if (ratio[j] < ratio[i]) { t = ratio[i]; ratio[i] = ratio[j]; ratio[j] = t }
    median = (pairs % 2) ? ratio[(pairs + 1) / 2] : (ratio[pairs / 2] + ratio[pairs / 2 + 1]) / 2
    printf "\nmedian quickstart/script wall ratio %.2f (target <= 1.00); quickstart peak RSS %.0f MiB (target <= 1536)\n", median, worst
  }' "$out/runs.tsv"
grep -h "pictures, test accuracy" "$out"/script-1.log | sed 's/^/script: /'
grep -h "^Test accuracy\|^Timings" "$out"/quickstart-1.log | sed 's/^/quickstart: /'
echo "logs, reports and runs.tsv in $out"
