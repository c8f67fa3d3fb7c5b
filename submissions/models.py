import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from networks.models import Membership, Organisation
from submissions.limits import (
    ACTION_OWNER_MAX_LENGTH,
    ANSWER_MAX_LENGTH,
    FIRST_YEAR,
    LAST_YEAR,
    MEDALS_FROM_YEAR,
    RECOMMENDATION_MAX_LENGTH,
    SCORE_DECIMAL_PLACES,
    SCORE_MAX_DIGITS,
)

LEAD = Membership.Role.LEAD


def plain(number):
    """A number as a person writes it: 20 rather than 20.00, 7.5 rather than 7.50, and
    nothing for None."""
    if number is None:
        return ""
    if isinstance(number, Decimal):
        return f"{number.normalize():f}"
    return str(number)


SECTOR_RANK_MESSAGE = "Sector rank must be no more than the number of entrants in the sector"


def total_below_sections_message(sections_sum):
    return f"Total score must be at least the sum of the section scores ({plain(sections_sum)})"


class CriteriaRound(models.Model):
    """A set of index criteria; they change about every three years.

    Comparing a section across editions is like-for-like only inside one round.
    """

    name = models.CharField(max_length=100, unique=True, help_text="For example 2018–2020.")
    first_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    last_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text="Leave empty while the round is current.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                name="criteria_round_years_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.pk is None or self.first_year is None:
            return
        # Sections continue sections of earlier rounds only: moving a round's years must keep
        # it so.
        links = Section.objects.filter(
            Q(criteria_round=self, continues__criteria_round__first_year__gte=self.first_year)
            | Q(continues__criteria_round=self, criteria_round__first_year__lte=self.first_year)
        )
        if links.exists():
            raise ValidationError(
                {
                    "first_year": "Enter a first year that keeps the sections this round "
                    "continues in earlier rounds, and those that continue it in later ones"
                }
            )


class Section(models.Model):
    """One part of a criteria round. Maximum marks are set per edition, not here."""

    criteria_round = models.ForeignKey(
        CriteriaRound, on_delete=models.PROTECT, related_name="sections"
    )
    number = models.PositiveSmallIntegerField(
        help_text="The section's number in its round; used by the results spreadsheet."
    )
    name = models.CharField(max_length=200)
    is_cross_cutting = models.BooleanField(
        "cross-cutting",
        default=False,
        help_text="Outside a department's control, for example procurement.",
    )
    description = models.TextField(blank=True)
    continues = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name="continues",
        help_text="The section of an earlier criteria round that this section carries on, if "
        "any. Trends cross a change of criteria only along this link, and good practice for "
        "the earlier section shows beside this one. Never inferred from names.",
    )

    class Meta:
        ordering = ["criteria_round__first_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_round", "number"], name="section_number_unique_in_round"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name} ({self.criteria_round})"

    def clean(self):
        super().clean()
        if self.continues_id is None:
            return
        try:
            # A section added with its round (an admin inline) has the round but no id yet.
            criteria_round = self.criteria_round
        except CriteriaRound.DoesNotExist:
            return
        if self.continues_id == self.pk or (
            self.continues.criteria_round.first_year >= criteria_round.first_year
        ):
            raise ValidationError({"continues": "Choose a section from an earlier criteria round"})


class EditionQuerySet(models.QuerySet):
    def open_to(self, organisations):
        """Editions in which at least one of the organisations has no submission yet."""
        count = organisations.count()
        return self.annotate(
            started=models.Count(
                "submissions", filter=Q(submissions__organisation__in=organisations)
            )
        ).filter(started__lt=count)


