# Two commands for a newcomer:
#   make demo   set up, then run the whole pipeline on the synthetic sample world
#   make test   set up, then run the tests (the product's, and the sample world's contract with it)
# The sample world (./sampleworld) is a distribution of its own, installed beside medium for the
# demo and the tests; `make test-sampleworld` runs all of its tests, its renderer families' too.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test test-sampleworld install benchmarks clean

$(INSTALLED): pyproject.toml sampleworld/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' -e ./sampleworld
	touch $@

install: $(INSTALLED)

# make demo DEMO_ARGS='--images 700 --epochs 3' for a quick look
DEMO_ARGS ?=

demo: $(INSTALLED)
	$(BIN)/medium demo $(DEMO_ARGS)

# one worker per core; a file's tests stay together, so its module fixtures are built once
test: $(INSTALLED)
	$(BIN)/pytest -n auto --dist loadfile

test-sampleworld: $(INSTALLED)
	$(BIN)/pytest -n auto --dist loadfile sampleworld/tests

benchmarks: $(INSTALLED)
	$(BIN)/python benchmarks/import_bam.py
	$(BIN)/python benchmarks/crawl.py
	$(BIN)/python benchmarks/store.py
	$(BIN)/python benchmarks/train.py
	$(BIN)/python benchmarks/train_scale.py
	$(BIN)/python benchmarks/generalisation.py
	$(BIN)/python benchmarks/blend_predict.py
	$(BIN)/python benchmarks/shards.py
	$(BIN)/python benchmarks/audit.py

clean:
	rm -rf $(VENV) data
