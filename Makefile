# warwatch task runner. `make demo` and `make test` set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := out/demo.db
EVALDATA ?= ../shared/evaldata

.PHONY: install demo test fuzz lint typecheck eval bench clean system-deps vendor

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install warwatch with its test tools

demo: $(STAMP) vendor  ## run the pipeline on the bundled sample corpus into out/
	mkdir -p out
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/warwatch run samples/articles --db sqlite:///$(DEMO_DB) || test $$? -eq 1
	$(BIN)/warwatch incidents --db sqlite:///$(DEMO_DB)
	$(BIN)/warwatch export --db sqlite:///$(DEMO_DB) --format acled-csv --out out/incidents.csv
	$(BIN)/warwatch export --db sqlite:///$(DEMO_DB) --format geojson --out out/incidents.geojson
	$(BIN)/warwatch export --db sqlite:///$(DEMO_DB) --format jsonl --include-other --out out/incidents.jsonl
	$(BIN)/warwatch digest --db sqlite:///$(DEMO_DB) --from 2014-01-01 --to 2024-12-31 --format html --out out/digest.html
	$(BIN)/warwatch digest --db sqlite:///$(DEMO_DB) --from 2014-01-01 --to 2024-12-31 --format pdf --out out/digest.pdf
	@echo "demo database: $(DEMO_DB); exports: out/incidents.csv out/incidents.geojson out/incidents.jsonl"
	@echo "digest of the sample corpus: out/digest.html out/digest.pdf"

# Debian packages the tests need (run as root), as FILE:PACKAGE; a package is installed only
# when its file is missing: chromium for the browser tests, poppler-utils (pdftotext,
# pdftoppm) for the digest's PDF tests, DejaVu for the fonts the digest's PDF is set in,
# postgresql for the storage and API tests' PostgreSQL half (tests/pgcluster.py starts a
# throwaway server): its initdb lies under /usr/lib/postgresql/VERSION/bin, any version will do.
SYSTEM_DEPS := /usr/bin/chromium:chromium /usr/bin/pdftotext:poppler-utils /usr/bin/pdftoppm:poppler-utils \
  /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core \
  $(or $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb)),/usr/lib/postgresql/VERSION/bin/initdb):postgresql
system-deps:  ## Debian packages the tests need, each installed only when missing
	@missing=$$(for dep in $(SYSTEM_DEPS); do test -e $${dep%%:*} || echo $${dep#*:}; done | sort -u); \
	if [ -n "$$missing" ]; then apt-get update && apt-get install -y --no-install-recommends $$missing; fi

# The map's libraries come from the npm registry at build time, with their licences, and are not
# committed; without them the pages draw a plain SVG map instead.
VENDOR := warwatch/web/static/vendor
NPM_DIR := build/npm
NPM_MODULES := $(NPM_DIR)/node_modules
vendor: $(VENDOR)/leaflet/leaflet.js  ## Leaflet, Leaflet.markercluster and a world outline for the map

$(VENDOR)/leaflet/leaflet.js:
	npm install --prefix $(NPM_DIR) --no-audit --no-fund leaflet@1.9 leaflet.markercluster@1.5 world-atlas@2
	mkdir -p $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster $(VENDOR)/world-atlas
	cp -r $(NPM_MODULES)/leaflet/dist/leaflet.js $(NPM_MODULES)/leaflet/dist/leaflet.css \
	  $(NPM_MODULES)/leaflet/dist/images $(NPM_MODULES)/leaflet/LICENSE $(VENDOR)/leaflet/
	cp $(NPM_MODULES)/leaflet.markercluster/dist/leaflet.markercluster.js \
	  $(NPM_MODULES)/leaflet.markercluster/dist/MarkerCluster.css \
	  $(NPM_MODULES)/leaflet.markercluster/dist/MarkerCluster.Default.css \
	  $(NPM_MODULES)/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/leaflet.markercluster/
	cp $(NPM_MODULES)/world-atlas/countries-110m.json $(NPM_MODULES)/world-atlas/LICENSE $(VENDOR)/world-atlas/

test: $(STAMP) system-deps vendor  ## run the whole test suite
	$(BIN)/python -m pytest -q

fuzz: $(STAMP)  ## the property tests with fresh random examples, many more of them than `make test` draws
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest -q $$(grep -l "from hypothesis" tests/test_*.py)

lint: $(STAMP)  ## ruff and mypy
	$(BIN)/ruff check warwatch tests
	$(BIN)/ruff format --check warwatch tests
	$(BIN)/mypy warwatch

eval: $(STAMP)  ## every eval task on the development files in $(EVALDATA)
	@for pair in event-type:event-type casualties:casualties-fakes gva:gva-incidents geoparse:geoparse \
	    timex:timex clusters:clusters-ecbplus entities:entities-re3d arguments:arguments-wikievents; do \
	  task=$${pair%%:*}; file=$${pair#*:}; \
	  echo "== $$task"; $(BIN)/warwatch eval $$task $(EVALDATA)/$$file.jsonl --json || exit 1; \
	done

bench: $(STAMP)  ## throughput and memory on the news corpus, in one process and on 2 Dask workers
	$(BIN)/warwatch bench $(EVALDATA)/corpus/news.jsonl --workers 2

clean:
	rm -rf out $(VENV) .pytest_cache .ruff_cache .mypy_cache
