#!/usr/bin/env bash
# Validates the deployment files with the tools that read them: docker-compose.yml (alone and with the GPU
# override) with `docker-compose config`, and every kustomization under k8s/ with `kubectl kustomize`. The
# objects they produce are checked by the tests (src/test/java/io/ddestream/deployment).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
for tool in docker-compose kubectl; do
  command -v "$tool" >/dev/null || { echo "deploy-check: $tool is not installed (.ci/run installs it)" >&2; exit 1; }
done
docker-compose -f docker-compose.yml config -q
docker-compose -f docker-compose.yml -f docker-compose.gpu.yml config -q
rendered=()
for dir in k8s/overlays/*/ k8s/monitoring/; do
  # Newer kustomize warns that the kustomize 2.0 fields (bases, patchesStrategicMerge) are deprecated.
  objects=$(kubectl kustomize "$dir" 2> >(grep -v "is deprecated" >&2) | grep -c '^kind:')
  rendered+=("${dir%/}: $objects objects")
done
echo "deploy-check: docker-compose config passed (main, gpu override); kubectl kustomize rendered" \
  "$(IFS=,; echo "${rendered[*]}" | sed 's/,/, /g')"
