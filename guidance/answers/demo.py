"""Demo standard responses and answers: invented model answers for the cross-cutting sections
of the 2018-2020 and 2022-2024 rounds, and answers in the demo submissions of 2019 and 2023.

Some answers copy the standard response word for word (and record the revision), some edit
it lightly, some are the organisation's own; the demo marks vary, so the consistency report
has flagged groups to show. Keyed by slug, and a standard response already used is left alone,
so loading twice changes nothing.
"""

import datetime

from django.utils import timezone

from guidance.models import AnswerSource, Document, Revision
from submissions.demo_results import DEMO_LEAD_ORGANISATION
from submissions.models import Section, SectionResult

MAJOR = Revision.ChangeType.MAJOR

# (round, section number, slug, title, summary, [(change note, model answer)], evidence)
STANDARD_RESPONSES = [
    (
        "2018–2020",
        1,
        "standard-response-policies-and-benefits-2018",
        "Policies and Benefits: standard response",
        "The common HR policies' answer, for departments that use them unchanged.",
        [
            (
                "First published.",
                "Our department uses the Civil Service common HR policies. Every policy that "
                "mentions a partner says that it includes same-sex partners, and our adoption, "
                "surrogacy and shared parental leave policies use gender-neutral language.\n\n"
                "Our transitioning at work policy was written with the central LGBT+ network "
                "and covers time off for medical appointments, changing records and the role "
                "of the line manager. Policies are reviewed every two years with the staff "
                "networks.",
            )
        ],
        "Links to each common HR policy named, and the date of its last review.",
    ),
    (
        "2018–2020",
        7,
        "standard-response-procurement-2018",
        "Procurement: standard response",
        "How central commercial frameworks evidence LGBT+ inclusion in the supply chain.",
        [
            (
                "First published.",
                "Our department buys most goods and services through Crown Commercial Service "
                "frameworks. Every framework supplier has agreed to the Supplier Code of "
                "Conduct, which requires equality policies that include sexual orientation "
                "and gender identity.\n\nFor tenders over £10,000 we ask suppliers to describe "
                "their equality policy, and contract managers check it at the yearly review "
                "meeting.",
            ),
            (
                "Adds the social value model, which markers now ask about.",
                "Our department buys most goods and services through Crown Commercial Service "
                "frameworks. Every framework supplier has agreed to the Supplier Code of "
                "Conduct, which requires equality policies that include sexual orientation "
                "and gender identity.\n\nFor tenders over £10,000 we ask suppliers to describe "
                "their equality policy, and contract managers check it at the yearly review "
                "meeting.\n\nSince 2021 every tender applies the social value model, with at "
                "least 10% of the score for fair work and equal opportunity.",
            ),
        ],
        "The tender template's equality questions and one contract review record.",
    ),
    (
        "2022–2024",
        1,
        "standard-response-policies-and-benefits-2022",
        "Policies and benefits: standard response",
        "The 2022 criteria's policy questions answered from the common HR policies.",
        [
            (
                "First published.",
                "We use the Civil Service common HR policies, reviewed centrally every two "
                "years with the LGBT+ networks. Each policy uses inclusive language, names "
                "same-sex partners where partners are mentioned, and our transitioning at "
                "work policy sets out support for trans and non-binary colleagues, including "
                "special leave and confidential record changes.",
            )
        ],
        "Links to the policies, and minutes of the last review with the networks.",
    ),
    (
        "2022–2024",
        7,
        "standard-response-supply-chain-2022",
        "Supply chain: standard response",
        "Supply chain inclusion through the central frameworks and the social value model.",
        [
            (
                "First published.",
                "Our contracts are let through Crown Commercial Service frameworks whose "
                "suppliers follow the Supplier Code of Conduct, including its equality "
                "requirements on sexual orientation and gender identity. Every tender applies "
                "the social value model, and contract managers review each major supplier's "
                "equality data every year.",
            )
        ],
        "The social value questions used in a recent tender.",
    ),
]

