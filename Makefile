# Quick start: `make site` builds the demo archive into site/; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test check lint golden docs bench clean

site: $(VENV)/.installed
	$(BIN)/pressroom import
	$(BIN)/pressroom build

test: $(VENV)/.installed-test node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/python -m pytest
	$(MAKE) check

# The demo archive as committed, built and checked (content, links, hreflang pairs, feeds).
check: $(VENV)/.installed
	$(BIN)/pressroom build
	$(BIN)/pressroom check

golden: $(VENV)/.installed-test
	$(BIN)/python -m tests.golden.regenerate

# docs/themes.md, the theme authors' reference, from the page model's docstrings.
docs: $(VENV)/.installed
	$(BIN)/pressroom docs

# benchmarks/results.md (and results.svg) regenerated from scratch: Pressroom against Hugo + Pagefind
# and Pelican at 1,000, 3,000 and 10,000 releases per language, the edited rebuild, bytes, a search
# query in Debian's Chromium. ~1 h on 2 quiet cores; the peers go into benchmarks/work/venv-peers.
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# axe-core for the accessibility tests; without npm those tests skip (and fail under CI=true).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility tests will skip (no axe-core)"; fi

clean:
	rm -rf site .site.spare $(VENV) .pytest_cache node_modules test-artifacts
