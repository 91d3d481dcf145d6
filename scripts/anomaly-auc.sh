#!/usr/bin/env bash
# Unsupervised anomaly detection on labelled tabular data: fit on all points (labels ignored), score all points,
# ROC-AUC of the anomaly score. Usage: scripts/anomaly-auc.sh [DATA...] [-- extra fit options]
# DATA defaults to thyroid, cardio and mammography from ../shared/data. Prints the selected sigma (when fit
# selects it), the fit's last line and a JSON line with the ROC-AUC for each file. DDE=launcher overrides bin/dde.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dde="${DDE:-$root/bin/dde}"
data_dir="${DATA_DIR:-$root/../shared/data}"
files=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do files+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#files[@]} -gt 0 ] || files=("$data_dir/thyroid.csv" "$data_dir/cardio.csv" "$data_dir/mammography.csv")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for f in "${files[@]}"; do
  name="$(basename "$f" .csv)"
  start=$(date +%s.%N)
  "$dde" fit --input "$f" --ignore label --model "$work/$name.ddesnap" "$@" > "$work/$name.fit.log"
  "$dde" score --model "$work/$name.ddesnap" --input "$f" --ignore label --output "$work/$name.scores.csv" > /dev/null
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  auc_json="$("$dde" bench auc --scores "$work/$name.scores.csv" | tail -1)"
  grep '^sigma .* selected' "$work/$name.fit.log" | sed "s/^/$name: /" || true
  echo "$name: $(tail -1 "$work/$name.fit.log")"
  echo "$name: $auc_json (fit+score ${seconds}s)"
done
