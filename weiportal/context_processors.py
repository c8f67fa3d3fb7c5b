from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

# Service navigation for signed-in people: (label, URL name). Sections whose URLs do not
# exist yet are left out.
NAVIGATION = [
    ("Dashboard", "dashboard"),
    ("Organisations", "networks:organisation_list"),
    ("Submissions", "submissions:list"),
    ("Compare", "submissions:compare"),
    ("Good practice", "guidance:entry_list"),
    ("Guidance", "guidance:document_list"),
]


def navigation_items(request):
    items = []
    for label, name in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "current": request.path.startswith(url)})
    # Only the most specific match is current.
    current = [item for item in items if item["current"]]
    for item in current[:-1]:
        item["current"] = False
    return items


def demo_data_loaded(request):
    """Whether the demonstration data is loaded, read with the data version."""
    from networks.models import DataVersion

    return DataVersion.for_request(request).demo_data_loaded


def portal(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation_items": SimpleLazyObject(lambda: navigation_items(request))
        if request.user.is_authenticated
        else [],
        "demo_data_loaded": SimpleLazyObject(lambda: demo_data_loaded(request)),
    }
