from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, UpdateView

from networks.models import Organisation
from submissions import history, services
from submissions.compare.disclosure import sector_anonymity
from submissions.compare.statistics import minimum_organisations
from submissions.forms.entry import (
    AboutForm,
    ActionFilterForm,
    CopyForwardForm,
    RecommendationForm,
    SectionResultForm,
    SharingForm,
    SubmissionCreateForm,
)
from submissions.models import (
    Edition,
    EditionSection,
    ImportJob,
    Recommendation,
    SectionResult,
    Submission,
)
from weiportal.form_pages import (
    FormPageMixin,
    ObjectPermissionMixin,
    ParentObjectMixin,
    PermissionMixin,
)
from weiportal.forms import ConfirmForm
from weiportal.locking import LockedFormPageMixin

SUBMISSIONS_PER_PAGE = 25
ACTIONS_PER_PAGE = 50

NOT_STARTED, IN_PROGRESS, COMPLETED = "Not started", "In progress", "Completed"


def _about_status(submission):
    entered = [
        submission.total_score,
        submission.rank,
        submission.sector_rank,
        submission.sector_entrants,
        submission.date_submitted,
        submission.overall_feedback or None,
    ]
    if submission.award != Submission.Award.NONE:
        entered.append(submission.award)
    if submission.total_score is not None and submission.rank is not None:
        return COMPLETED
    return IN_PROGRESS if any(value is not None for value in entered) else NOT_STARTED


def _section_status(result):
    if result is None:
        return NOT_STARTED
    if result.completed:
        return COMPLETED
    if result.score is None and not result.comment:
        return NOT_STARTED
    return IN_PROGRESS


def _sections(submission):
    """The edition's sections with their maximum, result and status, in number order."""
    results = {result.section_id: result for result in submission.results.all()}
    rows = []
    for maximum in (
        EditionSection.objects.filter(edition_id=submission.edition_id)
        .select_related("section")
        .order_by("section__number")
    ):
        result = results.get(maximum.section_id)
        rows.append(
            {
                "section": maximum.section,
                "maximum": maximum.maximum,
                "result": result,
                "status": _section_status(result),
            }
        )
    return rows


RECENT_IMPORT_JOBS = 5


# The submissions list's sortable columns: (key, label, ordering); ties fall back to the
# newest index, then the organisation's name.
SUBMISSION_SORTS = [
    ("organisation", "Organisation", F("organisation__name").asc()),
    ("year", "Index", F("edition__year").asc()),
    ("status", "Status", F("status").asc()),
    ("sharing", "Sharing", F("sharing").asc()),
    ("total", "Total score", F("total_score").asc(nulls_last=True)),
    ("rank", "Rank", F("rank").asc(nulls_last=True)),
]
DEFAULT_SUBMISSION_SORT = "-year"


def _submission_ordering(sort):
    """The ordering for a sort key such as "rank" or "-total" (descending); None for a key
    that is not a column. Empty figures sort last either way."""
    descending = sort.startswith("-")
    for key, _label, expression in SUBMISSION_SORTS:
        if sort.lstrip("-") == key:
            if descending:
                expression = expression.expression.desc(nulls_last=True)
            return [expression, "-edition__year", "organisation__name", "pk"]
    return None


