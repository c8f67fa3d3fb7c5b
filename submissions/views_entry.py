from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from networks.models import Membership, Organisation
from submissions import history, services
from submissions.forms_entry import (
    AboutForm,
    CompleteForm,
    CopyForwardForm,
    DeleteForm,
    RecommendationForm,
    SectionResultForm,
    SharingForm,
    SubmissionCreateForm,
)
from submissions.models import (
    Edition,
    EditionSection,
    Recommendation,
    SectionResult,
    Submission,
)

SUBMISSIONS_PER_PAGE = 25
ACTIONS_PER_PAGE = 50

NOT_STARTED, IN_PROGRESS, COMPLETED = "Not started", "In progress", "Completed"


def _posted(request):
    # An empty POST still binds the form, so a confirmation with no fields can be submitted.
    return request.POST if request.method == "POST" else None


def _visible(request, pk):
    return get_object_or_404(
        Submission.objects.visible_to(request.user).select_related("organisation", "edition"),
        pk=pk,
    )


def _editable(request, pk):
    return get_object_or_404(
        Submission.objects.editable_by(request.user).select_related(
            "organisation", "edition__criteria_round"
        ),
        pk=pk,
    )


def _can_edit(user, submission):
    return user.is_project_team or user.leads_in(submission.organisation)


def _can_start(user):
    """Leads start their organisations' submissions; the project team anyone's."""
    return user.is_project_team or bool(user.organisation_ids(Membership.Role.LEAD))


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


@login_required
def submission_list(request):
    submissions = (
        Submission.objects.visible_to(request.user)
        .select_related("organisation", "edition")
        .order_by("-edition__year", "organisation__name")
    )
    page_obj = Paginator(submissions, SUBMISSIONS_PER_PAGE).get_page(request.GET.get("page"))
    can_start = _can_start(request.user)
    # The project team reaches each organisation's actions from its submissions instead.
    own_organisations = (
        Organisation.objects.none()
        if request.user.is_project_team
        else Organisation.objects.filter(pk__in=request.user.organisation_ids()).order_by("name")
    )
    return render(
        request,
        "submissions/entry/submission_list.html",
        {
            "page_obj": page_obj,
            "submissions": page_obj.object_list,
            "can_start": can_start,
            "own_organisations": own_organisations,
        },
    )


