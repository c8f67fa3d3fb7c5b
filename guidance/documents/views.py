"""Guidance document pages: reading, writing, reviewing, publishing and subscribing.

Documents are found through ``Document.objects.visible_to(user)``, so a draft is a 404 to
readers; every change asks the rule for that object (``user.has_perm``). Form pages are the
project's form pages (weiportal/form_pages.py).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DeleteView, FormView, ListView, TemplateView

from guidance.documents import selectors, services
from guidance.documents.emails import read_unsubscribe_token
from guidance.documents.forms import (
    DetailsForm,
    DocumentCreateForm,
    DraftForm,
    LibraryFilterForm,
    MarkReviewedForm,
    PublishForm,
    ReviewRemindersForm,
    SendBackForm,
    StandardResponseDraftForm,
    SubmitForm,
    SubscribeForm,
    WithdrawForm,
)
from guidance.models import Document, GuidanceReader, Revision, Subscription
from networks.models import User
from weiportal.form_pages import FormPageMixin, ObjectPermissionMixin, PermissionMixin
from weiportal.forms import ConfirmForm
from weiportal.locking import CONFLICT_MESSAGE, EditConflict
from weiportal.spreadsheets import SafeCsvWriter


class DocumentMixin:
    """A page about the document named in the address, found through what the person may see
    (others get 404) and looked up once; its open draft; its title for the page's caption."""

    context_object_name = "document"

    def get_queryset(self):
        return Document.objects.visible_to(self.request.user).select_related(
            "current_revision", "latest_major_revision", "owner"
        )

    @cached_property
    def document(self):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def get_object(self, queryset=None):
        return self.document

    @cached_property
    def draft(self):
        return (
            self.document.revisions.open()
            .select_related(
                "author", "last_edited_by", "reviewer", "review_requested_by", "review_note_by"
            )
            .first()
        )

    def get_context_data(self, **kwargs):
        current = self.document.current_revision
        title = current.title if current else (self.draft.title if self.draft else "")
        return super().get_context_data(document=self.document, document_title=title, **kwargs)


class DocumentPageMixin(LoginRequiredMixin, DocumentMixin):
    """A page anyone signed in who can see the document may read."""


class DocumentFormPage(DocumentMixin, ObjectPermissionMixin, FormPageMixin, FormView):
    """A form page about a document, asking ``permission_required`` of it, and refused if
    the document changed after the form was opened: the form carries the version it was
    opened at. Saving calls ``service`` with the document, the person and the form's answers.
    The template shows ``intro_template`` above the form; saving returns to the document,
    or to its draft with ``returns_to_draft``."""

    template_name = "guidance/documents/document_form.html"
    intro_template = ""
    service = None
    returns_to_draft = False

    def save(self, form):
        return self.service(document=self.document, by=self.request.user, **form.cleaned_data)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"document": self.document}

    def get_success_url(self):
        if self.returns_to_draft:
            return reverse("guidance:draft_detail", kwargs={"slug": self.document.slug})
        return super().get_success_url()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except EditConflict as conflict:
            return self.refuse_stale(form, conflict.current)

    def refuse_stale(self, form, document):
        """Nothing was saved: say so, show what the other person changed, keep their words."""
        form.add_error(None, CONFLICT_MESSAGE)
        self.conflict = selectors.edit_conflict(document, form.cleaned_data["lock_version"])
        form.refresh_lock(document)
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro_template=self.intro_template,
            draft=self.draft,
            conflict=getattr(self, "conflict", None),
            **kwargs,
        )


class DraftFormPage(DocumentFormPage):
    """A form page about the document's open draft: ``permission_required`` is asked of the
    draft, so where there is none nobody may."""

    def get_permission_object(self):
        return self.draft


