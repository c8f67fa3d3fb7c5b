import base64
import zlib

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from networks.models import Organisation
from submissions.forms_imports import ResultsUploadForm
from submissions.imports import (
    ResultsFileError,
    ResultsImportError,
    can_import,
    import_scope,
    results_export,
    results_import,
    results_plan,
)

# The checked file waits in the (database-backed) session between the upload and the
# confirmation, so any worker can finish the import.
PENDING_KEY = "results_import_pending"
DONE_KEY = "results_import_done"


def _importer(request):
    if not can_import(request.user):
        raise Http404
    return request.user


def _upload_page(request, form, problems=()):
    return render(
        request,
        "submissions/imports/upload.html",
        {
            "form": form,
            "problems": problems,
            "page_title": "Import results",
            "submit_label": "Check the file",
            "export_organisations": Organisation.objects.editable_by(request.user).order_by(
                "name"
            ),
        },
    )


def _problems_form(problems):
    form = ResultsUploadForm(data={}, files={})
    form.is_valid()
    form.errors["file"] = form.error_class(
        [
            f"The selected file has {len(problems)} "
            f"problem{'s' if len(problems) != 1 else ''}: correct "
            f"{'them' if len(problems) != 1 else 'it'} and upload the file again"
        ]
    )
    return form


@login_required
@require_http_methods(["GET", "POST"])
def results_upload(request):
    user = _importer(request)
    if request.method == "POST":
        form = ResultsUploadForm(request.POST, request.FILES)
    else:
        form = ResultsUploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            plan = results_plan(
                data=data, filename=upload.name, organisation_scope=import_scope(user)
            )
        except ResultsFileError as error:
            form.add_error("file", str(error))
        else:
            if plan.problems:
                return _upload_page(request, _problems_form(plan.problems), plan.problems)
            request.session[PENDING_KEY] = {
                "filename": upload.name,
                "data": base64.b64encode(zlib.compress(data)).decode("ascii"),
            }
            return redirect("submissions:import_confirm")
    return _upload_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def results_confirm(request):
    user = _importer(request)
    pending = request.session.get(PENDING_KEY)
    try:
        data = zlib.decompress(base64.b64decode(pending["data"]))
    except (TypeError, KeyError, ValueError, zlib.error):
        request.session.pop(PENDING_KEY, None)
        return redirect("submissions:import")
    scope = import_scope(user)
    try:
        if request.method == "POST":
            plan = results_import(
                data=data, filename=pending["filename"], user=user, organisation_scope=scope
            )
        else:
            plan = results_plan(data=data, filename=pending["filename"], organisation_scope=scope)
    except ResultsFileError as error:
        del request.session[PENDING_KEY]
        form = ResultsUploadForm(data={}, files={})
        form.is_valid()
        form.errors["file"] = form.error_class([str(error)])
        return _upload_page(request, form)
    except ResultsImportError as error:
        del request.session[PENDING_KEY]
        return _upload_page(request, _problems_form(error.problems), error.problems)
    if plan.problems:
        # Something changed since the file was checked (an organisation or edition, a role).
        del request.session[PENDING_KEY]
        return _upload_page(request, _problems_form(plan.problems), plan.problems)
    if request.method == "POST":
        del request.session[PENDING_KEY]
        request.session[DONE_KEY] = {
            "filename": pending["filename"],
            "created": plan.created,
            "updated": plan.updated,
            "unchanged": plan.unchanged,
            "rows": [
                {
                    "row": row.row,
                    "organisation": row.organisation.name,
                    "slug": row.organisation.slug,
                    "edition": row.edition.year,
                    "action": row.action,
                }
                for row in plan.rows
            ],
        }
        return redirect("submissions:import_done")
    return render(
        request,
        "submissions/imports/confirm.html",
        {"plan": plan, "filename": pending["filename"]},
    )


@login_required
def results_done(request):
    _importer(request)
    done = request.session.get(DONE_KEY)
    if not done:
        return redirect("submissions:import")
    organisations = {row["slug"]: row["organisation"] for row in done["rows"]}
    return render(
        request,
        "submissions/imports/done.html",
        {"done": done, "organisations": sorted(organisations.items(), key=lambda o: o[1])},
    )


@login_required
def results_export_csv(request, organisation):
    """An organisation's submissions as a results CSV, for its own people and the project team."""
    organisations = Organisation.objects.all()
    if not request.user.is_project_team:
        organisations = organisations.filter(pk__in=request.user.organisation_ids())
    organisation = get_object_or_404(organisations, slug=organisation)
    response = HttpResponse(
        results_export(organisation=organisation), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="wei-results-{organisation.slug}.csv"'
    return response
