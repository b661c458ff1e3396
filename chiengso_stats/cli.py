"""CLI: the door, `chiengso-stats build | audit | notebooks | pdf | template | report | propose | accept`.

Exit 0 on success, 2 on bad input (nothing written), 1 when the audit is strict and finds
failures, or when a notebook or LibreOffice fails. The folder options may stand before or
after the sub-command, and every sub-command honours all three: `notebooks` and `pdf`
build first, so that what they show comes from the raw folder given and lands in the
clean and reports folders given.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path

from . import __version__, config
from .analysis.audit import RULES, audit
from .analysis.facts import counted
from .analysis.progress import LABEL_EN, LABEL_VI
from .analysis.reconcile import reconcile
from .build import output_areas, run
from .columns import flat_lists
from .errors import OutputLockedError, OutputPlaceError, Problem, RawDataError
from .glossary import lower_first, vi
from .ingest.form_archive import revision_lines, revisions
from .ingest.raw import load_raw
from .ingest.tables import read_table
from .numbers import format_vn
from .outputs import atomic_write, check_places, owned_areas
from .publish import office
from .publish.excel import save_deterministic
from .publish.form_template import template_workbook
from .publish.yearly import monitored_years


class _Parser(argparse.ArgumentParser):
    """argparse, its refusals said in Vietnamese first (its own words, English, kept after them)."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(
            2,
            f"{self.prog}: lệnh gõ chưa đúng, xem '{self.prog} --help' (usage error: {message})\n",
        )


def _folders(default) -> argparse.ArgumentParser:
    """The folder options, for the main parser (default None) and every sub-command (either side works)."""
    f = argparse.ArgumentParser(add_help=False)
    f.add_argument("--raw", default=default, help=f"thư mục dữ liệu gốc (mặc định {config.RAW_DIR})")
    f.add_argument("--clean", default=default, help=f"thư mục dữ liệu sạch (mặc định {config.CLEAN_DIR})")
    f.add_argument("--reports", default=default, help=f"thư mục báo cáo (mặc định {config.REPORTS_DIR})")
    return f


def _parser() -> argparse.ArgumentParser:
    # A sub-command's copy defaults to SUPPRESS, so that it never resets a folder given before it.
    folders = _folders(argparse.SUPPRESS)
    p = _Parser(
        prog="chiengso-stats",
        parents=[_folders(None)],
        description="Số liệu hợp nhất xã Chiềng Sơ / merged statistics of Chiềng Sơ",
    )
    p.add_argument("--version", action="version", version=f"chiengso-stats {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser(
        "build", parents=[folders], help="kiểm tra dữ liệu gốc, đối soát, xuất kết quả / validate, reconcile, export"
    )
    b.add_argument(
        "--commune",
        action="append",
        metavar="MÃ_XÃ_MỚI",
        help=(
            "chỉ ghi phụ lục và biểu đồ của xã mới này (lặp lại được); mặc định mọi xã mới, tối đa "
            f"{config.REPORTS_PER_MERGER_LIMIT} / write the appendix and charts of this merged commune only"
        ),
    )
    a = sub.add_parser(
        "audit", parents=[folders], help="in các điểm không khớp của báo cáo / print the report's inconsistencies"
    )
    a.add_argument("--strict", action="store_true", help="thoát mã 1 khi có điểm không khớp / exit 1 on failures")
    a.add_argument(
        "--format",
        choices=["text", "csv", "json"],
        default="text",
        help="text: các điểm không khớp; csv, json: mọi mục kiểm tra ra đầu ra chuẩn / all items",
    )
    sub.add_parser(
        "notebooks",
        parents=[folders],
        help="dựng lại rồi chạy mọi sổ tay, xuất báo cáo HTML / build, run notebooks, render HTML",
    )
    sub.add_parser(
        "pdf",
        parents=[folders],
        help="dựng lại rồi chuyển phụ lục Excel sang PDF bằng LibreOffice / build, appendices to PDF",
    )
    t = sub.add_parser(
        "template", parents=[folders], help="ghi biểu nhập số liệu theo dõi một năm / write the yearly input form"
    )
    t.add_argument("--year", type=int, required=True, help="năm báo cáo, 2026-2030")
    t.add_argument("--out", default=None, help="tệp ghi ra (mặc định reports/mau_nhap_lieu_<năm>.xlsx)")
    t.add_argument("--commune", default=None, help="mã xã mới (mặc định: xã mới duy nhất)")
    # ---- report (issue 21): the yearly report as a Word document
    r = sub.add_parser(
        "report", parents=[folders], help="ghi báo cáo kết quả năm bằng Word / write the yearly report (.docx)"
    )
    r.add_argument("--year", type=int, required=True, help="năm báo cáo, 2025-2030 (2025: đầu nhiệm kỳ)")
    r.add_argument("--out", default=None, help="tệp ghi ra (mặc định reports/bao_cao_ket_qua_nam_<năm>.docx)")
    r.add_argument("--commune", default=None, help="mã xã mới (mặc định: xã mới duy nhất)")
    r.add_argument(
        "--midterm", action="store_true", help="báo cáo sơ kết giữa nhiệm kỳ / titled for the mid-term review"
    )
    # ---- end report
    _onboarding_parsers(sub, folders)
    return p


