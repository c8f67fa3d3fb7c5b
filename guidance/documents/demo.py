"""Demo guidance documents: invented but plausible advice for the 2018 and 2022 rounds of
criteria, each with a history of major and minor revisions.

Documents are keyed by slug, so loading twice changes nothing. Dates count back from today,
so the overdue document stays overdue and the rest stay current whenever the demo is loaded.
"""

import datetime

from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from guidance.models import Document, GuidanceReader, Notification, Revision, Subscription
from networks.models import User
from submissions.models import Section

ROUND_2018 = "2018–2020"
ROUND_2022 = "2022–2024"
Status = Document.Status
MAJOR, MINOR = Revision.ChangeType.MAJOR, Revision.ChangeType.MINOR

# Each document: slug, title, summary, sections [(round, number)], its status, its review date
# in days from today, and its versions: (change type, change note, change), where the change
# is a paragraph added (major) or a slip corrected everywhere, as (wrong, right) (minor).
DOCUMENTS = [
    {
        "slug": "evidencing-policies-and-benefits",
        "title": "Evidencing Policies and Benefits",
        "summary": "How to show the marker that every policy treats same-sex partners and trans "
        "staff equally, and which documents to link.",
        "sections": [(ROUND_2018, 1)],
        "review": 190,
        "intro": "Section 1 asks whether your policies name same-sex partners and trans staff "
        "explicitly. Most departments use the common HR policies from the centre, so the "
        "answer is largely shared: concentrate on where your department adds to them.",
        "versions": [
            (
                MAJOR,
                "First published.",
                "## What the marker looks for\n\nEvery policy that "
                "mentions partners says that same-sex partners are included. Adoption, surrogacy "
                "and shared parental leave policies use inclusive language. Markers recieve "
                "links, not attachments, so check every link opens for someone outside your "
                "network.",
            ),
            (MINOR, "Fixed a spelling mistake.", ("recieve", "receive")),
            (
                MAJOR,
                "Added advice on the transitioning at work policy, which markers now "
                "check separately.",
                "## Transitioning at work\n\nLink the policy itself and the "
                "guidance for managers. Say when it was last reviewed and who was consulted: "
                "markers give credit for trans colleagues' involvement.",
            ),
        ],
    },
    {
        "slug": "employee-network-group-what-the-marker-looks-for",
        "title": "Employee Network Group: what the marker looks for",
        "summary": "The evidence Stonewall expects about your network's governance, budget, "
        "senior sponsor and events, with examples from departments that scored well.",
        "sections": [(ROUND_2018, 3)],
        "review": 12,
        "intro": "This section is about your network as an organisation: how it is run, how it "
        "is funded and how it reaches staff across every site.",
        "versions": [
            (
                MAJOR,
                "First published.",
                "## Governance\n\nShow terms of reference, how the "
                "chair is chosen and how often the committee meets. A budget line, even a small "
                "one, is stronger evidence than goodwill.",
            ),
            (
                MAJOR,
                "New section on reaching regional and frontline staff.",
                "## Beyond "
                "headquarters\n\nMarkers ask how staff without a desk hear about the network. "
                "Regional champions, posters in staff rooms and events outside office hours all "
                "count.",
            ),
        ],
    },
    {
        "slug": "allies-and-role-models-building-your-evidence",
        "title": "Allies and Role Models: building your evidence",
        "summary": "What counts as an active ally programme, how to evidence role models at "
        "every grade, and the numbers worth keeping during the year.",
        "sections": [(ROUND_2018, 4), (ROUND_2022, 4)],
        # The section of the newer round is added by revision 3.
        "earlier_sections": ([(ROUND_2018, 4)], 3),
        "review": 240,
        "intro": "This part of the critera asks for visible people, at every grade, who others "
        "can talk to.",
        "versions": [
            (
                MAJOR,
                "First published.",
                "## Allies\n\nA sign-up list is not enough. Keep a "
                "record of what allies did: training completed, events run, policies they "
                "reviewed. Point new allies to the [allies e-learning]"
                "(https://learning.example.gov.uk/allies).",
            ),
            (MINOR, "Corrected the spelling of “criteria”.", ("critera", "criteria")),
            (
                MAJOR,
                "Added the 2022–2024 round: the same advice applies to its Allies and role "
                "models section.",
                "## Role models\n\nPublish role model profiles with the "
                "person's consent, and show that they come from different grades, professions "
                "and regions.\n\n## The 2022–2024 criteria\n\nAllies and role models continues "
                "into the 2022–2024 criteria with the same intent, so the same evidence serves.",
            ),
            (
                MINOR,
                "Updated a link to the allies e-learning.",
                ("learning.example.gov.uk/allies", "learning.example.gov.uk/courses/allies-2023"),
            ),
        ],
    },
    {
        "slug": "senior-leadership-getting-sponsors-to-sign-off-evidence",
        "title": "Senior Leadership: getting sponsors to sign off evidence",
        "summary": "A timetable for agreeing senior leaders' evidence in good time, and the "
        "questions to ask your senior sponsor.",
        "sections": [(ROUND_2018, 5)],
        "review": 75,
        "next_draft": "## Written evidence\n\nA short signed statement from your sponsor "
        "counts for less than evidence of what they did. Ask for both.",
        "intro": "Senior leaders' diaries fill up months ahead. Ask early, and ask for "
        "something specific.",
        "versions": [
            (
                MAJOR,
                "First published.",
                "## Questions for your sponsor\n\n- What did you do "
                "this year that LGBT+ staff would notice?\n- Which decision did you take "
                "differently because of the network?\n- Will you speak at an event?",
            ),
            (
                MAJOR,
                "Added a timetable working back from the submission deadline.",
                "## "
                "Timetable\n\nAsk for evidence twelve weeks before the deadline, agree a draft "
                "at eight weeks and get sign-off at four. Leave two weeks spare.",
            ),
        ],
    },
    {
        "slug": "monitoring-sexual-orientation-and-gender-identity-data",
        "title": "Monitoring: sexual orientation and gender identity data",
        "summary": "Which figures the marker asks for, how to raise declaration rates and how "
        "to report small numbers without identifying anyone.",
        "sections": [(ROUND_2018, 6), (ROUND_2022, 6)],
        "review": -45,
        "intro": "Monitoring is where departments most often lose marks they could have "
        "had: the data exists, but nobody asked for it in time.",
        "versions": [
            (
                MAJOR,
                "First published.",
                "## Declaration rates\n\nReport the proportion of "
                "staff who answered the question, not only the proportion who are LGBT+. "
                "Explain what you did to raise it, and follow the [statistical disclosure "
                "guidance](https://analysis.example.gov.uk/disclosure).",
            ),
            (
                MINOR,
                "Fixed a broken link to the statistical disclosure guidance.",
                ("analysis.example.gov.uk/disclosure", "analysis.example.gov.uk/guidance/sdc"),
            ),
            (
                MAJOR,
                "Added advice on suppressing small numbers.",
                "## Small numbers\n\nDo "
                "not publish a figure for a group of fewer than ten people. Combine grades or "
                "sites until every group is large enough.",
            ),
        ],
    },
    {
        "slug": "procurement-a-shared-approach-for-central-contracts",
        "title": "Procurement: a shared approach for central contracts",
        "summary": "Most large contracts are let centrally. Use this shared wording so every "
        "department describes them the same way.",
        "sections": [(ROUND_2018, 7)],
        "review": 150,
        "intro": "Procurement is cross-cutting: few departments let their own large contracts. "
        "Identical answers deserve identical marks, so describe the central contracts in the "
        "same words and add only what your department does itself.",
        "versions": [
            (
                MAJOR,
                "First published.",
                "## Central contracts\n\nSay which frameworks you "
                "buy through and link the equality clauses in them. Then describe any contract "
                "your department lets itself.",
            ),
            (
                MAJOR,
                "Added what to say about supplier monitoring.",
                "## Monitoring "
                "suppliers\n\nSay how often suppliers report on their equality commitments and "
                "what happens when they do not.",
            ),
        ],
    },
    {
        "slug": "community-engagement-what-counts-as-outreach",
        "title": "Community Engagement: what counts as outreach",
        "summary": "Pride events, schools work and charity partnerships: what the marker "
        "credits and how to keep evidence through the year.",
        "sections": [(ROUND_2018, 8), (ROUND_2022, 8)],
        "review": 300,
        "intro": "Community engagement rewards work outside your own walls that is planned, "
        "repeated and led by the organisation rather than by a few volunteers.",
        "versions": [
            (
                MAJOR,
                "First published.",
                "## Pride events\n\nMarching at Pride counts when it "
                "is supported by the organisation: time off, a budget, a senior leader present. "
                "Keep photographs and the internal announcement.",
            ),
            (
                MINOR,
                "Tidied the wording of the first paragraph.",
                ("outside your own walls", "beyond your own organisation"),
            ),
        ],
    },
    {
        "slug": "submission-timetable-for-the-2024-index",
        "title": "Submission timetable for the 2024 index",
        "summary": "Key dates for the 2024 Workplace Equality Index, from registration to "
        "the feedback sessions.",
        "sections": [],
        "review": 100,
        "withdrawn": "The 2024 index has closed. A timetable for the next index will be "
        "published when Stonewall confirms its dates.",
        "intro": "Working back from Stonewall's deadline, this is the timetable the project "
        "team suggests for departments.",
        "versions": [
            (
                MAJOR,
                "First published.",
                "## Key dates\n\n- Registration opens: June\n"
                "- Evidence gathering: July to September\n- Submission deadline: early October\n"
                "- Results and feedback: the following January",
            ),
            (
                MAJOR,
                "Stonewall moved the deadline by a week.",
                "## Change to the "
                "deadline\n\nThe submission deadline is now a week later than first announced.",
            ),
        ],
    },
    {
        "slug": "policies-and-benefits-under-the-2022-criteria",
        "title": "Policies and benefits under the 2022 criteria: what changed",
        "summary": "The 2022–2024 round asks for more on trans and non-binary inclusion in "
        "policies. What to update before you submit.",
        "sections": [(ROUND_2022, 1), (ROUND_2018, 1)],
        "review": 210,
        "intro": "The 2022–2024 criteria keep the first section's purpose but ask more "
        "about non-binary colleagues and about how policies are reviewed.",
        "versions": [
            (
                MAJOR,
                "First published.",
                "## What is new\n\nPolicies should mention non-binary "
                "staff where gender is relevant, for example dress codes and facilities.",
            ),
            (
                MAJOR,
                "Added a checklist of policies to review.",
                "## Checklist\n\n- Dress "
                "code\n- Facilites\n- Leave for medical appointments\n- Records and "
                "confidentiality",
            ),
            (MINOR, "Fixed a typo in the checklist.", ("Facilites", "Facilities")),
        ],
    },
    {
        "slug": "supply-chain-model-wording-for-supplier-questions",
        "title": "Supply chain: model wording for supplier questions",
        "summary": "Questions to put to suppliers about LGBT+ inclusion, and how to score the "
        "answers proportionately.",
        "sections": [(ROUND_2022, 7)],
        "review": 260,
        "unreviewed": "The commercial team needed the wording for a tender going out this "
        "week; Sam will check it on return from leave.",
        "intro": "Supply chain replaces procurement in the 2022–2024 criteria and, like it, is "
        "largely outside a department's control.",
        "versions": [
            (
                MAJOR,
                "First published.",
                "## Model question\n\nDescribe how your organisation "
                "supports lesbian, gay, bisexual and trans staff, including any staff network, "
                "policies and training.",
            ),
            (
                MAJOR,
                "Added scoring guidance for evaluators.",
                "## Scoring\n\nScore the answer "
                "like any other quality question, in proportion to the contract's size.",
            ),
        ],
    },
    {
        "slug": "employee-lifecycle-evidencing-inclusive-recruitment",
        "title": "Employee lifecycle: evidencing inclusive recruitment",
        "summary": "From job adverts to exit interviews: the evidence that shows LGBT+ "
        "inclusion at every stage of employment.",
        "sections": [(ROUND_2022, 2)],
        "review": 330,
        "intro": "The employee lifecycle section follows a person from the job advert to "
        "their exit interview.",
        "versions": [
            (
                MAJOR,
                "First published.",
                "## Recruitment\n\nShow that adverts mention the "
                "network and that interview panels have had inclusion training.",
            ),
            (
                MAJOR,
                "Added inductions and exit interviews.",
                "## Induction and exit\n\nNew "
                "starters hear about the network in their first week, in the Welcome to "
                "Government course; exit interviews ask "
                "about inclusion.",
            ),
            (
                MINOR,
                "Corrected the name of the induction course.",
                ("Welcome to Government", "Civil Service Induction"),
            ),
        ],
    },
    {
        "slug": "network-groups-running-an-annual-network-survey",
        "title": "Network groups: running an annual network survey",
        "summary": "A short survey of network members gives evidence for several sections. "
        "Questions to ask and how to report the answers.",
        "sections": [(ROUND_2022, 3)],
        "review": 365,
        "in_review": True,
        "draft": "## Questions to ask\n\n- What did the network do for you this year?\n"
        "- What should it do next year?\n- Would you recommend it to a colleague?",
        "sent_back": "Please add how to share the results with members who did not reply.",
        "intro": "A yearly survey of your members shows what the network achieved and what "
        "members want next.",
        "versions": [],
    },
]


