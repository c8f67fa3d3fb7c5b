import functools

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import BooleanField, Q, TextField
from django.db.models.expressions import RawSQL

from networks.models import Membership, Network, User


@functools.cache
def _holds_permissions():
    """Whether the person holds a permission of their own or belongs to a group, as SQL
    written once: it runs on every request, where building it from querysets would cost more
    than running it. Only the models' own table and column names go into it."""
    quote = connection.ops.quote_name
    person = f"{quote(User._meta.db_table)}.{quote('id')}"
    tables = (User.user_permissions.through._meta.db_table, User.groups.through._meta.db_table)
    held = " OR ".join(
        f"EXISTS (SELECT 1 FROM {quote(table)} WHERE {quote(table)}.{quote('user_id')} = {person})"  # noqa: S608
        for table in tables
    )
    return RawSQL(held, (), output_field=BooleanField())  # noqa: S611


@functools.cache
def _memberships():
    """The person's memberships as one text, ``network:organisation:role`` joined by commas,
    in the query that loads them: comparison pages ask on every request, and a query of its
    own cost a millisecond, most of it building the query (measured)."""
    quote = connection.ops.quote_name
    membership, network = Membership._meta.db_table, Network._meta.db_table
    joined = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    text = " || ':' || ".join(
        (
            f"{quote(membership)}.{quote('network_id')}",
            f"{quote(network)}.{quote('organisation_id')}",
            f"{quote(membership)}.{quote('role')}",
        )
    )
    held = (
        f"SELECT {joined}({text}, ',') FROM {quote(membership)} "  # noqa: S608
        f"INNER JOIN {quote(network)} ON {quote(membership)}.{quote('network_id')} = "
        f"{quote(network)}.{quote('id')} WHERE {quote(membership)}.{quote('user_id')} = "
        f"{quote(User._meta.db_table)}.{quote('id')}"
    )
    return RawSQL(held, (), output_field=TextField())  # noqa: S611


def memberships_from(text):
    """[(network id, organisation id, role)] from ``_memberships``'s text."""
    if not text:
        return []
    held = []
    for membership in text.split(","):
        network, organisation, role = membership.split(":")
        held.append((int(network), int(organisation), role))
    return held


class PermissionBackend(ModelBackend):
    """Django's model backend, reading a person's own and their groups' permissions in one
    query rather than two: pages ask for permissions on every request. Most people (network
    members and leads) hold none, which the query that loads them on each request already
    says, so for them permissions cost no query at all. The same query reads their
    memberships."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.annotate(
                holds_permissions=_holds_permissions(), memberships_held=_memberships()
            ).get(pk=user_id)
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        user._memberships = memberships_from(user.memberships_held)
        if not (user.is_superuser or user.holds_permissions):
            user._perm_cache = user._user_perm_cache = user._group_perm_cache = set()
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(
                    Q(pk__in=user_obj.user_permissions.values("pk"))
                    | Q(pk__in=Permission.objects.filter(group__user=user_obj).values("pk"))
                )
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list(
                    "content_type__app_label", "codename"
                )
            }
        return user_obj._perm_cache