@login_required
def submission_list(request):
    user = request.user
    sort = request.GET.get("sort", DEFAULT_SUBMISSION_SORT)
    ordering = _submission_ordering(sort)
    if ordering is None:
        sort, ordering = DEFAULT_SUBMISSION_SORT, _submission_ordering(DEFAULT_SUBMISSION_SORT)
    submissions = (
        Submission.objects.visible_to(user)
        .select_related("organisation", "edition")
        .order_by(*ordering)
    )
    page_obj = Paginator(submissions, SUBMISSIONS_PER_PAGE).get_page(request.GET.get("page"))
    can_import = user.has_perm("submissions.import_results")
    return render(
        request,
        "submissions/entry/submission_list.html",
        {
            "page_obj": page_obj,
            "submissions": page_obj.object_list,
            "sort": sort,
            "columns": [(key, label) for key, label, _ in SUBMISSION_SORTS],
            "can_start": user.has_perm("submissions.start_submission"),
            "can_import": can_import,
            # A person's latest background imports, to come back to.
            "import_jobs": ImportJob.objects.visible_to(user).only(
                "pk", "filename", "status", "created_at"
            )[:RECENT_IMPORT_JOBS]
            if can_import
            else [],
            # The project team reaches each organisation's actions from its submissions.
            "own_organisations": Organisation.objects.none()
            if user.has_perm("networks.view_all_organisations")
            else Organisation.objects.of_member(user).order_by("name"),
        },
    )


class SubmissionCreate(PermissionMixin, FormPageMixin, FormView):
    permission_required = "submissions.start_submission"
    form_class = SubmissionCreateForm
    template_name = "submissions/entry/submission_create.html"
    page_title = "Start a submission"
    submit_label = "Start submission"
    success_message = "Submission for the {saved.edition} started"

    def get_form_kwargs(self):
        organisations = Submission.objects.organisations_startable_by(self.request.user)
        return super().get_form_kwargs() | {"organisations": organisations.order_by("name")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_editions"] = context["form"].fields["edition"].queryset.exists()
        return context

    def get_return_url(self):
        return reverse("submissions:list")

    def get_success_url(self):
        return self.saved.get_absolute_url()

    def save(self, form):
        return services.submission_create(
            organisation=form.cleaned_data["organisation"], edition=form.cleaned_data["edition"]
        )


@login_required
def submission_detail(request, pk):
    user = request.user
    submission = get_object_or_404(
        Submission.objects.visible_to(user).select_related("organisation", "edition"), pk=pk
    )
    shown = Recommendation.objects.shown_on(submission).select_related(
        "section", "submission__edition"
    )
    recommendations, carried = [], []
    for action in shown:
        (recommendations if action.submission_id == submission.pk else carried).append(action)
    return render(
        request,
        "submissions/entry/submission_detail.html",
        {
            "submission": submission,
            "about_status": _about_status(submission),
            "sections": _sections(submission),
            "recommendations": recommendations,
            "carried": carried,
            "can_edit": user.has_perm("submissions.change_submission", submission),
            "can_complete": user.has_perm("submissions.complete_submission", submission),
            "can_copy": user.has_perm("submissions.copy_submission", submission),
            "can_change_sharing": user.has_perm("submissions.change_sharing", submission),
        },
    )


class SubmissionPageMixin(ObjectPermissionMixin, FormPageMixin):
    """A form page about one submission the person may enter data for."""

    permission_required = "submissions.change_submission"
    pk_url_kwarg = "pk"
    submit_label = "Save and continue"

    def get_queryset(self):
        return Submission.objects.editable_by(self.request.user).select_related(
            "organisation", "edition__criteria_round"
        )

    @property
    def from_check(self):
        """Reached by "Change" on check answers, so saving returns there."""
        return self.request.GET.get("return") == "check"

    def get_return_url(self):
        if self.from_check:
            return reverse("submissions:check", kwargs={"pk": self.object.pk})
        return super().get_return_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.from_check:
            context["back_url"] = self.get_return_url()
            context["back_label"] = "Back to check your answers"
        return context


class SubmissionAbout(LockedFormPageMixin, SubmissionPageMixin, UpdateView):
    form_class = AboutForm
    template_name = "submissions/entry/submission_about.html"
    page_title = "About the result"
    success_message = "About the result has been saved"

    def save(self, form):
        return services.submission_about_save(submission=self.object, **form.cleaned_data)


class SectionResultEdit(LockedFormPageMixin, SubmissionPageMixin, FormView):
    template_name = "submissions/entry/section_result.html"
    form_class = SectionResultForm

    @cached_property
    def maximum(self):
        """The section's maximum marks in the submission's edition, with the section."""
        return get_object_or_404(
            EditionSection.objects.select_related("section"),
            edition_id=self.object.edition_id,
            section__number=self.kwargs["number"],
        )

    @property
    def section(self):
        return self.maximum.section

    def get_page_title(self):
        return f"{self.section.number}. {self.section.name}"

    @cached_property
    def result(self):
        return (
            SectionResult.objects.filter(submission=self.object, section=self.section)
            .select_related("submission", "section")
            .first()
        )

    def get_initial(self):
        result = self.result
        if result is None:
            return {"lock_version": 0}
        return {
            "lock_version": result.lock_version,
            "score": result.score,
            "comment": result.comment,
            "owner": result.owner,
            "answer": result.answer,
            "completed": "yes" if result.completed else "no",
            "all_entrants_average": result.all_entrants_average,
            "sector_average": result.sector_average,
            "top_100_average": result.top_100_average,
        }

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"maximum": self.maximum.maximum}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section=self.section,
            maximum=self.maximum.maximum,
            result=self.result,
            **kwargs,
        )

    def save(self, form):
        return services.section_result_save(
            submission=self.object, section=self.section, **form.cleaned_data
        )

    def get_success_message(self):
        return f"Section {self.section.number}, {self.section.name}, has been saved"