def _sections(wanted):
    found = {
        (section.criteria_round.name, section.number): section
        for section in Section.objects.select_related("criteria_round").filter(
            criteria_round__name__in={round_name for round_name, _ in wanted}
        )
    }
    return [found[key] for key in wanted if key in found]


def _versions(spec):
    """Each version's full body: the intro, then every paragraph added so far."""
    parts = [spec["intro"]]
    bodies = []
    for change_type, note, change in spec["versions"]:
        if isinstance(change, tuple):
            parts = [part.replace(*change) for part in parts]
        else:
            parts.append(change)
        bodies.append((change_type, note, "\n\n".join(parts)))
    return bodies


def _create(spec, *, owner, colleague, sections, rng, today, now):
    document = Document.objects.create(
        slug=spec["slug"],
        owner=owner,
        review_due=today + datetime.timedelta(days=spec["review"]),
        changed_by=owner,
        created_at=now - datetime.timedelta(days=400),
    )
    versions = _versions(spec)
    # Versions are spread over the past year, oldest first.
    ages = sorted((rng.randint(10, 360) for _ in versions), reverse=True)
    revision = latest_major = None
    for number, ((change_type, note, body), age) in enumerate(zip(versions, ages, strict=True), 1):
        # In working hours.
        day = today - datetime.timedelta(days=age)
        published_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(9))
        ) + datetime.timedelta(minutes=rng.randint(0, 8 * 60))
        author, publisher = (owner, colleague) if number % 2 else (colleague, owner)
        last = number == len(versions)
        unreviewed = last and spec.get("unreviewed")
        if unreviewed:
            publisher = author
        earlier, changed_at = spec.get("earlier_sections", (None, 0))
        revision = _revision(
            spec,
            document,
            body=body,
            author=author,
            edited_at=published_at - datetime.timedelta(days=2),
            sections=_sections(earlier) if number < changed_at else sections,
            number=number,
            state=Revision.State.PUBLISHED,
            change_type=change_type,
            change_note=note,
            published_at=published_at,
            published_by=publisher,
            reviewed_by=None if unreviewed else publisher,
            reviewed_at=None if unreviewed else published_at,
            unreviewed_reason=spec.get("unreviewed", "") if unreviewed else "",
            created_at=published_at - datetime.timedelta(days=3),
        )
        if change_type == MAJOR:
            latest_major = revision
    if revision is None:
        body = spec["intro"] + "\n\n" + spec["draft"]
        _draft(spec, document, body, owner, colleague, now, sections)
        document.status = Status.IN_REVIEW
    else:
        document.current_revision = revision
        document.latest_major_revision = latest_major
        document.status = Status.PUBLISHED
        if spec.get("withdrawn"):
            document.status = Status.WITHDRAWN
            document.withdrawn_at = revision.published_at + datetime.timedelta(days=5)
            document.withdrawn_by = colleague
            document.withdrawal_explanation = spec["withdrawn"]
    if spec.get("next_draft"):
        # A new version of published guidance, waiting for the colleague's review.
        body = revision.body + "\n\n" + spec["next_draft"]
        _draft(spec, document, body, owner, colleague, now, sections)
    document.save()
    return document


