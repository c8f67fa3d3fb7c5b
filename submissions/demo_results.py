"""Demo submissions with invented scores, for every demo organisation in most editions.

Scores stay within each edition's section maximums and totals are their sums. Most
organisations share by name, some anonymously, some keep their results private; the demo
lead's Ministry of Civic Affairs shares every edition by name, so its profile has averages.
Loading twice changes nothing: existing submissions are left alone.
"""

from collections import defaultdict
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from networks.models import Organisation
from submissions.models import Edition, SectionResult, Submission

DEMO_LEAD_ORGANISATION = "ministry-of-civic-affairs"
HALF = Decimal("0.5")


def _score(rng, maximum, strength):
    fraction = min(max(strength + rng.gauss(0, 0.15), 0.0), 1.0)
    # Stonewall marks in halves.
    return (Decimal(maximum) * Decimal(str(round(fraction, 3))) / HALF).to_integral_value() * HALF


def _sharing(rng, organisation):
    if organisation.slug == DEMO_LEAD_ORGANISATION:
        return Submission.Sharing.NAMED
    return rng.choices(
        [Submission.Sharing.NAMED, Submission.Sharing.ANONYMOUS, Submission.Sharing.PRIVATE],
        weights=[6, 2, 2],
    )[0]


def _award(year, rank, percentage):
    if year < 2022:
        return Submission.Award.TOP_100 if rank <= 100 else Submission.Award.NONE
    if percentage >= 75:
        return Submission.Award.GOLD
    if percentage >= 60:
        return Submission.Award.SILVER
    if percentage >= 45:
        return Submission.Award.BRONZE
    return Submission.Award.NONE


def load_results(rng):
    organisations = list(Organisation.objects.order_by("slug"))
    strengths = {organisation.pk: rng.uniform(0.3, 0.85) for organisation in organisations}
    existing = set(Submission.objects.values_list("organisation_id", "edition_id"))
    for edition in Edition.objects.order_by("year").prefetch_related("section_maxima"):
        maxima = list(edition.section_maxima.all())
        entries = []
        for organisation in organisations:
            taking_part = organisation.slug == DEMO_LEAD_ORGANISATION or rng.random() < 0.85
            if not taking_part or (organisation.pk, edition.pk) in existing:
                continue
            strength = strengths[organisation.pk] + (edition.year - 2016) * 0.01
            scores = [(item.section_id, _score(rng, item.maximum, strength)) for item in maxima]
            entries.append((organisation, scores))
        if not entries:
            continue
        totals = sorted(
            (sum(score for _section, score in scores) for _organisation, scores in entries),
            reverse=True,
        )
        sector_totals = defaultdict(list)
        for organisation, scores in entries:
            sector_totals[organisation.sector].append(sum(score for _section, score in scores))
        submissions = []
        for organisation, scores in entries:
            total = sum(score for _section, score in scores)
            # Spread the demo entrants' ranks across the whole field of entrants.
            position = totals.index(total)
            rank = max(1, min(edition.entrants, round((position + 0.5) * edition.entrants / 60)))
            sector = sorted(sector_totals[organisation.sector], reverse=True)
            submission = Submission(
                organisation=organisation,
                edition=edition,
                total_score=total,
                rank=rank,
                sector_rank=sector.index(total) + 1,
                sector_entrants=len(sector),
                award=_award(edition.year, rank, total * 100 / edition.maximum_total),
                status=Submission.Status.COMPLETE,
                sharing=_sharing(rng, organisation),
                date_submitted=edition.submission_deadline,
            )
            submission.full_clean(exclude=["sharing_changed_by"])
            submissions.append((submission, scores))
        created = bulk_create_with_history(
            [submission for submission, _ in submissions], Submission
        )
        if any(submission.pk is None for submission in created):
            created = list(
                Submission.objects.filter(
                    edition=edition,
                    organisation__in=[submission.organisation for submission in created],
                )
            )
        by_organisation = {submission.organisation_id: submission for submission in created}
        bulk_create_with_history(
            [
                SectionResult(
                    submission=by_organisation[submission.organisation_id],
                    section_id=section_id,
                    score=score,
                    completed=True,
                )
                for submission, scores in submissions
                for section_id, score in scores
            ],
            SectionResult,
        )
