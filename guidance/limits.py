"""What good-practice entries accept, defined once.

The models, forms, upload checks and their messages read these, so a number changed here
changes every check and every message that states it.
"""

MAX_ATTACHMENT_MB = 10
MAX_ATTACHMENT_SIZE = MAX_ATTACHMENT_MB * 1024 * 1024
ATTACHMENT_TOO_LARGE_MESSAGE = f"The selected file must be smaller than {MAX_ATTACHMENT_MB}MB"
MAX_ATTACHMENTS_PER_ENTRY = 5
TOO_MANY_ATTACHMENTS_MESSAGE = f"An entry can have up to {MAX_ATTACHMENTS_PER_ENTRY} attachments"
MAX_FILE_NAME_LENGTH = 200
