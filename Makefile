# Two commands for a newcomer:
#   make demo   set up, then run the whole pipeline on the synthetic sample world
#   make test   set up, then run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test install benchmarks clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(INSTALLED)

# make demo DEMO_ARGS='--images 700 --epochs 3' for a quick look
DEMO_ARGS ?=

demo: $(INSTALLED)
	$(BIN)/medium demo $(DEMO_ARGS)

test: $(INSTALLED)
	$(BIN)/pytest

benchmarks: $(INSTALLED)
	$(BIN)/python benchmarks/import_bam.py
	$(BIN)/python benchmarks/crawl.py
	$(BIN)/python benchmarks/train.py
	$(BIN)/python benchmarks/train_scale.py
	$(BIN)/python benchmarks/generalisation.py

clean:
	rm -rf $(VENV) data
