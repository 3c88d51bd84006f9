# Two commands set everything up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-lock

.PHONY: site test test-fast validate generate serve bench lock clean release

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

## site: install locked dependencies, validate, generate and build site/
site: $(STAMP)
	$(BIN)/python -m generator build

## test: the whole suite (browser tests need /usr/bin/chromium; they skip without it unless CI=true)
test: $(STAMP)
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

## bench: build, page-size and transfer budgets, printed as figures (needs /usr/bin/chromium for transfers)
bench: $(STAMP)
	$(BIN)/python -m generator.bench

## lock: re-pin requirements.lock from requirements.in (needs the network to PyPI)
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements.in
	{ echo "# Pinned by 'make lock' from requirements.in (Python 3.11). Install with: pip install -r requirements.lock"; \
	  .venv-lock/bin/pip freeze --exclude-editable; } > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf site site.old .site-* .pytest_cache
