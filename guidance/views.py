import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from guidance import selectors, services
from guidance.forms import ConfirmForm, EntryForm, LibraryFilterForm, ReasonForm
from guidance.models import Attachment, GoodPracticeEntry, HelpfulMark
from guidance.uploads import AttachmentSizeLimitHandler
from submissions.models import Section

PAGE_SIZE = 20


def _with_upload_limit(view):
    """Check upload sizes while the request is read, before the CSRF check reads it.

    Django's documented pattern: exempt the outer view, protect the inner one.
    """

    @csrf_exempt
    def wrapped(request, *args, **kwargs):
        request.upload_handlers.insert(0, AttachmentSizeLimitHandler(request))
        return csrf_protect(view)(request, *args, **kwargs)

    return wrapped


def _posted(request):
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def _paginate(request, queryset):
    # get_page shows the last page for a number past it, and the first for nonsense.
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def entry_list(request):
    form = LibraryFilterForm(request.GET or None)
    filters = form.filters()
    page = _paginate(request, selectors.entry_library(filters=filters))
    for entry in page:
        entry.excerpt = selectors.excerpt(entry, filters.query) if filters.query else ""
    return render(
        request,
        "guidance/goodpracticeentry_list.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "waiting": selectors.entries_waiting_for(request.user),
            "can_draft": bool(request.user.network_ids()),
        },
    )


@login_required
def section_entries(request, pk):
    section = get_object_or_404(Section.objects.select_related("criteria_round"), pk=pk)
    page = _paginate(request, selectors.section_entries(section=section))
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
    history = []
    if entry.can_see_history(user):
        history = selectors.entry_history(entry)
    return render(
        request,
        "guidance/goodpracticeentry_detail.html",
        {
            "entry": entry,
            "sections": entry.sections.select_related("criteria_round"),
            "attachments": entry.attachments.defer("data"),
            "marked_helpful": HelpfulMark.objects.filter(entry=entry, user=user).exists(),
            "can_edit": GoodPracticeEntry.objects.editable_by(user).filter(pk=entry.pk).exists(),
            "can_publish": entry.can_publish(user),
            "can_send_back": entry.can_send_back(user),
            "can_withdraw": entry.can_withdraw(user),
            "history": history,
        },
    )


@login_required
@_with_upload_limit
def entry_create(request):
    if not request.user.network_ids():
        raise PermissionDenied("Only members of a network can draft good practice.")
    form = EntryForm(
        _posted(request),
        _files(request),
        user=request.user,
        oversized_uploads=getattr(request, "oversized_uploads", ()),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.entry_create(
                author=request.user,
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
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, "Entry saved as a draft. A lead of your network can now publish it."
            )
            return redirect(entry)
    return render(
        request,
        "guidance/goodpracticeentry_form.html",
        {
            "form": form,
            "page_title": "Share good practice",
            "submit_label": "Save as draft",
            "cancel_url": reverse("guidance:entry_list"),
        },
    )


@login_required
@_with_upload_limit
def entry_edit(request, pk):
    entry = get_object_or_404(GoodPracticeEntry.objects.editable_by(request.user), pk=pk)
    form = EntryForm(
        _posted(request),
        _files(request),
        instance=entry,
        user=request.user,
        oversized_uploads=getattr(request, "oversized_uploads", ()),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            name: data[name]
            for name in ("title", "summary", "body", "edition", "contact_name", "contact_email")
        }
        if "sections" in data:
            fields["sections"] = data["sections"]
        try:
            services.entry_update(
                entry=entry,
                by=request.user,
                files=data.get("attachments") or (),
                remove_attachments=data.get("remove_attachments") or (),
                **fields,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Entry updated")
            return redirect(entry)
    return render(
        request,
        "guidance/goodpracticeentry_form.html",
        {
            "form": form,
            "entry": entry,
            "page_title": f"Change {entry.title}",
            "submit_label": "Save changes",
            "cancel_url": entry.get_absolute_url(),
        },
    )


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("attachments" if "attachments" in form.fields else None, error)


def _visible_entry(request, pk):
    return get_object_or_404(
        GoodPracticeEntry.objects.visible_to(request.user).select_related("network"), pk=pk
    )


@login_required
def entry_publish(request, pk):
    entry = _visible_entry(request, pk)
    if not entry.can_publish(request.user):
        raise PermissionDenied("Only a lead of the network can publish this entry.")
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.entry_publish(entry=entry, by=request.user)
        messages.success(request, "Entry published: everyone signed in can now read it")
        return redirect(entry)
    return _action_page(
        request,
        entry,
        form,
        title="Publish this entry",
        intro="Everyone signed in to the portal will be able to read it and its attachments.",
        submit="Publish entry",
    )


@login_required
def entry_send_back(request, pk):
    entry = _visible_entry(request, pk)
    if not entry.can_send_back(request.user):
        raise PermissionDenied("Only a lead of the network can send this entry back.")
    form = ReasonForm(
        _posted(request),
        label="What should be changed?",
        required_message="Enter why you are sending the entry back",
    )
    if request.method == "POST" and form.is_valid():
        services.entry_send_back(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Entry sent back to your network's members")
        return redirect(entry)
    return _action_page(
        request,
        entry,
        form,
        title="Send this entry back",
        intro="The network's members will see your reason and can change the entry.",
        submit="Send back",
    )


@login_required
def entry_withdraw(request, pk):
    entry = _visible_entry(request, pk)
    if not entry.can_withdraw(request.user):
        raise PermissionDenied("You cannot withdraw this entry.")
    form = ReasonForm(
        _posted(request),
        label="Why are you withdrawing it?",
        required_message="Enter why you are withdrawing the entry",
    )
    if request.method == "POST" and form.is_valid():
        services.entry_withdraw(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Entry withdrawn: its page now shows your reason")
        return redirect(entry)
    return _action_page(
        request,
        entry,
        form,
        title="Withdraw this entry",
        intro="It will leave the library. Its page stays, with a notice and your reason.",
        submit="Withdraw entry",
        warning=True,
    )


def _action_page(request, entry, form, *, title, intro, submit, warning=False):
    return render(
        request,
        "guidance/goodpracticeentry_confirm.html",
        {
            "entry": entry,
            "form": form,
            "page_title": title,
            "intro": intro,
            "submit_label": submit,
            "warning": warning,
            "cancel_url": entry.get_absolute_url(),
        },
    )


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
