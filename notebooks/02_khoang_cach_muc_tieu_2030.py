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
# # 2. Hiện trạng và mức cần phấn đấu đến năm 2030
#
# Xã Chiềng Sơ (mới) còn phải thực hiện bao nhiêu ở mỗi chỉ tiêu năm 2030, và bình quân mỗi năm cần đạt bao
# nhiêu? Số liệu kỳ gốc là số đã gộp của hai xã cũ (sổ tay 1).
#
# *How far the new commune is from each 2030 target, and what pace it needs.*

# %% tags=["parameters"]
# thư mục dữ liệu gốc; None = data/raw của dự án
raw_dir = None
# thư mục kết quả; sổ tay này không ghi tệp
out_dir = None
# năm của số liệu kỳ gốc
baseline_year = 2025
# xã mới; None = xã mới đầu tiên (theo mã) trong communes.csv
commune_id = None

# %%
import chiengso_stats as cs

nb = cs.notebook  # the notebooks' display helpers: help(cs.notebook)

raw = cs.load_raw(raw_dir)
communes = raw.communes.set_index("commune_id")
commune_id = commune_id or min(communes.index[communes.role == "merged"])
# the state at the baseline, as Phụ lục 03 gives it: yearly forms come in later (notebook 04)
gaps = cs.gaps_2030(raw, baseline_year=baseline_year, as_of=baseline_year)
gaps = gaps[gaps.commune_id == commune_id]  # the targets of this merged commune's resolution

# %% [markdown]
# ## Tóm tắt
#
# Đoạn dưới đây được viết tự động từ số liệu, nên luôn khớp với bảng.

# %%
nb.markdown(cs.gap_narrative(gaps))

# %% [markdown]
# ## Hiện trạng so với chỉ tiêu (các chỉ tiêu có số liệu kỳ gốc)

# %%
nb.show(cs.charts.progress_chart(gaps, communes.name_vi[commune_id]))

# %% [markdown]
# ## Toàn bộ chỉ tiêu năm 2030
#
# "Còn phải thực hiện" dương là phần còn phải làm (dù chỉ tiêu cần tăng hay cần giảm). Chỉ tiêu hộ nghèo đo
# theo chuẩn nghèo giai đoạn 2026-2030, khác chuẩn áp dụng năm 2025 của số liệu kỳ gốc, nên không so sánh
# được.

# %%
nb.gaps_view(gaps)