class SubmissionCheck(SubmissionPageMixin, FormView):
    """Check the answers, and mark the submission complete: for leads."""

    permission_required = "submissions.complete_submission"
    form_class = ConfirmForm
    template_name = "submissions/entry/submission_check.html"
    success_message = "The submission has been marked complete"

    def get_queryset(self):
        return super().get_queryset().managed_by(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sections=_sections(self.object),
            problems=services.submission_problems(self.object),
            **kwargs,
        )

    def save(self, form):
        return services.submission_complete(submission=self.object)


class SubmissionSharing(SubmissionPageMixin, FormView):
    """The sharing level: chosen by the organisation's own leads alone."""

    permission_required = "submissions.change_sharing"
    form_class = SharingForm
    template_name = "submissions/entry/submission_sharing.html"
    page_title = "Sharing level"
    submit_label = "Save sharing level"

    def get_queryset(self):
        return super().get_queryset().sharing_editable_by(self.request.user)

    def get_initial(self):
        return {"sharing": self.object.sharing}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sector=sector_anonymity(self.object.organisation),
            minimum_organisations=minimum_organisations(),
            **kwargs,
        )

    def save(self, form):
        return services.submission_set_sharing(
            submission=self.object, sharing=form.cleaned_data["sharing"], user=self.request.user
        )

    def get_success_message(self):
        return f"Sharing level changed to {self.object.get_sharing_display().lower()}"


@login_required
def submission_history(request, pk):
    submission = get_object_or_404(
        Submission.objects.editable_by(request.user).select_related("organisation", "edition"),
        pk=pk,
    )
    return render(
        request,
        "submissions/entry/submission_history.html",
        {"submission": submission, "changes": history.submission_changes(submission)},
    )


class RecommendationAdd(SubmissionPageMixin, FormView):
    form_class = RecommendationForm
    template_name = "submissions/entry/recommendation_form.html"
    page_title = "Add a recommendation"
    submit_label = "Save recommendation"
    success_message = "Recommendation added"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "instance": Recommendation(submission=self.object),
            "submission": self.object,
        }


class RecommendationPageMixin(ParentObjectMixin, SubmissionPageMixin):
    """A page about one recommendation of a submission the person may enter data for."""

    pk_url_kwarg = "recommendation_pk"
    context_object_name = "recommendation"
    parent_name = "submission"

    def get_queryset(self):
        submissions = super().get_queryset().filter(pk=self.kwargs["pk"])
        return Recommendation.objects.filter(submission__in=submissions).select_related(
            "submission__organisation", "submission__edition__criteria_round", "section"
        )


