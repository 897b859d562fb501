# The one task runner: CI calls the same targets (see .ci/run).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1
export TF_CPP_MIN_LOG_LEVEL := 3
export RASA_TELEMETRY_ENABLED := false

.PHONY: help run test unit train validate stories lint types bench soak build setup clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): requirements.lock pyproject.toml scripts/find-python.sh
	@python=$$(scripts/find-python.sh) && \
	  { [ -x $(BIN)/python ] && $(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' \
	    || { rm -rf $(VENV) && $$python -m venv $(VENV); }; }
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24,<26"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

setup: $(INSTALLED) ## create .venv, .env, the spaCy pipeline, the database and the model
	$(BIN)/intake setup

run: setup ## set everything up and start Rasa, the action server and the web app (Ctrl-C stops all)
	@echo "Starting Rasa (5005), the action server (5055) and the web app (8000)..."
	$(BIN)/honcho start -f Procfile

build: $(INSTALLED) ## build the spaCy pipeline and the assembled domain
	$(BIN)/intake build

train: $(INSTALLED) ## train the Rasa model if its inputs changed
	$(BIN)/intake train

validate: build ## rasa data validate
	$(BIN)/rasa data validate --config config.yml --domain var/build/domain --data data

stories: train ## Rasa test stories against the trained model
	$(BIN)/rasa test core --stories tests/stories --model $$($(BIN)/intake model-path) \
	  --out var/results --fail-on-prediction-errors --no-plot

unit: $(INSTALLED) ## the fast tests only (no running stack)
	$(BIN)/pytest -m "not e2e" -q

test: setup ## every test: pytest (unit, actions, integration, end to end), data validation, test stories
	$(BIN)/pytest -q
	$(MAKE) --no-print-directory validate
	$(MAKE) --no-print-directory stories

lint: $(INSTALLED) ## ruff
	$(BIN)/ruff check bot actions tests

types: $(INSTALLED) ## mypy on the bot package
	$(BIN)/mypy

bench: setup ## print training time, latency, accuracy and load figures (side by side with rasa init)
	$(BIN)/python -m tests.bench

soak: setup ## 30 minutes of conversations; memory growth of each process (SOAK_MINUTES=...)
	$(BIN)/python -m tests.bench soak

clean: ## remove build output (keeps .env and the database)
	rm -rf var/build var/results models