class Edition(models.Model):
    """One year of the index, named by its results year."""

    year = models.PositiveSmallIntegerField(
        "results year",
        unique=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text="The year the results were published, for example 2019.",
    )
    criteria_round = models.ForeignKey(
        CriteriaRound, on_delete=models.PROTECT, related_name="editions"
    )
    submission_deadline = models.DateField(
        null=True, blank=True, help_text="The 2017 index had a deadline of 2 September 2016."
    )
    entrants = models.PositiveIntegerField(
        "number of entrants", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    maximum_total = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="The most marks an entry could get, for example 200.",
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} index"

    def award_choices(self):
        """The awards or lists this edition gave, then none: the Top 100 up to 2020,
        Gold, Silver and Bronze from 2022."""
        Award = Submission.Award
        if self.year >= MEDALS_FROM_YEAR:
            return [
                (Award.GOLD, "Gold"),
                (Award.SILVER, "Silver"),
                (Award.BRONZE, "Bronze"),
                (Award.NONE, "No award"),
            ]
        return [(Award.TOP_100, "Top 100"), (Award.NONE, "Not in the Top 100")]

    def sections_total(self):
        """The sum of this edition's section maximums (None when none are entered)."""
        return self.section_maxima.aggregate(total=Sum("maximum"))["total"]

    def maximums_problem(self):
        """A sentence saying why the section maximums do not add up, or an empty string."""
        total = self.sections_total()
        if total is None:
            return "No section maximums are entered for this edition."
        if total != self.maximum_total:
            return (
                f"The section maximums add up to {total}, "
                f"but the edition's maximum total is {self.maximum_total}."
            )
        return ""


class EditionSection(models.Model):
    """A section's maximum marks (and weight) in one edition, entered by admins.

    Few maximums are public, so they are data, never constants; an edition's section maximums
    must add up to its total.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="section_maxima")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="edition_maxima")
    maximum = models.DecimalField(
        "maximum marks",
        max_digits=SCORE_MAX_DIGITS,
        decimal_places=SCORE_DECIMAL_PLACES,
        validators=[MinValueValidator(0)],
    )
    weight = models.DecimalField(
        "weight (% of total)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["edition", "section__number"]
        verbose_name = "section maximum"
        constraints = [
            models.UniqueConstraint(fields=["edition", "section"], name="edition_section_unique"),
        ]

    def __str__(self):
        return f"{self.section.name} in {self.edition}: {self.maximum}"

    def clean(self):
        super().clean()
        if (
            self.edition_id
            and self.section_id
            and self.section.criteria_round_id != self.edition.criteria_round_id
        ):
            raise ValidationError(
                {"section": "Choose a section from the edition's criteria round"}
            )


class SubmissionQuerySet(models.QuerySet):
    """Which submissions a person may open or change. submissions/rules.py holds the same
    rules for one submission at a time; a test checks that the two agree."""

    def _of_own_organisations(self, user, role=None):
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation_id__in=user.organisation_ids(role))

    def visible_to(self, user):
        """Submissions a person may open: their own organisations', or every one with
        ``networks.view_all_organisations``.

        Other organisations' shared figures reach people only through the comparison read
        models (``submissions.compare``), which apply the sharing rules.
        """
        if user.has_perm("networks.view_all_organisations"):
            return self
        return self._of_own_organisations(user)

    def editable_by(self, user):
        """Submissions whose data a person may enter: their own organisations' (members draft
        them too), or every one with ``submissions.change_any_submission``."""
        if user.has_perm("submissions.change_any_submission"):
            return self
        return self._of_own_organisations(user)

    def managed_by(self, user):
        """Submissions a person may mark complete or copy forward: those of the organisations
        whose networks they lead, or every one with ``submissions.change_any_submission``."""
        if user.has_perm("submissions.change_any_submission"):
            return self
        return self._of_own_organisations(user, LEAD)

    def sharing_editable_by(self, user):
        """Submissions whose sharing level a person may change: only the organisation's own
        leads choose it, never the project team, nor an admin in the portal's pages."""
        return self._of_own_organisations(user, LEAD)

    def shared(self):
        """Submissions shared with other organisations, by name or anonymously."""
        return self.exclude(sharing=Submission.Sharing.PRIVATE)

    # The organisations' side of the same rules.

    def organisations_startable_by(self, user):
        """Organisations a person may start and enter submissions for: their own, or every
        one with ``submissions.change_any_submission``."""
        if user.has_perm("submissions.change_any_submission"):
            return Organisation.objects.all()
        return Organisation.objects.of_member(user)

    def organisations_importable_by(self, user):
        """Organisations a person may import results for: those whose networks they lead, or
        every one with ``submissions.import_any_organisation``."""
        if user.has_perm("submissions.import_any_organisation"):
            return Organisation.objects.all()
        return Organisation.objects.of_member(user, LEAD)