# ---------------------------------------------------------------- onboarding a commune (issue 20): propose, accept
def _onboarding_parsers(sub, folders) -> None:
    pr = sub.add_parser(
        "propose",
        parents=[folders],
        help="đề xuất số liệu từ văn bản (.docx, .pdf, .txt) vào bảng rà soát / propose figures for review",
    )
    pr.add_argument("files", nargs="+", help="văn bản: báo cáo chính trị của xã, và phụ lục nếu là tệp riêng")
    pr.add_argument(
        "--out", default=None, help="bảng rà soát ghi ra (mặc định ra_soat_<tên tệp>.xlsx cạnh văn bản đầu tiên)"
    )
    pr.add_argument("--commune", default=None, help="tên (hoặc mã) xã mới, khi văn bản không nêu câu sáp nhập")
    ac = sub.add_parser(
        "accept",
        parents=[folders],
        help="bảng rà soát đã duyệt thành các bảng gốc trong một thư mục / reviewed workbook to raw tables",
    )
    ac.add_argument("reviewed", help="bảng rà soát đã chọn Nhận / Bỏ")
    ac.add_argument("--out", required=True, help="thư mục ghi các bảng gốc (không phải thư mục dữ liệu gốc)")
    ac.add_argument(
        "--document", action="append", help="văn bản đã đề xuất, nếu không đặt cạnh bảng rà soát (lặp lại được)"
    )


def _out_file(args) -> Path | None:
    """The file a command writes (`--out`, else its name in the reports folder), or None for a folder's command."""
    reports = Path(args.reports) if args.reports else config.REPORTS_DIR
    if getattr(args, "out", None) and args.command != "accept":
        return Path(args.out)
    if args.command == "template":
        return reports / f"mau_nhap_lieu_{args.year}.xlsx"
    if args.command == "report":
        # lazy on purpose: python-docx is for this command, not the build's start-up
        from .publish.word_report import default_name

        return reports / default_name(args.year, args.midterm)
    if args.command == "propose":
        return reports / f"ra_soat_{Path(args.files[0]).stem}.xlsx"
    return None


def _check_places(args) -> None:
    """One guard for every command and every output option, before anything is read or written."""
    raw = config.resolve(args.raw)
    clean = Path(args.clean) if args.clean else config.CLEAN_DIR
    reports = Path(args.reports) if args.reports else config.REPORTS_DIR
    areas = output_areas(clean, reports)
    if args.command in ("build", "notebooks", "pdf"):
        check_places(raw, areas)
    elif args.command == "accept":  # the raw tables of a new commune: a folder of their own
        check_places(raw, {**areas, "--out": Path(args.out)})
    elif _out_file(args) is not None:  # a file: never into the clean folder, the archive, the build's reports
        # named by the option the user typed: without --out the file goes into the --reports folder
        option = "--out" if getattr(args, "out", None) else "--reports"
        check_places(raw, {}, {option: _out_file(args)}, owned_areas(clean, reports))


