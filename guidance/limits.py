"""What good-practice entries and guidance documents accept, defined once.

The models, forms, upload checks and their messages read these, so a number changed here
changes every check and every message that states it.
"""

MAX_ATTACHMENT_MB = 10
MAX_ATTACHMENT_SIZE = MAX_ATTACHMENT_MB * 1024 * 1024
ATTACHMENT_TOO_LARGE_MESSAGE = f"The selected file must be smaller than {MAX_ATTACHMENT_MB}MB"
MAX_ATTACHMENTS_PER_ENTRY = 5
TOO_MANY_ATTACHMENTS_MESSAGE = f"An entry can have up to {MAX_ATTACHMENTS_PER_ENTRY} attachments"
MAX_FILE_NAME_LENGTH = 200

# Guidance documents: a revision's words, and the notes and reasons written about them.
DOCUMENT_TITLE_MAX_LENGTH = 150
DOCUMENT_SUMMARY_MAX_LENGTH = 500
DOCUMENT_BODY_MAX_LENGTH = 50_000
CHANGE_NOTE_MAX_LENGTH = 1000
# Review notes, reasons for publishing without review and withdrawal explanations.
DOCUMENT_NOTE_MAX_LENGTH = 2000
