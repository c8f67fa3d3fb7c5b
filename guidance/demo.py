"""Demo good-practice entries: invented but plausible, across sections, networks and states.

Entries are keyed by title, so loading twice changes nothing.
"""

import datetime
import io
import zipfile

from django.utils import timezone

from guidance.models import Attachment, GoodPracticeEntry, HelpfulMark
from guidance.uploads import check_attachment
from networks.models import Membership, Network, User
from submissions.models import Edition, Section

Status = GoodPracticeEntry.Status
ROUND_2022 = "2022–2024"
ROUND_2018 = "2018–2020"
ROUND_2015 = "2015–2017"
# The current round numbers its first nine sections as the 2018 round did; its tenth is the
# questionnaire, so an idea for the 2018 round's "Additional Work" has no place in it.
LAST_2022_THEME = 9

# (titles of two networks' versions, summary, what they did, why it worked,
#  section numbers in the 2018 round, section numbers in the 2015 round). Some first versions
#  are written for the current round (2022 to 2024), some second versions for 2015 to 2017.
IDEAS = [
    (
        ("Reverse mentoring for the executive committee", "Reverse mentoring for directors"),
        "Every director was mentored for six months by an LGBT+ colleague at least two grades "
        "below them.",
        "We matched twelve directors with volunteers from the network. Pairs met monthly for "
        "an hour, with a short guide of conversation prompts and a confidential check-in with "
        "the network chair halfway through.",
        "Directors heard first-hand what it is like to be out, or not out, in their own teams. "
        "Three of them changed how they run team meetings, and two became visible allies.",
        [5, 4],
        [5, 4],
    ),
    (
        ("Trans equality policy written with trans colleagues", "Transitioning at work guidance"),
        "We replaced a short statement with full guidance for trans staff and their managers, "
        "written with trans colleagues.",
        "A working group of trans and non-binary staff, HR policy leads and trade union "
        "representatives wrote the guidance over four months. It covers a transition plan, "
        "time off for medical appointments, records and confidentiality, and dress codes.",
        "Because trans colleagues wrote it, it answers the questions they actually had. Managers "
        "say the checklist makes a first conversation much less daunting.",
        [1, 2],
        [1, 6],
    ),
    (
        ("Allies programme with a visible lanyard", "Ally network with monthly drop-ins"),
        "Over 400 colleagues signed up as allies, wear a rainbow lanyard and join a monthly "
        "drop-in.",
        "Allies complete a 45-minute e-learning module, sign a short pledge and receive a "
        "lanyard. A monthly online drop-in covers one topic, such as pronouns or bi visibility.",
        "The lanyard starts conversations and tells LGBT+ colleagues who they can talk to. The "
        "drop-ins keep allies active rather than signing up once and forgetting.",
        [4],
        [4, 2],
    ),
    (
        ("Monitoring sexual orientation in the staff survey", "Raising declaration rates"),
        "Declaration rates for sexual orientation rose from 48% to 71% in two years.",
        "We explained why we ask, who sees the answers and what we have changed because of "
        "them, in a short campaign fronted by senior leaders before the annual survey opened.",
        "People share data when they see it used. Publishing the changes we made because of "
        "last year's results was the most persuasive message.",
        [6],
        [7],
    ),
    (
        ("Equality clauses in supplier contracts", "Asking suppliers about LGBT+ inclusion"),
        "Tenders above £100,000 now ask suppliers how they support LGBT+ staff, and the "
        "answers are scored.",
        "With the commercial team we added an equality question to the standard tender pack, "
        "with guidance for evaluators and a model answer showing what good looks like.",
        "It is proportionate: small suppliers are not asked, and the question is scored like "
        "any other. Two suppliers have since asked us for help to set up networks of their own.",
        [7],
        [8],
    ),
    (
        ("Pride stall at the county show", "Community Pride partnership with local charities"),
        "Network members ran a stall with two local LGBT+ charities at the county show and "
        "our local Pride.",
        "We agreed a budget with the communications team, trained volunteers and shared the "
        "stall with charities that support young LGBT+ people and older LGBT+ people.",
        "Working with charities made it about the community, not about us, and staff who "
        "volunteered felt proud of where they work.",
        [8],
        [9],
    ),
    (
        ("Inclusive service design checklist", "Gender-neutral forms for the public"),
        "Every new public-facing form is checked against an inclusion checklist, including how "
        "it asks about sex and gender.",
        "Our service designers and the network wrote a one-page checklist, added it to the "
        "service standard assessment and reviewed the twenty most-used forms.",
        "Putting it into an assessment people already go through meant it was used without "
        "extra meetings. Complaints about forms from trans service users fell to almost none.",
        [9],
        [10],
    ),
    (
        ("Role model profiles on the intranet", "Out and proud: 30 role model stories"),
        "Thirty LGBT+ colleagues from every grade and region shared their stories on the "
        "intranet.",
        "We interviewed volunteers, wrote short profiles they approved, and published one a "
        "week. Each profile ends with what an ally did that made a difference.",
        "Seeing people like them at every grade told junior staff they could get on without "
        "hiding. The ally sections gave others something concrete to do.",
        [4, 5],
        [5, 4],
    ),
    (
        ("Network budget and time allowance agreed", "Protected time for network leads"),
        "The network chair has one day a week and committee members half a day a month, "
        "agreed with the permanent secretary.",
        "We wrote a short business case showing what the network had delivered and what it "
        "could do with protected time, and asked our executive sponsor to take it to the board.",
        "Protected time turned the network from a few tired volunteers into a team that "
        "plans a year ahead.",
        [3],
        [3],
    ),
    (
        ("Inclusive recruitment panels", "LGBT+ inclusive interviewing training"),
        "All interview panel chairs complete a short module on inclusive interviewing, "
        "including LGBT+ examples.",
        "The network worked with the recruitment team to add realistic LGBT+ scenarios to the "
        "existing training, such as a candidate mentioning a same-sex partner.",
        "Small, specific examples are easier to remember than general principles, and they "
        "arrived in training people already had to do.",
        [2],
        [2, 6],
    ),
    (
        ("Bi visibility day with senior speakers", "Bi+ inclusion campaign"),
        "A week of events for bi+ colleagues, with two senior leaders speaking about being bi.",
        "We ran a panel, a lunchtime talk on bi erasure and a short myth-busting article, and "
        "asked the network committee to review how often our events centred bi+ people.",
        "Bi+ colleagues are the largest group in our survey but the least likely to be out. "
        "Senior bi speakers made a visible difference to who came to events afterwards.",
        [3, 4],
        [3, 4],
    ),
    (
        ("Line manager guide to supporting LGBT+ staff", "Five-minute guides for managers"),
        "Short guides help line managers with conversations about coming out, transition and "
        "harassment.",
        "We wrote five guides of one page each and linked them from the manager hub, the "
        "performance management pages and the bullying and harassment policy.",
        "Managers use guidance that appears where they already look. The guides are read "
        "about 300 times a month.",
        [2],
        [6],
    ),
    (
        ("Joint network across three agencies", "Shared network for small organisations"),
        "Three small agencies share one LGBT+ network, with a chair from each.",
        "Each agency was too small to sustain a network alone. We agreed terms of reference, "
        "a shared budget and a rotating chair, and each agency's executive signed them.",
        "Pooling people made events worth running and gave members a wider community, while "
        "each agency kept its own sponsor.",
        [3],
        [3],
    ),
    (
        ("Same-sex partner benefits audit", "Checking every policy for inclusive language"),
        "We checked every HR policy for language that assumed opposite-sex partners.",
        "The network and HR went through 48 policies with a simple checklist. Twelve needed "
        "changes, from adoption leave to the employee assistance programme.",
        "Doing all policies at once, rather than as each came up for review, fixed the gaps "
        "quickly and gave us a clear story for the index.",
        [1],
        [1],
    ),
    (
        ("Exit interviews that ask about inclusion", "Understanding why LGBT+ staff leave"),
        "Exit questionnaires now ask about inclusion, and the network reviews anonymised "
        "results every quarter.",
        "We added two optional questions to the exit questionnaire and agreed with HR that "
        "results for LGBT+ leavers would be shared with the network once at least five "
        "responses had come in.",
        "We now know what drives people away, and the threshold protects their anonymity.",
        [2, 6],
        [7],
    ),
    (
        ("Senior champion with objectives", "Board-level LGBT+ champion"),
        "Our LGBT+ champion is a director general with inclusion objectives in their "
        "performance agreement.",
        "The champion meets the network chair monthly, speaks at two events a year and "
        "reports progress to the board.",
        "Written objectives turn goodwill into action, and the monthly meeting gives the "
        "network a direct route to the top.",
        [5],
        [4],
    ),
    (
        ("Pronouns in email signatures", "Optional pronouns on name badges"),
        "Colleagues can add pronouns to email signatures and name badges, with guidance "
        "explaining why.",
        "We updated the signature template and badge request form, and published a short "
        "explainer from senior allies.",
        "Making it optional and explained kept it respectful. Take-up among senior staff "
        "helped normalise it.",
        [4, 9],
        [4],
    ),
    (
        ("Regional network hubs", "Network presence outside London"),
        "Network hubs in six regional offices each have a local lead and a small budget.",
        "We asked for volunteers in each region, gave them a starter pack and a budget of "
        "£300 a year, and hold a quarterly call for hub leads.",
        "Most of our staff work outside London. Local hubs reached people who never joined "
        "online events.",
        [3, 8],
        [3, 9],
    ),
    (
        ("Customer-facing staff training", "Supporting LGBT+ members of the public"),
        "Frontline staff complete a module on supporting LGBT+ members of the public.",
        "We built realistic scenarios with the contact centre, such as a caller whose name "
        "does not match our records, and added them to induction.",
        "Scenarios drawn from real calls made it relevant, and complaints show fewer "
        "misgendering incidents.",
        [9, 2],
        [10, 2],
    ),
    (
        ("Anonymous reporting of homophobic incidents", "Reporting tool for harassment"),
        "Staff can report homophobic, biphobic or transphobic behaviour anonymously.",
        "We added an option to the existing reporting tool, with the network chair as a "
        "route for those who want support but not a formal process.",
        "Reports tripled in the first year, which told us about problems we had not seen, "
        "and the network now gets anonymised trends each quarter.",
        [1, 6],
        [1, 7],
    ),
    (
        ("Coming-out stories podcast", "Lunchtime podcast by network members"),
        "A six-episode podcast in which colleagues talk about coming out at work, or choosing "
        "not to.",
        "Members recorded conversations on a laptop microphone; the communications team "
        "edited them and published transcripts alongside the audio.",
        "Audio reached people who never read the intranet, and transcripts kept it accessible. "
        "Several listeners joined the network afterwards.",
        [3, 4],
        [4],
    ),
    (
        ("Inclusive parental leave for same-sex couples", "Surrogacy and adoption leave review"),
        "Leave policies now treat surrogacy and adoption the same as birth, for every kind of "
        "family.",
        "The network gathered anonymous stories of colleagues who had fallen through gaps, and "
        "HR used them to redraft the parental leave policies.",
        "Real stories showed the cost of the gaps better than any benchmark could.",
        [1],
        [1],
    ),
    (
        ("Careers workshop for LGBT+ staff", "Development programme for LGBT+ talent"),
        "A three-session development programme for LGBT+ staff at junior grades, with senior "
        "sponsors.",
        "Twenty participants a year attend workshops on personal impact and networking, and "
        "each is matched with a senior sponsor for a year.",
        "Sponsorship opened doors that training alone could not. Eight of the first cohort "
        "have since been promoted.",
        [2, 5],
        [5],
    ),
    (
        ("Working with a local LGBT+ youth charity", "Volunteering days for LGBT+ charities"),
        "Staff use their volunteering days to mentor young people at a local LGBT+ charity.",
        "We agreed a partnership with the charity, checked safeguarding requirements with HR "
        "and advertised places through the network newsletter.",
        "Volunteering days already existed; giving people an easy, trusted place to use them "
        "did the rest.",
        [8],
        [9],
    ),
    (
        ("Trans awareness for security and reception staff", "Front-of-house trans inclusion"),
        "Security and reception teams, including contractors, were trained on trans inclusion.",
        "We worked with the facilities contract manager so contracted staff could attend, and "
        "added a short briefing to the contractor induction pack.",
        "Front-of-house staff are often the first people visitors meet. Including "
        "contractors closed a gap the index had pointed out.",
        [7, 9],
        [8, 10],
    ),
    (
        ("Annual LGBT+ staff survey", "Pulse survey for network members"),
        "A short annual survey of network members tells us what to focus on next year.",
        "Ten questions, open for two weeks, results shared with members and the executive "
        "sponsor within a month.",
        "Closing the loop quickly made members trust that answering was worth it; response "
        "rates have grown every year.",
        [6, 3],
        [7, 3],
    ),
    (
        ("Network committee succession plan", "Handing over the network chair"),
        "Every committee role has a deputy and a written handover, so the network survives "
        "people moving on.",
        "We wrote one-page role descriptions, recruited deputies for each role and run an open "
        "election every two years.",
        "Civil servants move jobs often. The plan kept the network running through three "
        "changes of chair.",
        [3],
        [3],
    ),
    (
        (
            "Intersectional events with other networks",
            "Joint events with race and disability networks",
        ),
        "Joint events with the race equality and disability networks explore where "
        "identities meet.",
        "Each network chose a speaker for a quarterly joint event, and we shared the cost and "
        "the organising.",
        "Joint events reached people who belong to more than one network and would otherwise "
        "have to choose.",
        [3, 10],
        [3, 10],
    ),
    (
        ("Inclusive language guide for communications", "Style guide for LGBT+ terms"),
        "The communications style guide now has a section on LGBT+ terms, agreed with the "
        "network.",
        "The network drafted the section, the communications team edited it for plain "
        "English, and it is reviewed every year.",
        "Writers wanted to get it right and had nowhere to check; now they do.",
        [9, 1],
        [10, 1],
    ),
    (
        ("Executive sponsor's all-staff blog", "Permanent secretary's Pride message"),
        "Our permanent secretary wrote a personal blog about why LGBT+ inclusion matters to them.",
        "The network briefed the permanent secretary, who wrote the blog in their own words "
        "and answered comments for a week.",
        "A personal message from the top carried more weight than a corporate statement, and "
        "the comments gave the network new volunteers.",
        [5],
        [4],
    ),
]