class DocumentListView(LoginRequiredMixin, ListView):
    template_name = "guidance/documents/document_list.html"
    paginate_by = 20
    context_object_name = "documents"

    @cached_property
    def rounds(self):
        return list(selectors.rounds_with_sections())

    @cached_property
    def filter_form(self):
        return LibraryFilterForm(self.request.GET or None, rounds=self.rounds)

    def get_queryset(self):
        return selectors.document_library(**self.filter_form.filters())

    def paginate_queryset(self, queryset, page_size):
        # A page number past the end shows the last page, and nonsense the first.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        user = self.request.user
        writer = user.has_perm("guidance.change_document")
        filters = self.filter_form.filters()
        return super().get_context_data(
            form=self.filter_form,
            filters=filters,
            filtered=any(filters.values()),
            recent_changes=selectors.recent_changes(),
            drafts=selectors.open_drafts() if writer else None,
            can_create=user.has_perm("guidance.add_document"),
            can_review=writer,
            **kwargs,
        )


class DocumentDetailView(DocumentPageMixin, TemplateView):
    template_name = "guidance/documents/document_detail.html"

    def get(self, request, *args, **kwargs):
        if self.document.current_revision is None:
            # Never published: the project team reads it as a draft.
            return redirect("guidance:draft_detail", slug=self.document.slug)
        services.notifications_mark_read(user=request.user, document=self.document)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        document = self.document
        revision = document.current_revision
        awaiting_approval = None
        if not revision.is_reviewed and user.has_perm("guidance.change_document"):
            awaiting_approval = revision
        return super().get_context_data(
            revision=revision,
            sections=revision.sections.select_related("criteria_round").order_by(
                "-criteria_round__first_year", "number"
            ),
            latest_major=document.latest_major_revision,
            first_revision=document.revisions.published().order_by("number").first(),
            subscription=selectors.is_subscribed(user, document),
            draft=self.draft if user.has_perm("guidance.change_document") else None,
            can_edit=user.has_perm("guidance.edit_document", document),
            can_withdraw=user.has_perm("guidance.withdraw_document", document),
            awaiting_approval=awaiting_approval,
            can_approve=user.has_perm("guidance.approve_revision", revision),
            **kwargs,
        )


class DocumentUpdatesView(DocumentPageMixin, TemplateView):
    template_name = "guidance/documents/document_updates.html"

    def get(self, request, *args, **kwargs):
        services.notifications_mark_read(user=request.user, document=self.document)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        revisions = selectors.published_revisions(self.document)
        for revision in revisions:
            revision.can_approve = user.has_perm("guidance.approve_revision", revision)
        return super().get_context_data(revisions=revisions, **kwargs)


class RevisionCompareView(DocumentPageMixin, TemplateView):
    template_name = "guidance/documents/revision_compare.html"

    def get(self, request, *args, **kwargs):
        revisions = Revision.objects.visible_to(request.user).filter(document=self.document)
        self.older = get_object_or_404(revisions, pk=kwargs["a"])
        self.newer = get_object_or_404(revisions, pk=kwargs["b"])
        services.notifications_mark_read(user=request.user, document=self.document)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            older=self.older,
            newer=self.newer,
            comparison=selectors.comparison(self.older, self.newer),
            **kwargs,
        )


class DraftDetailView(DocumentMixin, ObjectPermissionMixin, TemplateView):
    """The draft as a reviewer reads it, with what can be done to it next."""

    template_name = "guidance/documents/draft_detail.html"
    permission_required = "guidance.change_document"

    def get_permission_object(self):
        # A model permission: whoever writes guidance reads its drafts.
        return None

    def get(self, request, *args, **kwargs):
        if self.draft is None:
            messages.info(request, "There is no draft of this document: it is as published")
            return redirect(self.document)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user, draft = self.request.user, self.draft
        return super().get_context_data(
            draft=draft,
            live=self.document.current_revision,
            sections=draft.sections.select_related("criteria_round").order_by(
                "-criteria_round__first_year", "number"
            ),
            can_edit=user.has_perm("guidance.edit_document", self.document),
            can_submit=user.has_perm("guidance.submit_revision", draft),
            can_publish=user.has_perm("guidance.publish_revision", draft),
            can_send_back=user.has_perm("guidance.send_back_revision", draft),
            is_second_pair_of_eyes=user.has_perm("guidance.review_revision", draft),
            **kwargs,
        )


