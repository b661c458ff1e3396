"""Write the data dictionary (chiengso_stats/columns.csv) as Markdown: docs/data_dictionary.md whole, and the
tidy table's columns into the README between its markers. `make docs` runs it; tests/test_columns.py checks both."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chiengso_stats.columns import markdown_table, tables  # noqa: E402

HEADER = """# Từ điển dữ liệu / Data dictionary

Mọi cột mà API công khai trả về: kiểu dữ liệu và ý nghĩa bằng tiếng Anh và tiếng Việt. Every column the
public API returns, its type and its meaning. Kept as data in `chiengso_stats/columns.csv`; the docstrings
list the same words (`help(cs.tidy)`), `cs.data_dictionary()` returns them as a DataFrame, and
`tests/test_columns.py` fails on a returned column this table does not name. Written by
`scripts/data_dictionary.py` (`make docs`); do not edit by hand.

Tables: {tables}. `{{former_commune_id}}` stands for the merged table's one column per former commune.

"""


def main() -> None:
    docs = ROOT / "docs" / "data_dictionary.md"
    docs.write_text(HEADER.format(tables=", ".join(f"`{t}`" for t in tables())) + markdown_table() + "\n", "utf-8")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = f"<!-- tidy-columns:start -->\n{markdown_table('tidy')}\n<!-- tidy-columns:end -->"
    text, n = re.subn(
        r"<!-- tidy-columns:start -->.*?<!-- tidy-columns:end -->", lambda _: block, text, flags=re.DOTALL
    )
    if n != 1:
        raise SystemExit("README.md has no <!-- tidy-columns:start --> … <!-- tidy-columns:end --> block")
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
