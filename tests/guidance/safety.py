"""Checks that HTML a person is shown cannot run anything, whatever was typed."""

from html.parser import HTMLParser

UNSAFE_TAGS = {"script", "iframe", "object", "embed", "math", "img", "base"}
SAFE_SCHEMES = ("http://", "https://", "mailto:", "/", "#", "?")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []
        self.scripts = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = "nonce" not in dict(attrs)
            self.scripts.append(dict(attrs))
        elif tag in UNSAFE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}")
            if name == "style":
                self.problems.append(f"{tag} style")
            link = name in {"href", "src", "action", "formaction"} and value
            if link and not value.strip().lower().startswith(SAFE_SCHEMES):
                self.problems.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"script content {data.strip()[:40]}")


def assert_safe_html(html):
    """No tag, attribute or link can run script; only the page's own nonce'd scripts."""
    collector = _Collector()
    collector.feed(html)
    for attrs in collector.scripts:
        # The page shell's own scripts: static files, or the one nonce'd inline line.
        if "src" not in attrs and "nonce" not in attrs:
            collector.problems.append("<script> without nonce")
    assert not collector.problems, collector.problems