def _propose(args) -> int:
    # lazy on purpose: python-docx, pypdf and the reading rules are for this command, not the build's start-up
    from .ingest.documents import DocumentError
    from .ingest.proposals import read_proposals
    from .ingest.review import refuse_over_review
    from .publish.review_workbook import review_workbook

    documents = [Path(f) for f in args.files]
    document = documents[0]
    refuse_over_review(out := _out_file(args))  # an officer's decisions are never written over
    catalogue, problems = read_table(config.resolve(args.raw), "indicators")
    if problems:
        raise RawDataError(problems)
    missing = [
        Problem(
            str(d),
            None,
            None,
            "một thư mục, không phải tệp" if d.is_dir() else "không có tệp này",
            "đường dẫn một văn bản có thật",
            "an existing file",
        )
        for d in documents
        if not d.is_file()
    ]
    old = [  # Word 97-2003: python-docx reads .docx only
        Problem(
            d.name,
            None,
            None,
            "tệp Word 97-2003 (.doc)",
            "tệp .docx: mở bằng Word hoặc LibreOffice, chọn Lưu thành (Save As) 'Tài liệu Word (.docx)'",
            "a .docx file: save the .doc as 'Word Document (.docx)'",
        )
        for d in documents
        if d.suffix.lower() == ".doc"
    ]
    if missing or old:
        raise RawDataError(missing + old, DOCUMENTS)
    raw = load_raw(args.raw)
    try:
        proposals, communes = read_proposals(documents, raw=raw, commune=args.commune)
    except DocumentError as exc:
        raise RawDataError([exc.problem(exc.file or document.name)], DOCUMENTS) from None
    book = review_workbook(proposals, catalogue, documents, communes)
    atomic_write(out, lambda tmp: save_deterministic(book, tmp))
    n_obs = int((proposals.kind == "observation").sum())
    print(out)
    print(
        f"{len(proposals)} đề xuất: {n_obs} số liệu, {len(proposals) - n_obs} chỉ tiêu 2030 "
        f"({len(proposals)} proposals to review)."
    )
    if proposals.empty:
        print(
            "Không tìm thấy số liệu nào trong văn bản: kiểm tra đúng tệp báo cáo chưa "
            "(no figure found: is this the report?).",
            file=sys.stderr,
        )
    if communes.empty:
        print(
            'Không tìm thấy câu sáp nhập ("xã A được thành lập trên cơ sở …") hay bảng các xã cũ: không đoán xã; '
            "các số liệu để trống mã xã. Nêu xã mới bằng --commune TÊN_XÃ (no merger sentence found: no commune "
            "guessed, figures left without one; name it with --commune NAME).",
            file=sys.stderr,
        )
    return 0


DOCUMENTS = ("Văn bản", "the documents")  # what `propose` refuses is in the documents, not the raw folder


def _accept(args) -> int:
    # lazy on purpose: python-docx, pypdf and the reading rules are for this command, not the build's start-up
    from .ingest.review import read_reviewed, write_raw_folder

    out = Path(args.out)
    catalogue, problems = read_table(config.resolve(args.raw), "indicators")
    if problems:
        raise RawDataError(problems)
    if not Path(args.reviewed).is_file():
        raise RawDataError(
            [
                Problem(
                    str(args.reviewed),
                    None,
                    None,
                    "không có tệp này",
                    "đường dẫn bảng rà soát đã duyệt",
                    "an existing file",
                )
            ]
        )
    tables, documents = read_reviewed(args.reviewed, catalogue, args.document)
    for path in write_raw_folder(tables, documents, out):
        print(path)
    counts = {k: len(v) for k, v in tables.items()}
    print(
        f"Đã nhận {counts['observations']} số liệu, {counts['targets_2030']} chỉ tiêu 2030, {counts['communes']} xã "
        f"(accepted {counts['observations']} observations, {counts['targets_2030']} targets, "
        f"{counts['communes']} communes)."
    )
    return 0


# ---------------------------------------------------------------- end of onboarding


