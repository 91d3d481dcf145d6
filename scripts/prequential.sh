#!/usr/bin/env bash
# Prequential (score-then-learn) ROC-AUC of dde-stream's streaming trainer against Random Cut Forest (50 trees),
# same points, same order, same JVM, on labelled CSV files in file order.
# Usage: scripts/prequential.sh [DATA...] [-- extra 'bench prequential' options]
# DATA defaults to thyroid, cardio and mammography from ../shared/data. DDE=launcher overrides bin/dde.
# Prints each run's figures and its JSON line, then one summary line per file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_dir="${DATA_DIR:-$root/../shared/data}"
dde="${DDE:-$root/bin/dde}"
files=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do files+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#files[@]} -gt 0 ] || files=("$data_dir/thyroid.csv" "$data_dir/cardio.csv" "$data_dir/mammography.csv")
summary=()
for f in "${files[@]}"; do
  name="$(basename "$f" .csv)"
  log="$("$dde" bench prequential --input "$f" --label label --baseline rcf --trees 50 "$@")"
  echo "$log" | sed "s/^/$name: /"
  json="$(echo "$log" | tail -1)"
  summary+=("$(python3 -c 'import json,sys; j=json.loads(sys.argv[2]); d=j["dde"]; r=j["rcf"]
print("%-12s dde %.4f (sigma %s, %.0f points/s)  rcf %.4f (%.0f points/s)  over %d points  %s" % (sys.argv[1],
  d["roc_auc"], d["sigma"], d["points_per_s"], r["roc_auc"], r["points_per_s"], j["evaluated"],
  "dde >= rcf" if d["roc_auc"] >= r["roc_auc"] else "dde < rcf"))' "$name" "$json")")
done
printf '%s\n' "${summary[@]}"
