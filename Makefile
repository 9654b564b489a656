# МСОКО: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.DEFAULT_GOAL := check
.PHONY: run test lint fmt check bench install browser pdf clean vendor
# the published builds of Vega, Vega-Lite and vega-embed (package.json, package-lock.json)
VENDOR_DIR := msoko/core/static/vendor/vega
VENDOR := $(VENDOR_DIR)/.installed

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) $(VENDOR)  ## create the virtualenv and install the pinned dependencies

$(VENDOR): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && \
		mkdir -p $(VENDOR_DIR) && \
		cp node_modules/vega/build/vega.min.js \
			node_modules/vega-lite/build/vega-lite.min.js node_modules/vega-lite/build/vega-lite.min.js.map \
			node_modules/vega-embed/build/vega-embed.min.js node_modules/vega-embed/build/vega-embed.min.js.map \
			$(VENDOR_DIR)/ && \
		for p in vega vega-lite vega-embed; do cp node_modules/$$p/LICENSE $(VENDOR_DIR)/LICENSE-$$p.txt; done && \
		touch $@; \
	else echo "npm не найден: графики на страницах останутся картинками (для интерактивных: apt-get install nodejs npm)"; fi

vendor: $(VENDOR)  ## the Vega builds for interactive charts (npm registry)

PORT ?= 8000

run: $(STAMP) $(VENDOR)  ## migrate, load the demo municipality, serve the site on 127.0.0.1:$(PORT) (8000) with its worker
	-@$(MAKE) --no-print-directory pdf  # PDF downloads need Pango and fonts; the site runs without them
	$(BIN)/msoko migrate
	$(BIN)/msoko demo
	# the demo's pupil codes are stable; recomputes after an upload go to the worker's queue;
	# the demo's planted years begin in 2020/2021, so its daily cleanup keeps ten school years
	MSOKO_STABLE_PARTICIPANT_CODES=1 MSOKO_TASKS=database MSOKO_STUDENT_DATA_YEARS=10 \
		$(BIN)/msoko serve --port $(PORT) --with-worker

browser:  ## Debian's chromium for the browser tests (installed when missing and we are root)
	@test -x $(CHROMIUM) || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; \
		else echo "Нужен браузер $(CHROMIUM): sudo apt-get install chromium" >&2; exit 1; fi; }

pdf:  ## Pango and the Liberation fonts WeasyPrint needs for PDF documents (installed when missing and we are root)
	@fc-list 2>/dev/null | grep -q "Liberation Serif" && ldconfig -p 2>/dev/null | grep -q libpangoft2 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation >/dev/null; }; \
		else echo "Для PDF-документов нужны Pango и шрифт Liberation Serif: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation" >&2; exit 1; fi; }

test: $(STAMP) $(VENDOR) browser pdf  ## the whole test suite (SQLite unless MSOKO_DATABASE_URL says otherwise)
	$(BIN)/pytest -q

lint: $(STAMP)  ## ruff lint and format check, import layers, migrations up to date
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports  # the layers of docs/architecture.md
	MSOKO_VAR_DIR=$$(mktemp -d) $(BIN)/python manage.py makemigrations --check --dry-run

fmt: $(STAMP)  ## format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: test lint  ## tests and lint

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $@

bench: $(VENV)/.bench-installed  ## benchmarks (not part of the tests); the load part needs MSOKO_DATABASE_URL=postgres://…
	$(BIN)/python -m bench

clean:  ## remove the virtualenv and the local database
	rm -rf $(VENV) var