def _build(args) -> int:

    start = time.perf_counter()
    result = run(args.raw, args.clean, args.reports, communes=getattr(args, "commune", None))
    f = result["findings"]
    n_files = len(result["clean"]) + len(result["reports"])
    clean, reports = args.clean or config.CLEAN_DIR, args.reports or config.REPORTS_DIR
    print(
        f"Đã ghi {n_files} tệp vào {clean} và {reports} trong {format_vn(time.perf_counter() - start, 1)} giây "
        f"(wrote {n_files} files)."
    )
    n_reported, n_mergers = len(result["reported"]), result["mergers"]
    if n_reported < n_mergers:
        print(
            f"Phụ lục và biểu đồ riêng: {n_reported} trên {n_mergers} xã mới (quá "
            f"{config.REPORTS_PER_MERGER_LIMIT} xã: chọn bằng --commune); bảng trong thư mục dữ liệu sạch có đủ "
            f"mọi xã (per-commune appendices and charts for {n_reported} of {n_mergers} merged communes; "
            "the clean tables cover all)."
        )
    print(
        f"Kiểm tra báo cáo: {len(RULES)} quy tắc, {len(f)} mục, "
        f"{(f.status == 'pass').sum()} {lower_first(vi('audit.pass'))}, "
        f"{(f.status == 'fail').sum()} {lower_first(vi('audit.fail'))}, "
        f"{(f.status == 'na').sum()} {lower_first(vi('audit.na'))} "
        f"(audit: {len(RULES)} rules, {len(f)} items, {(f.status == 'pass').sum()} matching, "
        f"{(f.status == 'fail').sum()} not matching, {(f.status == 'na').sum()} not applicable)."
    )
    print(
        f"Số liệu chưa kiểm chứng (lấy từ hồ sơ của văn phòng, không có tệp nguồn): {result['unverified']} "
        f"(unverified figures from office records: {result['unverified']})."
    )
    for notice in result["notices"]:
        print(f"Lưu ý: {notice}")
    for path in result["archived"]:
        print(f"Đã lưu bản biểu vừa đọc (form kept): {path}")
    names = dict(zip(result["indicator_names"].index, result["indicator_names"]))
    changes = revision_lines(result["revisions"], names)
    if changes:
        print(f"Số liệu đã sửa so với lần báo cáo trước: {len(changes)} (figures revised since the last report):")
        for line in changes:
            print(f"  - {line}")
    review = result["review"]
    if len(review):
        print(f"Cần xem lại {len(review)} số liệu (chưa đánh giá tiến độ các chỉ tiêu dùng số này; figures to check):")
        for r in review.itertuples():
            print(f"  - {r.where}: {r.message_vi}")
    gaps = result["gaps"]
    year = int(gaps.current_year.max())
    each, once = counted(gaps)  # each target of the resolution once: (1) and (1b) are one
    once = once[:-1] + " / counted once)" if once else ""
    if (gaps.current_year.astype(int) > gaps.baseline_year.astype(int)).any():
        print(f"Tiến độ đến năm {year} (progress as of {year}), {len(each)} chỉ tiêu{once}:")
        for code, label in LABEL_VI.items():
            n = int((each.verdict_code == code).sum())
            if n:
                print(f"  {label}: {n} — {LABEL_EN[code]}")  # the English label may hold brackets of its own
        return 0
    # before the term's first form: the one verdict is the state at the baseline, as the papers print it
    print(f"Hiện trạng năm {year} so với chỉ tiêu năm 2030 (state at the baseline), {len(each)} chỉ tiêu{once}:")
    for (label, label_en), n in each.groupby(["verdict", "verdict_en"], sort=False).size().items():
        print(f"  {label}: {n} — {label_en}")
    return 0


