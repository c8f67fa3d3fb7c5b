"""The marking-consistency report's pages, for the project team (others get 403).

Editions and sections named in the address are looked up (404 when they do not exist); the
report itself is the cached read model of guidance/consistency/report.py.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from guidance.consistency import pack, report
from guidance.documents.diff import diff_text
from guidance.models import Revision
from submissions.compare.version import data_version, edition_version
from submissions.models import Edition, SectionResult
from weiportal.form_pages import PermissionMixin

ANSWERS_SIDE_BY_SIDE = 6


class ConsistencyPage(PermissionMixin, TemplateView):
    permission_required = "guidance.view_consistency_report"

    @cached_property
    def version(self):
        """An edition's pages cache under its own version; the index, under everyone's."""
        if "year" in self.kwargs:
            return edition_version(self.request, self.kwargs["year"])
        return data_version(self.request)


class ConsistencyIndexView(ConsistencyPage):
    template_name = "guidance/consistency/index.html"

    def get_context_data(self, **kwargs):
        editions = Edition.objects.select_related("criteria_round").order_by("-year")
        return super().get_context_data(editions=editions, **kwargs)


class ConsistencyEditionView(ConsistencyPage):
    template_name = "guidance/consistency/edition.html"

    def get_context_data(self, **kwargs):
        edition = get_object_or_404(
            Edition.objects.select_related("criteria_round"), year=self.kwargs["year"]
        )
        reports = report.edition_reports(edition, version=self.version)
        return super().get_context_data(edition=edition, reports=reports, **kwargs)


class SectionPage(ConsistencyPage):
    @cached_property
    def report(self):
        row = report.edition_section(self.kwargs["year"], self.kwargs["number"])
        return report.section_report(row, version=self.version)

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)


class ConsistencySectionView(SectionPage):
    template_name = "guidance/consistency/section.html"


class GroupPage(SectionPage):
    """One group: its members' answers and Stonewall's comments, read in one query."""

    @cached_property
    def group(self):
        group = self.report.group(self.kwargs["key"])
        if group is None:
            raise Http404("No such group")
        return group

    @cached_property
    def shown(self):
        """The members whose answers the page shows: all of them, but for the group page."""
        return self.group.members

    @cached_property
    def texts(self):
        ids = {member.result_id for member in self.shown}
        if self.group.reference_result_id is not None:
            ids.add(self.group.reference_result_id)
        rows = SectionResult.objects.filter(pk__in=ids).values_list("pk", "answer", "comment")
        return {pk: (answer, comment) for pk, answer, comment in rows}

    @cached_property
    def reference(self):
        """The text the answers are compared with, and what to call it."""
        group = self.group
        if group.reference_result_id is not None:
            member = next(m for m in group.members if m.result_id == group.reference_result_id)
            return self.texts[member.result_id][0], member
        revision = (
            Revision.objects.filter(pk__in=group.revision_ids)
            .select_related("document")
            .order_by("-number")
            .first()
        )
        return revision.body, revision

    @cached_property
    def name_all(self):
        return self.request.GET.get("names") == "all"


class ConsistencyGroupView(GroupPage):
    """The answers side by side, a few at a time: a national group can have hundreds."""

    template_name = "guidance/consistency/group.html"

    @cached_property
    def page(self):
        return Paginator(self.group.members, ANSWERS_SIDE_BY_SIDE).get_page(
            self.request.GET.get("page")
        )

    @cached_property
    def shown(self):
        return list(self.page.object_list)

    def get_context_data(self, **kwargs):
        reference_text, reference = self.reference
        columns = [
            {
                "member": member,
                "answer": self.texts[member.result_id][0],
                "comment": self.texts[member.result_id][1],
                "segments": diff_text(reference_text, self.texts[member.result_id][0]),
            }
            for member in self.shown
        ]
        return super().get_context_data(
            group=self.group,
            columns=columns,
            page_obj=self.page,
            reference=reference,
            reference_is_revision=isinstance(reference, Revision),
            reference_text=reference_text,
            **kwargs,
        )


class ConsistencyPackPrintView(GroupPage):
    template_name = "guidance/consistency/pack.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            group=self.group,
            rows=pack.pack_rows(self.group, self.texts, name_all=self.name_all),
            name_all=self.name_all,
            **kwargs,
        )


class ConsistencyPackXlsxView(GroupPage):
    def get(self, request, *args, **kwargs):
        rows = pack.pack_rows(self.group, self.texts, name_all=self.name_all)
        content = pack.pack_workbook(
            report=self.report, group=self.group, rows=rows, named_all=self.name_all
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"consistency-{self.report.year}-section-{self.report.section_number}"
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-group-{self.group.key}.xlsx"'
        )
        return response
