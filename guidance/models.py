from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from guidance.limits import MAX_ATTACHMENT_SIZE, MAX_FILE_NAME_LENGTH
from guidance.markdown import render_markdown
from networks.models import Network
from submissions.models import Edition, Section


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
        return self.annotate(helpful_count=models.Count("helpful_marks", distinct=True))


class GoodPracticeEntry(models.Model):
    """Something a network did well, published so others can learn from it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT_BACK = "sent_back", "Sent back"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)

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
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def status_tag_colour(self):
        return {
            self.Status.DRAFT: "grey",
            self.Status.SENT_BACK: "orange",
            self.Status.PUBLISHED: "green",
            self.Status.WITHDRAWN: "red",
        }[self.status]


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Files of published entries for everyone signed in. A withdrawn entry's page stays
        open to all, but its files only to its network and the project team."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("networks.view_all_organisations"):
            return self
        return self.filter(
            Q(entry__status=GoodPracticeEntry.Status.PUBLISHED)
            | Q(entry__network_id__in=user.network_ids())
        )


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
