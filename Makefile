# Quick start: `make extract` then `make test`. Everything runs inside .venv.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

CORPUS ?= corpora
OUT    ?= out
DOCS   ?= $(OUT)/documents.jsonl
RECORDS ?= $(OUT)/records.jsonl
RECORDS_DIR ?= $(OUT)/records
GOLD   ?= corpora/seed corpora/vi corpora/pl
BLIND  ?= corpora/blind
BLIND2 ?= corpora/blind2
WORKERS ?=
FUZZ_SEED ?= 0
FUZZ_COUNT ?= 100000
# the daily job: `make daily SOURCES=sources.toml DB=sqlite:///news.db` (see docs/daily-runs.md)
SOURCES ?=
DB     ?=

.PHONY: setup ingest extract daily test lint eval eval-blind eval-html bench fuzz clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

ingest: setup
	$(BIN)/pipeline ingest $(if $(SOURCES),--sources $(SOURCES),$(CORPUS)) --out $(OUT)

extract: ingest
	$(BIN)/pipeline extract $(OUT) --output $(RECORDS) --output-dir $(RECORDS_DIR) $(if $(WORKERS),--workers $(WORKERS))

# ingest, extract, export in order. A stage that exits 1 (some documents carry error entries)
# lets the next one run; a stage that exits 2 (could not run) stops the job: make exits 2.
# Every stage appends its line to $(OUT)/runs.jsonl; `pipeline runs $(OUT)` shows them.
daily: setup
	@test -n "$(SOURCES)" -a -n "$(DB)" || { echo "usage: make daily SOURCES=sources.toml DB=sqlite:///news.db" >&2; exit 2; }
	@worst=0; \
	for stage in "ingest --sources $(SOURCES) --out $(OUT) --no-progress" \
	             "extract $(OUT) --output $(RECORDS) --no-progress $(if $(WORKERS),--workers $(WORKERS))" \
	             "export $(RECORDS) --to $(DB)"; do \
	  $(BIN)/pipeline $$stage; code=$$?; \
	  if [ $$code -ge 2 ]; then echo "daily: 'pipeline $$stage' could not run (exit $$code); job stopped" >&2; exit 2; fi; \
	  if [ $$code -gt $$worst ]; then worst=$$code; fi; \
	done; \
	if [ $$worst -eq 1 ]; then echo "daily: done; some documents carry error entries (pipeline runs $(OUT))" >&2; fi

eval: setup
	$(BIN)/pipeline evaluate $(GOLD)
	@echo
	$(BIN)/pipeline evaluate $(BLIND2) --no-peer

eval-blind: setup
	$(BIN)/pipeline evaluate $(BLIND)

# The article-page reader on the team's annotated pages, trafilatura alone beside it.
HTML_EVAL ?= tests/fixtures/html_eval
eval-html: setup
	$(BIN)/pipeline evaluate-html $(HTML_EVAL)

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python -m pipeline.evaluation.bench

# Hostile generated documents through extract; replay one with `--seed S --replay INDEX`.
fuzz: setup
	$(BIN)/python -m pipeline.evaluation.fuzz --seed $(FUZZ_SEED) --count $(FUZZ_COUNT) $(if $(WORKERS),--workers $(WORKERS))

clean:
	rm -rf $(OUT) .pytest_cache
