#!/usr/bin/env bash
# The fresh-machine trial of `clamtex init` (docs/start-a-site.md, "Tried on a fresh
# machine"), done as the web developer of another project would: the engine as a wheel
# outside this repository, a Horizon Europe project (en, de, it, pl; eight partners),
# `git init`, then its `make site` and `make test`, the placeholders filled in, `make
# test` again, and its `.ci/run` in a fresh `git clone`. Downloads from PyPI (its own
# .venv), so it is a manual check, never part of the test suite.
#
#   scripts/try_init_project.sh [WORK_DIR]      (default /tmp/clamtex-try-init; emptied)
#
# BROWSER=1 also runs the engine's browser checks (tests/browser/test_init_site_browser.py,
# this repository's .venv and node_modules) on the site the clone built.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-/tmp/clamtex-try-init}
case "$WORK" in "$ROOT"|"$ROOT"/*) echo "WORK_DIR must be outside the repository" >&2; exit 2;; esac
rm -rf "$WORK"
mkdir -p "$WORK/engine" "$WORK/home"
# Nothing of this machine's Python set-up leaks in: no venv, no PYTHONPATH, no pip config
# or cache (a fresh HOME).
unset VIRTUAL_ENV PYTHONPATH PIP_CONSTRAINT PIP_REQUIRE_VIRTUALENV CLAMTEX_NODE_MODULES
export HOME="$WORK/home" XDG_CACHE_HOME="$WORK/home/.cache" PIP_CONFIG_FILE=/dev/null
LOG="$WORK/trial.log"
: >"$LOG"

step() {  # step NAME EXPECTED_EXIT COMMAND...: runs it, logs its output, times it
  local name=$1 expected=$2
  shift 2
  local start end rc
  start=$(date +%s)
  set +e
  "$@" >"$WORK/$name.log" 2>&1
  rc=$?
  set -e
  end=$(date +%s)
  printf '%-22s exit %s (expected %s)  %4ss  log: %s\n' "$name" "$rc" "$expected" \
    "$((end - start))" "$WORK/$name.log" | tee -a "$LOG"
  if grep -q "Traceback (most recent call last)" "$WORK/$name.log"; then
    echo "  a traceback: see $WORK/$name.log" | tee -a "$LOG"; exit 1
  fi
  if [ "$rc" != "$expected" ]; then tail -n 30 "$WORK/$name.log"; exit 1; fi
}

# 1. The engine's wheel, as `pip wheel` builds it (build isolation: setuptools from PyPI),
# from a copy of the checkout's files (committed or not, never ignored ones), so that no
# stale build/ folder goes into it and none is left in the checkout.
mkdir "$WORK/src"
git -C "$ROOT" ls-files -z --cached --others --exclude-standard \
  | (cd "$ROOT" && xargs -0 tar -cf - --ignore-failed-read 2>/dev/null) | tar -xf - -C "$WORK/src"
step wheel 0 python3 -m pip wheel --no-deps -q -w "$WORK/engine" "$WORK/src"
WHEEL=$(ls "$WORK"/engine/clamtex-*.whl)

# 2. The engine installed on its own to run `clamtex init` (what a developer does once).
step install-engine 0 bash -c "python3 -m venv '$WORK/tool' && '$WORK/tool/bin/pip' install -q '$WHEEL'"
step init 0 "$WORK/tool/bin/clamtex" init "$WORK/proj" \
  --name "Circular Textiles for Europe" --acronym CIRCTEX \
  --url https://circtex.example.eu/ --languages en,de,it,pl \
  --programme funded --authority rea --grant-agreement 101135000 \
  --partner "tum:Technical Lab Munich:DE:coordinator" \
  --partner "polimi:Milan Design Institute:IT:beneficiary" \
  --partner "lodz:Lodz Textile Centre:PL:beneficiary" \
  --partner "gent:Ghent Fibre Lab:BE:beneficiary" \
  --partner "porto:Porto Weaving Hub:PT:beneficiary" \
  --partner "brno:Brno Materials:CZ:beneficiary" \
  --partner "tumint:Munich Transfer GmbH:DE:affiliated_entity" \
  --partner "zurich:Zurich Textile School:CH:associated_partner" \
  --engine "$WHEEL"

cd "$WORK/proj"
git init -q -b main
git add -A
git -c user.name=Trial -c user.email=trial@example.eu commit -qm "Start the site (clamtex init)"

# 3. As written: `make site` builds (the placeholders are shown), `make test` refuses it.
step make-site 0 make site
step make-test-todo 2 make test
grep -q "still holds the TODO placeholder" "$WORK/make-test-todo.log"
grep -q "not ready to publish" "$WORK/make-test-todo.log"

# 4. The editor's work, in short: every placeholder replaced, the publisher's facts set.
grep -rlZ "TODO" content mkdocs.yml | xargs -0 sed -i 's/TODO: //'
python3 - <<'EOF'
from pathlib import Path
path = Path("mkdocs.yml")
text = path.read_text(encoding="utf-8")
facts = """publisher:
        name: Technical Lab Munich
        address: Example Street 1, 80331 Munich, Germany
        email: info@circtex.example.eu
        registry: Commercial register Munich, HRB 000000
        tax_id: DE000000000
        supervisory_authority: Bavarian State Office for Data Protection Supervision"""
assert "publisher: {}" in text
path.write_text(text.replace("publisher: {}", facts), encoding="utf-8")
EOF
git add -A
git -c user.name=Trial -c user.email=trial@example.eu commit -qm "Write the content"
step make-test 0 make test

# 5. CI's entry point in a fresh clone (no .venv, no site/), as a runner gets it.
git clone -q "$WORK/proj" "$WORK/clone"
cd "$WORK/clone"
step ci-run 0 .ci/run
test -f site/index.html && test -f site/pl/index.html

if [ "${BROWSER:-0}" = 1 ]; then
  cd "$ROOT"
  step browser 0 env CLAMTEX_INIT_SITE="$WORK/clone/site" .venv/bin/python -m pytest -q \
    -p no:cacheprovider tests/browser/test_init_site_browser.py
fi
echo "Trial passed; its steps and times: $LOG"
