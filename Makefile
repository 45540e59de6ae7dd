# warwatch task runner. `make demo` and `make test` set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := out/demo.db
EVALDATA ?= ../shared/evaldata

.PHONY: install demo test lint typecheck eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install warwatch with its test tools

demo: $(STAMP)  ## run the pipeline on the bundled sample corpus into out/
	mkdir -p out
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/warwatch run samples/articles --db sqlite:///$(DEMO_DB) || test $$? -eq 1
	$(BIN)/warwatch incidents --db sqlite:///$(DEMO_DB)
	$(BIN)/warwatch export --db sqlite:///$(DEMO_DB) --format acled-csv --out out/incidents.csv
	$(BIN)/warwatch export --db sqlite:///$(DEMO_DB) --format geojson --out out/incidents.geojson
	$(BIN)/warwatch export --db sqlite:///$(DEMO_DB) --format jsonl --include-other --out out/incidents.jsonl
	@echo "demo database: $(DEMO_DB); exports: out/incidents.csv out/incidents.geojson out/incidents.jsonl"

test: $(STAMP)  ## run the whole test suite
	$(BIN)/python -m pytest -q

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

bench: $(STAMP)  ## throughput and memory on the news corpus
	$(BIN)/warwatch bench $(EVALDATA)/corpus/news.jsonl

clean:
	rm -rf out $(VENV) .pytest_cache .ruff_cache .mypy_cache
