import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from guidance import selectors, services
from guidance.forms import EntryForm, LibraryFilterForm, ReasonForm
from guidance.models import Attachment, EntryChange, GoodPracticeEntry, HelpfulMark
from guidance.uploads import AttachmentSizeLimitHandler
from submissions.compare.version import CACHE_SECONDS, data_version
from submissions.models import Section
from weiportal.form_pages import FormPageMixin, ObjectPermissionMixin, PermissionMixin
from weiportal.forms import ConfirmForm

PAGE_SIZE = 20


class AttachmentUploadMixin:
    """Check upload sizes while the request is read, before the CSRF check reads it.

    Django's documented pattern: exempt the view, then protect it once the handler is in.
    """

    @method_decorator(csrf_exempt)
    def dispatch(self, request, *args, **kwargs):
        request.upload_handlers.insert(0, AttachmentSizeLimitHandler(request))
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "user": self.request.user,
            "oversized_uploads": getattr(self.request, "oversized_uploads", ()),
        }


def _paginate(request, queryset):
    # get_page shows the last page for a number past it, and the first for nonsense.
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def entry_list(request):
    version = data_version(request)
    form = LibraryFilterForm(request.GET or None, version=version)
    filters = form.filters()
    results = selectors.entry_library(filters=filters, version=selectors.library_version(request))
    # The page's entries are read only if its cached rendering is missing.
    page = _paginate(request, results)
    # Only when nothing matched: say so if the search had no word to look for.
    words_missing = (
        bool(filters.query)
        and not page.paginator.count
        and not selectors.search_has_words(filters.query)
    )
    return render(
        request,
        "guidance/goodpracticeentry_list.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "results_key": results.key,
            "words_missing": words_missing,
            "version": version,
            "cache_seconds": CACHE_SECONDS,
            "waiting": selectors.entries_waiting_for(request.user),
            "can_draft": request.user.has_perm("guidance.draft_goodpracticeentry"),
        },
    )


@login_required
def section_entries(request, pk):
    section = get_object_or_404(Section.objects.select_related("criteria_round"), pk=pk)
    lineage = selectors.section_lineage(section)
    page = _paginate(request, selectors.section_entries(section=section, lineage=lineage))
    selectors.with_earlier_sections(page, lineage)
    return render(
        request,
        "guidance/goodpracticeentry_section_list.html",
        {"section": section, "page_obj": page},
    )


@login_required
def entry_detail(request, pk):
    entry = get_object_or_404(
        GoodPracticeEntry.objects.visible_to(request.user)
        .with_helpful_count()
        .select_related("network__organisation", "edition", "author"),
        pk=pk,
    )
    user = request.user
    change = None
    if entry.proposed_change and user.has_perm("guidance.view_entry_change", entry):
        change = entry.proposed_change
    history = []
    if user.has_perm("guidance.view_entry_history", entry):
        history = selectors.entry_history(entry)
    return render(
        request,
        "guidance/goodpracticeentry_detail.html",
        {
            "entry": entry,
            "sections": entry.sections.select_related("criteria_round"),
            "attachments": Attachment.objects.visible_to(user)
            .published()
            .filter(entry=entry)
            .defer("data"),
            "change": change,
            "marked_helpful": HelpfulMark.objects.filter(entry=entry, user=user).exists(),
            "can_edit": user.has_perm("guidance.change_goodpracticeentry", entry),
            "can_publish": user.has_perm("guidance.publish_goodpracticeentry", entry),
            "can_send_back": user.has_perm("guidance.send_back_goodpracticeentry", entry),
            "can_withdraw": user.has_perm("guidance.withdraw_goodpracticeentry", entry),
            "history": history,
        },
    )


class EntryCreate(AttachmentUploadMixin, PermissionMixin, FormPageMixin, FormView):
    permission_required = "guidance.draft_goodpracticeentry"
    form_class = EntryForm
    template_name = "guidance/goodpracticeentry_form.html"
    page_title = "Share good practice"
    submit_label = "Save as draft"
    success_message = "Entry saved as a draft. A lead of your network can now publish it."
    error_field = "attachments"

    def get_return_url(self):
        return reverse("guidance:entry_list")

    def get_success_url(self):
        return self.saved.get_absolute_url()

    def save(self, form):
        data = form.cleaned_data
        return services.entry_create(
            author=self.request.user,
            network=data["network"],
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            sections=data.get("sections") or (),
            edition=data.get("edition"),
            contact_name=data.get("contact_name", ""),
            contact_email=data.get("contact_email", ""),
            files=data.get("attachments") or (),
        )


class EntryPageMixin(ObjectPermissionMixin, FormPageMixin):
    """A form page about one entry the person can see."""

    context_object_name = "entry"

    def get_queryset(self):
        return GoodPracticeEntry.objects.visible_to(self.request.user).select_related("network")


