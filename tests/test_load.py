import pytest

from reportqa.load import LoadError, decode_text, find_report_date, iter_corpus_files, load_document

from .conftest import write_docx, write_pdf


def test_pdf_keeps_one_page_per_printed_page(tmp_path):
    document = load_document(write_pdf(tmp_path / "report.pdf"), source="report.pdf")
    assert [p.number for p in document.pages] == [1, 2, 3]
    assert document.title == "Harbour Innovation Hub Annual Report 2022"
    second = document.text[document.pages[1].start : document.pages[1].end]
    assert "57 companies" in second and "57 companies" not in document.text[: document.pages[1].start]


def test_pdf_running_headers_and_footers_are_dropped(tmp_path):
    from fpdf import FPDF

    class WithFooter(FPDF):
        def header(self):
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 8, "Confidential - Harbour Innovation Hub", new_x="LMARGIN", new_y="NEXT")

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 10, f"Page {self.page_no()} of {{nb}}")

    pdf = WithFooter()
    for body in ("Sea-ice sensors were tested.", "Budget approved by the board.", "Visitors came from Qingdao."):
        pdf.add_page()
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 6, body)
    pdf.output(str(tmp_path / "f.pdf"))
    document = load_document(tmp_path / "f.pdf")
    assert "Page 1 of 3" not in document.text and "Confidential" not in document.text
    assert [document.text[p.start : p.end] for p in document.pages] == [
        "Sea-ice sensors were tested.",
        "Budget approved by the board.",
        "Visitors came from Qingdao.",
    ]


def test_text_encodings_are_detected(tmp_path):
    chinese = "连云港市商务局来访交流纪要。双方同意在生物医药领域加强合作，并计划共同举办论坛。" * 3
    cases = {
        "utf8.txt": "Réunion du comité".encode(),
        "bom.txt": b"\xef\xbb\xbf" + "Réunion du comité".encode(),
        "gb.txt": chinese.encode("gb18030"),
        "latin.txt": "Procès-verbal de la séance, comité de démolition".encode("latin-1"),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    assert load_document(tmp_path / "utf8.txt").text == "Réunion du comité"
    assert load_document(tmp_path / "bom.txt").text == "Réunion du comité"
    assert load_document(tmp_path / "gb.txt").text == chinese
    assert "Procès-verbal de la séance" in load_document(tmp_path / "latin.txt").text


def test_markdown_title_and_labelled_date(tmp_path):
    path = tmp_path / "m.md"
    path.write_text("Some preface\n\n# Finance Committee Minutes\n\n**Date:** 2023-06-02\n\nText dated 1 May 2020.\n")
    document = load_document(path)
    assert document.title == "Finance Committee Minutes"
    assert document.date == "2023-06-02"


def test_html_drops_scripts_and_reads_title(tmp_path):
    path = tmp_path / "n.html"
    path.write_text(
        "<html><head><title>Notice</title><script>var secret = 1;</script></head><body><p>Hub closed.</p></body></html>"
    )
    document = load_document(path)
    assert document.title == "Notice"
    assert "Hub closed." in document.text and "secret" not in document.text


def test_html_table_rows_are_read_as_rows_with_their_cells_in_place(tmp_path):
    path = tmp_path / "t.html"
    path.write_text(
        "<html><body><p>Participants:</p><table><tr><th>Name</th><th>Position</th><th>Organisation</th></tr>"
        "<tr><td>Ms. Lena Horvat</td><td>Vice-Rector</td><td>Danube Technical University</td></tr>"
        "<tr><td>Mr. Karl Weiss</td><td></td><td>Linz Harbour Authority</td></tr></table>"
        "<table><tr><td><table><tr><td>Layout cell</td></tr></table></td></tr></table><p>End.</p></body></html>"
    )
    lines = load_document(path).text.split("\n")
    assert "Name | Position | Organisation" in lines
    assert "Ms. Lena Horvat | Vice-Rector | Danube Technical University" in lines
    assert "Mr. Karl Weiss |  | Linz Harbour Authority" in lines  # the empty cell keeps the columns
    assert "Layout cell" in lines and lines[-1] == "End."


def test_docx_title_and_paragraphs(tmp_path):
    path = write_docx(tmp_path / "a.docx", "Agreement on Sensors", ["Signed on 14 March 2022.", "Second paragraph."])
    document = load_document(path)
    assert document.title == "Agreement on Sensors"
    assert "Second paragraph." in document.text
    assert document.date == "2022-03-14"


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", bytes(range(256)) * 4, "binary data"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "PDF"),
        ("table.xlsx", b"PK\x03\x04", "unsupported file type"),
        ("blank.md", b"   \n\n  ", "no text"),
    ],
)
def test_bad_files_raise_a_clear_load_error(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError, match=reason):
        load_document(path)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("On October 25th, 2021, the deputy director visited.", "2021-10-25"),
        ("Meeting of 4 November 2021 in Shanghai", "2021-11-04"),
        ("Report date: 2022-03-15\nLater: 2020-01-01", "2022-03-15"),
        ("记录日期 2024年5月10日", "2024-05-10"),
        ("Oct. 5, 2023 minutes", "2023-10-05"),
        ("Date of visit: 2023/05/05", "2023-05-05"),  # the year first, with slashes or dots
        ("Issued 2021.11.3 in Taipei", "2021-11-03"),
        ("Besuch am 5.3.2023 in Dortmund", "2023-03-05"),  # the day first, with dots
        ("Visit of 25/10/2021", "2021-10-25"),  # with slashes, where the order shows itself
        ("Visit of 10/25/2021", "2021-10-25"),
        ("Visit of 03/05/2023", None),  # March 5th or 3 May: not guessed
        ("Version 2.1.3 of the form", None),
        ("No date here, only 2021 as a year.", None),
        ("Impossible date February 30, 2021.", None),
    ],
)
def test_report_dates(text, expected):
    assert find_report_date(text) == expected