def _revision(spec, document, *, body, author, edited_at, sections, **fields):
    """A revision of the document in its spec's words, last changed by its author."""
    revision = Revision.objects.create(
        document=document,
        title=spec["title"],
        summary=spec["summary"],
        body=body,
        author=author,
        last_edited_by=author,
        last_edited_at=edited_at,
        **fields,
    )
    revision.sections.set(sections)
    return revision


def _draft(spec, document, body, author, reviewer, now, sections):
    return _revision(
        spec,
        document,
        body=body,
        author=author,
        edited_at=now - datetime.timedelta(days=3),
        sections=sections,
        state=Revision.State.IN_REVIEW,
        reviewer=reviewer,
        review_requested_by=author,
        review_requested_at=now - datetime.timedelta(days=2),
        # Sent back once before, and sent again after the change.
        review_note=spec.get("sent_back", ""),
        review_note_by=reviewer if spec.get("sent_back") else None,
        review_note_at=now - datetime.timedelta(days=6) if spec.get("sent_back") else None,
    )


def load(rng):
    writers = list(ModelBackend().with_perm("guidance.publish_document", include_superusers=False))
    sections_exist = Section.objects.filter(criteria_round__name__in=[ROUND_2018, ROUND_2022])
    if len(writers) < 2 or not sections_exist.exists():
        return
    writers.sort(key=lambda user: user.email)
    today, now = timezone.localdate(), timezone.now()
    created = []
    for index, spec in enumerate(DOCUMENTS):
        owner, colleague = writers[index % 2], writers[(index + 1) % 2]
        if Document.objects.filter(slug=spec["slug"]).exists():
            continue
        created.append(
            _create(
                spec,
                owner=owner,
                colleague=colleague,
                sections=_sections(spec["sections"]),
                rng=rng,
                today=today,
                now=now,
            )
        )
    if created:
        _subscriptions(writers)
    from guidance.answers import demo as answers_demo

    answers_demo.load(rng, writers)


