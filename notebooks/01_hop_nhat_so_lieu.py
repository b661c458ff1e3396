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
# # 1. Hợp nhất số liệu xã Chiềng Sơ
#
# Năm 2025 xã Chiềng Sơ (cũ) và xã Yên Hưng (cũ) hợp thành xã Chiềng Sơ (mới). Sổ tay này gộp số liệu
# của các xã cũ thành số liệu của xã mới, theo quy tắc khai báo trong danh mục chỉ tiêu, rồi đối chiếu
# với các số tổng mà chính Báo cáo chính trị đã nêu.
#
# *Merging the former communes into the new one, and checking the report's own totals.*

# %% tags=["parameters"]
# thư mục dữ liệu gốc; None = data/raw của dự án
raw_dir = None
# thư mục kết quả; sổ tay này không ghi tệp
out_dir = None
# xã mới; None = xã mới đầu tiên (theo mã) trong communes.csv
commune_id = None

# %%
import chiengso_stats as cs

nb = cs.notebook  # the notebooks' display helpers: help(cs.notebook)

raw = cs.load_raw(raw_dir)  # loaded and verified once; every call below reuses it
table = cs.merged(raw)
findings = cs.audit(raw, table)
commune_id = commune_id or min(raw.communes.commune_id[raw.communes.role == "merged"])
mine = table[table.merged_commune_id == commune_id]  # this merger's rows

# %% [markdown]
# ## Nguồn số liệu
#
# Mỗi con số ghi rõ nguồn của nó (`source_id`). Nguồn **văn bản**: đoạn trích phải có nguyên văn trong tệp;
# nguồn **bảng**: ô được chỉ ra phải chứa đúng số đó; **hồ sơ** của văn phòng không có tệp: số liệu được
# nhận nhưng đánh dấu *chưa kiểm chứng*. Mọi tệp nguồn có mã sha256 được kiểm tra mỗi lần chạy.

# %%
nb.sources_view(raw)

# %% [markdown]
# ## Các xã cũ và xã mới

# %%
nb.communes_view(raw)

# %% [markdown]
# ## Từng chỉ tiêu và phương pháp gộp
#
# Chỉ tiêu quy mô (dân số, diện tích, tiền, số đếm) được **cộng**. Tỷ lệ được tính lại bằng **bình quân
# gia quyền** (tổng tử số / tổng mẫu số). Khi báo cáo không có mẫu số thật (số hộ, số lao động), dùng
# trọng số thay thế đã khai báo (dân số) và đánh dấu **gần đúng**. Cột *Nguồn* cho biết mỗi số gộp dựa
# trên những nguồn nào (kể cả nguồn của trọng số); *Đã kiểm chứng* là "không" khi có số từ hồ sơ chưa kiểm chứng.

# %%
nb.merged_view(mine, raw.communes, dict(zip(raw.sources.source_id, raw.sources.title_vi)))

# %% [markdown]
# ## Đối chiếu với số tổng báo cáo nêu cho xã mới

# %%
nb.checks_view(mine)

# %% [markdown]
# ## Kiểm tra tính nhất quán của báo cáo
#
# Mỗi quy tắc được chạy trên toàn bộ số liệu; biểu đồ cho thấy cả các mục khớp, không chỉ các mục lệch.

# %%
nb.show(cs.charts.audit_chart(cs.audit_summary(findings)))

# %% [markdown]
# ### Các điểm không khớp và cách hiểu

# %%
nb.findings_view(findings, "fail")

# %%
nb.markdown(cs.audit_narrative(findings))

# %% [markdown]
# ## Hai xã cũ và xã mới theo từng chỉ tiêu
#
# Chọn chỉ tiêu trong danh sách phía trên biểu đồ; rê chuột để xem số như báo cáo ghi và vị trí trong báo cáo.

# %%
nb.show(cs.charts.communes_chart(raw=raw, merged_id=commune_id))
