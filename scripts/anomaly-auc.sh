#!/usr/bin/env bash
# Unsupervised anomaly detection on labelled tabular data: fit on all points (labels ignored), score all points,
# ROC-AUC of the anomaly score. Usage: scripts/anomaly-auc.sh [DATA...] [-- extra fit options]
# DATA defaults to thyroid and mammography from ../shared/data. Prints one line per file and a JSON line each.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_dir="${DATA_DIR:-$root/../shared/data}"
files=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do files+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#files[@]} -gt 0 ] || files=("$data_dir/thyroid.csv" "$data_dir/mammography.csv")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for f in "${files[@]}"; do
  name="$(basename "$f" .csv)"
  start=$(date +%s.%N)
  "$root/bin/dde" fit --input "$f" --ignore label --model "$work/$name.ddesnap" "$@" > "$work/$name.fit.log"
  "$root/bin/dde" score --model "$work/$name.ddesnap" --input "$f" --ignore label --output "$work/$name.scores.csv" > /dev/null
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  auc_json="$("$root/bin/dde" bench auc --scores "$work/$name.scores.csv" | tail -1)"
  echo "$name: $(tail -1 "$work/$name.fit.log")"
  echo "$name: $auc_json (fit+score ${seconds}s)"
done
