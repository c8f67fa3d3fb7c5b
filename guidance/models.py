from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from guidance.limits import (
    CHANGE_NOTE_MAX_LENGTH,
    DOCUMENT_BODY_MAX_LENGTH,
    DOCUMENT_NOTE_MAX_LENGTH,
    DOCUMENT_SUMMARY_MAX_LENGTH,
    DOCUMENT_TITLE_MAX_LENGTH,
    MAX_ATTACHMENT_SIZE,
    MAX_FILE_NAME_LENGTH,
)
from guidance.markdown import render_markdown
from networks.models import Network
from submissions.models import Edition, Section, SectionResult


class GoodPracticeEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published and withdrawn entries for everyone signed in; the rest for the owning
        network and those with ``networks.view_all_organisations``."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("networks.view_all_organisations"):
            return self
        return self.filter(
            Q(status__in=GoodPracticeEntry.PUBLIC_STATUSES) | Q(network_id__in=user.network_ids())
        )

    def editable_by(self, user):
        """Entries a person may change: their networks' entries that are not withdrawn."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(network_id__in=user.network_ids()).exclude(
            status=GoodPracticeEntry.Status.WITHDRAWN
        )

    def published(self):
        return self.filter(status=GoodPracticeEntry.Status.PUBLISHED)

    def with_helpful_count(self):
        return self.annotate(helpful_count=helpful_count())


def helpful_count():
    """How many people marked the entry helpful: a subquery per entry, so a list needs no
    GROUP BY over everything else it selects."""
    marks = (
        HelpfulMark.objects.filter(entry=OuterRef("pk"))
        .order_by()
        .values("entry")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(marks), 0)


class PublishedStatus:
    """What pages ask of a model with a ``Status`` that has PUBLISHED and WITHDRAWN: those
    two, and the colour of its status's GOV.UK tag (``STATUS_TAG_COLOURS``)."""

    STATUS_TAG_COLOURS = {}

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def status_tag_colour(self):
        return self.STATUS_TAG_COLOURS[self.status]


