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
# Sổ tay này cho xem Phụ lục 01 (Chiềng Sơ cũ), Phụ lục 02 (Yên Hưng cũ) và phụ lục số liệu hợp nhất của
# xã mới mà lệnh build đã ghi ra Excel để gửi cấp trên. Sổ tay không ghi lại phụ lục: build ghi một lần.
#
# *Shows the Excel appendices the build wrote (once); the notebook writes nothing.*

# %% tags=["parameters"]
# thư mục dữ liệu gốc; None = data/raw của dự án
raw_dir = None
# thư mục ghi phụ lục; None = reports/ của dự án
out_dir = None

# %%
import chiengso_stats as cs

nb = cs.notebook  # the notebooks' display helpers: help(cs.notebook)

# the appendices the build wrote (make run builds first); the notebook only reads them
written = nb.built_appendices(out_dir)  # out_dir None: the project's reports/
if not written:
    nb.markdown("Chưa có phụ lục: chạy `make run` hoặc `chiengso-stats build` trước (run the build first).")

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
