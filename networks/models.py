import rules
from django.conf import settings
from django.contrib.auth import get_backends
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150, blank=True)
    is_staff = models.BooleanField(
        "admin site access", default=False, help_text="Can sign in to the Django admin."
    )
    is_active = models.BooleanField("active", default=True)
    date_joined = models.DateTimeField("date joined", default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        permissions = [
            ("manage_any_network", "Can manage any network"),
            ("view_all_organisations", "Can see every organisation's private data"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_perm(self, perm, obj=None):
        """Whether the person holds a permission, on ``obj`` when one is given.

        Django lets admins hold every permission. The portal's own rules (registered with
        ``rules`` in each app's ``rules.py``) decide for admins too: an admin acts in the
        portal's pages with the project team's permissions, which they hold as admins, and
        whatever memberships they have, so an admin is no network's lead unless made one.
        """
        if rules.perm_exists(perm):
            return self.is_active and any(
                backend.has_perm(self, perm, obj)
                for backend in get_backends()
                if hasattr(backend, "has_perm")
            )
        return super().has_perm(perm, obj)

    @cached_property
    def _memberships(self):
        # One unordered query for every role: (network id, organisation id, role).
        if not self.is_authenticated or self.pk is None:
            return []
        return list(
            Membership.objects.filter(user_id=self.pk)
            .order_by()
            .values_list("network_id", "network__organisation_id", "role")
        )

    def network_ids(self, role=None):
        """Ids of the networks this person belongs to (optionally with a given role)."""
        return {network for network, _, held in self._memberships if role in (None, held)}

    def organisation_ids(self, role=None):
        """Ids of the organisations whose networks this person belongs to (optionally with a
        given role in one of them)."""
        return {
            organisation for _, organisation, held in self._memberships if role in (None, held)
        }


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The directory of organisations is open to everyone signed in.
        if not user.is_authenticated:
            return self.none()
        return self

    def of_member(self, user, role=None):
        """Organisations whose networks the person belongs to (with ``role``, if given)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=user.organisation_ids(role))

    def private_data_visible_to(self, user):
        """Organisations whose private data (submissions, actions, exports) the person may
        see: their own, or every one with ``networks.view_all_organisations``."""
        if user.has_perm("networks.view_all_organisations"):
            return self
        return self.of_member(user)

    def search(self, text):
        """Organisations whose name or acronym contains the text, ignoring case."""
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(acronym__icontains=text))

    def for_directory(self):
        """Everything a row of the directory shows, in a fixed number of queries."""
        return (
            self.select_related("parent")
            .annotate(network_count=Count("networks"))
            .order_by("name")
        )


class Organisation(models.Model):
    """A department, agency or other body that enters the index."""

    class Type(models.TextChoices):
        MINISTERIAL = "ministerial", "Ministerial department"
        NON_MINISTERIAL = "non_ministerial", "Non-ministerial department"
        EXECUTIVE_AGENCY = "executive_agency", "Executive agency"
        NDPB = "ndpb", "Non-departmental public body"
        DEVOLVED = "devolved", "Devolved administration"
        OTHER = "other", "Other"

    class Sector(models.TextChoices):
        GOVERNMENT = "government", "Government"
        DEFENCE_SECURITY = "defence_security", "Defence & Security"
        EMERGENCY_SERVICES = "emergency_services", "Emergency Services"
        LOCAL_GOVERNMENT = "local_government", "Local Government"
        EDUCATION = "education", "Education"
        HEALTH_SOCIAL_CARE = "health_social_care", "Health & Social Care"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=20, blank=True, help_text="For example DfE or HMRC.")
    slug = models.SlugField(max_length=200, unique=True)
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.MINISTERIAL)
    sector = models.CharField(
        "Stonewall sector", max_length=20, choices=Sector.choices, default=Sector.GOVERNMENT
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent organisation",
        help_text="For example, the department an agency belongs to.",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organisation_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("networks:organisation_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        ancestor = self.parent
        seen = set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": "An organisation cannot be its own parent or ancestor."}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    @property
    def short_name(self):
        return self.acronym or self.name


class NetworkQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self

    def editable_by(self, user):
        """Networks whose description and members this person may manage."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("networks.manage_any_network"):
            return self
        return self.filter(pk__in=user.network_ids(Membership.Role.LEAD))

    def of_member(self, user):
        """Networks the person belongs to."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=user.network_ids())

    def with_leads(self):
        """Prefetch each network's leads into ``lead_memberships``."""
        return self.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.leads().select_related("user"),
                to_attr="lead_memberships",
            )
        )


class Network(models.Model):
    """An LGBT+ staff network (or D&I team) of an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="networks"
    )
    name = models.CharField(max_length=200, help_text="For example PRISM or Spectrum.")
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(
        blank=True, max_length=5000, help_text="What the network does and who can join."
    )
    contact_email = models.EmailField(
        "contact email address",
        blank=True,
        help_text="A shared mailbox is better than a person's own address.",
    )
    # Goes up with every change made through the portal, so a form opened before someone
    # else's change is refused instead of overwriting it (weiportal.locking).
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="network_name_unique_in_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation.short_name})"

    def get_absolute_url(self):
        return reverse("networks:network_detail", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet):
    def leads(self):
        return self.filter(role=Membership.Role.LEAD)

    def editable_by(self, user):
        """Memberships of the networks this person may manage."""
        return self.filter(network__in=Network.objects.editable_by(user))


class Membership(models.Model):
    """A person's place in a network, as a member or a lead."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        LEAD = "lead", "Network lead"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateTimeField(default=timezone.now)
    # What the lead typed when adding them: pages show this, never the account's own name,
    # so adding an address does not reveal who holds it.
    name_given = models.CharField(
        "name given", max_length=150, blank=True, help_text="The name typed when adding them."
    )
    email_given = models.EmailField(
        "email address given", blank=True, help_text="The address typed when adding them."
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["network", "-role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "network"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.display_name} – {self.get_role_display()} of {self.network}"

    @property
    def display_name(self):
        """How pages about the network name them: as they were added."""
        return self.name_given or self.email_given or "Name not given"


class DemoDataRecord(models.Model):
    """Present when the demonstration data set is loaded, so every page can say so."""

    loaded_at = models.DateTimeField(default=timezone.now)
    seed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "demo data record"

    def __str__(self):
        return f"Demo data loaded {self.loaded_at:%d %B %Y %H:%M}"


class DataState:
    """The data versions a request uses: every counter, read at first need in one query
    (one short row per scope that has changed: a dozen or so an edition) and then kept, with
    the demonstration-data flag from the cache while the whole portal's counter stays."""

    def __init__(self, counters=None):
        self._counters = None if counters is None else dict(counters)
        self._demo_data_loaded = None
        self._known_flag = _UNREAD

    def _read(self):
        if self._counters is None:
            counters = DataVersion.objects.order_by()
            if self._cached_flag() is None:
                # Nothing cached: the flag is read in the same query.
                rows = list(
                    counters.annotate(
                        demo_data_loaded=Exists(DemoDataRecord.objects.all())
                    ).values_list("scope", "value", "demo_data_loaded")
                )
                if rows:
                    self._demo_data_loaded = rows[0][2]
                self._counters = {scope: value for scope, value, _demo in rows}
            else:
                self._counters = dict(counters.values_list("scope", "value"))
        return self._counters

    def _cached_flag(self):
        if self._known_flag is _UNREAD:
            self._known_flag = cache.get(DEMO_FLAG_CACHE_KEY)
        return self._known_flag

    def _counter(self, scope):
        return self._read().get(scope, 0)

    @property
    def versions(self):
        """Every counter, as (scope, value)."""
        return tuple(sorted(self._read().items()))

    @property
    def version(self):
        """The version of every comparison: the sum of every counter but guidance's, which
        moves with every change to any of them (each only ever goes up), for what spans
        editions."""
        return sum(value for scope, value in self.versions if scope != DataVersion.GUIDANCE)

    @property
    def lists_version(self):
        """The version of who shares what (the lists of organisations and editions): the whole
        portal's counter and the editions' lists', which a score saved leaves as they were."""
        lists = sum(
            value for scope, value in self._read().items() if DataVersion.is_lists_scope(scope)
        )
        return f"{self._counter(DataVersion.PORTAL_WIDE)}.{lists}"

    def edition_version(self, year):
        """The version of one edition's figures: the whole portal's counter and the
        edition's own, so a change to another edition leaves it as it was."""
        scope = DataVersion.edition_scope(year)
        return f"{self._counter(DataVersion.PORTAL_WIDE)}.{self._counter(scope)}"

    def section_version(self, year, number):
        """The version of one section's list in one edition: the whole portal's counter,
        the edition's lists' (moved by anything but a score in one section) and the
        section's own, so a save in another section leaves it as it was."""
        portal = DataVersion.PORTAL_WIDE
        scopes = (portal, DataVersion.lists_scope(year), DataVersion.section_scope(year, number))
        return ".".join(str(self._counter(scope)) for scope in scopes)

    @property
    def guidance_version(self):
        """The version of what the portal publishes as guidance (good practice and its
        helpful marks, guidance documents), with the organisations and sections it names."""
        portal, guidance = DataVersion.PORTAL_WIDE, DataVersion.GUIDANCE
        return f"{self._counter(portal)}.{self._counter(guidance)}"

    @property
    def demo_data_loaded(self):
        """Whether the demonstration data is loaded, from the cache while the whole portal's
        counter stays where it was read (loading or removing the data moves it)."""
        portal = self._counter(DataVersion.PORTAL_WIDE)
        known = self._cached_flag()
        if self._demo_data_loaded is None:
            if known is not None and known[0] == portal:
                self._demo_data_loaded = known[1]
            else:
                self._demo_data_loaded = DemoDataRecord.objects.exists()
        if known != (portal, self._demo_data_loaded):
            cache.set(DEMO_FLAG_CACHE_KEY, (portal, self._demo_data_loaded), None)
            self._known_flag = (portal, self._demo_data_loaded)
        return self._demo_data_loaded


_UNREAD = object()

# (the whole portal's counter, whether the demonstration data was loaded at that count)
DEMO_FLAG_CACHE_KEY = "networks:demo-data-loaded"


class DataVersionQuerySet(models.QuerySet):
    def current(self):
        """Every counter, read now in one query."""
        return DataState(self.order_by().values_list("scope", "value"))


class DataVersion(models.Model):
    """Counters that move whenever something cached pages show changes, each for one scope:
    the whole portal (organisations and networks, editions, their sections and maximums,
    anything changed in the admin); each edition (its submissions, results, answers and
    sharing: what people change most), split further for the sections' lists into the
    edition's lists (anything but one section's score) and each section's scores; and
    guidance (good practice, helpful marks, guidance documents).

    Every write path bumps its counters (``networks.services.data_version_bump`` or
    ``guidance_version_bump``) in the same transaction, so pages can cache what every viewer
    shares under the counters it depends on (``DataState.edition_version`` for one edition's
    figures, ``section_version`` for a section's list, ``version`` for what spans editions,
    ``guidance_version`` for the library) and still show a change on the next request, in
    every process, while a save elsewhere leaves their cached pages in use. It lives in
    ``networks``, the app every other app may use, because organisation names and network
    contacts change here too; an edition is named by its year, as the pages' addresses name
    it, and a section by its number in that edition.
    """

    PORTAL_WIDE = "portal"
    GUIDANCE = "guidance"

    scope = models.CharField(
        max_length=20,
        unique=True,
        help_text="“portal”, “guidance”, an edition's year, or its lists or one section's.",
    )
    value = models.PositiveBigIntegerField(default=0)

    objects = DataVersionQuerySet.as_manager()

    def __str__(self):
        return f"Data version {self.value} of {self.scope}"

    @staticmethod
    def edition_scope(year):
        return str(year)

    @staticmethod
    def lists_scope(year):
        return f"{year} lists"

    @staticmethod
    def is_lists_scope(scope):
        return scope.endswith(" lists")

    @staticmethod
    def section_scope(year, number):
        return f"{year} section {number}"

    @classmethod
    def for_request(cls, request):
        """The request's ``DataState``: the counters are read once per request, at first
        need."""
        if not hasattr(request, "_data_state"):
            request._data_state = DataState()
        return request._data_state