class GoodPracticeEntry(PublishedStatus, models.Model):
    """Something a network did well, published so others can learn from it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT_BACK = "sent_back", "Sent back"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)
    STATUS_TAG_COLOURS = {
        Status.DRAFT: "grey",
        Status.SENT_BACK: "orange",
        Status.PUBLISHED: "green",
        Status.WITHDRAWN: "red",
    }

    title = models.CharField(max_length=150)
    summary = models.TextField(
        max_length=500, help_text="One or two sentences shown in the library's list."
    )
    body = models.TextField(
        "description",
        max_length=20_000,
        help_text="What you did, why it worked and what you would do differently. "
        "You can use Markdown: # for headings, - for lists, [text](https://…) for links.",
    )
    sections = models.ManyToManyField(
        Section,
        blank=True,
        related_name="good_practice_entries",
        verbose_name="sections it helps with",
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_practice_entries",
    )
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="good_practice_entries"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_practice_entries",
    )
    contact_name = models.CharField(
        max_length=150, blank=True, help_text="Leave empty to use the network's contact details."
    )
    contact_email = models.EmailField(
        "contact email address",
        blank=True,
        help_text="Leave empty to use the network's contact address.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    status_reason = models.TextField(
        "reason",
        max_length=2000,
        blank=True,
        help_text="Why the entry was sent back or withdrawn.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = GoodPracticeEntryQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "good-practice entry"
        verbose_name_plural = "good-practice entries"
        ordering = ["-published_at", "-created_at"]
        permissions = [("moderate_entry", "Can withdraw any good-practice entry")]
        indexes = [models.Index(fields=["status", "-published_at"], name="entry_status_published")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="entry_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guidance:entry_detail", kwargs={"pk": self.pk})

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def contact_display_name(self):
        return self.contact_name or str(self.network)

    @property
    def contact_display_email(self):
        return self.contact_email or self.network.contact_email

    @property
    def proposed_change(self):
        """A published entry's change not yet published (waiting, or sent back), or None.
        Looked up once per entry."""
        try:
            change = self.pending_change
        except ObjectDoesNotExist:
            return None
        return change if self.status == self.Status.PUBLISHED else None

    @property
    def workflow_tag(self):
        """The GOV.UK tag colour and words for where the entry is in publishing."""
        change = self.proposed_change
        if change is not None:
            if change.is_waiting:
                return "blue", "Change waiting for a lead"
            return "orange", "Change sent back"
        return self.status_tag_colour, self.get_status_display()

    @property
    def waiting_change(self):
        """The change waiting for a lead, or None."""
        change = self.proposed_change
        return change if change is not None and change.is_waiting else None


class EntryChangeQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=EntryChange.Status.WAITING)


class EntryChange(models.Model):
    """A member's change to a published entry, waiting for a lead of its network, as a new
    draft does. Readers see the published words, and files, until a lead publishes it."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a lead"
        SENT_BACK = "sent_back", "Sent back"

    entry = models.OneToOneField(
        GoodPracticeEntry, on_delete=models.CASCADE, related_name="pending_change"
    )
    title = models.CharField(max_length=150)
    summary = models.TextField(max_length=500)
    body = models.TextField("description", max_length=20_000)
    sections = models.ManyToManyField(Section, blank=True, related_name="good_practice_changes")
    edition = models.ForeignKey(
        Edition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField("contact email address", blank=True)
    remove_attachments = models.ManyToManyField(
        "Attachment", blank=True, related_name="+", verbose_name="attachments to remove"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    status_reason = models.TextField("reason", max_length=2000, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(default=timezone.now)

    objects = EntryChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "change waiting for a lead"

    def __str__(self):
        return f"Change to {self.entry}"

    @property
    def is_waiting(self):
        return self.status == self.Status.WAITING

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def files_added(self):
        return self.new_attachments.defer("data")

    @property
    def files_removed(self):
        return self.remove_attachments.defer("data")

    # The fields a change carries, as the entry has them.
    FIELDS = ("title", "summary", "body", "edition", "contact_name", "contact_email")


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Files of published entries for everyone signed in. A withdrawn entry's page stays
        open to all, but its files only to its network and the project team; so are files
        added by a change that waits for a lead."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("networks.view_all_organisations"):
            return self
        return self.filter(
            Q(entry__status=GoodPracticeEntry.Status.PUBLISHED, change__isnull=True)
            | Q(entry__network_id__in=user.network_ids())
        )

    def published(self):
        """The entry's own files, without those of a change still waiting."""
        return self.filter(change__isnull=True)


class Attachment(models.Model):
    """A file attached to an entry, kept in the database so every server can serve it."""

    entry = models.ForeignKey(
        GoodPracticeEntry, on_delete=models.CASCADE, related_name="attachments"
    )
    file_name = models.CharField("original file name", max_length=MAX_FILE_NAME_LENGTH)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("size in bytes")
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_practice_attachments",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Set while the file belongs to a change waiting for a lead; cleared when it is published.
    change = models.ForeignKey(
        EntryChange,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="new_attachments",
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__lte=MAX_ATTACHMENT_SIZE), name="attachment_at_most_10_mb"
            ),
        ]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("guidance:attachment_download", kwargs={"pk": self.pk})

    @property
    def kind(self):
        return self.file_name.rsplit(".", 1)[-1].upper() if "." in self.file_name else ""


class HelpfulMark(models.Model):
    """A person saying an entry helped them."""

    entry = models.ForeignKey(
        GoodPracticeEntry, on_delete=models.CASCADE, related_name="helpful_marks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_marks"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "user"], name="helpful_mark_once_per_person"),
        ]

    def __str__(self):
        return f"{self.user} found {self.entry} helpful"


