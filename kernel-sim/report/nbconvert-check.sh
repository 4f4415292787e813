#!/usr/bin/env bash
# Executes notebooks in the real Jupyter stack (nbconvert + nbclient + the kernelspec in
# notebooks/kernels/kernel-sim) and fails on any failing cell or error output.
#
# Needs: apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient \
#          python3-ipykernel jupyter-client
# Usage: kernel-sim/report/nbconvert-check.sh [NOTEBOOK.ipynb ...]   (default notebooks/*.ipynb)
# Env:   JUPYTER (default /usr/bin/jupyter), PYTHON (default /usr/bin/python3),
#        NB_TIMEOUT per-cell seconds (default 300), NB_FAIL_ON_STDERR=1 to fail on stderr text.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
jupyter="${JUPYTER:-/usr/bin/jupyter}"
python="${PYTHON:-/usr/bin/python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/kernel-sim-nbconvert.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Keep Jupyter's connection files out of $HOME (CI may have none writable).
export JUPYTER_RUNTIME_DIR="$work/runtime"
# The kernelspec is looked up at $JUPYTER_PATH/kernels/<name>/kernel.json.
export JUPYTER_PATH="$root/notebooks${JUPYTER_PATH:+:$JUPYTER_PATH}"

if [ $# -gt 0 ]; then
  notebooks=("$@")
else
  shopt -s nullglob
  notebooks=(notebooks/*.ipynb)
fi
if [ ${#notebooks[@]} -eq 0 ]; then
  echo "nbconvert-check: no notebooks to run"
  exit 0
fi

failed=0
for nb in "${notebooks[@]}"; do
  out="$work/out/$(basename "$(dirname "$nb")")"
  mkdir -p "$out"
  start=$(date +%s)
  # tslab reports a failing cell only through the execute_reply status, on which nbclient
  # raises: nbconvert then exits non-zero. The error-output scan below catches the rest.
  if ! "$jupyter" nbconvert --to notebook --execute \
      --ExecutePreprocessor.kernel_name=kernel-sim \
      --ExecutePreprocessor.timeout="${NB_TIMEOUT:-300}" \
      --output-dir "$out" "$nb" >"$work/log" 2>&1; then
    echo "FAIL $nb: nbconvert could not execute it"
    sed 's/^/    /' "$work/log" | tail -n 40
    failed=1
    continue
  fi
  if ! "$python" - "$out/$(basename "$nb")" "${NB_FAIL_ON_STDERR:-0}" <<'PY'
import json, sys
path, fail_on_stderr = sys.argv[1], sys.argv[2] == "1"
nb = json.load(open(path, encoding="utf-8"))
bad = 0
for i, cell in enumerate(nb.get("cells", [])):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            print(f"    cell {i}: {out.get('ename')}: {out.get('evalue')}")
            bad += 1
        elif out.get("output_type") == "stream" and out.get("name") == "stderr":
            text = "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
            print(f"    cell {i} stderr: {text.strip()[:300]}")
            bad += fail_on_stderr
sys.exit(1 if bad else 0)
PY
  then
    echo "FAIL $nb: error output"
    failed=1
    continue
  fi
  echo "ok   $nb ($(( $(date +%s) - start )) s)"
done
exit $failed