class DocumentCreateView(PermissionMixin, FormPageMixin, FormView):
    template_name = "guidance/documents/document_form.html"
    form_class = DocumentCreateForm
    permission_required = "guidance.add_document"
    page_title = "Write new guidance"
    submit_label = "Save draft"
    success_message = "Draft saved: only the project team can see it until it is published"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_initial(self):
        return {"review_due": services.next_review_date(timezone.localdate())}

    def get_return_url(self):
        return reverse("guidance:document_list")

    def get_success_url(self):
        return reverse("guidance:draft_detail", kwargs={"slug": self.saved.slug})

    def save(self, form):
        data = form.cleaned_data
        return services.document_create(
            by=self.request.user,
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            sections=form.cleaned_sections(),
            owner=data["owner"],
            review_due=data["review_due"],
        )


class DraftEditView(DocumentFormPage):
    form_class = DraftForm
    permission_required = "guidance.edit_document"
    submit_label = "Save draft"
    success_message = "Draft saved"
    returns_to_draft = True
    intro_template = "guidance/documents/includes/edit_intro.html"

    def get_page_title(self):
        return f"Edit {self.source.title}"

    @cached_property
    def source(self):
        """What the form starts from: the open draft, or a copy of the published revision."""
        return self.draft or self.document.current_revision

    def get_form_class(self):
        if self.document.is_standard_response:
            return StandardResponseDraftForm
        return super().get_form_class()

    def get_initial(self):
        source = self.source
        return {
            "title": source.title,
            "summary": source.summary,
            "body": source.body,
            "evidence": source.evidence,
        }

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not form.is_bound:
            form.set_sections(self.source.sections.all())
        return form

    def save(self, form):
        data = form.cleaned_data
        return services.draft_save(
            document=self.document,
            by=self.request.user,
            lock_version=data["lock_version"],
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            sections=form.cleaned_sections(),
            evidence=data.get("evidence", ""),
        )


class DocumentDetailsView(DocumentFormPage):
    form_class = DetailsForm
    permission_required = "guidance.edit_document"
    service = staticmethod(services.document_details_update)
    page_title = "Change owner and review date"
    submit_label = "Save"
    success_message = "Owner and review date saved"

    def get_initial(self):
        return {"owner": self.document.owner_id, "review_due": self.document.review_due}


class DocumentReviewedView(DocumentFormPage):
    form_class = MarkReviewedForm
    permission_required = "guidance.edit_document"
    service = staticmethod(services.document_mark_reviewed)
    page_title = "Reviewed, no change needed"
    submit_label = "Confirm review"
    success_message = "Review recorded: next review due {saved.review_due:%-d %B %Y}"
    intro_template = "guidance/documents/includes/reviewed_intro.html"

    def get_initial(self):
        return {"review_due": services.next_review_date(timezone.localdate())}

    def get_success_url(self):
        if self.request.GET.get("next") == "review":
            return reverse("guidance:review_list")
        return super().get_success_url()


class DraftSubmitView(DraftFormPage):
    form_class = SubmitForm
    permission_required = "guidance.submit_revision"
    service = staticmethod(services.draft_submit)
    page_title = "Send for review"
    submit_label = "Send for review"
    success_message = "Draft sent to {saved.reviewer} for review"
    returns_to_draft = True

    def get_form_kwargs(self):
        reviewers = selectors.reviewers_for(revision=self.draft, requested_by=self.request.user)
        return super().get_form_kwargs() | {"reviewers": reviewers}