class FeedToken(models.Model):
    """The secret in a person's feed URL; feed readers cannot sign in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Feed token for {self.user}"

    def get_absolute_url(self):
        return reverse("guidance:feed", kwargs={"token": self.token})


# Guidance documents: written by the project team, published as numbered revisions.


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published and withdrawn documents for everyone signed in; drafts for the writers."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("guidance.change_document"):
            return self
        return self.filter(status__in=Document.PUBLIC_STATUSES)

    def editable_by(self, user):
        """Documents a person may change: any that is not withdrawn, for the writers."""
        if not user.has_perm("guidance.change_document"):
            return self.none()
        return self.exclude(status=Document.Status.WITHDRAWN)

    def published(self):
        return self.filter(status=Document.Status.PUBLISHED)

    def supporting(self, section):
        """Documents whose published revision supports the section."""
        return self.filter(
            models.Exists(
                Revision.sections.through.objects.filter(
                    revision_id=models.OuterRef("current_revision_id"), section_id=section.pk
                )
            )
        )


class Document(PublishedStatus, models.Model):
    """A piece of guidance: its identity, owner and review date. The words are in revisions.

    Readers see ``current_revision``; the project team edits an open draft revision beside it.
    ``lock_version`` goes up with every change made through the portal, so a form opened
    before someone else's change is refused instead of overwriting it.
    """

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", "Guidance"
        # A model answer for one section of one round; its body is the answer's text.
        STANDARD_RESPONSE = "standard_response", "Standard response"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)
    STATUS_TAG_COLOURS = {
        Status.DRAFT: "grey",
        Status.IN_REVIEW: "blue",
        Status.PUBLISHED: "green",
        Status.WITHDRAWN: "red",
    }

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GUIDANCE)
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="standard_responses",
        help_text="For a standard response: the section it answers. It never changes.",
    )
    slug = models.SlugField(
        max_length=120, unique=True, help_text="The document's address; it never changes."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_guidance",
        help_text="The project-team person who keeps it up to date.",
    )
    review_due = models.DateField("review due", help_text="Reviewed at least once a year.")
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reminded_for = models.DateField(
        "owner reminded about the review due on",
        null=True,
        blank=True,
        help_text="Each review date is reminded once.",
    )
    current_revision = models.ForeignKey(
        "Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="published revision",
    )
    latest_major_revision = models.ForeignKey(
        "Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_explanation = models.TextField(
        max_length=DOCUMENT_NOTE_MAX_LENGTH,
        blank=True,
        help_text="Shown on the page of a withdrawn document.",
    )
    lock_version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "guidance document"
        ordering = ["slug"]
        permissions = [
            ("publish_document", "Can publish, send back and withdraw guidance documents"),
        ]
        indexes = [models.Index(fields=["status", "review_due"], name="document_status_review")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(current_revision__isnull=False),
                name="document_published_has_revision",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="document_withdrawn_has_date",
            ),
            models.CheckConstraint(
                condition=Q(kind="standard_response", section__isnull=False)
                | (~Q(kind="standard_response") & Q(section__isnull=True)),
                name="document_standard_response_has_section",
            ),
        ]

    def __str__(self):
        revision = self.current_revision
        return revision.title if revision else self.slug

    def get_absolute_url(self):
        return reverse("guidance:document_detail", kwargs={"slug": self.slug})

    def open_draft(self):
        """The revision being written (draft or in review), or None."""
        return self.revisions.filter(state__in=Revision.OPEN_STATES).first()

    @property
    def is_standard_response(self):
        return self.kind == self.Kind.STANDARD_RESPONSE


class RevisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published revisions of documents a person may read; every revision for writers."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("guidance.change_document"):
            return self
        return self.filter(
            state=Revision.State.PUBLISHED, document__status__in=Document.PUBLIC_STATUSES
        )

    def published(self):
        return self.filter(state=Revision.State.PUBLISHED)

    def open(self):
        return self.filter(state__in=Revision.OPEN_STATES)


class Revision(models.Model):
    """One version of a document's words. Once published it is numbered and never changes,
    except that a colleague may approve it afterwards. Other records may point at it."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    class ChangeType(models.TextChoices):
        MAJOR = "major", "Major"
        MINOR = "minor", "Minor"

    OPEN_STATES = (State.DRAFT, State.IN_REVIEW)

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    title = models.CharField(max_length=DOCUMENT_TITLE_MAX_LENGTH)
    summary = models.TextField(
        max_length=DOCUMENT_SUMMARY_MAX_LENGTH,
        help_text="One or two sentences shown in lists and search results.",
    )
    body = models.TextField(
        max_length=DOCUMENT_BODY_MAX_LENGTH,
        help_text="You can use Markdown: ## for headings, - for lists, "
        "[text](https://…) for links.",
    )
    evidence = models.TextField(
        "evidence to attach",
        max_length=DOCUMENT_NOTE_MAX_LENGTH,
        blank=True,
        help_text="For a standard response: what a department should attach as evidence.",
    )
    sections = models.ManyToManyField(
        Section, blank=True, related_name="guidance_revisions", verbose_name="sections it supports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="guidance_revisions",
        help_text="Who started this draft.",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_edited_at = models.DateTimeField(default=timezone.now)
    saved_version = models.PositiveIntegerField(
        default=1, help_text="The document's lock version this content was saved at."
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guidance_reviews",
        help_text="The colleague asked to review it.",
    )
    review_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_requested_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(
        max_length=DOCUMENT_NOTE_MAX_LENGTH,
        blank=True,
        help_text="What the reviewer asked to change.",
    )
    review_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_note_at = models.DateTimeField(null=True, blank=True)
    change_type = models.CharField(max_length=5, choices=ChangeType.choices, blank=True)
    change_note = models.TextField(max_length=CHANGE_NOTE_MAX_LENGTH, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The second person who checked it: its publisher, or who approved it later.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    unreviewed_reason = models.TextField(
        "reason for publishing without review",
        max_length=DOCUMENT_NOTE_MAX_LENGTH,
        blank=True,
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = RevisionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                condition=Q(number__isnull=False),
                name="revision_number_unique_in_document",
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(state__in=["draft", "in_review"]),
                name="revision_one_open_draft_per_document",
            ),
            models.CheckConstraint(
                condition=Q(state="published", number__isnull=False, published_at__isnull=False)
                | (~Q(state="published") & Q(number__isnull=True)),
                name="revision_published_is_numbered",
            ),
            models.CheckConstraint(
                condition=~Q(change_type="major") | ~Q(change_note=""),
                name="revision_major_has_change_note",
            ),
        ]

    def __str__(self):
        if self.number:
            return f"{self.title} (revision {self.number})"
        return f"{self.title} ({self.get_state_display().lower()})"

    def get_absolute_url(self):
        if self.state == self.State.PUBLISHED:
            return self.document.get_absolute_url()
        return reverse("guidance:draft_detail", kwargs={"slug": self.document.slug})

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def label(self):
        """How pages name it: "revision 3", or "the draft" before it is published."""
        return f"revision {self.number}" if self.number else "the draft"

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @property
    def is_major(self):
        return self.change_type == self.ChangeType.MAJOR

    @property
    def is_reviewed(self):
        return self.reviewed_by_id is not None

    @property
    def contributor_ids(self):
        """Who wrote it: they cannot be its second pair of eyes."""
        return {pk for pk in (self.author_id, self.last_edited_by_id) if pk}


class SubscriptionQuerySet(models.QuerySet):
    def matching(self, document, section_ids):
        """Subscriptions that cover a document supporting these sections."""
        return self.filter(
            Q(document=document)
            | Q(section_id__in=section_ids)
            | Q(document__isnull=True, section__isnull=True)
        )


class Subscription(models.Model):
    """A person asking to be told of major changes: to one document, to the guidance for a
    section, or (neither set) to all guidance."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guidance_subscriptions"
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guidance_subscriptions",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=True) | Q(section__isnull=True),
                name="subscription_one_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "document"],
                condition=Q(document__isnull=False),
                name="subscription_once_per_document",
            ),
            models.UniqueConstraint(
                fields=["user", "section"],
                condition=Q(section__isnull=False),
                name="subscription_once_per_section",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(document__isnull=True, section__isnull=True),
                name="subscription_once_to_everything",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.scope}"

    @property
    def scope(self):
        if self.document_id:
            return f"guidance document “{self.document}”"
        if self.section_id:
            section = self.section
            return f"guidance for {section.criteria_round}: {section.number}. {section.name}"
        return "all guidance"


class Notification(models.Model):
    """A major revision someone subscribed to hear about, or a major revision of a standard
    response their organisation's draft answer used: emailed once, and shown on their
    dashboard until they open the document."""

    class Reason(models.TextChoices):
        SUBSCRIBED = "subscribed", "Subscribed"
        ANSWER_USED = "answer_used", "Their organisation's answer used an earlier revision"

    reason = models.CharField(max_length=12, choices=Reason.choices, default=Reason.SUBSCRIBED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guidance_notifications"
    )
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "revision"], name="notification_once_per_revision"
            ),
        ]

    def __str__(self):
        return f"{self.revision} for {self.user}"


class GuidanceReader(models.Model):
    """What the guidance pages remember about one person."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guidance_reader"
    )
    dashboard_seen_at = models.DateTimeField(
        null=True, blank=True, help_text="When they last opened the dashboard in a new session."
    )
    review_reminders = models.BooleanField(
        default=True, help_text="Email reminders about documents they own that are overdue."
    )

    def __str__(self):
        return str(self.user)


