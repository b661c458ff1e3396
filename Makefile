# chiengso_stats — run `make help` for the list of targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help install run build notebooks ipynb template audit pdf bench test system-deps clean

help: ## Liệt kê các lệnh / list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Tạo .venv và cài gói / create .venv and install the package

run: install ## Chạy toàn bộ: raw → clean → reports, rồi các sổ tay / run the whole job
	$(BIN)/chiengso-stats build
	$(BIN)/chiengso-stats notebooks

build: install ## Chỉ bước dữ liệu (không chạy sổ tay) / data step only
	$(BIN)/chiengso-stats build

notebooks: install ## Chạy lại các sổ tay vào reports/notebooks + HTML / re-run notebooks
	$(BIN)/chiengso-stats notebooks

ipynb: install ## Tạo notebooks/*.ipynb để mở trong JupyterLab / make .ipynb for JupyterLab
	$(BIN)/jupytext --to ipynb notebooks/[0-9][0-9]_*.py

YEAR ?= 2026
template: install ## Ghi biểu nhập số liệu năm YEAR vào reports/ (make template YEAR=2027) / the yearly form
	$(BIN)/chiengso-stats template --year $(YEAR)

audit: install ## In các phát hiện không khớp của báo cáo / print the audit failures
	$(BIN)/chiengso-stats audit

pdf: build system-deps ## Chuyển phụ lục Excel sang PDF (LibreOffice) / appendices to PDF
	$(BIN)/chiengso-stats pdf

bench: install ## Đo hiệu năng (không thuộc bộ kiểm thử) / benchmarks, outside the test suite
	$(BIN)/python benchmarks/bench_reconcile.py
	$(BIN)/python benchmarks/bench_build.py

system-deps: ## Cài LibreOffice, poppler, Chromium từ Debian nếu thiếu / install test programs
	@bash scripts/ensure_system_deps.sh

test: install system-deps ## Chạy toàn bộ kiểm thử / run the whole test suite
	$(BIN)/python -m pytest

clean: ## Xóa kết quả sinh ra (data/clean, reports) / remove generated outputs
	find data/clean reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
