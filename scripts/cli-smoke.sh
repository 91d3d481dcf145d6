#!/usr/bin/env bash
# Runs fit, score, info and sample through bin/dde (the built artifact) on a small generated CSV, and checks the
# outputs' shape and the error paths for bad input and for sampling a model without a generator.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work/points.csv" <<'PY'
import random, sys
random.seed(3)
with open(sys.argv[1], "w") as f:
    f.write("id,a,b,c\n")
    for i in range(2000):
        x = random.gauss(0, 1)
        f.write(f"p{i},{x},{2 * x + random.gauss(0, 0.3)},{random.gauss(5, 2)}\n")
PY
"$root/bin/dde" fit --input "$work/points.csv" --ignore id --model "$work/model.ddesnap" --steps 300
"$root/bin/dde" score --model "$work/model.ddesnap" --input "$work/points.csv" --ignore id --output "$work/scores.csv"
"$root/bin/dde" info --model "$work/model.ddesnap" | tee "$work/info.txt"
grep -q '^  selection  likelihood-among-reproducible' "$work/info.txt" \
  || { echo "cli-smoke: info shows no sigma selection" >&2; exit 1; }
rows=$(($(wc -l < "$work/scores.csv") - 1))
[ "$rows" -eq 2000 ] || { echo "cli-smoke: expected 2000 score rows, got $rows" >&2; exit 1; }
head -1 "$work/scores.csv" | grep -q '^id,log_density,anomaly_score,p_value,anomaly' \
  || { echo "cli-smoke: unexpected score header: $(head -1 "$work/scores.csv")" >&2; exit 1; }
printf 'a,b,c\n1,2,oops\n' > "$work/bad.csv"
if "$root/bin/dde" score --model "$work/model.ddesnap" --input "$work/bad.csv" --output "$work/x.csv" 2> "$work/err"; then
  echo "cli-smoke: bad input was accepted" >&2; exit 1
fi
grep -q 'bad.csv line 2, column "c"' "$work/err" || { echo "cli-smoke: unclear error: $(cat "$work/err")" >&2; exit 1; }
"$root/bin/dde" fit --input "$work/points.csv" --ignore id --model "$work/gen.ddesnap" --steps 100 --sigma 0.5 \
  --generator --generator-steps 20 --kl-every 0 --normalizer-samples 2000
"$root/bin/dde" sample --model "$work/gen.ddesnap" -n 500 --output "$work/samples.csv"
rows=$(($(wc -l < "$work/samples.csv") - 1))
[ "$rows" -eq 500 ] || { echo "cli-smoke: expected 500 sample rows, got $rows" >&2; exit 1; }
[ "$(head -1 "$work/samples.csv")" = "a,b,c" ] || { echo "cli-smoke: unexpected sample header" >&2; exit 1; }
if "$root/bin/dde" sample --model "$work/model.ddesnap" -n 5 --output "$work/none.csv" 2> "$work/err"; then
  echo "cli-smoke: sampling a model without a generator was accepted" >&2; exit 1
fi
grep -q 'model.ddesnap has no generator; fit it with --generator' "$work/err" \
  || { echo "cli-smoke: unclear error: $(cat "$work/err")" >&2; exit 1; }
echo "cli-smoke: fit, score, info, sample and the error paths all behaved"
