"""Standard responses (the list and writing one) and the entry page's actions on an answer:
"use this answer" and dismissing a newer revision's notice. The actions are plain POST forms,
so they work without JavaScript; the submission is found through what the person may edit,
so anyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView, TemplateView

from guidance.answers import selectors, services
from guidance.answers.forms import StandardResponseCreateForm
from guidance.documents import services as documents
from submissions.models import EditionSection, SectionResult, Submission
from weiportal.form_pages import FormPageMixin, PermissionMixin


class StandardResponseListView(LoginRequiredMixin, TemplateView):
    template_name = "guidance/answers/standard_response_list.html"

    def get_context_data(self, **kwargs):
        writer = self.request.user.has_perm("guidance.change_document")
        return super().get_context_data(
            rounds=selectors.standard_responses_by_round(include_drafts=writer),
            can_create=self.request.user.has_perm("guidance.add_document"),
            **kwargs,
        )


class StandardResponseCreateView(PermissionMixin, FormPageMixin, FormView):
    template_name = "guidance/documents/document_form.html"
    form_class = StandardResponseCreateForm
    permission_required = "guidance.add_document"
    page_title = "Write a standard response"
    submit_label = "Save draft"
    success_message = "Draft saved: only the project team can see it until it is published"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        return {"review_due": documents.next_review_date(timezone.localdate())}

    def get_return_url(self):
        return reverse("guidance:standard_response_list")

    def get_success_url(self):
        return reverse("guidance:draft_detail", kwargs={"slug": self.saved.slug})

    def save(self, form):
        data = form.cleaned_data
        return documents.document_create(
            by=self.request.user,
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            evidence=data["evidence"],
            sections=[],
            standard_response_for=data["section"],
            owner=data["owner"],
            review_due=data["review_due"],
        )


class AnswerActionView(LoginRequiredMixin, View):
    """A POST about one section of a submission the person may enter data for."""

    http_method_names = ["post"]

    @cached_property
    def submission(self):
        return get_object_or_404(
            Submission.objects.editable_by(self.request.user).select_related(
                "organisation", "edition"
            ),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def section(self):
        return get_object_or_404(
            EditionSection.objects.select_related("section"),
            edition_id=self.submission.edition_id,
            section__number=self.kwargs["number"],
        ).section

    def entry_page(self):
        return redirect("submissions:section", pk=self.submission.pk, number=self.kwargs["number"])


class AnswerUseView(AnswerActionView):
    def post(self, request, *args, **kwargs):
        revision = get_object_or_404(
            selectors.usable_revisions(self.section).select_related("document"),
            pk=request.POST.get("revision") if str(request.POST.get("revision")).isdigit() else 0,
        )
        try:
            services.answer_use_standard_response(
                submission=self.submission,
                section=self.section,
                revision=revision,
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Your answer now uses the standard response, revision {revision.number}",
            )
        return self.entry_page()


class AnswerNewerDismissView(AnswerActionView):
    def post(self, request, *args, **kwargs):
        result = get_object_or_404(
            SectionResult.objects.filter(answer_source__isnull=False).select_related("submission"),
            submission=self.submission,
            section=self.section,
        )
        services.answer_newer_dismiss(result=result, by=request.user)
        messages.success(request, "Your answer is kept as it is")
        return self.entry_page()