class DraftSendBackView(DraftFormPage):
    form_class = SendBackForm
    permission_required = "guidance.send_back_revision"
    service = staticmethod(services.draft_send_back)
    page_title = "Send the draft back"
    submit_label = "Send back"
    success_message = "Draft sent back: its writers will see your note"
    returns_to_draft = True


class DraftPublishView(DraftFormPage):
    form_class = PublishForm
    permission_required = "guidance.publish_revision"
    submit_label = "Publish"
    intro_template = "guidance/documents/includes/publish_intro.html"

    def get_page_title(self):
        return "Publish this draft" if self.reviewed else "Publish without review"

    @cached_property
    def reviewed(self):
        return self.request.user.has_perm("guidance.review_revision", self.draft)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "first": self.document.current_revision_id is None,
            "reviewed": self.reviewed,
        }

    def save(self, form):
        data = form.cleaned_data
        return services.revision_publish(
            document=self.document,
            by=self.request.user,
            lock_version=data["lock_version"],
            change_type=data.get("change_type") or Revision.ChangeType.MAJOR,
            change_note=data.get("change_note", ""),
            unreviewed_reason=data.get("unreviewed_reason", ""),
        )

    def get_success_message(self):
        revision = self.saved
        told = (
            "subscribers are being emailed"
            if revision.is_major
            else "as a minor change, nobody is told"
        )
        return f"Revision {revision.number} published: {told}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(reviewed=self.reviewed, **kwargs)


