import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from guidance.uploads import check_attachment, clean_file_name
from tests.guidance.factories import PDF_BYTES

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("report.pdf", PDF_BYTES, "application/pdf"),
        ("chart.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("policy.docx", DOCX, "application/vnd.openxmlformats-officedocument."
         "wordprocessingml.document"),
        ("scores.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("policy.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("scores.csv", b"section,score\nAllies,12\n", "text/csv"),
    ],
)  # fmt: skip
def test_allowed_files_are_accepted_with_their_content_type(name, data, content_type):
    assert check_attachment(name, data) == (name, content_type)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.pdf", EXECUTABLE, "not a real PDF"),
        ("virus.exe", EXECUTABLE, "must be a PDF, DOCX"),
        ("page.html", b"<script>alert(1)</script>", "must be a PDF, DOCX"),
        ("page.svg", b"<svg onload=alert(1)>", "must be a PDF, DOCX"),
        ("noextension", PDF_BYTES, "must be a PDF, DOCX"),
        ("image.png", PDF_BYTES, "not a real PNG"),
        ("policy.docx", XLSX, "not a real DOCX"),
        ("scores.xlsx", DOCX, "not a real XLSX"),
        ("policy.odt", DOCX, "not a real ODT"),
        ("policy.docx", b"PK\x03\x04broken", "not a real DOCX"),
        ("binary.csv", b"a,b\n\x00\x01", "not a real CSV"),
        ("latin.csv", "café".encode("latin-1"), "not a real CSV"),
        ("empty.pdf", b"", "is empty"),
        ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "smaller than 10MB"),
    ],
)
def test_files_whose_name_or_content_is_wrong_are_refused(name, data, message):
    with pytest.raises(ValidationError) as error:
        check_attachment(name, data)
    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\report.pdf", "report.pdf"),
        ('<script>"x".pdf', 'script>"x".pdf'.replace(">", "").replace('"', "")),
        ("report\x00.pdf", "report.pdf"),
        ("  .hidden.pdf ", "hidden.pdf"),
    ],
)
def test_file_names_lose_paths_and_unsafe_characters(raw, cleaned):
    assert clean_file_name(raw) == cleaned


def test_long_file_names_are_shortened_keeping_the_extension():
    name = clean_file_name("a" * 500 + ".pdf")
    assert len(name) == 200
    assert name.endswith(".pdf")
