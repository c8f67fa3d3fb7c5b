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
    """A workbook whose first sheet holds the header and rows. Text is always stored as text,
    never as a formula, and text that looks like one is marked to show as typed (the
    workbook's form of the apostrophe); numbers stay numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)

    def cell(value):
        if isinstance(value, Decimal):
            value = float(value)
        if not isinstance(value, str):
            return value
        written = WriteOnlyCell(sheet, value=value)
        written.data_type = "s"
        if cell_neutralise(value) != value:
            written.quotePrefix = True
        return written

    for row in [header, *rows]:
        sheet.append([cell(value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