class EntryEdit(AttachmentUploadMixin, EntryPageMixin, FormView):
    permission_required = "guidance.change_goodpracticeentry"
    form_class = EntryForm
    template_name = "guidance/goodpracticeentry_form.html"
    page_title = "Change {object.title}"
    submit_label = "Save changes"
    success_message = "Entry updated"
    error_field = "attachments"

    def get_queryset(self):
        return GoodPracticeEntry.objects.editable_by(self.request.user)

    @cached_property
    def change(self):
        """The change to a published entry not yet published: the form starts from it."""
        return self.object.proposed_change

    @property
    def waits_for_a_lead(self):
        return self.object.is_published and not self.request.user.has_perm(
            "guidance.change_published_entry_directly", self.object
        )

    def get_initial(self):
        change = self.change
        if change is None:
            return super().get_initial()
        return {name: getattr(change, name) for name in EntryChange.FIELDS} | {
            "sections": list(change.sections.all()),
            "remove_attachments": list(change.remove_attachments.all()),
        }

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object, "change": self.change}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            waits_for_a_lead=self.waits_for_a_lead, change=self.change, **kwargs
        )

    def get_success_message(self):
        if self.waits_for_a_lead:
            return (
                f"Your change is waiting for a lead of {self.object.network.name}. "
                "Readers see the published entry until a lead publishes the change."
            )
        return super().get_success_message()

    def save(self, form):
        data = form.cleaned_data
        fields = {
            name: data[name]
            for name in ("title", "summary", "body", "edition", "contact_name", "contact_email")
        }
        if "sections" in data:
            fields["sections"] = data["sections"]
        return services.entry_update(
            entry=self.object,
            by=self.request.user,
            files=data.get("attachments") or (),
            remove_attachments=data.get("remove_attachments") or (),
            **fields,
        )


class EntryActionPage(EntryPageMixin, FormView):
    """Confirm a step of the publishing workflow, taken by ``service``; the template shows
    ``intro``, as a warning with ``warning``."""

    template_name = "guidance/goodpracticeentry_confirm.html"
    form_class = ConfirmForm
    intro = ""
    warning = False
    service = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.intro, warning=self.warning, **kwargs)

    def save(self, form):
        return self.service(entry=self.object, by=self.request.user, **form.cleaned_data)


class EntryPublish(EntryActionPage):
    permission_required = "guidance.publish_goodpracticeentry"
    service = staticmethod(services.entry_publish)
    page_title = "Publish this entry"
    intro = "Everyone signed in to the portal will be able to read it and its attachments."
    submit_label = "Publish entry"
    success_message = "Entry published: everyone signed in can now read it"

    def get_page_title(self):
        if self.object.waiting_change:
            return "Publish the change to this entry"
        return super().get_page_title()

    def get_success_message(self):
        if self.object.is_published:
            return "Change published: everyone signed in now reads the entry as changed"
        return super().get_success_message()


class EntryReasonPage(EntryActionPage):
    """A workflow step that needs a reason, asked with ``reason_label``."""

    form_class = ReasonForm
    reason_label = ""
    reason_required_message = ""

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "label": self.reason_label,
            "required_message": self.reason_required_message,
        }


class EntrySendBack(EntryReasonPage):
    permission_required = "guidance.send_back_goodpracticeentry"
    service = staticmethod(services.entry_send_back)
    page_title = "Send this entry back"
    intro = "The network's members will see your reason and can change the entry."
    submit_label = "Send back"
    success_message = "Entry sent back to your network's members"
    reason_label = "What should be changed?"
    reason_required_message = "Enter why you are sending the entry back"

    def get_page_title(self):
        if self.object.waiting_change:
            return "Send the change to this entry back"
        return super().get_page_title()

    def get_success_message(self):
        if self.object.is_published:
            return "Change sent back to your network's members: the published entry stays"
        return super().get_success_message()


class EntryWithdraw(EntryReasonPage):
    permission_required = "guidance.withdraw_goodpracticeentry"
    service = staticmethod(services.entry_withdraw)
    page_title = "Withdraw this entry"
    intro = "It will leave the library. Its page stays, with a notice and your reason."
    warning = True
    submit_label = "Withdraw entry"
    success_message = "Entry withdrawn: its page now shows your reason"
    reason_label = "Why are you withdrawing it?"
    reason_required_message = "Enter why you are withdrawing the entry"


@login_required
@require_POST
def entry_helpful(request, pk):
    entry = get_object_or_404(
        GoodPracticeEntry.objects.visible_to(request.user).published(), pk=pk
    )
    marked = services.entry_mark_helpful(entry=entry, user=request.user)
    messages.success(
        request,
        "Thank you: you marked this entry as helpful"
        if marked
        else "You no longer mark this entry as helpful",
    )
    return redirect(entry)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    response = FileResponse(
        io.BytesIO(bytes(attachment.data)),
        as_attachment=True,
        filename=attachment.file_name,
        content_type=attachment.content_type,
    )
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    # A sandbox keeps the file inert even if a browser were to render it.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def feed_token(request):
    if request.method == "POST":
        services.feed_token_reset(user=request.user)
        messages.success(
            request, "Your feed address has been reset: the old address no longer works"
        )
        return redirect("guidance:feed_token")
    token = services.feed_token_for(user=request.user)
    return render(
        request,
        "guidance/feedtoken_detail.html",
        {"feed_url": request.build_absolute_uri(token.get_absolute_url())},
    )