def minimal_pdf(title):
    text = title.replace("(", "").replace(")", "")[:60]
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode())
    out.write(f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def survey_csv(rng):
    rows = ["year,responses,declared_lgbt,felt_able_to_be_out"]
    for year in (2018, 2019, 2020):
        responses = rng.randint(400, 2000)
        rows.append(f"{year},{responses},{rng.randint(30, 140)},{rng.randint(55, 90)}%")
    return ("\n".join(rows) + "\n").encode()


def minimal_docx(title):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="xml" ContentType="application'
            '/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openx'
            'mlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxml'
            f'formats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{title}</w:t>'
            "</w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def _sections(round_name, numbers):
    return list(Section.objects.filter(criteria_round__name=round_name, number__in=numbers))


def _attach(entry, file_name, data, author):
    file_name, content_type = check_attachment(file_name, data)
    Attachment.objects.create(
        entry=entry,
        file_name=file_name,
        content_type=content_type,
        size=len(data),
        data=data,
        uploaded_by=author,
    )


def _status_for(index):
    # Mostly published, with every other state present.
    if index % 10 == 3:
        return Status.DRAFT
    if index % 15 == 7:
        return Status.SENT_BACK
    if index % 12 == 11:
        return Status.WITHDRAWN
    return Status.PUBLISHED


def load(rng):
    networks = list(Network.objects.select_related("organisation").order_by("slug"))
    if not networks:
        return
    editions = {edition.year: edition for edition in Edition.objects.all()}
    readers = list(User.objects.filter(is_active=True).order_by("email")[:40])
    base = timezone.make_aware(datetime.datetime(2024, 6, 1, 9, 0))
    index = 0
    for idea_number, (titles, summary, what, why, numbers_2018, numbers_2015) in enumerate(IDEAS):
        for variant, title in enumerate(titles):
            network = networks[(idea_number * 2 + variant * 7) % len(networks)]
            status = _status_for(index)
            older = variant == 1 and idea_number % 2 == 0
            current = variant == 0 and idea_number % 2 == 1
            if older:
                round_name, numbers = ROUND_2015, numbers_2015
                year = rng.choice([2016, 2017])
            elif current:
                round_name = ROUND_2022
                numbers = [number for number in numbers_2018 if number <= LAST_2022_THEME]
                year = rng.choice([2022, 2023, 2024])
            else:
                round_name, numbers = ROUND_2018, numbers_2018
                year = rng.choice([2018, 2019, 2020])
            published_at = base - datetime.timedelta(days=rng.randint(5, 200 if current else 900))
            helpful_count = rng.randint(0, min(12, len(readers)))
            index += 1
            if GoodPracticeEntry.objects.filter(title=title).exists():
                continue
            author = (
                User.objects.filter(memberships__network=network)
                .order_by("memberships__role", "email")
                .first()
            )
            body = (
                f"## What we did\n\n{what}\n\n## Why it worked\n\n{why}\n\n"
                "## What we would do differently\n\n"
                "- Start earlier, so the work is finished well before the submission deadline\n"
                "- Ask the network what they need before designing anything\n"
                "- Keep evidence as we go: dates, numbers and quotes\n\n"
                f"Contact {network.name} if you would like our templates."
            )
            entry = GoodPracticeEntry.objects.create(
                title=title,
                summary=summary,
                body=body,
                network=network,
                author=author,
                edition=editions.get(year),
                status=status,
                created_at=published_at - datetime.timedelta(days=14),
                published_at=published_at if status in GoodPracticeEntry.PUBLIC_STATUSES else None,
                withdrawn_at=(
                    published_at + datetime.timedelta(days=60)
                    if status == Status.WITHDRAWN
                    else None
                ),
                status_reason={
                    Status.SENT_BACK: "Please add the numbers from the evaluation and say "
                    "which grades took part.",
                    Status.WITHDRAWN: "This describes a policy that has since been replaced.",
                }.get(status, ""),
            )
            # Saving stamps today as "last changed": an entry of past years was last changed
            # when it was published (or withdrawn).
            GoodPracticeEntry.objects.filter(pk=entry.pk).update(
                updated_at=entry.withdrawn_at or entry.published_at or entry.created_at
            )
            entry.sections.set(_sections(round_name, numbers))
            if index % 3 == 0:
                _attach(entry, f"{network.slug}-evaluation.pdf", minimal_pdf(title), author)
            if index % 5 == 0:
                _attach(entry, "survey-results.csv", survey_csv(rng), author)
            if index % 8 == 0:
                _attach(entry, "template.docx", minimal_docx(title), author)
            if status == Status.PUBLISHED:
                for reader in readers[:helpful_count]:
                    HelpfulMark.objects.get_or_create(entry=entry, user=reader)
    _spectrum_examples()
    _guidance_documents(rng)


def _spectrum_examples():
    """Give the demo accounts' own network an entry in each state they act on."""
    network = Network.objects.filter(slug="mca-spectrum").first()
    if network is None:
        return
    member = (
        User.objects.filter(memberships__network=network, memberships__role=Membership.Role.MEMBER)
        .order_by("email")
        .first()
    )
    for title, status, reason in [
        ("Coffee roulette for new starters", Status.DRAFT, ""),
        (
            "Network newsletter that reaches every region",
            Status.SENT_BACK,
            "Say how many people read it and which regions replied.",
        ),
    ]:
        entry, created = GoodPracticeEntry.objects.get_or_create(
            title=title,
            defaults={
                "network": network,
                "author": member,
                "status": status,
                "status_reason": reason,
                "summary": "New starters are paired at random with a network member for a "
                "coffee in their first month."
                if status == Status.DRAFT
                else "A monthly newsletter written by members in every region.",
                "body": "## What we did\n\nWe asked volunteers to sign up and paired them "
                "each month.\n\n## Why it worked\n\nIt was small, friendly and easy to join.",
            },
        )
        if created:
            entry.sections.set(_sections(ROUND_2018, [2, 3]))


def _guidance_documents(rng):
    from guidance.documents import demo as documents_demo

    documents_demo.load(rng)