@login_required
def submission_create(request):
    if not _can_start(request.user):
        raise PermissionDenied
    organisations = Organisation.objects.editable_by(request.user).order_by("name")
    form = SubmissionCreateForm(_posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_create(
                organisation=form.cleaned_data["organisation"],
                edition=form.cleaned_data["edition"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Submission for the {submission.edition} started")
            return redirect(submission)
    return render(
        request,
        "submissions/entry/submission_create.html",
        {
            "form": form,
            "page_title": "Start a submission",
            "submit_label": "Start submission",
            "cancel_url": reverse("submissions:list"),
        },
    )


@login_required
def submission_detail(request, pk):
    submission = _visible(request, pk)
    recommendations = submission.recommendations.select_related("section")
    return render(
        request,
        "submissions/entry/submission_detail.html",
        {
            "submission": submission,
            "about_status": _about_status(submission),
            "sections": _sections(submission),
            "recommendations": recommendations,
            "can_edit": _can_edit(request.user, submission),
        },
    )


@login_required
def submission_about(request, pk):
    submission = _editable(request, pk)
    form = AboutForm(_posted(request), instance=submission)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "About the result has been saved")
        return redirect(submission)
    return render(
        request,
        "submissions/entry/submission_about.html",
        {
            "form": form,
            "submission": submission,
            "page_title": "About the result",
            "submit_label": "Save and continue",
            "cancel_url": submission.get_absolute_url(),
        },
    )


@login_required
def section_result(request, pk, number):
    submission = _editable(request, pk)
    maximum = get_object_or_404(
        EditionSection.objects.select_related("section"),
        edition_id=submission.edition_id,
        section__number=number,
    )
    section = maximum.section
    result = SectionResult.objects.filter(submission=submission, section=section).first()
    initial = {}
    if result is not None:
        initial = {
            "score": result.score,
            "comment": result.comment,
            "owner": result.owner,
            "completed": "yes" if result.completed else "no",
            "all_entrants_average": result.all_entrants_average,
            "sector_average": result.sector_average,
            "top_100_average": result.top_100_average,
        }
    form = SectionResultForm(_posted(request), initial=initial, maximum=maximum.maximum)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_result_save(
                submission=submission, section=section, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Section {section.number}, {section.name}, has been saved")
            return redirect(submission)
    return render(
        request,
        "submissions/entry/section_result.html",
        {
            "form": form,
            "submission": submission,
            "section": section,
            "maximum": maximum.maximum,
            "page_title": f"{section.number}. {section.name}",
            "submit_label": "Save and continue",
            "cancel_url": submission.get_absolute_url(),
        },
    )


@login_required
def submission_check(request, pk):
    submission = _editable(request, pk)
    form = CompleteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_complete(submission=submission)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "The submission has been marked complete")
            return redirect(submission)
    return render(
        request,
        "submissions/entry/submission_check.html",
        {
            "form": form,
            "submission": submission,
            "sections": _sections(submission),
            "problems": services.submission_problems(submission),
        },
    )


@login_required
def submission_sharing(request, pk):
    submission = _editable(request, pk)
    form = SharingForm(_posted(request), initial={"sharing": submission.sharing})
    if request.method == "POST" and form.is_valid():
        services.submission_set_sharing(
            submission=submission, sharing=form.cleaned_data["sharing"], user=request.user
        )
        messages.success(
            request, f"Sharing level changed to {submission.get_sharing_display().lower()}"
        )
        return redirect(submission)
    return render(
        request,
        "submissions/entry/submission_sharing.html",
        {
            "form": form,
            "submission": submission,
            "page_title": "Sharing level",
            "submit_label": "Save sharing level",
            "cancel_url": submission.get_absolute_url(),
        },
    )


@login_required
def submission_history(request, pk):
    submission = _editable(request, pk)
    return render(
        request,
        "submissions/entry/submission_history.html",
        {"submission": submission, "changes": history.submission_changes(submission)},
    )


def _recommendation_page(request, submission, form, recommendation=None):
    return render(
        request,
        "submissions/entry/recommendation_form.html",
        {
            "form": form,
            "submission": submission,
            "page_title": "Change a recommendation" if recommendation else "Add a recommendation",
            "submit_label": "Save recommendation",
            "cancel_url": submission.get_absolute_url(),
        },
    )


@login_required
def recommendation_add(request, pk):
    submission = _editable(request, pk)
    form = RecommendationForm(
        _posted(request),
        instance=Recommendation(submission=submission),
        submission=submission,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Recommendation added")
        return redirect(submission)
    return _recommendation_page(request, submission, form)


def _editable_recommendation(request, pk, recommendation_pk):
    submission = _editable(request, pk)
    recommendation = get_object_or_404(
        submission.recommendations.select_related("section"), pk=recommendation_pk
    )
    return submission, recommendation


@login_required
def recommendation_edit(request, pk, recommendation_pk):
    submission, recommendation = _editable_recommendation(request, pk, recommendation_pk)
    form = RecommendationForm(_posted(request), instance=recommendation, submission=submission)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Recommendation saved")
        return redirect(submission)
    return _recommendation_page(request, submission, form, recommendation)


@login_required
def recommendation_delete(request, pk, recommendation_pk):
    submission, recommendation = _editable_recommendation(request, pk, recommendation_pk)
    form = DeleteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        recommendation.delete()
        messages.success(request, "Recommendation deleted")
        return redirect(submission)
    return render(
        request,
        "submissions/entry/recommendation_delete.html",
        {"form": form, "submission": submission, "recommendation": recommendation},
    )


@login_required
def action_list(request, slug):
    user = request.user
    organisations = Organisation.objects.visible_to(user)
    if not user.is_project_team:
        organisations = organisations.filter(pk__in=user.organisation_ids())
    organisation = get_object_or_404(organisations, slug=slug)
    today = timezone.localdate()
    actions = (
        Recommendation.objects.filter(submission__organisation=organisation)
        .select_related("submission__edition", "section")
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
    overdue = sum(1 for action in page_obj.object_list if action.is_overdue)
    return render(
        request,
        "submissions/entry/action_list.html",
        {
            "organisation": organisation,
            "page_obj": page_obj,
            "actions": page_obj.object_list,
            "overdue": overdue,
        },
    )


def _later_editions(submission):
    return (
        Edition.objects.filter(year__gt=submission.edition.year)
        .exclude(submissions__organisation_id=submission.organisation_id)
        .order_by("year")
    )


@login_required
def copy_forward(request, pk):
    source = _editable(request, pk)
    editions = _later_editions(source)
    form = CopyForwardForm(
        _posted(request), editions=editions, initial={"edition": editions.first()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_copy_forward(
                source=source, edition=form.cleaned_data["edition"]
            )
        except ValidationError as error:
            form.add_error("edition", error.messages)
        else:
            messages.success(
                request,
                f"Submission for the {submission.edition} started from the {source.edition}",
            )
            return redirect(submission)
    return render(
        request,
        "submissions/entry/copy_forward.html",
        {
            "form": form,
            "submission": source,
            "has_editions": editions.exists(),
            "page_title": f"Start a later submission from the {source.edition}",
            "submit_label": "Start submission",
            "cancel_url": source.get_absolute_url(),
        },
    )


@login_required
def edition_detail(request, year):
    edition = get_object_or_404(Edition.objects.select_related("criteria_round"), year=year)
    maxima = edition.section_maxima.select_related("section").order_by("section__number")
    return render(
        request,
        "submissions/entry/edition_detail.html",
        {"edition": edition, "maxima": maxima, "problem": edition.maximums_problem()},
    )