class RecommendationEdit(LockedFormPageMixin, RecommendationPageMixin, UpdateView):
    form_class = RecommendationForm
    template_name = "submissions/entry/recommendation_form.html"
    page_title = "Change a recommendation"
    submit_label = "Save recommendation"
    success_message = "Recommendation saved"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"submission": self.object.submission}

    def save(self, form):
        return services.recommendation_update(recommendation=self.object, **form.cleaned_data)


class RecommendationDelete(RecommendationPageMixin, FormView):
    form_class = ConfirmForm
    template_name = "submissions/entry/recommendation_delete.html"
    success_message = "Recommendation deleted"

    def save(self, form):
        return self.object.delete()


@login_required
def action_list(request, slug):
    user = request.user
    organisation = get_object_or_404(Organisation.objects.private_data_visible_to(user), slug=slug)
    today = timezone.localdate()
    submissions = organisation.submissions.select_related("edition").order_by("-edition__year")
    years = [submission.edition.year for submission in submissions]
    form = ActionFilterForm(request.GET or None, years=years)
    all_actions = Recommendation.objects.filter(submission__organisation=organisation)
    actions = (
        form.filter(all_actions)
        .select_related("submission__edition", "section")
        .prefetch_related(
            Prefetch(
                "carried_into",
                queryset=Submission.objects.select_related("edition").order_by("edition__year"),
            )
        )
        .annotate(
            overdue_first=Case(
                When(
                    status__in=Recommendation.OPEN_STATUSES,
                    due_date__lt=today,
                    then=Value(0),
                ),
                When(status__in=Recommendation.OPEN_STATUSES, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("overdue_first", "due_date", "-submission__edition__year", "pk")
    )
    page_obj = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    overdue = all_actions.filter(
        status__in=Recommendation.OPEN_STATUSES, due_date__lt=today
    ).count()
    # Every submission of one organisation answers "may change" alike; ask one of them.
    first = next(iter(submissions), None)
    return render(
        request,
        "submissions/entry/action_list.html",
        {
            "organisation": organisation,
            "form": form,
            "filtered": form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
            "page_obj": page_obj,
            "actions": page_obj.object_list,
            "overdue": overdue,
            "can_edit": first is not None
            and user.has_perm("submissions.change_submission", first),
        },
    )


def _later_editions(submission):
    return (
        Edition.objects.filter(year__gt=submission.edition.year)
        .exclude(submissions__organisation_id=submission.organisation_id)
        .order_by("year")
    )


class CopyForward(SubmissionPageMixin, FormView):
    """Start a later edition's submission from this one: for leads."""

    permission_required = "submissions.copy_submission"
    form_class = CopyForwardForm
    template_name = "submissions/entry/copy_forward.html"
    page_title = "Start a later submission from the {object.edition}"
    submit_label = "Start submission"
    error_field = "edition"

    def get_queryset(self):
        return super().get_queryset().managed_by(self.request.user)

    @cached_property
    def editions(self):
        return _later_editions(self.object)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"editions": self.editions}

    def get_initial(self):
        return {"edition": self.editions.first()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(has_editions=self.editions.exists(), **kwargs)

    def get_success_url(self):
        return self.saved.get_absolute_url()

    def save(self, form):
        return services.submission_copy_forward(
            source=self.object, edition=form.cleaned_data["edition"]
        )

    def get_success_message(self):
        return f"Submission for the {self.saved.edition} started from the {self.object.edition}"


@login_required
def edition_detail(request, year):
    edition = get_object_or_404(Edition.objects.select_related("criteria_round"), year=year)
    maxima = edition.section_maxima.select_related("section").order_by("section__number")
    return render(
        request,
        "submissions/entry/edition_detail.html",
        {"edition": edition, "maxima": maxima, "problem": edition.maximums_problem()},
    )
