"""Every CSV and XLSX file the portal writes goes through here, so none can carry a formula.

A spreadsheet program runs a text cell that starts with "=", "+", "-" or "@" (and, in some
programs, a tab or a carriage return) as a formula: an organisation called
``=HYPERLINK("http://evil.example", "Click")`` would become a link in every reader's copy.
Such text is written with a leading apostrophe, which spreadsheets show as text and hide.
Numbers stay numbers. ``text_unneutralise`` takes the apostrophe off again, so the portal
reads its own files back unchanged.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISING_PREFIX = "'"
# Text that is a plain number ("-1.5") is not a formula and stays as it is.
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def cell_neutralise(value):
    """A cell's value as it is safe to write: text that a spreadsheet would run as a formula
    gets a leading apostrophe; numbers and other text are unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.match(value)
    ):
        return NEUTRALISING_PREFIX + value
    return value


def text_unneutralise(text):
    """Text read from a spreadsheet, without the apostrophe ``cell_neutralise`` added."""
    if (
        isinstance(text, str)
        and text.startswith(NEUTRALISING_PREFIX)
        and text[1:].startswith(FORMULA_STARTS)
    ):
        return text[1:]
    return text


class SafeCsvWriter:
    """``csv.writer`` whose rows are written with every cell neutralised."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([cell_neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_text(header, rows, **kwargs):
    """A whole CSV file as text: the header, then the rows, every cell neutralised."""
    output = io.StringIO()
    writer = SafeCsvWriter(output, **kwargs)
    writer.writerow(header)
    writer.writerows(rows)
    return output.getvalue()


def xlsx_bytes(header, rows, *, title="Results"):
    """A workbook whose one sheet holds the header and rows (see ``workbook_bytes``)."""
    return workbook_bytes([Sheet(title=title, header=header, rows=rows)])


@dataclass
class Sheet:
    """A sheet of a workbook: an optional bold header row, then rows; ``widths`` are column
    widths in characters, and text in the ``wrapped`` columns (numbered from 0) wraps and in
    the ``bold`` ones is bold."""

    title: str
    rows: list
    header: list | None = None
    widths: tuple = ()
    wrapped: frozenset = field(default_factory=frozenset)
    bold: frozenset = field(default_factory=frozenset)


def workbook_bytes(sheets) -> bytes:
    """A workbook of ``sheets``. Text is always stored as text, never as a formula, and text
    that looks like one is marked to show as typed (the workbook's form of the apostrophe);
    characters a workbook cannot hold (control characters) are left out; numbers stay
    numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for sheet_spec in sheets:
        sheet = workbook.create_sheet(title=sheet_spec.title)
        for number, width in enumerate(sheet_spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width

        def cell(value, column, sheet=sheet, spec=sheet_spec, header=False):
            if isinstance(value, Decimal):
                value = float(value)
            bold = header or column in spec.bold
            if not isinstance(value, str) and not bold and column not in spec.wrapped:
                return value
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            written = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                written.data_type = "s"
                if cell_neutralise(value) != value:
                    written.quotePrefix = True
            if bold:
                written.font = Font(bold=True)
            if column in spec.wrapped and not header:
                written.alignment = Alignment(wrap_text=True, vertical="top")
            return written

        if sheet_spec.header is not None:
            sheet.append(
                [
                    cell(value, column, header=True)
                    for column, value in enumerate(sheet_spec.header)
                ]
            )
        for row in sheet_spec.rows:
            sheet.append([cell(value, column) for column, value in enumerate(row)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