class AnswerSourceQuerySet(models.QuerySet):
    def outdated(self):
        """Answers based on a revision older than their standard response's latest major one."""
        return self.filter(
            revision__number__lt=models.F("revision__document__latest_major_revision__number")
        )


class AnswerSource(models.Model):
    """The standard-response revision a section result's answer was based on.

    Kept in guidance, beside the revisions, so submissions never points up at guidance. The
    revision is a published one of the standard response for the result's own section.
    """

    result = models.OneToOneField(
        SectionResult, on_delete=models.CASCADE, related_name="answer_source"
    )
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="answer_uses")
    used_at = models.DateTimeField(default=timezone.now)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dismissed_revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="A newer revision the organisation chose not to take up.",
    )

    objects = AnswerSourceQuerySet.as_manager()

    class Meta:
        verbose_name = "standard response used"
        verbose_name_plural = "standard responses used"

    def __str__(self):
        return f"{self.result} used {self.revision}"

    def clean(self):
        super().clean()
        if not (self.result_id and self.revision_id):
            return
        revision = self.revision
        if not (
            revision.is_published
            and revision.document.is_standard_response
            and revision.document.section_id == self.result.section_id
        ):
            raise ValidationError(
                {"revision": "Choose a published revision of this section's standard response"}
            )
