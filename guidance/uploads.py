"""Which files may be attached, judged by their content as well as their name."""

import io
import os
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from guidance.limits import (
    ATTACHMENT_TOO_LARGE_MESSAGE,
    MAX_ATTACHMENT_SIZE,
    MAX_FILE_NAME_LENGTH,
)

ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
ALLOWED_DESCRIPTION = "a PDF, DOCX, ODT, XLSX, CSV, PNG or JPEG"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def clean_file_name(name):
    """A file name safe to store and to send back: no path, no control characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '<>:"|?*')
    name = name.strip(" .")
    if len(name) > MAX_FILE_NAME_LENGTH:
        stem, _, extension = name.rpartition(".")
        name = f"{stem[: MAX_FILE_NAME_LENGTH - len(extension) - 1]}.{extension}"
    return name


def extension_of(name):
    return name.rpartition(".")[2].lower() if "." in name else ""


def _is_office_zip(data, required):
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return required <= set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False


def _is_odt(data):
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("mimetype")
            # The mimetype entry is a few dozen bytes; refuse anything that claims more.
            if info.file_size > 100:
                return False
            return archive.read("mimetype").strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, KeyError, ValueError):
        return False


def _is_csv(data):
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


CONTENT_CHECKS = {
    "pdf": lambda data: data.startswith(b"%PDF-"),
    "png": lambda data: data.startswith(PNG_SIGNATURE),
    "jpg": lambda data: data.startswith(b"\xff\xd8\xff"),
    "jpeg": lambda data: data.startswith(b"\xff\xd8\xff"),
    "docx": lambda data: _is_office_zip(data, {"[Content_Types].xml", "word/document.xml"}),
    "xlsx": lambda data: _is_office_zip(data, {"[Content_Types].xml", "xl/workbook.xml"}),
    "odt": _is_odt,
    "csv": _is_csv,
}


def check_attachment(file_name, data):
    """The content type to serve the file with, or a ValidationError in GOV.UK wording."""
    name = clean_file_name(file_name)
    extension = extension_of(name)
    if not name or extension not in ALLOWED_TYPES:
        raise ValidationError(f"The selected file must be {ALLOWED_DESCRIPTION}", code="file_type")
    if len(data) == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if len(data) > MAX_ATTACHMENT_SIZE:
        raise ValidationError(ATTACHMENT_TOO_LARGE_MESSAGE, code="too_large")
    if not CONTENT_CHECKS[extension](data):
        raise ValidationError(
            f"The selected file is not a real {extension.upper()} file: "
            f"its content does not match its name",
            code="content_mismatch",
        )
    return name, ALLOWED_TYPES[extension]


class AttachmentSizeLimitHandler(FileUploadHandler):
    """Stops reading a file once it passes the size limit, and remembers its name.

    Without it an oversized upload is written to a temporary file in full before the form
    can say it is too big.
    """

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_ATTACHMENT_SIZE:
            oversized = getattr(self.request, "oversized_uploads", [])
            oversized.append(clean_file_name(self.file_name))
            self.request.oversized_uploads = oversized
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
