"""Demo criteria rounds, sections and editions: real section names, invented maximums.

Maximums add up to each edition's total. Loading twice changes nothing.
"""

import datetime
from decimal import Decimal

from submissions.demo_results import load_results
from submissions.models import CriteriaRound, EditionSection, Section

SFQ = "Staff Feedback Questionnaire"

# (round name, first year, last year, [(number, name, cross-cutting, maximum)], total)
ROUNDS = [
    (
        "2015–2017",
        2015,
        2017,
        [
            (1, "Employee policy", True, 15),
            (2, "Training", True, 15),
            (3, "Employee network group", False, 20),
            (4, "All-staff engagement", False, 20),
            (5, "Career development", False, 15),
            (6, "Line managers", False, 15),
            (7, "Monitoring", False, 15),
            (8, "Procurement", True, 10),
            (9, "Community engagement", False, 20),
            (10, "Additional work", False, 10),
            (11, SFQ, False, 45),
        ],
        200,
    ),
    (
        "2018–2020",
        2018,
        2020,
        [
            (1, "Policies and Benefits", True, 15),
            (2, "Employee Lifecycle", False, 20),
            (3, "Employee Network Group", False, 20),
            (4, "Allies and Role Models", False, 20),
            (5, "Senior Leadership", False, 15),
            (6, "Monitoring", False, 20),
            (7, "Procurement", True, 10),
            (8, "Community Engagement", False, 20),
            (9, "Clients, Customers and Service Users", False, 20),
            (10, "Additional Work", False, 10),
            (11, SFQ, False, 30),
        ],
        200,
    ),
    (
        "2022–2024",
        2022,
        2024,
        [
            (1, "Policies and benefits", True, 25),
            (2, "Employee lifecycle", False, 30),
            (3, "Network groups", False, 25),
            (4, "Allies and role models", False, 25),
            (5, "Senior leadership", False, 25),
            (6, "Monitoring", False, 25),
            (7, "Supply chain", True, 15),
            (8, "Community engagement", False, 25),
            (9, "Clients, customers and service users", False, 25),
            (10, SFQ, False, 30),
        ],
        250,
    ),
]

# Which section of the previous round each section carries on ({round name: {number: number
# in the previous round}}): data an admin would set, never inferred from names. Sections left
# out (Training, Line managers, Additional Work and others) have no successor.
CONTINUES = {
    "2018–2020": {1: 1, 3: 3, 6: 7, 7: 8, 8: 9, 10: 10, 11: 11},
    "2022–2024": {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, 10: 11},
}

# results year: (round name, entrants, submission deadline)
EDITIONS = {
    2016: ("2015–2017", 415, datetime.date(2015, 9, 4)),
    2017: ("2015–2017", 434, datetime.date(2016, 9, 2)),
    2018: ("2018–2020", 434, datetime.date(2017, 9, 8)),
    2019: ("2018–2020", 445, datetime.date(2018, 9, 7)),
    2020: ("2018–2020", 503, datetime.date(2019, 9, 6)),
    2022: ("2022–2024", 403, datetime.date(2021, 10, 1)),
    2023: ("2022–2024", 410, datetime.date(2022, 9, 30)),
    2024: ("2022–2024", 420, datetime.date(2023, 9, 29)),
}


def load_structure():
    rounds = {}
    for name, first, last, sections, total in ROUNDS:
        criteria_round, _ = CriteriaRound.objects.get_or_create(
            name=name, defaults={"first_year": first, "last_year": last}
        )
        rounds[name] = (criteria_round, sections, total)
        for number, section_name, cross_cutting, _maximum in sections:
            Section.objects.get_or_create(
                criteria_round=criteria_round,
                number=number,
                defaults={"name": section_name, "is_cross_cutting": cross_cutting},
            )
    _link_sections(rounds)
    for year, (round_name, entrants, deadline) in EDITIONS.items():
        criteria_round, sections, total = rounds[round_name]
        edition, _ = criteria_round.editions.get_or_create(
            year=year,
            defaults={
                "entrants": entrants,
                "submission_deadline": deadline,
                "maximum_total": Decimal(total),
            },
        )
        for number, _name, _cross_cutting, maximum in sections:
            section = criteria_round.sections.get(number=number)
            weight = (Decimal(maximum) * 100 / Decimal(total)).quantize(Decimal("0.01"))
            EditionSection.objects.get_or_create(
                edition=edition,
                section=section,
                defaults={"maximum": Decimal(maximum), "weight": weight},
            )


def _link_sections(rounds):
    """Set each section's ``continues`` link where the demo names one and none is set."""
    names = [name for name, *_rest in ROUNDS]
    for later, links in CONTINUES.items():
        earlier_round = rounds[names[names.index(later) - 1]][0]
        earlier = {section.number: section for section in earlier_round.sections.all()}
        for number, earlier_number in links.items():
            Section.objects.filter(
                criteria_round=rounds[later][0], number=number, continues__isnull=True
            ).update(continues=earlier[earlier_number])


# (section number or None, recommendation, action owner, days due after the feedback, status)
ACTIONS = [
    (None, "Publish the network's annual plan on the intranet.", "Network chair", 90, "done"),
    (
        4,
        "Start a visible allies programme with named role models.",
        "Network committee",
        120,
        "in_progress",
    ),
    (
        2,
        "Check that recruitment panels have had inclusion training.",
        "HR business partner",
        60,
        "open",
    ),
    (
        6,
        "Ask staff for sexual orientation and gender identity in the HR system.",
        "HR data team",
        180,
        "open",
    ),
    (
        1,
        "Make the transitioning-at-work policy easier to find.",
        "HR policy team",
        30,
        "already_in_place",
    ),
]


# The newest feedback's own recommendations; the open actions of the one before carry on.
LATEST_ACTIONS = [
    (
        3,
        "Give the network committee protected time for network work.",
        "Permanent secretary's office",
        90,
        "open",
    ),
    (
        2,
        "Include trans and non-binary staff in the onboarding guide.",
        "Learning and development team",
        45,
        "in_progress",
    ),
]


def load_actions(rng):
    """Recommendations and actions for the demo lead's organisation, when its submissions
    exist: the latest submission of the previous round has ACTIONS, the newest submission
    has LATEST_ACTIONS, and the earlier open ones are carried into it (the same records,
    not copies). Loading twice changes nothing."""
    from submissions.models import Recommendation, Submission

    submissions = Submission.objects.filter(
        organisation__slug="ministry-of-civic-affairs"
    ).select_related("edition")
    latest_by_round = {}
    for submission in submissions.order_by("edition__year"):
        latest_by_round[submission.edition.criteria_round_id] = submission
    chosen = list(latest_by_round.values())[-2:]
    plans = [ACTIONS, LATEST_ACTIONS][: len(chosen)]
    for submission, actions in zip(chosen, plans, strict=True):
        feedback_date = datetime.date(submission.edition.year, 3, 1)
        sections = {
            section.number: section for section in submission.edition.criteria_round.sections.all()
        }
        for number, text, owner, days, status in actions:
            Recommendation.objects.get_or_create(
                submission=submission,
                text=text,
                defaults={
                    "section": sections.get(number),
                    "action_owner": owner,
                    "due_date": feedback_date + datetime.timedelta(days=days + rng.randint(0, 30)),
                    "status": status,
                },
            )
    if len(chosen) == 2:
        earlier, newest = chosen
        newest.carried_recommendations.add(
            *earlier.recommendations.filter(status__in=Recommendation.OPEN_STATUSES)
        )


def load(rng):
    load_structure()
    load_results(rng)
    load_actions(rng)
