# chiengso_stats — run `make help` for the list of targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
# --compile-bytecode: the packages are installed with their .pyc. uv installs without them, so where
# Python may not write bytecode (CI, containers, read-only installs, PYTHONDONTWRITEBYTECODE) every
# process compiled pandas and friends from source again: `import pandas, openpyxl` 2,7 s instead of
# 0,7 s. uv compiles what it installs: an older .venv gets them by `rm -rf .venv` then `make install-dev`.
UV_PIP := $(UV) pip install --quiet --compile-bytecode --python $(BIN)/python
# The package itself is installed editable (its sources stay here): compiled here, likewise.
COMPILE_OWN := $(BIN)/python -m compileall -q chiengso_stats
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.DEFAULT_GOAL := help
.PHONY: help install install-dev lock run build notebooks ipynb lab template audit pdf bench lint format test \
        system-deps clean report docs

help: ## Liệt kê các lệnh / list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

# uv is installed from the package index with pip, like any package; it then installs the
# locked versions (requirements/*.lock), which the byte-identical outputs depend on.
$(UV):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

$(RUN_STAMP): pyproject.toml requirements/run.lock | $(UV)
	$(UV_PIP) -r requirements/run.lock
	$(UV_PIP) --no-deps -e .
	$(COMPILE_OWN)
	@touch $(RUN_STAMP)

$(DEV_STAMP): pyproject.toml requirements/dev.lock | $(UV)
	$(UV_PIP) -r requirements/dev.lock
	$(UV_PIP) --no-deps -e .
	$(COMPILE_OWN)
	@touch $(DEV_STAMP) $(RUN_STAMP)

install: $(RUN_STAMP) ## Tạo .venv, cài gói và sổ tay theo bản khóa / create .venv, install what `make run` runs

install-dev: $(DEV_STAMP) ## Cài thêm công cụ kiểm thử, lint, đo hiệu năng / everything, for the tests

lock: | $(UV) ## Cập nhật bản khóa phiên bản / refresh requirements/*.lock from pyproject.toml
	$(UV) pip compile pyproject.toml --all-extras --universal --python-version 3.11 -o requirements/dev.lock
	$(UV) pip compile pyproject.toml --extra notebooks --extra analysis --universal --python-version 3.11 \
		-c requirements/dev.lock -o requirements/run.lock

run: install ## Chạy toàn bộ: raw → clean → reports, rồi các sổ tay / run the whole job
	$(BIN)/chiengso-stats notebooks  # builds first, then runs every notebook

build: install ## Chỉ bước dữ liệu (không chạy sổ tay) / data step only
	$(BIN)/chiengso-stats build

notebooks: install ## Dựng lại và chạy các sổ tay vào reports/notebooks + HTML / build, re-run notebooks
	$(BIN)/chiengso-stats notebooks

ipynb: install ## Tạo notebooks/*.ipynb để mở trong JupyterLab / make .ipynb for JupyterLab
	$(BIN)/jupytext --to ipynb notebooks/[0-9][0-9]_*.py

YEAR ?= 2026
template: install ## Ghi biểu nhập số liệu năm YEAR vào reports/ (make template YEAR=2027) / the yearly form
	$(BIN)/chiengso-stats template --year $(YEAR)

# ---- report (issue 21)
report: install ## Ghi báo cáo kết quả năm YEAR bằng Word (make report YEAR=2028) / the yearly report (.docx)
	$(BIN)/chiengso-stats report --year $(YEAR)

docs: install system-deps ## Vẽ lại docs/bao_cao_trang_1.png (trang 1 của báo cáo Word, biểu VÍ DỤ) / README picture
	$(BIN)/python scripts/report_page_png.py
	$(BIN)/python scripts/data_dictionary.py
# ---- end report

audit: install ## In các phát hiện không khớp của báo cáo / print the audit failures
	$(BIN)/chiengso-stats audit

pdf: install system-deps ## Dựng lại, chuyển phụ lục Excel sang PDF (LibreOffice) / appendices to PDF
	$(BIN)/chiengso-stats pdf

# Project-local Jupyter settings (.jupyter/, not committed): jupytext opens the .py notebooks as
# notebooks on a double click.
LAB_ENV := JUPYTER_CONFIG_DIR=$(CURDIR)/.jupyter
lab: install ## Mở JupyterLab; sổ tay .py mở như notebook (jupytext) / JupyterLab, .py notebooks open as notebooks
	$(LAB_ENV) $(BIN)/jupytext-config set-default-viewer python
	$(LAB_ENV) $(BIN)/jupyter lab --notebook-dir=notebooks

bench: install-dev ## Đo hiệu năng (không thuộc bộ kiểm thử) / benchmarks, outside the test suite
	$(BIN)/python benchmarks/bench_reconcile.py
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_goals.py
	$(BIN)/python benchmarks/bench_propose.py

system-deps: ## Cài LibreOffice, poppler, Chromium từ Debian nếu thiếu / install test programs
	@bash scripts/ensure_system_deps.sh

lint: install-dev ## Kiểm tra mã bằng ruff (lint + định dạng) / ruff check and format check
	$(BIN)/ruff check chiengso_stats tests benchmarks notebooks
	$(BIN)/ruff format --check chiengso_stats tests benchmarks notebooks

format: install-dev ## Định dạng mã bằng ruff / format the code with ruff
	$(BIN)/ruff check --fix chiengso_stats tests benchmarks notebooks
	$(BIN)/ruff format chiengso_stats tests benchmarks notebooks

test: install-dev system-deps lint ## Chạy lint và toàn bộ kiểm thử / lint, then the whole test suite
	$(BIN)/python -m pytest

clean: ## Xóa kết quả sinh ra (data/clean, reports) / remove generated outputs
	find data/clean reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