def test_corpus_scan_names_files_relative_to_their_folder(tmp_path):
    (tmp_path / "c" / "sub").mkdir(parents=True)
    (tmp_path / "c" / "sub" / "a.txt").write_text("a")
    (tmp_path / "c" / ".hidden.txt").write_text("h")
    files, roots = iter_corpus_files([tmp_path / "c"])
    assert [f.source for f in files] == ["sub/a.txt"]
    assert roots == [str((tmp_path / "c").resolve())]
    single, roots = iter_corpus_files([tmp_path / "c" / "sub" / "a.txt"])
    assert single[0].source == "a.txt" and roots == []
    with pytest.raises(FileNotFoundError, match="no such file"):
        iter_corpus_files([tmp_path / "missing"])


def test_decode_rejects_nul_bytes():
    with pytest.raises(LoadError, match="binary"):
        decode_text(b"abc\x00def")


def test_encrypted_pdfs(tmp_path):
    from pypdf import PdfReader, PdfWriter

    source = write_pdf(tmp_path / "plain.pdf")
    for password, name in (("", "open.pdf"), ("secret", "locked.pdf")):
        writer = PdfWriter(clone_from=PdfReader(source))
        writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-256")
        writer.write(tmp_path / name)
    # An empty user password only restricts printing and the like: the text is readable.
    assert "57 companies" in load_document(tmp_path / "open.pdf").text
    with pytest.raises(LoadError, match="password is needed"):
        load_document(tmp_path / "locked.pdf")


