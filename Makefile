# The site: `make site` builds site/, `make test` runs every test.
# Everything is installed into .venv from pinned versions (constraints.txt).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
# `make serve LANG=es` previews one language (`clamtex serve --lang`, which checks it
# against mkdocs.yml's languages). LANG is also the shell's locale: from the environment
# it counts only when it is not a locale name (C.UTF-8, en_GB.UTF-8, POSIX).
# SITE_LANG=es works too.
ENV_LANG := $(if $(or $(findstring .,$(LANG)),$(findstring _,$(LANG)),$(filter C POSIX,$(LANG))),,$(LANG))
PREVIEW_LANG := $(or $(SITE_LANG),$(if $(filter command line,$(origin LANG)),$(LANG),$(ENV_LANG)))
# `make serve DRAFTS=1`: drafts and scheduled items too, each with a banner.
DRAFTS ?=

export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: site serve test check lint bench lock clean chromium photos

site: $(STAMP) $(NODE_STAMP)
	$(BIN)/clamtex build

serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/clamtex serve $(if $(PREVIEW_LANG),--lang $(PREVIEW_LANG)) $(if $(filter-out 0,$(DRAFTS)),--drafts)

# Two worker processes (pytest-xdist), each test file kept in one of them so a file's
# module-scoped site is built once; the session builds are shared (tests/support.py
# shared_build). TEST_WORKERS=0 runs it all in one process. docs/testing.md: the times.
TEST_WORKERS ?= 2
test: $(STAMP) $(NODE_STAMP) chromium photos
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

check: $(STAMP)
	$(BIN)/clamtex check

# ruff, the layer contracts (pyproject.toml: import-linter) and the type checker.
lint: $(STAMP)
	$(BIN)/ruff check plugins tests
	PYTHONPATH=plugins $(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m clamtex.commands.bench $(BENCH_ARGS)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

# The browser tests drive Debian's Chromium by path (or $$CLAMTEX_CHROMIUM); as root
# this installs it when missing, otherwise it says how to get it.
CHROMIUM ?= $(or $(CLAMTEX_CHROMIUM),/usr/bin/chromium)
chromium:
	@test -x "$(CHROMIUM)" || { \
	  if [ -z "$(CLAMTEX_CHROMIUM)" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else \
	    echo "Chromium not found: run \`sudo apt-get install chromium\` (Debian)" \
	      "or set CLAMTEX_CHROMIUM=/path/to/chrome" >&2; exit 1; \
	  fi; }

# The image tests and `make bench` need a real photograph of >= 12 megapixels and >= 5 MB
# (never committed to git): Debian's mate-backgrounds has one (5640x3172, 16 MB). As root
# this installs it when missing, otherwise it says how to get it.
PHOTO ?= $(or $(CLAMTEX_PHOTO),/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg)
photos:
	@test -f "$(PHOTO)" || { \
	  if [ -z "$(CLAMTEX_PHOTO)" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends mate-backgrounds >/dev/null; \
	  else \
	    echo "Test photo not found: run \`sudo apt-get install mate-backgrounds\` (Debian)" \
	      "or set CLAMTEX_PHOTO=/path/to/a-12-megapixel.jpg" >&2; exit 1; \
	  fi; }

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Re-pin every Python dependency after changing pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q -e '.[test]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^clamtex' > constraints.txt
	cp constraints.txt plugins/clamtex/starter/constraints.txt  # what `clamtex init` writes
	rm -rf .lock-venv

clean:
	rm -rf site .site-* build .cache