def _audit(args) -> int:

    f = audit(args.raw)
    fails = f[f.status == "fail"]
    if args.format == "csv":
        flat_lists(f).to_csv(sys.stdout, index=False, lineterminator="\n")
    elif args.format == "json":  # through pandas' JSON: a missing number is null, not NaN
        json.dump(json.loads(f.to_json(orient="records", force_ascii=False)), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for row in fails.itertuples():
            print(f"[{row.severity}] {row.message_vi} — {row.source_ref}")
        print(f"{len(fails)} điểm không khớp trên {len(f)} mục đã kiểm tra ({len(fails)} failures of {len(f)} items).")
    return 1 if args.strict and len(fails) else 0


def _notebooks(args) -> int:
    # lazy on purpose: papermill, nbconvert and jupytext are the [notebooks] extra, not the core install
    from .publish.notebooks_runner import NotebookFailed, run_notebooks

    _build(args)  # the notebooks show what the raw folder given builds; the clean folder is honoured too
    reports = Path(args.reports) if args.reports else config.REPORTS_DIR
    start = time.perf_counter()
    try:
        written = run_notebooks(reports / "notebooks", raw_dir=args.raw, reports_dir=reports)
    except NotebookFailed as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for path in written:
        print(path)
    n = sum(p.suffix == ".ipynb" for p in written)
    print(f"Đã chạy {n} sổ tay trong {format_vn(time.perf_counter() - start, 1)} giây (ran {n} notebooks).")
    return 0


def _pdf(args) -> int:

    _build(args)  # the PDFs show what the raw folder given builds
    reports = Path(args.reports) if args.reports else config.REPORTS_DIR
    books = sorted(reports.glob("phu_luc_*.xlsx")) + sorted(reports.glob("theo_doi_nam_*.xlsx"))
    if not books:
        print("Chưa có phụ lục: chạy 'chiengso-stats build' trước (run build first).", file=sys.stderr)
        return 1
    try:
        # the technical sheet of source files stays in each workbook, out of the paper
        for pdf in office.to_pdf(books, reports / "pdf", without_sheets=(vi("sheet.files"),)):
            print(pdf)
    except office.OfficeMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, RuntimeError) as exc:
        detail = getattr(exc, "stderr", None) or str(exc)
        detail = detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
        print(
            f"LibreOffice không chuyển được phụ lục sang PDF: {detail.strip()[:300]} "
            f"(LibreOffice failed to convert the appendices).",
            file=sys.stderr,
        )
        return 1
    return 0


def _commune_and_out(args, first_year_offset: int) -> tuple | int:
    """(raw, commune, out) for a command about one merged commune and one year of its term, or exit 2.

    The term comes from communes.csv: a form covers a year after the congress (2026-2030 for a
    2025-2030 term); a report may also be written for the congress year itself (the start of term).
    """
    raw = load_raw(args.raw)
    merged_ids = raw.merged_ids
    commune = args.commune or (merged_ids[0] if len(merged_ids) == 1 else None)
    if commune not in merged_ids:
        print(f"Cần --commune, một trong: {', '.join(merged_ids)} (give --commune).", file=sys.stderr)
        return 2
    term = raw.term(commune)
    if term is None:  # a merged commune without a term has no years to fill in or report on
        com, _ = read_table(config.resolve(args.raw), "communes")  # as the file stands: its line, not the sorted row
        raise RawDataError(
            [
                Problem(
                    com.attrs.get("file", "communes.csv"),
                    int(list(com.commune_id).index(commune)) + 2,
                    "term",
                    "(trống)",
                    f"nhiệm kỳ của xã mới {commune}, dạng 2025-2030: biểu nhập liệu và báo cáo theo năm của nhiệm kỳ",
                    f"the term of merged commune {commune}, e.g. 2025-2030",
                )
            ]
        )
    first = term.baseline_year + first_year_offset
    if not first <= args.year <= term.target_year:
        print(
            f"Năm {args.year} ngoài nhiệm kỳ {term.baseline_year}-{term.target_year} của xã (communes.csv): "
            f"cần {first}-{term.target_year} (year outside the term).",
            file=sys.stderr,
        )
        return 2
    return raw, commune, _out_file(args)


def _template(args) -> int:
    found = _commune_and_out(args, 1)
    if isinstance(found, int):
        return found
    raw, commune, out = found
    book = template_workbook(raw, reconcile(raw), args.year, commune)
    atomic_write(out, lambda tmp: save_deterministic(book, tmp))
    print(out)
    return 0


