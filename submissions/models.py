from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse


class CriteriaRound(models.Model):
    """A set of index criteria; they change about every three years.

    Comparing a section across editions is like-for-like only inside one round.
    """

    name = models.CharField(max_length=100, unique=True, help_text="For example 2018–2020.")
    first_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
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

    class Meta:
        ordering = ["criteria_round__first_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_round", "number"], name="section_number_unique_in_round"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name} ({self.criteria_round})"


class Edition(models.Model):
    """One year of the index, named by its results year."""

    year = models.PositiveSmallIntegerField(
        "results year",
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
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

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} index"

    def get_absolute_url(self):
        return reverse("submissions:edition_detail", kwargs={"year": self.year})
