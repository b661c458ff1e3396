# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 3. Xuất phụ lục
#
# Sổ tay này xuất Phụ lục 01 (Chiềng Sơ cũ), Phụ lục 02 (Yên Hưng cũ) và phụ lục số liệu hợp nhất của
# xã mới ra Excel, để gửi cấp trên, rồi cho xem nội dung đã ghi.
#
# *Exports the Excel appendices and shows what was written.*

# %% tags=["parameters"]
# thư mục dữ liệu gốc; None = data/raw của dự án
raw_dir = None
# thư mục ghi phụ lục; None = reports/ của dự án
out_dir = None

# %%
import chiengso_stats as cs

nb = cs.notebook  # the notebooks' display helpers: help(cs.notebook)

written = cs.export_appendices(out_dir, raw_dir)  # out_dir None: the project's reports/

# %% [markdown]
# ## Các tệp đã ghi

# %%
nb.files_view(written)

# %% [markdown]
# ## Nội dung Phụ lục 01 và Phụ lục 02

# %%
for path in written[:2]:
    nb.markdown(f"### {path.name}")
    nb.workbook_preview(path)
