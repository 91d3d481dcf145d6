#!/usr/bin/env bash
# How close generated samples come to the data: fits a data model and a generator (bin/dde bench
# generator-quality) on 8gaussians, 2spirals, checkerboard and the inliers of ../shared/data/thyroid.csv, and
# prints the energy distance between generated and true points beside the floor, the same statistic between
# true samples (5,000 points each for the toys; for thyroid, generated vs a held-out third of the inliers).
# Extra arguments go to every run, e.g. --generator-steps 6000. Takes about 10 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
thyroid="${THYROID:-$root/../shared/data/thyroid.csv}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for toy in 8gaussians 2spirals checkerboard; do
  "$root/bin/dde" bench generator-quality --toy "$toy" "$@" | tee "$work/$toy.log"
done

# Thyroid inliers (label 0), shuffled with a fixed seed: two thirds to train on, one third held out.
python3 - "$thyroid" "$work" <<'PY'
import csv, random, sys
with open(sys.argv[1]) as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
label = header.index("label")
inliers = [r[:label] + r[label + 1:] for r in body if float(r[label]) == 0]
random.Random(7).shuffle(inliers)
cut = 2 * len(inliers) // 3
columns = header[:label] + header[label + 1:]
for name, part in (("thyroid-train.csv", inliers[:cut]), ("thyroid-held-out.csv", inliers[cut:])):
    with open(f"{sys.argv[2]}/{name}", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        w.writerows(part)
PY
"$root/bin/dde" bench generator-quality --train "$work/thyroid-train.csv" --held-out "$work/thyroid-held-out.csv" "$@" \
  | tee "$work/thyroid.log"

echo
printf '%-22s %8s %12s %12s %8s %12s %9s\n' data points generated floor ratio untrained KL
for log in "$work"/8gaussians.log "$work"/2spirals.log "$work"/checkerboard.log "$work"/thyroid.log; do
  tail -1 "$log" | python3 -c '
import json, sys
r = json.load(sys.stdin)
print("%-22s %8d %12.5f %12.5f %8.2f %12.5f %9.4f" % (r["data"], r["samples"], r["energy_distance"],
      r["two_true_samples"], r["ratio"], r["identity_energy_distance"], r["kl"]))'
done
