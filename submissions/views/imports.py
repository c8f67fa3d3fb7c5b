import base64
import zlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic import FormView

from networks.models import Organisation
from submissions.forms.imports import ResultsUploadForm
from submissions.imports import (
    ResultsFileError,
    ResultsImportError,
    results_export,
    results_import,
    results_plan,
)
from submissions.models import ImportJob, Submission
from submissions.services import ImportBusyError, import_busy_check, import_job_start
from weiportal.form_pages import FormPageMixin, PermissionMixin

# The checked file waits in the (database-backed) session between the upload and the
# confirmation, so any worker can finish the import.
PENDING_KEY = "results_import_pending"
DONE_KEY = "results_import_done"
# Rows of the file the check page shows at a time.
PREVIEW_ROWS_PER_PAGE = 100


def _importer(request):
    if not request.user.has_perm("submissions.import_results"):
        raise Http404
    return request.user


def _upload_page(request, form, problems=()):
    return render(
        request,
        "submissions/imports/upload.html",
        {
            "form": form,
            "problems": problems,
            "page_title": ResultsUpload.page_title,
            "submit_label": ResultsUpload.submit_label,
            "export_organisations": _export_organisations(request.user),
        },
    )


def _export_organisations(user):
    return Submission.objects.organisations_importable_by(user).order_by("name")


def _problems_form(problems):
    form = ResultsUploadForm(data={}, files={})
    form.is_valid()
    form.errors["file"] = form.error_class(
        [
            f"The selected file has {len(problems):,} "
            f"problem{'s' if len(problems) != 1 else ''}: correct "
            f"{'them' if len(problems) != 1 else 'it'} and upload the file again"
        ]
    )
    return form


class ResultsUpload(PermissionMixin, FormPageMixin, FormView):
    """Check a results file; a file with problems lists them all and goes no further."""

    permission_required = "submissions.import_results"
    refuse_with_404 = True
    http_method_names = ["get", "post"]
    form_class = ResultsUploadForm
    template_name = "submissions/imports/upload.html"
    page_title = "Import results"
    submit_label = "Check the file"

    def get_return_url(self):
        return ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            export_organisations=_export_organisations(self.request.user), **kwargs
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            plan = results_plan(data=data, filename=upload.name, importer=self.request.user)
        except ResultsFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        if plan.problems:
            return self.render_to_response(
                self.get_context_data(form=_problems_form(plan.problems), problems=plan.problems)
            )
        self.request.session[PENDING_KEY] = {
            "filename": upload.name,
            "data": base64.b64encode(zlib.compress(data)).decode("ascii"),
        }
        return redirect("submissions:import_confirm")


def _refused_page(request, message):
    form = ResultsUploadForm(data={}, files={})
    form.is_valid()
    form.errors["file"] = form.error_class([message])
    return _upload_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def results_confirm(request):
    """Show what a checked file will do; on confirmation, import it, or queue it as a
    background job when it has more than ``IMPORT_BACKGROUND_ROWS`` rows."""
    user = _importer(request)
    pending = request.session.get(PENDING_KEY)
    try:
        data = zlib.decompress(base64.b64decode(pending["data"]))
    except (TypeError, KeyError, ValueError, zlib.error):
        request.session.pop(PENDING_KEY, None)
        return redirect("submissions:import")
    filename = pending["filename"]
    try:
        plan = results_plan(data=data, filename=filename, importer=user)
        if request.method == "POST" and not plan.problems:
            organisation_ids = {row.organisation.pk for row in plan.rows}
            if len(plan.rows) > settings.IMPORT_BACKGROUND_ROWS:
                job = import_job_start(user=user, filename=filename, data=data, plan=plan)
                del request.session[PENDING_KEY]
                return redirect(job)
            import_busy_check(organisation_ids=organisation_ids)
            plan = results_import(data=data, filename=filename, user=user, importer=user)
    except (ResultsFileError, ImportBusyError) as error:
        del request.session[PENDING_KEY]
        return _refused_page(request, str(error))
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
            "filename": filename,
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
        {
            "plan": plan,
            # A national file has thousands of rows: they are shown a page at a time, and
            # confirming imports them all.
            "page_obj": Paginator(plan.rows, PREVIEW_ROWS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "filename": filename,
            "in_background": len(plan.rows) > settings.IMPORT_BACKGROUND_ROWS,
        },
    )


# Seconds between refreshes of a background import's page while it runs.
JOB_REFRESH_SECONDS = 5


@login_required
def results_import_job(request, pk):
    """A background import's progress, then its outcome; the page refreshes itself while
    the import runs, unless the person turns that off. Only the person who started it sees
    it, even once they no longer import results."""
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    refresh = not job.finished and request.GET.get("refresh") != "off"
    return render(
        request,
        "submissions/imports/job.html",
        {
            "job": job,
            "refresh_seconds": JOB_REFRESH_SECONDS if refresh else None,
            "outcome": job.outcome,
        },
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
    organisation = get_object_or_404(
        Organisation.objects.private_data_visible_to(request.user), slug=organisation
    )
    response = HttpResponse(
        results_export(organisation=organisation), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="wei-results-{organisation.slug}.csv"'
    return response