def test_truncated_and_textless_pdfs(tmp_path):
    from pypdf import PdfWriter

    data = write_pdf(tmp_path / "full.pdf").read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(data[: len(data) // 2])
    with pytest.raises(LoadError, match="corrupt or unreadable PDF"):
        load_document(tmp_path / "truncated.pdf")
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(tmp_path / "scan.pdf")
    with pytest.raises(LoadError, match=r"no text layer \(and no scanned page to read\)"):  # blank: nothing to OCR
        load_document(tmp_path / "scan.pdf")


def test_symlink_loop_is_a_read_error_not_a_hang(tmp_path):
    import os

    folder = tmp_path / "c"
    folder.mkdir()
    os.symlink(folder / "b.txt", folder / "a.txt")
    os.symlink(folder / "a.txt", folder / "b.txt")
    files, _ = iter_corpus_files([folder])
    assert [f.source for f in files] == ["a.txt", "b.txt"]
    with pytest.raises(LoadError, match="cannot read file"):
        load_document(files[0].path)


def test_pdfium_line_ends_and_hyphens_become_plain_text():
    from reportqa.load import _PDFIUM_CHARACTERS, _pdfium_character

    raw = "The FAA\x02approved list\r\nof 57 companies\rand\x0cmore\x00."
    assert _PDFIUM_CHARACTERS.sub(_pdfium_character, raw) == "The FAA-approved list\nof 57 companies\nand more."


def test_pypdf_reads_what_pdfium_refuses(tmp_path, monkeypatch):
    from reportqa import load

    def refuse(data):
        raise LoadError("corrupt or unreadable PDF (PDFium: Data format error)")

    monkeypatch.setattr(load, "_pdfium_pages", refuse)
    document = load_document(write_pdf(tmp_path / "report.pdf"))
    assert "57 companies" in document.text and document.pages[0].number == 1
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4 nothing here")
    with pytest.raises(LoadError, match="PDFium: Data format error"):  # the first reader's reason
        load_document(tmp_path / "junk.pdf")


def write_titled_pdf(path, lines, title):
    """A one-page PDF whose first page holds ``lines`` and whose metadata Title is ``title``
    (None: no Title at all; "" an empty one, written by pypdf as fpdf2 leaves it out)."""
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.add_page()
    for size, line in lines:
        pdf.set_font("Helvetica", "B" if size > 11 else "", size)
        pdf.multi_cell(0, size * 0.6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    if title == "":
        writer = PdfWriter(clone_from=PdfReader(path))
        writer.add_metadata({"/Title": ""})
        writer.write(path)
    return path


WELCOME = (
    "Welcome to the meeting of the Northfield Union School District Board of Education. If you would like to "
    "address the Board during public comments on any agenda item, please fill out a comment card available in "
    "the hallway and give it to the administrative assistant before the meeting starts."
)
BOARD_AGENDA = [
    (10, WELCOME),  # prose wrapped at the page's width comes first, as on the real agenda
    (10, "3"),  # a page number
    (10, "Tuesday, 12 April 2016"),  # a date alone
    (14, "NORTHFIELD UNION SCHOOL DISTRICT"),
    (12, "Board of Education"),
    (11, "1. Call to order at 6:30 p.m. by the president of the board."),
]


@pytest.mark.parametrize(
    "metadata",
    [
        "Microsoft Word - SPECIAL BOARD AGENDA 040616.doc",
        "Microsoft PowerPoint - board slides.pptx",
        "SPECIAL BOARD AGENDA 040616.docx",
        "C:\\Users\\clerk\\Documents\\agenda.rtf",
        "budget.xls",
        "draft.odt",
        "Untitled",
        "untitled document",
        "Untitled-1",
        "Document1",
        "",
        None,
        "board-agenda-040616",  # the file's own name
        "board-agenda-040616.pdf",
    ],
)
def test_a_converters_pdf_title_gives_way_to_the_first_heading(tmp_path, metadata):
    path = write_titled_pdf(tmp_path / "board-agenda-040616.pdf", BOARD_AGENDA, metadata)
    document = load_document(path, source="agendas/board-agenda-040616.pdf")
    assert document.title == "NORTHFIELD UNION SCHOOL DISTRICT"
    assert document.source == "agendas/board-agenda-040616.pdf"  # sources still show the file


@pytest.mark.parametrize(
    "metadata",
    ["Special Board Agenda, 6 April 2016", "Northfield USD: Special Meeting of the Board", "Agenda"],
)
def test_a_real_pdf_title_is_kept(tmp_path, metadata):
    path = write_titled_pdf(tmp_path / "board-agenda-040616.pdf", BOARD_AGENDA, metadata)
    assert load_document(path).title == metadata


def test_without_a_heading_the_converters_title_loses_its_prefix_and_extension(tmp_path):
    prose = [(11, WELCOME), (11, "The board approved the minutes of its meeting of 2 March 2016.")]
    path = write_titled_pdf(tmp_path / "a.pdf", prose, "Microsoft Word - SPECIAL BOARD AGENDA 040616.doc")
    assert load_document(path).title == "SPECIAL BOARD AGENDA 040616"


@pytest.mark.parametrize(
    "line, heading",
    [
        ("Harbour Board Special Meeting", True),
        ("会议纪要", True),
        ("The board approved the budget.", False),  # a sentence
        ("Page 3 of 12", False),
        ("- 4 -", False),
        ("iv", False),
        ("12 April 2016", False),
        ("Tuesday, April 12th, 2016", False),
        ("2016-04-12", False),
        ("GE.22-12339(E)", False),  # document codes
        ("DCF-F-2476-E (R. 04/2014)", False),
        ("Members of the public may speak on any item for up to three minutes each", False),  # prose
        ("Members:", False),
        ("and the director of the hub, who chaired the meeting", False),
    ],
)
def test_heading_like_lines(line, heading):
    from reportqa.load import _first_heading

    assert (_first_heading(line + "\nNext Line") == line) is heading


def test_a_line_continued_by_a_lower_case_line_is_prose_not_a_heading():
    from reportqa.load import _first_heading

    page = (
        "This section of the Federal Register\ncontains notices to the public\nProposed Rules\nAviation Administration"
    )
    assert _first_heading(page) == "Proposed Rules"


def test_a_pdfs_separate_accent_glyphs_join_their_letters(tmp_path):
    # Typeset with the accent as a glyph of its own, text extraction gives "Zu¨rich"; an acute
    # accent standing for an apostrophe ("don´t") is no accent of the letter before it.
    pages = [("Partners", ["The Fac¸ade Institute of Zu¨rich signed; we don´t know when."])]
    document = load_document(write_pdf(tmp_path / "accents.pdf", pages=pages), source="accents.pdf")
    assert "The Façade Institute of Zürich signed; we don´t know when." in document.text


def test_a_word_table_stays_under_its_heading_with_its_columns_in_place(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Participants")
    table = document.add_table(rows=3, cols=3)
    rows = [("Name", "Position", "Body"), ("Ana Ruiz", "", "Port Authority"), ("", "", "")]
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    merged = table.add_row().cells
    merged[0].merge(merged[2]).text = "All members present"
    document.add_paragraph("The meeting opened at 10:00.")
    document.save(str(tmp_path / "minutes.docx"))
    text = load_document(tmp_path / "minutes.docx").text
    assert text == (
        "Participants\n\nName | Position | Body\n\nAna Ruiz |  | Port Authority\n\nAll members present"
        "\n\nThe meeting opened at 10:00."
    )