class Submission(models.Model):
    """One organisation's entry in one edition, with Stonewall's overall feedback."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETE = "complete", "Complete"

    class Sharing(models.TextChoices):
        PRIVATE = "private", "Private"
        ANONYMOUS = "anonymous", "Shared anonymously"
        NAMED = "named", "Shared by name"

    class Award(models.TextChoices):
        NONE = "none", "None"
        TOP_100 = "top_100", "Top 100"
        GOLD = "gold", "Gold"
        SILVER = "silver", "Silver"
        BRONZE = "bronze", "Bronze"

    organisation = models.ForeignKey(
        "networks.Organisation", on_delete=models.PROTECT, related_name="submissions"
    )
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="submissions")
    total_score = models.DecimalField(
        max_digits=SCORE_MAX_DIGITS,
        decimal_places=SCORE_DECIMAL_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    rank = models.PositiveIntegerField(
        "overall rank", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    sector_rank = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )
    sector_entrants = models.PositiveIntegerField(
        "entrants in the sector", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    award = models.CharField(max_length=10, choices=Award.choices, default=Award.NONE)
    overall_feedback = models.TextField("Stonewall's overall feedback", blank=True)
    date_submitted = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    sharing = models.CharField(
        "sharing level", max_length=10, choices=Sharing.choices, default=Sharing.PRIVATE
    )
    sharing_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sharing_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Goes up with every change made through the portal, so a form opened before someone
    # else's change is refused instead of overwriting it (weiportal.locking).
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = SubmissionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        ordering = ["organisation__name", "-edition__year"]
        permissions = [
            ("change_any_submission", "Can correct any organisation's submissions"),
            ("import_any_organisation", "Can import results for any organisation"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "edition"], name="submission_one_per_edition"
            ),
            models.CheckConstraint(
                condition=Q(sector_rank__isnull=True)
                | Q(sector_entrants__isnull=True)
                | Q(sector_rank__lte=models.F("sector_entrants")),
                name="submission_sector_rank_within_sector",
            ),
            models.CheckConstraint(
                condition=Q(total_score__isnull=True) | Q(total_score__gte=0),
                name="submission_total_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.organisation.short_name} – {self.edition.year}"

    def get_absolute_url(self):
        return reverse("submissions:detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = {}
        if self.edition_id:
            edition = self.edition
            if self.total_score is not None and self.total_score > edition.maximum_total:
                errors["total_score"] = (
                    f"Enter a total score between 0 and {edition.maximum_total}"
                )
            if self.rank is not None and edition.entrants and self.rank > edition.entrants:
                errors["rank"] = f"Enter a rank between 1 and {edition.entrants}"
        if (
            self.sector_rank is not None
            and self.sector_entrants is not None
            and self.sector_rank > self.sector_entrants
        ):
            errors["sector_rank"] = SECTOR_RANK_MESSAGE
        if self.pk and self.total_score is not None:
            sections_sum = self.sections_sum()
            if sections_sum is not None and self.total_score < sections_sum:
                errors["total_score"] = total_below_sections_message(sections_sum)
        if errors:
            raise ValidationError(errors)

    def sections_sum(self):
        return self.results.aggregate(total=Sum("score"))["total"]


class SectionResult(models.Model):
    """A submission's score in one section, with Stonewall's comment, who owns the answer and
    the answer itself. Which standard-response revision an answer used is guidance's record
    (``guidance.AnswerSource``), since guidance sits above submissions."""

    class Owner(models.TextChoices):
        NETWORK = "network", "Staff network"
        HR = "hr", "HR"
        CENTRAL = "central", "Central team"
        OTHER = "other", "Other"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="results")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="results")
    score = models.DecimalField(
        max_digits=SCORE_MAX_DIGITS,
        decimal_places=SCORE_DECIMAL_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    comment = models.TextField("Stonewall's comment", blank=True)
    owner = models.CharField(
        "who owns the answer", max_length=10, choices=Owner.choices, blank=True
    )
    answer = models.TextField(
        "your answer",
        max_length=ANSWER_MAX_LENGTH,
        blank=True,
        help_text="The text your organisation submitted for this section, as plain text.",
    )
    completed = models.BooleanField(default=False)
    # Stonewall's own averages from the feedback report, where given.
    all_entrants_average = models.DecimalField(
        "average of all entrants",
        max_digits=SCORE_MAX_DIGITS,
        decimal_places=SCORE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    sector_average = models.DecimalField(
        "average of the sector",
        max_digits=SCORE_MAX_DIGITS,
        decimal_places=SCORE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    top_100_average = models.DecimalField(
        "average of the Top 100",
        max_digits=SCORE_MAX_DIGITS,
        decimal_places=SCORE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    # As the submission's (weiportal.locking).
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        ordering = ["submission", "section__number"]
        indexes = [
            # The few results answered in the organisation's own words, by submission: which
            # organisations answered anything in an edition is read without a scan of every
            # result (most have no answer).
            models.Index(
                fields=["submission"], condition=~Q(answer=""), name="section_result_answered"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "section"], name="section_result_unique"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0),
                name="section_result_score_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.submission}: {self.section.name}"

    def maximum(self):
        maximum = (
            EditionSection.objects.filter(
                edition_id=self.submission.edition_id, section_id=self.section_id
            )
            .values_list("maximum", flat=True)
            .first()
        )
        return maximum

    def clean(self):
        super().clean()
        if not (self.submission_id and self.section_id):
            return
        if self.section.criteria_round_id != self.submission.edition.criteria_round_id:
            raise ValidationError({"section": "Choose a section from the edition's round"})
        if self.score is not None:
            maximum = self.maximum()
            if maximum is not None and not (Decimal(0) <= self.score <= maximum):
                raise ValidationError({"score": f"Enter a score between 0 and {maximum}"})


class RecommendationQuerySet(models.QuerySet):
    def shown_on(self, submission):
        """A submission's own recommendations and the open actions carried forward into it:
        one record each, however many years it is carried."""
        carried = Recommendation.carried_into.through.objects.filter(submission_id=submission.pk)
        return self.filter(
            Q(submission_id=submission.pk) | Q(pk__in=carried.values("recommendation_id"))
        )


class Recommendation(models.Model):
    """A recommendation or priority from the feedback, tracked as an action.

    It belongs to the submission whose feedback gave it. Copying a submission forward carries
    its open actions into the later one (``carried_into``): the same record, shown on both
    years, never a copy.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        ALREADY_IN_PLACE = "already_in_place", "Already in place"

    OPEN_STATUSES = [Status.OPEN, Status.IN_PROGRESS]

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="recommendations"
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        help_text="Leave empty for a recommendation about the whole entry.",
    )
    text = models.TextField("recommendation", max_length=RECOMMENDATION_MAX_LENGTH)
    action_owner = models.CharField(
        "action owner",
        max_length=ACTION_OWNER_MAX_LENGTH,
        blank=True,
        help_text="A person, team or role.",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    carried_into = models.ManyToManyField(
        Submission,
        blank=True,
        related_name="carried_recommendations",
        verbose_name="carried forward into",
        help_text="Later submissions of the same organisation this open action is carried into.",
    )
    # As the submission's (weiportal.locking).
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def is_overdue(self):
        return (
            self.status in self.OPEN_STATUSES
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person's own imports: the file and its outcome are theirs alone."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def active(self):
        """Imports waiting or running. One whose worker stopped without a word stops counting
        after ``WEI_IMPORT_STALE_MINUTES``, so it cannot block an organisation for ever."""
        stale = timezone.now() - datetime.timedelta(minutes=settings.IMPORT_STALE_MINUTES)
        return self.filter(
            status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING], created_at__gte=stale
        )


class ImportJob(models.Model):
    """A results file imported in the background, with its progress and outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being processed"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    organisations = models.ManyToManyField(Organisation, related_name="import_jobs")
    filename = models.CharField(max_length=255)
    # The checked file, compressed, until the import has run.
    data = models.BinaryField(editable=False)
    rows = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # What was imported (counts and organisations), or what stopped it (an error or problems).
    outcome = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("submissions:import_job", kwargs={"pk": self.pk})

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
