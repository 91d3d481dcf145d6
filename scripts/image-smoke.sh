#!/usr/bin/env bash
# Checks a container image tarball written by Jib (mvn -Pimage package) without a container runtime: unpacks its
# layers into a temporary root, then runs the image's own entrypoint (from its config JSON) with the machine's
# JVM, its /app and /tmp paths moved under that root and the image's environment applied: `--help`, the help of
# the commands the deployments run, and a short fit + info, which loads the tensor backend's natives from the
# image's classpath.
#
#   scripts/image-smoke.sh [target/jib-image.tar]
#
# IMAGE_SMOKE_FIT=0 skips the fit (the CUDA image's backend needs a GPU and the CUDA libraries of its base).
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tarball="${1:-$root_dir/target/jib-image.tar}"
[ -f "$tarball" ] || { echo "image-smoke: no image tarball at $tarball (build it with ./mvnw -Pimage package)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs/tmp"

# The docker-save layout: manifest.json names the config and the layers, bottom first.
tar -xf "$tarball" -C "$work" manifest.json
config="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["Config"])' "$work/manifest.json")"
tar -xf "$tarball" -C "$work" "$config"
python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))[0]["Layers"]))' "$work/manifest.json" \
  > "$work/layers"
while read -r layer; do
  tar -xOf "$tarball" "$layer" | tar -xz --warning=no-unknown-keyword -C "$rootfs"
done < "$work/layers"

# The entrypoint and environment, one per line, with container paths moved under the unpacked root.
python3 - "$work/$config" "$rootfs" "$work/entrypoint" "$work/env" <<'PY'
import json, sys
config, rootfs, entrypoint_out, env_out = sys.argv[1:]
c = json.load(open(config))["config"]
def relocate(arg):
    # One container path per argument: a path, an @argfile, or a -Dkey=path value.
    for prefix in ("/app/", "/tmp/"):
        for lead in ("", "@", "="):
            at = arg.find(lead + prefix)
            if at >= 0 and (lead or at == 0):
                return arg[:at + len(lead)] + rootfs + arg[at + len(lead):]
    return arg
entrypoint = [relocate(a) for a in c["Entrypoint"]]
assert entrypoint[0] == "java", f"the entrypoint does not start the JVM: {entrypoint}"
assert "jdk.incubator.vector" in entrypoint, f"the entrypoint lacks --add-modules jdk.incubator.vector: {entrypoint}"
open(entrypoint_out, "w").write("\n".join(entrypoint) + "\n")
env = [e for e in c.get("Env", []) if not e.startswith(("PATH=", "JAVA_HOME="))]  # the machine's JVM, not the base's
assert any(e.startswith("OMP_NUM_THREADS=") for e in env), f"the image does not set OMP_NUM_THREADS: {env}"
open(env_out, "w").write("\n".join(env) + "\n")
PY
# Jib's classpath file lists absolute container paths (/app/resources:/app/classes:/app/libs/...).
sed -i "s#/app/#$rootfs/app/#g" "$rootfs/app/jib-classpath-file"
mapfile -t entrypoint < "$work/entrypoint"
mapfile -t image_env < "$work/env"

run_image() {
  (cd "$work" && env "${image_env[@]}" "${entrypoint[@]}" "$@") 2> >(grep -v '^WARNING: Using incubator modules' >&2)
}

run_image --help > "$work/help.txt"
grep -q '^Usage: dde' "$work/help.txt" || { echo "image-smoke: unexpected --help output:" >&2; cat "$work/help.txt" >&2; exit 1; }
for command in stream topics produce; do
  run_image "$command" --help | grep -q "^Usage: dde $command" \
    || { echo "image-smoke: dde $command --help failed in the image" >&2; exit 1; }
done

if [ "${IMAGE_SMOKE_FIT:-1}" = 0 ]; then
  echo "image-smoke: $(basename "$tarball"): the entrypoint's --help and stream/topics/produce --help ran on the machine's JVM"
  exit 0
fi
python3 - "$work/points.csv" <<'PY'
import random, sys
random.seed(5)
with open(sys.argv[1], "w") as f:
    f.write("x,y\n")
    for _ in range(500):
        x = random.gauss(0, 1)
        f.write(f"{x},{x + random.gauss(0, 0.5)}\n")
PY
run_image fit --input "$work/points.csv" --model "$work/model.ddesnap" --steps 50 > "$work/fit.txt"
run_image info --model "$work/model.ddesnap" > "$work/info.txt"
grep -qi 'dim' "$work/info.txt" || { echo "image-smoke: info printed no dimensions:" >&2; cat "$work/info.txt" >&2; exit 1; }

layers=$(wc -l < "$work/layers")
echo "image-smoke: $(basename "$tarball") ($(du -h "$tarball" | cut -f1), $layers layers): the entrypoint's --help," \
  "stream/topics/produce --help, fit and info ran on the machine's JVM"
