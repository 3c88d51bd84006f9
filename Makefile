# Two commands set everything up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-lock
AXE    := node_modules/axe-core/axe.min.js

.PHONY: site test test-fast validate generate serve bench screenshots lock clean release

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $(STAMP)

# axe-core for the browser tests' accessibility checks, pinned by package-lock.json (test-only; the site uses no npm package)
$(AXE): package-lock.json
	npm ci --no-audit --no-fund || echo "npm ci failed: the accessibility browser tests will skip (fail under CI=true)"
	@touch $(AXE) 2>/dev/null || true

## site: install locked dependencies, validate, generate and build site/
site: $(STAMP)
	$(BIN)/python -m generator build

## test: the whole suite (browser tests need /usr/bin/chromium, and axe-core from `npm ci`; they skip without
## them unless CI=true)
test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest

## test-fast: everything but MkDocs builds and the browser
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser"

validate: $(STAMP)
	$(BIN)/python -m generator validate

generate: $(STAMP)
	$(BIN)/python -m generator generate

## serve: live preview; edits to datasets/ or schemas/ regenerate the pages
serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs serve   # the hooks file validates and generates before every rebuild

## release: bump the data version (CalVer YYYY.M.N), record the changes since the last release in
## datasets/releases.json, stamp every datapackage.json and CITATION.cff, commit and tag data-v<version>
release: $(STAMP)
	$(BIN)/python -m generator release

## bench: build, page-weight and first-visit budgets, printed as figures (needs /usr/bin/chromium for the first
## visits); synthetic sites of 100 and 300 indicators, and 1,000 too with `make bench SCALE=1000`; Lighthouse's
## mobile figures too with `make bench LIGHTHOUSE=1` (npx fetches the pinned lighthouse from the npm registry)
bench: $(STAMP)
	$(BIN)/python -m generator.bench --scale 100 --scale 300 $(if $(SCALE),--scale $(SCALE)) $(if $(LIGHTHOUSE),--lighthouse)

## screenshots: the README's phone screenshots (home, an indicator page) from the built site, in Chromium
screenshots: $(STAMP)
	$(BIN)/python -m generator build
	$(BIN)/python -m generator.screenshots

## lock: re-pin requirements.lock, with a hash for every file, from requirements.in (needs the network to PyPI)
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check pip-tools
	# pins already in requirements.lock are kept (add --upgrade to move them); new ones resolve to the latest
	CUSTOM_COMPILE_COMMAND="make lock" .venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock requirements.in
	rm -rf .venv-lock

clean:
	rm -rf site site.old .site-* .pytest_cache
