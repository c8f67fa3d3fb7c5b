"""What changed between two versions of a document, as segments a template marks up.

Lines are matched first, then words inside changed lines, so a long body stays fast and a
one-word fix shows as one word.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

# Words with their trailing spaces, so joined segments give back the text exactly.
_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    op: str
    text: str

    @property
    def is_insert(self):
        return self.op == INSERT

    @property
    def is_delete(self):
        return self.op == DELETE


@dataclass(frozen=True)
class FieldDiff:
    label: str
    segments: list[Segment]

    @property
    def changed(self):
        return any(segment.op != EQUAL for segment in self.segments)

    @property
    def insertions(self):
        return sum(1 for segment in self.segments if segment.is_insert)

    @property
    def deletions(self):
        return sum(1 for segment in self.segments if segment.is_delete)


def _merge(segments):
    merged = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].op == segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def _opcodes(old, new):
    return SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


def _word_diff(old, new):
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    segments = []
    for tag, i1, i2, j1, j2 in _opcodes(old_words, new_words):
        if tag == "equal":
            segments.append(Segment(EQUAL, "".join(old_words[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            segments.append(Segment(DELETE, "".join(old_words[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment(INSERT, "".join(new_words[j1:j2])))
    return segments


def diff_text(old, new):
    """Segments that turn ``old`` into ``new``: equal, deleted and inserted text in order."""
    old, new = old or "", new or ""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    segments = []
    for tag, i1, i2, j1, j2 in _opcodes(old_lines, new_lines):
        before, after = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if tag == "equal":
            segments.append(Segment(EQUAL, before))
        elif tag == "replace":
            segments.extend(_word_diff(before, after))
        elif tag == "delete":
            segments.append(Segment(DELETE, before))
        else:
            segments.append(Segment(INSERT, after))
    return _merge(segments)


def version_diff(old, new):
    """Title, summary and body of two versions (revisions or history records)."""
    return [
        FieldDiff(label, diff_text(getattr(old, name, ""), getattr(new, name, "")))
        for name, label in (("title", "Title"), ("summary", "Summary"), ("body", "Body"))
    ]


def section_changes(old_sections, new_sections):
    """Sections added and removed, each sorted as the page lists them."""
    old_ids = {section.pk for section in old_sections}
    new_ids = {section.pk for section in new_sections}
    return {
        "added": [section for section in new_sections if section.pk not in old_ids],
        "removed": [section for section in old_sections if section.pk not in new_ids],
        "kept": [section for section in new_sections if section.pk in old_ids],
    }
