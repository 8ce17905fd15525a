"""OCR engines measured on clean scans: character accuracy and pages per second on this CPU.

    .venv/bin/python bench/ocr.py                      # both engines, 3 English + 3 Chinese pages
    .venv/bin/python bench/ocr.py --pages 5 --engines rapidocr --json ocr.json

Each test page is an A4 report page drawn with Pillow at 200 dpi (English in DejaVu Sans, Chinese
in Noto Sans CJK SC, 11 pt, found with fc-match), saved as an image-only PDF and read back the way
ingest reads a scan: rendered by pypdfium2 at 200 dpi, then read by the engine (reportqa.ocr).
The sentences are written for this bench (report prose with names, dates and sums) and shuffled
with a fixed seed, so every run reads the same pages.

Character accuracy is 1 - CER: the Levenshtein distance between the page's text and what the
engine read, over the text's length, summed over pages. Both texts are compared after NFKC
(full-width ``，`` and ``,`` are the same character) with runs of white space made one space and
white space beside a CJK character removed (line breaks and the spaces Tesseract puts between
Chinese characters are layout, not text). Pages per second count rendering and OCR, after the
engine is loaded (its load time is printed apart).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import re
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from reportqa.ocr import OCR_ENGINES, OcrEngine, OcrLine, load_engine, render_page

DPI = 200
A4_POINTS = (595, 842)
FONT_POINTS = 11

ENGLISH = [
    "On 14 March 2023 a delegation of six from the Harbin Economic Development Zone visited the centre.",
    "The delegation was led by Mr. Gao Wenbin, deputy director of the zone's Investment Promotion Bureau.",
    "Ms. Elena Varga, head of international partnerships, received the visitors and presented the incubator.",
    "Both sides agreed to exchange a list of candidate companies before 30 June 2023.",
    "The board approved a budget of EUR 2.4 million for the second phase, including 310,000 for training.",
    "Membership rose from 142 to 187 organisations during the year, an increase of 31.7 per cent.",
    "Item 4: the committee noted the auditor's letter of 9 February and asked for a reply within 21 days.",
    "Proposed by J. Okafor, seconded by R. Lindqvist; carried unanimously.",
    "The photonics cluster in Dortmund hosts 78 firms and two research institutes with 1,450 staff.",
    "Follow-up actions: draft the memorandum (Overseas Affairs Dept.), book the venue (Facilities), report in Q3.",
    "Revenue from tenant services was 3.85 million yuan, against 3.10 million in 2022.",
    "The next meeting will be held at 10:30 on Tuesday, 5 September 2023, in Room B-204.",
    "Ms. Varga thanked the guests and proposed a return visit in the spring of 2024.",
    "Participants: A. Novak (chair), T. Heaford, M. Bellini, S. Yamamoto and K. Mensah (minutes).",
    "The incubator admitted 23 start-ups, of which 9 work in medical devices and 6 in industrial software.",
    "Questions from the floor concerned rent subsidies, visas for foreign founders and patent fees.",
    "A pilot line for silicon photonics is expected to open in late 2025, subject to funding.",
    "The agreement runs for three years and may be renewed by written consent of both parties.",
]

CHINESE = [
    "2023年3月14日，哈尔滨经济开发区一行六人来访临港创新中心。",
    "代表团由开发区投资促进局副局长高文斌带队，国际合作部负责人接待。",
    "双方同意在2023年6月30日前交换拟推荐企业名单，并建立定期联络机制。",
    "理事会批准第二期预算二百四十万欧元，其中培训经费三十一万元。",
    "本年度会员单位由142家增至187家，增长百分之三十一点七。",
    "委员会听取了审计报告，要求有关部门在二十一日内作出书面答复。",
    "园区现有光电企业七十八家、研究院所两家，从业人员约一千四百五十人。",
    "后续工作：起草合作备忘录，落实会议场地，于第三季度报告进展情况。",
    "租户服务收入为三百八十五万元，上年同期为三百一十万元。",
    "下次会议定于2023年9月5日上午十时三十分在二号楼二零四会议室举行。",
    "孵化器全年新入驻企业二十三家，其中医疗器械九家，工业软件六家。",
    "与会代表就租金补贴、外籍创业者签证和专利费用等问题进行了交流。",
    "硅光子中试线预计于2025年底建成投用，具体进度视资金到位情况而定。",
    "本协议有效期三年，经双方书面同意可以续签。",
    "连云港方面希望在生物医药、新材料和高端装备制造等领域加强合作。",
    "会议由办公室主任主持，秘书处负责记录并印发会议纪要。",
]


class RapidOcr:
    """The other candidate, measured here only: ``rapidocr-onnxruntime`` (PP-OCRv4 models inside
    the wheel, onnxruntime). Its recogniser drops most spaces between English words; they are put
    back where the gap between two characters' boxes is over a third of the line's height."""

    def __init__(self) -> None:
        import logging
        from importlib.metadata import version

        from rapidocr_onnxruntime import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        self._ocr = RapidOCR()  # its defaults: larger detection sizes read no better here (84.3 % vs 84.5 %)
        self.version = f"rapidocr-onnxruntime {version('rapidocr-onnxruntime')}"

    def read(self, image: Image.Image) -> list[OcrLine]:
        import numpy as np

        found, _ = self._ocr(np.asarray(image.convert("RGB")), return_word_box=True)
        lines = []
        for box, text, score, *detail in found or []:
            if len(detail) >= 2 and len(detail[0]) == len(detail[1]):
                height = max(p[1] for p in box) - min(p[1] for p in box)
                text = self._spaced(detail[0], detail[1], height)
            lines.append(OcrLine(text.strip(), (), float(score)))
        return lines

    @staticmethod
    def _spaced(boxes: list, characters: list[str], height: float) -> str:
        text = ""
        for index, character in enumerate(characters):
            if index and character != " " and not text.endswith(" "):
                gap = min(p[0] for p in boxes[index]) - max(p[0] for p in boxes[index - 1])
                latin = not (re.match(CJK, character) or re.match(CJK, characters[index - 1]))
                if latin and gap > height / 3:
                    text += " "
            text += character
        return text


CJK = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
BENCH_ENGINES = (*OCR_ENGINES, "rapidocr")


def load_bench_engine(name: str) -> OcrEngine | None:
    """The engine, or None (with a note) when it is not installed here."""
    if name != "rapidocr":
        return load_engine(name)
    try:
        return RapidOcr()
    except ImportError as exc:
        print(f"rapidocr: not installed ({exc}); pip install rapidocr-onnxruntime opencv-python-headless")
        return None


@dataclass
class TestPage:
    language: str
    text: str  # what is printed, line by line
    pdf: bytes  # an image-only PDF of the page


def font_file(family: str) -> tuple[str, int]:
    """The font file and face index fontconfig picks for ``family``."""
    found = subprocess.run(["fc-match", "-f", "%{file}:%{index}", family], capture_output=True, text=True, check=True)
    path, _, index = found.stdout.rpartition(":")
    return path, int(index or 0)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, by_character: bool) -> list[str]:
    pieces = list(text) if by_character else text.split(" ")
    joiner = "" if by_character else " "
    lines: list[str] = []
    line = ""
    for piece in pieces:
        candidate = f"{line}{joiner}{piece}" if line else piece
        if font.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = piece
    if line:
        lines.append(line)
    return lines


def make_page(language: str, seed: int, lines_per_page: int) -> TestPage:
    """A page of shuffled sentences in paragraphs, as a 200-dpi image inside a PDF."""
    sentences = list(ENGLISH if language == "en" else CHINESE)
    random.Random(seed).shuffle(sentences)
    path, index = font_file("DejaVu Sans" if language == "en" else "Noto Sans CJK SC")
    font = ImageFont.truetype(path, round(FONT_POINTS * DPI / 72), index=index)
    size = (round(A4_POINTS[0] * DPI / 72), round(A4_POINTS[1] * DPI / 72))
    margin = round(72 * DPI / 72)
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    line_height = round(font.size * 1.5)
    printed: list[str] = []
    y = margin
    paragraph: list[str] = []
    for sentence in sentences * 3:
        paragraph.append(sentence)
        if len(paragraph) < 3:
            continue
        text = (" " if language == "en" else "").join(paragraph)
        paragraph = []
        for line in wrap(text, font, size[0] - 2 * margin, by_character=language == "zh"):
            if len(printed) >= lines_per_page:
                break
            draw.text((margin, y), line, font=font, fill=0)
            printed.append(line)
            y += line_height
        y += line_height // 2  # paragraph gap
        if len(printed) >= lines_per_page:
            break
    pdf = io.BytesIO()
    image.save(pdf, format="PDF", resolution=DPI)
    return TestPage(language, "\n".join(printed), pdf.getvalue())


def normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(rf"(?<={CJK}) | (?={CJK})", "", text)


def run_engine(name: str, pages: list[TestPage]) -> dict | None:
    import pypdfium2

    started = time.perf_counter()
    engine = load_bench_engine(name)
    if engine is None:
        return None
    engine.read(Image.new("L", (200, 60), 255))  # first call initialises the runtime
    loaded = time.perf_counter() - started
    results: dict[str, dict[str, float]] = {}
    elapsed = 0.0
    for language in ("en", "zh"):
        distance = length = 0
        seconds = 0.0
        count = 0
        for page in (p for p in pages if p.language == language):
            begun = time.perf_counter()
            document = pypdfium2.PdfDocument(page.pdf)
            image = render_page(document[0], DPI)
            lines = engine.read(image)
            seconds += time.perf_counter() - begun
            document.close()
            reference, read = normalized(page.text), normalized("\n".join(line.text for line in lines))
            distance += Levenshtein.distance(reference, read)
            length += len(reference)
            count += 1
        if count:
            results[language] = {"accuracy": 1 - distance / length, "pages_per_second": count / seconds, "pages": count}
            elapsed += seconds
    return {"engine": engine.version, "load_seconds": loaded, "results": results, "seconds": elapsed}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=3, help="pages per language (default 3)")
    parser.add_argument("--lines", type=int, default=36, help="lines per page (default 36: a full A4 page)")
    parser.add_argument("--engines", default=",".join(BENCH_ENGINES), help="comma-separated (default: all)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()

    pages = [make_page(language, seed, args.lines) for language in ("en", "zh") for seed in range(args.pages)]
    print(f"CPU: {cpu_model()}, {os.cpu_count()} logical cores; {args.pages} page(s) per language at {DPI} dpi")
    print(f"{'engine':<42} {'lang':<5} {'accuracy':>9} {'pages/s':>8} {'s/page':>7}")
    report = {"cpu": cpu_model(), "cores": os.cpu_count(), "dpi": DPI, "engines": {}}
    for name in args.engines.split(","):
        figures = run_engine(name.strip(), pages)
        if figures is None:
            continue
        report["engines"][name] = figures
        for language, result in figures["results"].items():
            print(
                f"{figures['engine']:<42} {language:<5} {result['accuracy']:>9.2%} "
                f"{result['pages_per_second']:>8.3f} {1 / result['pages_per_second']:>7.2f}"
            )
        print(f"{'':<42} (loaded in {figures['load_seconds']:.1f} s)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
