# Everything runs in a virtual environment in .venv, made on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(abspath $(VENV))/bin

.PHONY: install install-test demo test docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,docs]'

demo: install
	mkdir -p demo
	cd demo && $(BIN)/gym-loop create-default --force --run-config default-run.yaml
	cd demo && $(BIN)/gym-loop train -c default-run.yaml
	cd demo && $(BIN)/gym-loop eval -c default-run.yaml
	$(BIN)/gym-loop train -c examples/hill_climbing.yaml
	$(BIN)/gym-loop eval --run "$$(ls -d runs/hill_climbing-* | tail -n 1)" --checkpoint best
	$(BIN)/gym-loop train -c examples/cross_entropy_cartpole.yaml
	@echo "TensorBoard: $(BIN)/pip install tensorboard && $(BIN)/tensorboard --logdir ."

test: install-test
	$(BIN)/python -m pytest

docs: install-test
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

clean:
	rm -rf demo runs docs/_build .pytest_cache build dist *.egg-info
