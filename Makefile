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

demo: $(INSTALLED)
	$(BIN)/medium demo

test: $(INSTALLED)
	$(BIN)/pytest

benchmarks: $(INSTALLED)
	$(BIN)/python benchmarks/import_bam.py
	$(BIN)/python benchmarks/crawl.py
	$(BIN)/python benchmarks/train.py
	$(BIN)/python benchmarks/train_scale.py

clean:
	rm -rf $(VENV) data
