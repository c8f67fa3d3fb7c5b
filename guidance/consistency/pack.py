"""The consistency query pack: one group's answers, marks and Stonewall's comments, ready to
send to the marker, as a workbook or a printable page.

The pack names only organisations that shared by name, the rest as "Organisation A", "B" and
so on, unless the project team chooses to name all. Every cell is written as text or a
number through the portal's one spreadsheet writer (``weiportal.spreadsheets``): a value
starting with =, +, - or @ is stored as a string, so no spreadsheet program runs it as a
formula.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from weiportal.spreadsheets import Sheet, workbook_bytes


def _letters(index):
    """0 -> A, 25 -> Z, 26 -> AA."""
    label = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        label = chr(65 + remainder) + label
    return label


def member_labels(members, *, name_all=False):
    """How the pack calls each member, by result id."""
    labels, unnamed = {}, 0
    for member in members:
        if name_all or member.shared_by_name:
            labels[member.result_id] = member.organisation_name
        else:
            labels[member.result_id] = f"Organisation {_letters(unnamed)}"
            unnamed += 1
    return labels


@dataclass
class PackRow:
    label: str
    score: Decimal | None
    percentage: Decimal | None
    similarity: float
    answer: str
    comment: str


def pack_rows(group, texts, *, name_all=False):
    """The pack's rows: members in the group's order with their answers and comments
    (``texts``: result id -> (answer, comment))."""
    labels = member_labels(group.members, name_all=name_all)
    return [
        PackRow(
            label=labels[member.result_id],
            score=member.score,
            percentage=member.percentage,
            similarity=member.similarity,
            answer=texts[member.result_id][0],
            comment=texts[member.result_id][1],
        )
        for member in group.members
    ]


def _rounded(value, places=1):
    return None if value is None else float(round(Decimal(str(value)), places))


def pack_workbook(*, report, group, rows, named_all) -> bytes:
    header = [
        "Organisation",
        "Mark",
        "Percentage of maximum",
        "Similarity (%)",
        "Answer",
        "Stonewall's comment",
    ]
    members = [
        [
            row.label,
            None if row.score is None else float(row.score),
            _rounded(row.percentage),
            _rounded(row.similarity),
            row.answer,
            row.comment,
        ]
        for row in rows
    ]
    lines = [
        ("Index", f"{report.year}"),
        ("Section", f"{report.section_number}. {report.section_name}"),
        ("Section maximum", float(report.maximum)),
        ("Group", group.basis),
        ("Standard response used", "; ".join(group.revision_labels) or "None"),
        (
            "Lowest and highest mark (% of maximum)",
            f"{_rounded(group.lowest)} to {_rounded(group.highest)}",
        ),
        ("Range (percentage points)", _rounded(group.spread)),
        ("Flagged", "Yes" if group.flagged else "No"),
        (
            "Method",
            "Answers to one section of one edition form a group when they used the same "
            "standard-response revision, or when their words are at least "
            f"{report.similarity_threshold:g}% the same (rapidfuzz Indel ratio, word by word, "
            "after ignoring case, spacing and punctuation), directly or through another "
            "member. Similarity is to the standard response, or to the first answer where "
            "none was used. A group is flagged when its marks range over more than "
            f"{report.range_threshold:g} percentage points of the section maximum.",
        ),
        (
            "Names",
            "Every organisation is named."
            if named_all
            else "Organisations that shared their submission by name are named; the others "
            "are called Organisation A, B and so on.",
        ),
        ("Produced", timezone.localtime().strftime("%-d %B %Y %H:%M")),
    ]
    return workbook_bytes(
        [
            Sheet(
                title="Group",
                header=header,
                rows=members,
                widths=(30, 8, 12, 12, 100, 60),
                wrapped=frozenset({4, 5}),
            ),
            Sheet(
                title="Method",
                rows=[list(line) for line in lines],
                widths=(40, 100),
                wrapped=frozenset({1}),
                bold=frozenset({0}),
            ),
        ]
    )