def _subscriptions(writers):
    """The demo people follow some guidance; the lead has unread news on their dashboard."""
    lead = User.objects.filter(email="lead@demo.example.gov.uk").first()
    member = User.objects.filter(email="member@demo.example.gov.uk").first()
    monitoring = Section.objects.filter(criteria_round__name=ROUND_2018, number=6).first()
    allies = Document.objects.filter(slug="allies-and-role-models-building-your-evidence").first()
    if lead:
        Subscription.objects.get_or_create(user=lead, document=None, section=None)
        for document in Document.objects.published().select_related("latest_major_revision")[:3]:
            Notification.objects.get_or_create(user=lead, revision=document.latest_major_revision)
    if member and monitoring:
        Subscription.objects.get_or_create(user=member, document=None, section=monitoring)
    if member and allies:
        Subscription.objects.get_or_create(user=member, document=allies, section=None)
    for writer in writers:
        for document in Document.objects.filter(owner=writer):
            Subscription.objects.get_or_create(user=writer, document=document, section=None)
    # Their last visit was a month ago, so the dashboard has guidance updated since then.
    month_ago = timezone.now() - datetime.timedelta(days=30)
    for person in [lead, member, *writers]:
        if person:
            GuidanceReader.objects.get_or_create(
                user=person, defaults={"dashboard_seen_at": month_ago}
            )
