"""Render the PDF and DOCX reports of the bundled corpus from their text sources.

    .venv/bin/python scripts/build_corpus.py

Sources live in scripts/corpus_src/: ``# `` starts the title, ``## `` a heading,
``===PAGE===`` a page break (PDF only); other lines are paragraphs. The output
is committed under corpus/, so this only needs re-running after editing a source.
Needs fpdf2 (a test dependency) and python-docx.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "corpus_src"
CORPUS = ROOT / "corpus"

PDFS = {
    "2021-12-08-lingang-return-visit-lianyungang": "visits",
    "2022-annual-report-lingang-innovation-center": "annual",
    "2023-annual-report-lingang-innovation-center": "annual",
    "2023-12-06-board-meeting-minutes": "minutes",
}
DOCXS = {
    "2022-03-15-lingang-lianyungang-cooperation-agreement": "agreements",
    "2022-09-14-yangtze-delta-subcenter-steering-committee": "minutes",
    "2023-07-05-memorandum-biomedicine-incubation": "agreements",
}
# Fixed timestamps keep the generated PDFs byte-identical from run to run (DOCX zips still differ).
FIXED_TIME = datetime(2024, 6, 1, tzinfo=UTC)


def parse(path: Path) -> tuple[str, list[list[tuple[str, str]]]]:
    """(title, pages), each page a list of (kind, text) with kind 'h' or 'p'."""
    title = ""
    pages: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line == "===PAGE===":
            pages.append([])
        elif line.startswith("## "):
            pages[-1].append(("h", line[3:]))
        elif line.startswith("# "):
            title = line[2:]
        else:
            pages[-1].append(("p", line))
    return title, pages


def write_pdf(title: str, pages: list[list[tuple[str, str]]], target: Path) -> None:
    from fpdf import FPDF

    class Report(FPDF):
        def header(self):
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 8, "Lingang Innovation Center - internal report", align="R", new_x="LMARGIN", new_y="NEXT")

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Report(format="A4")
    pdf.set_title(title)
    pdf.set_author("Lingang Innovation Center")
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_auto_page_break(auto=True, margin=20)
    for number, blocks in enumerate(pages):
        pdf.add_page()
        if number == 0:
            pdf.set_font("Helvetica", "B", 15)
            pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        for kind, text in blocks:
            if kind == "h":
                pdf.ln(2)
                pdf.set_font("Helvetica", "B", 12)
                pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.set_font("Helvetica", "", 11)
                pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
    pdf.output(str(target))


def write_docx(title: str, pages: list[list[tuple[str, str]]], target: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "Lingang Innovation Center"
    document.core_properties.created = FIXED_TIME.replace(tzinfo=None)
    document.core_properties.modified = FIXED_TIME.replace(tzinfo=None)
    document.add_heading(title, level=0)
    for blocks in pages:
        for kind, text in blocks:
            if kind == "h":
                document.add_heading(text, level=1)
            else:
                document.add_paragraph(text)
    document.save(str(target))


def main() -> None:
    for reports, suffix, write in ((PDFS, ".pdf", write_pdf), (DOCXS, ".docx", write_docx)):
        for stem, folder in reports.items():
            title, pages = parse(SOURCES / f"{stem}.txt")
            target = CORPUS / folder / f"{stem}{suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            write(title, pages, target)
            print(f"wrote {target.relative_to(ROOT)} ({len(pages)} page(s) of source)")


if __name__ == "__main__":
    main()
