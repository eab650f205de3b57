#!/usr/bin/env bash
# Classify pictures with Sightline over Kafka, with kcat and jq (Debian: apt install kcat jq).
#
#   classify.sh [-b localhost:9092] [-t sightline.classify.requests] -r sightline.replies.my-app FILE...
#
# Prints one line per picture: <file> <label> <confidence> <requestId>, or <file> error <code> <requestId>.
# The reply topic must exist and start with a prefix the service allows (sightline.replies. by default).
# Simple on purpose: it reads the reply topic from the beginning and keeps only its own requestIds, and it
# does not send retriable answers (no_model, unavailable, overloaded) again.
set -euo pipefail

bootstrap=localhost:9092
requests=sightline.classify.requests
reply=""
timeout=60
while getopts "b:t:r:w:" option; do
  case "$option" in
    b) bootstrap=$OPTARG ;;
    t) requests=$OPTARG ;;
    r) reply=$OPTARG ;;
    w) timeout=$OPTARG ;;
    *) echo "usage: $0 [-b BOOTSTRAP] [-t REQUEST_TOPIC] [-w SECONDS] -r REPLY_TOPIC FILE..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ -n "$reply" && $# -gt 0 ]] || { echo "usage: $0 [-b BOOTSTRAP] [-t REQUEST_TOPIC] -r REPLY_TOPIC FILE..." >&2; exit 2; }

declare -A file_of=()
batch=$(mktemp)
trap 'rm -f "$batch"' EXIT
for file in "$@"; do
  id=$(cat /proc/sys/kernel/random/uuid)
  file_of[$id]=$(basename "$file")
  # key <TAB> request JSON, one per line; the picture is piped to jq (a big one would not fit in an argument).
  printf '%s\t' "$id"
  base64 -w0 "$file" | jq -cRs --arg id "$id" --arg reply "$reply" '{requestId: $id, imageBase64: ., replyTopic: $reply}'
done > "$batch"
kcat -P -b "$bootstrap" -t "$requests" -K $'\t' -X message.max.bytes=2097152 < "$batch"

# Answers: read_committed, so only results whose transaction committed.
coproc KCAT { exec kcat -C -b "$bootstrap" -t "$reply" -o beginning -u -q -X isolation.level=read_committed -f '%s\n'; }
remaining=${#file_of[@]}
failures=0
ends=$((SECONDS + timeout))
while (( remaining > 0 && SECONDS < ends )) && IFS= read -r -t "$timeout" line <&"${KCAT[0]}"; do
  id=$(jq -r '.requestId' <<<"$line")
  [[ -n "${file_of[$id]:-}" ]] || continue
  if [[ $(jq -r '.status' <<<"$line") == ok ]]; then
    jq -r --arg file "${file_of[$id]}" '"\($file) \(.label) \(.confidence * 1000 | round / 1000) \(.requestId)"' <<<"$line"
  else
    failures=$((failures + 1))
    jq -r --arg file "${file_of[$id]}" '"\($file) error \(.error.code) \(.requestId)"' <<<"$line"
  fi
  unset "file_of[$id]"
  remaining=$((remaining - 1))
done
kill "${KCAT_PID:-}" 2>/dev/null || true
for id in "${!file_of[@]}"; do
  echo "${file_of[$id]} error timeout $id"
done
(( remaining == 0 && failures == 0 ))
