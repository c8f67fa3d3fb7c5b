"""What the dashboard shows a person about their own work, in a fixed number of queries.

Per role: this year's submission of each of their organisations and how many of its parts
are done, their organisations' overdue actions, good-practice drafts waiting for a lead to
publish them, and for the project team the portal-wide picture and good practice published
lately, which they moderate. Guidance news comes from the guidance app's own template tag.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from guidance.models import GoodPracticeEntry
from networks.models import Membership, Organisation
from submissions.models import Edition, Recommendation, Submission

# Good practice published this many days ago or less is listed for the project team to check.
MODERATION_DAYS = 30
DASHBOARD_ENTRIES = 10


@dataclass
class OrganisationWork:
    organisation: Organisation
    submission: Submission | None
    parts_done: int
    parts: int
    overdue: int
    is_lead: bool

    @property
    def ready_to_complete(self):
        """Every part is done and a lead of the organisation may mark it complete."""
        return (
            self.is_lead
            and self.submission is not None
            and self.submission.status == Submission.Status.DRAFT
            and self.parts_done == self.parts
        )


def _parts_done(submission):
    # "About the result" is done once the total and the rank are entered, as on the task list.
    about = submission.total_score is not None and submission.rank is not None
    return submission.sections_done + int(about)


def dashboard_work(*, user) -> dict:
    """The person's to-do list for the dashboard."""
    today = timezone.localdate()
    edition = Edition.objects.annotate(section_count=Count("section_maxima")).first()
    organisation_ids = user.organisation_ids()
    lead_network_ids = user.network_ids(Membership.Role.LEAD)
    lead_organisation_ids = user.organisation_ids(Membership.Role.LEAD)
    work = {"edition": edition, "organisations": [], "waiting_for_lead": [], "own_drafts": []}

    if organisation_ids:
        organisations = Organisation.objects.filter(pk__in=organisation_ids).order_by("name")
        submissions = {}
        if edition is not None:
            submissions = {
                submission.organisation_id: submission
                for submission in Submission.objects.filter(
                    organisation_id__in=organisation_ids, edition=edition
                ).annotate(sections_done=Count("results", filter=Q(results__completed=True)))
            }
        overdue = dict(
            Recommendation.objects.filter(
                submission__organisation_id__in=organisation_ids,
                status__in=Recommendation.OPEN_STATUSES,
                due_date__lt=today,
            )
            .values_list("submission__organisation_id")
            .annotate(count=Count("pk"))
        )
        parts = edition.section_count + 1 if edition is not None else 0
        for organisation in organisations:
            submission = submissions.get(organisation.pk)
            work["organisations"].append(
                OrganisationWork(
                    organisation=organisation,
                    submission=submission,
                    parts_done=_parts_done(submission) if submission else 0,
                    parts=parts,
                    overdue=overdue.get(organisation.pk, 0),
                    is_lead=organisation.pk in lead_organisation_ids,
                )
            )

    drafts = (
        GoodPracticeEntry.objects.filter(
            network_id__in=user.network_ids(),
            status__in=[GoodPracticeEntry.Status.DRAFT, GoodPracticeEntry.Status.SENT_BACK],
        )
        .select_related("network")
        .order_by("updated_at", "pk")
    )
    if user.network_ids():
        for entry in drafts:
            if entry.network_id in lead_network_ids and entry.status == entry.Status.DRAFT:
                work["waiting_for_lead"].append(entry)
            elif entry.author_id == user.pk:
                work["own_drafts"].append(entry)

    if user.has_perm("networks.view_all_organisations") and edition is not None:
        by_status = dict(
            Submission.objects.filter(edition=edition)
            .values_list("status")
            .annotate(count=Count("pk"))
        )
        work["portal_submissions"] = {
            "complete": by_status.get(Submission.Status.COMPLETE, 0),
            "draft": by_status.get(Submission.Status.DRAFT, 0),
        }
    if user.has_perm("guidance.moderate_entry"):
        since = timezone.now() - datetime.timedelta(days=MODERATION_DAYS)
        work["to_moderate"] = list(
            GoodPracticeEntry.objects.published()
            .filter(published_at__gte=since)
            .select_related("network__organisation")
            .order_by("-published_at", "-pk")[:DASHBOARD_ENTRIES]
        )
        work["moderation_days"] = MODERATION_DAYS
    return work