class RevisionApproveView(DocumentPageMixin, View):
    """A colleague approves a revision that was published without review."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        revision = get_object_or_404(self.document.revisions.published(), pk=kwargs["pk"])
        if not request.user.has_perm("guidance.approve_revision", revision):
            raise PermissionDenied("Someone who did not write or publish it must approve it.")
        services.revision_approve(revision=revision, by=request.user)
        messages.success(request, f"Revision {revision.number} approved")
        return redirect("guidance:document_updates", slug=self.document.slug)


class DocumentWithdrawView(DocumentFormPage):
    form_class = WithdrawForm
    permission_required = "guidance.withdraw_document"
    service = staticmethod(services.document_withdraw)
    page_title = "Withdraw this guidance"
    submit_label = "Withdraw guidance"
    success_message = "Guidance withdrawn: its page now shows your explanation"
    intro_template = "guidance/documents/includes/withdraw_intro.html"


class ReviewListView(PermissionMixin, TemplateView):
    template_name = "guidance/documents/review_list.html"
    permission_required = "guidance.change_document"

    @cached_property
    def sort(self):
        sort = self.request.GET.get("sort", "due")
        return sort if sort in selectors.REVIEW_SORTS else "due"

    def rows(self):
        return selectors.review_schedule(today=timezone.localdate(), sort=self.sort)

    def get_context_data(self, **kwargs):
        rows = self.rows()
        return super().get_context_data(
            rows=rows,
            overdue=sum(1 for row in rows if row.overdue),
            sort=self.sort,
            columns=[("title", "Document"), ("owner", "Owner"), ("due", "Review due")],
            **kwargs,
        )


REVIEW_CSV_HEADER = ["document", "address", "owner", "owner_email", "review_due", "days", "status"]


class ReviewCsvView(ReviewListView):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="guidance-review-dates.csv"'
        writer = SafeCsvWriter(response)
        writer.writerow(REVIEW_CSV_HEADER)
        for row in self.rows():
            document = row.document
            writer.writerow(
                [
                    document.current_revision.title,
                    request.build_absolute_uri(document.get_absolute_url()),
                    str(document.owner),
                    document.owner.email,
                    document.review_due.isoformat(),
                    row.days,
                    "overdue" if row.overdue else "due soon",
                ]
            )
        return response


class SubscriptionsView(FormPageMixin, FormView):
    """Everything a person is subscribed to, and the way to subscribe to more."""

    template_name = "guidance/documents/subscription_list.html"
    form_class = SubscribeForm

    @cached_property
    def rounds(self):
        return list(selectors.rounds_with_sections())

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user, "rounds": self.rounds}

    def get_return_url(self):
        return reverse("guidance:subscription_list")

    def get_success_url(self):
        subscription, _ = self.saved
        if subscription.document_id is not None:
            return subscription.document.get_absolute_url()
        return self.get_return_url()

    def get_success_message(self):
        subscription, created = self.saved
        if created:
            return f"You will get an email when {subscription.scope} changes"
        return f"You were already subscribed to {subscription.scope}"

    def save(self, form):
        data = form.cleaned_data
        return services.subscription_create(
            user=self.request.user,
            document=data.get("document"),
            section=data.get("section_object"),
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        subscriptions = list(selectors.subscriptions_of(user))
        reminders = None
        if user.has_perm("guidance.change_document"):
            reader = GuidanceReader.objects.filter(user=user).first()
            reminders = reader.review_reminders if reader else True
        return super().get_context_data(
            subscriptions=subscriptions,
            everything=any(s.document_id is None and s.section_id is None for s in subscriptions),
            reminders=reminders,
            reminders_form=ReviewRemindersForm(
                initial={"review_reminders": "yes" if reminders else "no"}
            ),
            **kwargs,
        )


class SubscriptionDeleteView(LoginRequiredMixin, DeleteView):
    http_method_names = ["post"]

    def get_queryset(self):
        return Subscription.objects.filter(user=self.request.user).select_related(
            "document__current_revision", "section__criteria_round"
        )

    def form_valid(self, form):
        scope = self.object.scope
        self.object.delete()
        messages.success(self.request, f"You will no longer get emails about {scope}")
        if self.request.POST.get("next") == "document" and self.object.document_id:
            return redirect(self.object.document)
        return redirect("guidance:subscription_list")


class ReviewRemindersView(PermissionMixin, FormPageMixin, FormView):
    http_method_names = ["post"]
    form_class = ReviewRemindersForm
    permission_required = "guidance.change_document"

    def get_return_url(self):
        return reverse("guidance:subscription_list")

    def get_success_message(self):
        if self.saved:
            return "You will get review reminders"
        return "You will not get review reminders"

    def save(self, form):
        enabled = form.cleaned_data["review_reminders"]
        services.review_reminders_set(user=self.request.user, enabled=enabled)
        return enabled

    def form_invalid(self, form):
        messages.error(self.request, "Select yes or no")
        return redirect(self.get_return_url())


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(FormView):
    """The link in every email: works without signing in; the signed token is the key.

    CSRF is not checked: mail programs POST here for one-click unsubscribe (RFC 8058), and
    the token alone decides whose emails stop.
    """

    template_name = "guidance/documents/unsubscribe.html"
    form_class = ConfirmForm

    def dispatch(self, request, *args, **kwargs):
        try:
            self.target = read_unsubscribe_token(kwargs["token"])
        except signing.BadSignature:
            response = self.render_to_response({"invalid": True})
            response.status_code = 400
            return response
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        what = self.what  # named before it is gone
        services.subscriptions_stop(**self.target)
        return self.render_to_response(self.get_context_data(done=True, what=what))

    @cached_property
    def what(self):
        target = self.target
        subscriptions = Subscription.objects.filter(
            user_id=target["user_id"], pk__in=target["subscription_ids"]
        ).select_related("document__current_revision", "section__criteria_round")
        what = [subscription.scope for subscription in subscriptions]
        if target["reminders"]:
            reader = GuidanceReader.objects.filter(user_id=target["user_id"]).first()
            if reader is None or reader.review_reminders:
                what.append("reminders about guidance you own that is overdue for review")
        return what

    def get_context_data(self, **kwargs):
        user = User.objects.filter(pk=self.target["user_id"]).first()
        kwargs.setdefault("what", self.what)
        return super().get_context_data(email=user.email if user else "", **kwargs)
