"""Reading pages as a person does: the visible words, without tags or entities."""

import re
from html import unescape


def text(response_or_html):
    content = getattr(response_or_html, "content", response_or_html)
    if isinstance(content, bytes):
        content = content.decode()
    content = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", content, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", content)).split())