# Sentences an organisation's own answer is made of; each organisation picks its own.
OWN_SENTENCES = [
    "Our commercial team ran a workshop with the LGBT+ network on supplier questions.",
    "We added an inclusion clause to our facilities management contract last year.",
    "The network chair sits on the procurement board once a quarter.",
    "We asked our ten largest suppliers whether they enter the index.",
    "Contract managers completed training on inclusive supply chains.",
    "We publish an annual report on the diversity of our suppliers.",
    "Our catering contract requires visible support for Pride month.",
    "Small suppliers receive guidance on writing an equality policy.",
    "We review every supplier's equality policy before a contract starts.",
    "A supplier lost points in a tender for having no equality policy.",
    "Our policies were rewritten with the trans network in 2019.",
    "HR business partners check every new policy with the staff networks.",
    "We offer paid leave for gender reassignment appointments.",
    "Our pension guidance names same-sex partners explicitly.",
    "Managers have a guide to supporting a colleague who is transitioning.",
    "The benefits portal uses gender-neutral language throughout.",
    "Our adoption policy was reviewed by LGBT+ parents in the department.",
    "We track how often the transitioning policy is used, in confidence.",
    "Our equality impact assessments cover every policy change.",
    "Every new starter reads the dignity at work policy in their first week.",
]


def _light_edit(text, rng):
    """The same answer with a few words changed, as a department adapting it would."""
    swaps = [
        ("Our department", "The department"),
        ("every two years", "every second year"),
        ("every year", "each year"),
        ("We use", "We follow"),
        ("we ask", "we require"),
        ("includes", "covers"),
    ]
    for old, new in rng.sample(swaps, 3):
        text = text.replace(old, new, 1)
    return text


def _own_answer(rng, organisation_name):
    sentences = rng.sample(OWN_SENTENCES, 5)
    return f"{organisation_name} takes its own approach. " + " ".join(sentences)


def _standard_responses(writers, today, now):
    created = {}
    owner, colleague = writers[0], writers[1]
    for round_name, number, slug, title, summary, versions, evidence in STANDARD_RESPONSES:
        section = Section.objects.filter(criteria_round__name=round_name, number=number).first()
        if section is None:
            continue
        document = Document.objects.filter(slug=slug).first()
        if document is None:
            document = Document.objects.create(
                slug=slug,
                kind=Document.Kind.STANDARD_RESPONSE,
                section=section,
                owner=owner,
                review_due=today + datetime.timedelta(days=200),
                changed_by=owner,
                created_at=now - datetime.timedelta(days=500),
            )
            revision = None
            for index, (note, body) in enumerate(versions, start=1):
                published_at = now - datetime.timedelta(days=400 - 300 * (index - 1))
                revision = Revision.objects.create(
                    document=document,
                    number=index,
                    state=Revision.State.PUBLISHED,
                    title=title,
                    summary=summary,
                    body=body,
                    evidence=evidence,
                    author=owner,
                    last_edited_by=owner,
                    last_edited_at=published_at,
                    change_type=MAJOR,
                    change_note=note,
                    published_at=published_at,
                    published_by=colleague,
                    reviewed_by=colleague,
                    reviewed_at=published_at,
                    created_at=published_at,
                )
                revision.sections.set([section])
            document.current_revision = document.latest_major_revision = revision
            document.status = Document.Status.PUBLISHED
            document.save()
        created[section.pk] = document
    return created


def _answers(rng, documents, years=(2019, 2023)):
    for section_id, document in documents.items():
        if AnswerSource.objects.filter(revision__document=document).exists():
            continue  # Answered on an earlier load.
        revisions = list(document.revisions.published().order_by("number"))
        results = list(
            SectionResult.objects.filter(
                section_id=section_id, submission__edition__year__in=years, answer=""
            )
            .select_related("submission__organisation")
            .order_by("submission__organisation__slug", "pk")
        )
        changed, sources = [], []
        for result in results:
            choice = rng.random()
            if result.submission.organisation.slug == DEMO_LEAD_ORGANISATION:
                choice = 0  # The demo lead's answers used the standard response.
            # Copies of the first revision: those in 2019 whose revision has since changed
            # see "a newer version exists".
            revision = revisions[0]
            if choice < 0.45:
                result.answer = revision.body
                sources.append(AnswerSource(result=result, revision=revision))
            elif choice < 0.65:
                result.answer = _light_edit(revision.body, rng)
            else:
                result.answer = _own_answer(rng, result.submission.organisation.name)
            changed.append(result)
        SectionResult.objects.bulk_update(changed, ["answer"], batch_size=500)
        AnswerSource.objects.bulk_create(sources, ignore_conflicts=True)


def load(rng, writers):
    """Standard responses (with ``writers``, two project-team people) and demo answers."""
    if len(writers) < 2:
        return
    today, now = timezone.localdate(), timezone.now()
    documents = _standard_responses(writers, today, now)
    _answers(rng, documents)
