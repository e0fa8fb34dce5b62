# Everything runs in a virtual environment in .venv, made on first use. Each install is
# remembered by a stamp file in .venv and done again only when setup.py or pyproject.toml change.
# A path with a space works: make's targets name the venv as given (.venv), and every command quotes the absolute
# path of its programs (make's own abspath would split it at the space).
PYTHON ?= python3
VENV ?= .venv
BIN := $(if $(filter /%,$(VENV)),$(VENV),$(CURDIR)/$(VENV))/bin
PACKAGING := setup.py pyproject.toml
DEMO := demo

.PHONY: install install-test demo test docs clean

$(VENV)/bin/python:
	$(PYTHON) -m venv "$(VENV)"
	"$(BIN)/python" -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python $(PACKAGING)
	"$(BIN)/python" -m pip install --quiet -e .
	touch "$@"

# PyPI's torch for Linux is the CUDA build (~2 GB more); PyTorch's CPU index has the same version as X+cpu, which
# satisfies the test extra's pin (read from setup.py, its one place), so the second install keeps it.
TORCH_PIN := $(shell sed -n 's/^ *"torch": \["\(torch[^"]*\)"\],*$$/\1/p' setup.py)
$(VENV)/.installed-test: $(VENV)/bin/python $(PACKAGING)
	"$(BIN)/python" -m pip install --quiet --retries 1 "$(or $(TORCH_PIN),$(error no torch pin in setup.py's EXTRAS))" \
		--extra-index-url https://download.pytorch.org/whl/cpu
	"$(BIN)/python" -m pip install --quiet -e '.[test,docs]'
	touch "$@" "$(VENV)/.installed"

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Everything the demo makes is under demo/: the default spec, and every run in demo/runs/.
demo: install
	mkdir -p $(DEMO)
	cd $(DEMO) && "$(BIN)/gym-loop" create-default --force --run-config default-run.yaml
	cd $(DEMO) && "$(BIN)/gym-loop" train -c default-run.yaml
	cd $(DEMO) && "$(BIN)/gym-loop" eval --run "$$(ls -d runs/default-run-* | tail -n 1)"
	"$(BIN)/gym-loop" train -c examples/hill_climbing.yaml --runs-dir $(DEMO)/runs
	"$(BIN)/gym-loop" eval --run "$$(ls -d $(DEMO)/runs/hill_climbing-* | tail -n 1)" --checkpoint best
	"$(BIN)/gym-loop" train -c examples/cross_entropy_cartpole.yaml --runs-dir $(DEMO)/runs
	@echo
	@echo "All of the demo's results are in $(DEMO)/runs/. To see them:"
	@echo "  '$(BIN)/python' -m pip install tensorboard && '$(BIN)/tensorboard' --logdir $(DEMO)/runs"

test: install-test  # two workers: the suite takes ~30 min in one process on 2 cores, ~half in two
	"$(BIN)/python" -m pytest -n 2 --durations=15

docs: install-test
	"$(BIN)/sphinx-build" -W --keep-going -q -b html docs docs/_build/html
	@echo "The documentation is in docs/_build/html/index.html"

clean:
	rm -rf $(DEMO) runs docs/_build .pytest_cache build dist *.egg-info