# ---- report (issue 21)
def _report(args) -> int:
    # lazy on purpose: python-docx is for this command, not the build's start-up
    from .publish.word_report import write_report

    found = _commune_and_out(args, 0)
    if isinstance(found, int):
        return found
    raw, commune, out = found
    years = monitored_years(raw, commune)
    if years and args.year not in years:  # a year's report needs that year's form (office trial)
        print(
            f"Chưa có biểu theo dõi năm {args.year} của xã (data/raw/monitoring/{args.year}.xlsx): báo cáo năm "
            f"{args.year} cần số liệu năm {args.year}. Các năm đã có biểu: {', '.join(map(str, years))} "
            f"(no form for {args.year}; a report is written for a year with its form, or at the start of term).",
            file=sys.stderr,
        )
        return 2
    table = reconcile(raw)
    revised = revisions(raw, config.archive_dir(args.clean or config.CLEAN_DIR))  # the forms kept by earlier builds
    atomic_write(
        out, lambda tmp: write_report(raw, table, commune, args.year, tmp, midterm=args.midterm, revised=revised)
    )
    print(out)
    return 0


# ---- end report


def _beside_raw(args) -> None:
    """A raw folder of another commune (`--raw /tmp/xa/raw`) builds beside it (`/tmp/xa/clean`, `/tmp/xa/reports`),
    never into the project's folders, unless --clean / --reports say where; a review workbook goes beside the
    document it reviews, where `accept` looks for it, unless that is the raw folder or --out says where."""
    raw = Path(args.raw).resolve() if getattr(args, "raw", None) else None
    if raw is not None and raw != config.RAW_DIR.resolve():
        args.clean = args.clean or str(raw.parent / "clean")
        args.reports = args.reports or str(raw.parent / "reports")
    if args.command == "propose" and not args.out:
        folder = Path(args.files[0]).resolve().parent
        if folder not in (config.RAW_DIR.resolve(), (raw or config.RAW_DIR).resolve()):
            args.out = str(folder / f"ra_soat_{Path(args.files[0]).stem}.xlsx")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _beside_raw(args)
    try:
        commands = {"build": _build, "audit": _audit, "pdf": _pdf, "notebooks": _notebooks, "template": _template}
        commands["report"] = _report  # issue 21
        commands |= {"propose": _propose, "accept": _accept}  # onboarding a commune (issue 20)
        _check_places(args)
        return commands[args.command](args)
    except OutputPlaceError as exc:
        print(str(exc), file=sys.stderr)
        print("Không ghi tệp kết quả nào (no output was changed).", file=sys.stderr)
        return 2
    except RawDataError as exc:
        print(str(exc), file=sys.stderr)
        print("Không ghi tệp kết quả nào (no output was changed).", file=sys.stderr)
        return 2
    except OutputLockedError as exc:
        print(str(exc), file=sys.stderr)
        return 2


def command() -> int:
    """The `chiengso-stats` program: `main` in a process of its own.

    pandera imports hypothesis, where it is installed (the test tools), to offer data-synthesis
    strategies. The program never synthesises data, and that import took 0,08 s of a 1 s build;
    marked absent, pandera takes its own no-hypothesis path. Only the program's own process is
    affected: `main` called from Python (a notebook, the tests) leaves hypothesis alone.

    The objects made by importing pandas, openpyxl and pandera (about 90.000 tracked by the collector) live as long as
    the program: frozen, the garbage collector no longer walks them on each full pass, which
    took 0,03 to 0,06 s of a build.
    """
    sys.modules.setdefault("hypothesis", None)
    gc.freeze()
    utf8_console()
    return main()


def utf8_console() -> None:
    """Write UTF-8 whatever the console or the redirect.

    A Windows computer set to Vietnamese gives stdout the cp1258 code page, which has no
    'ữ'-style precomposed letters: `chiengso-stats audit > ket_qua.txt` would stop with
    UnicodeEncodeError half-way. The program's output is UTF-8 text, always.
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8")


if __name__ == "__main__":
    sys.exit(command())
