"""Real reports as scans: a PDF turned into page images only, ingested with the corpus, asked.

    .venv/bin/python bench/ocr_real.py                         # the two PDFs of bench/gold/ocr-real-questions.json
    .venv/bin/python bench/ocr_real.py --pdf /path/to/report.pdf --questions my-questions.json
    .venv/bin/python bench/ocr_real.py --work /tmp/ocr-real    # keep the scans, index and OCR cache (a rerun reuses them)
    .venv/bin/python bench/ocr_real.py --typeset               # control: the same PDFs with their text layers

The check of issue 34 kept outside the repo: every page of a real report PDF is rendered by
pypdfium2 (``--dpi``, 200 by default, the resolution of an office scanner) and saved as an
image-only PDF (Pillow: no text layer left), which is ingested beside ``corpus/`` the way any
scan is (reportqa.ocr: Tesseract). Then each question whose answer and page are known is asked
through the service. An answer is *right* when it contains one of each group of expected words;
*right with the right page* when, besides, a citation of the scan on the expected page holds those words.
``--typeset`` ingests the PDFs as they are instead (their text layers, no OCR): what is lost to
OCR is the difference between the two runs.

The PDFs are read from ``--pdf`` (repeatable) or, by default, the folder named in the questions
file's entries under ``--pdf-dir`` (``/work/shared/data/institutional-report-pdfs``). The
questions file (JSON ``{"questions": [{"pdf", "question", "expect": [["word", "or word"], ...],
"page"}]}``) keeps short questions and a few expected words, never the reports' text.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from reportqa.config import Settings
from reportqa.ingest import ingest
from reportqa.service import AnswerService

ROOT = Path(__file__).resolve().parents[1]
PDF_DIR = Path("/work/shared/data/institutional-report-pdfs")
QUESTIONS = ROOT / "bench" / "gold" / "ocr-real-questions.json"


def image_only(pdf: Path, out: Path, dpi: int) -> int:
    """Every page of ``pdf`` rendered at ``dpi`` and saved as an image-only PDF at ``out``."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        images = [document[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(document))]
    finally:
        document.close()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return len(images)


def _page_count(pdf: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def has_text_layer(pdf: Path) -> bool:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return any(document[i].get_textpage().get_text_range().strip() for i in range(len(document)))
    finally:
        document.close()


def plain(text: str) -> str:
    """Text as expected words are looked for in it: NFKC, lower case, white space one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).casefold()


def contains(text: str, groups: list[list[str]]) -> bool:
    return all(any(plain(word) in plain(text) for word in group) for group in groups)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pdf", type=Path, action="append", help="a real report PDF (repeatable)")
    parser.add_argument("--pdf-dir", type=Path, default=PDF_DIR, help="where the questions file's PDFs are")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="ingested beside the scans")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--work", type=Path, help="keep scans, index and OCR cache here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--typeset", action="store_true", help="control: the PDFs as they are, with their text layers")
    args = parser.parse_args()

    questions = json.loads(args.questions.read_text(encoding="utf-8"))["questions"]
    wanted = sorted({q["pdf"] for q in questions})
    pdfs = {p.name: p for p in args.pdf} if args.pdf else {name: args.pdf_dir / name for name in wanted}
    missing = [str(p) for p in pdfs.values() if not p.is_file()]
    if missing:
        print(f"missing PDF(s): {', '.join(missing)} (the shared data folder {args.pdf_dir} is not here?)")
        return 2
    questions = [q for q in questions if q["pdf"] in pdfs]
    if not questions:
        print(f"no question of {args.questions} is about {', '.join(pdfs)}: write some (see the docstring)")
        return 2

    work = args.work or Path(tempfile.mkdtemp(prefix="reportqa-ocr-real-"))
    corpus = work / ("corpus-typeset" if args.typeset else "corpus")
    shutil.copytree(args.corpus, corpus, dirs_exist_ok=True)
    scans = corpus / "scans"
    scans.mkdir(exist_ok=True)
    pages = 0
    for name, pdf in pdfs.items():
        scan = scans / name
        if args.typeset:
            shutil.copyfile(pdf, scan)
            continue
        # A scan made by an earlier run is kept: Pillow stamps each PDF it writes with the time,
        # and a new file (a new sha256) would be read by OCR again instead of from the cache.
        made = scan.is_file() and scan.stat().st_mtime >= pdf.stat().st_mtime
        pages += image_only(pdf, scan, args.dpi) if not made else _page_count(scan)
        assert not has_text_layer(scan), f"{scan} still has a text layer"
    settings = Settings(
        index_dir=work / ("index-typeset" if args.typeset else "index"),
        corpus_dir=corpus,
        cache_dir=work / "cache",
        show_progress=False,
    )
    started = time.perf_counter()
    summary = ingest([corpus], settings)
    took = time.perf_counter() - started
    what = (
        f"{len(pdfs)} typeset PDF(s), no OCR"
        if args.typeset
        else f"{pages} pages of {len(pdfs)} PDF(s) scanned at {args.dpi} dpi"
    )
    print(f"{summary.headline()} {what}; ingest {took:.0f} s")
    for skipped in summary.skipped:
        print(f"  skipped {skipped.source}: {skipped.reason}")

    service = AnswerService(settings)
    results = []
    for q in questions:
        answer = service.ask(q["question"])
        scan_source = f"scans/{q['pdf']}"
        right = not answer.abstained and contains(answer.text, q["expect"])
        cited = [c for c in answer.citations if c.hit.source == scan_source]
        on_page = [c for c in cited if c.hit.page == q["page"] and contains(c.hit.text, q["expect"])]
        results.append(
            {
                "pdf": q["pdf"],
                "question": q["question"],
                "page": q["page"],
                "right": right,
                "right_page": right and bool(on_page),
                "cited": [(c.hit.source, c.hit.page) for c in answer.citations],
                "answer": answer.text,
            }
        )
        mark = "RIGHT+PAGE" if results[-1]["right_page"] else "right" if right else "WRONG"
        pages_cited = ", ".join(f"{source} p{page}" for source, page in results[-1]["cited"]) or "none"
        print(f"{mark:10} {q['question']}\n           expected page {q['page']}; cited {pages_cited}")
        print(f"           {' '.join(answer.text.split())[:240]}")
    right = sum(r["right"] for r in results)
    right_page = sum(r["right_page"] for r in results)
    print(f"right {right}/{len(results)}, with the right page {right_page}/{len(results)} (target: >= 5 of 6)")
    if args.json:
        args.json.write_text(json.dumps({"pages": pages, "ingest_s": round(took, 1), "results": results}, indent=1))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
