# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 4. Theo dõi hằng năm 2026-2030
#
# Mỗi năm bộ phận thống kê điền biểu nhập liệu (`chiengso-stats template --year <năm>`) và lưu vào
# `data/raw/monitoring/<năm>.xlsx`. Sổ tay này đánh giá tiến độ từng chỉ tiêu nghị quyết đến năm được chọn:
# tốc độ thực tế từ năm 2025 so với tốc độ cần để đạt mục tiêu năm 2030 (phương pháp Eurostat / Thống kê
# Canada), lũy kế so với lộ trình đều cho chỉ tiêu cả nhiệm kỳ, và từng năm cho chỉ tiêu hằng năm.
#
# *Yearly monitoring: progress of each resolution target as of the chosen year.*

# %% tags=["parameters"]
# thư mục dữ liệu gốc; None = data/raw của dự án
raw_dir = None
# thư mục kết quả; sổ tay này không ghi tệp
out_dir = None
# năm đánh giá; None = năm mới nhất có số liệu
year = None
# xã mới; None = xã mới đầu tiên (theo mã) trong communes.csv
commune_id = None

# %%
import chiengso_stats as cs

nb = cs.notebook  # the notebooks' display helpers: help(cs.notebook)

raw = cs.load_raw(raw_dir)  # loaded and verified once, monitoring forms included
table = cs.merged(raw)
merged_id = commune_id or min(raw.communes.commune_id[raw.communes.role == "merged"])
years = cs.monitored_years(raw, merged_id)
year = year or (years[-1] if years else raw.term(merged_id).baseline_year)
gaps = cs.gaps_2030(raw, table=table, as_of=year)
gaps = gaps[gaps.commune_id == merged_id]  # the targets of this merged commune's resolution

# %% [markdown]
# ## Tóm tắt
#
# Viết tự động từ số liệu: số chỉ tiêu theo từng mức tiến độ, chỉ tiêu chậm nhất và điều năm sau cần đạt.

# %%
nb.markdown(f"Năm có biểu theo dõi: {', '.join(map(str, years)) or 'chưa có'}. Đánh giá đến năm **{year}**.")
nb.markdown(cs.yearly_narrative(gaps, year))

# %% [markdown]
# ## Lộ trình từng chỉ tiêu
#
# Chọn chỉ tiêu trong danh sách: đường chấm là lộ trình cần đi từ số nền 2025 đến mục tiêu 2030; các điểm
# là số thực hiện, tô màu theo mức tiến độ. Chỉ tiêu cả nhiệm kỳ được vẽ lũy kế.

# %%
nb.show(cs.charts.trajectory_chart(gaps, table))

# %% [markdown]
# ## Bảng tiến độ
#
# Tỷ số tốc độ = tốc độ thực tế / tốc độ cần (từ 0,95 trở lên: Đạt tiến độ; 0,60 đến dưới 0,95: Chậm tiến độ;
# 0 đến dưới 0,60: Chậm tiến độ nhiều (khó đạt); âm: kết quả kém năm 2025, ghi Giảm hoặc Tăng so với năm 2025).
# Ô "…" là chưa có số liệu, không phải 0; "-" là không áp dụng.

# %%
nb.progress_view(gaps)
