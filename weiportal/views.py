"""Site-wide pages: the start page, the dashboard, the footer's pages and the error pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from weiportal.dashboard import dashboard_work


def start(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "pages/start.html")


@login_required
def dashboard(request):
    memberships = request.user.memberships.select_related("network__organisation").order_by(
        "network__organisation__name", "network__name"
    )
    return render(
        request,
        "pages/dashboard.html",
        {"memberships": memberships, "work": dashboard_work(user=request.user)},
    )


def accessibility(request):
    return render(request, "pages/accessibility.html")


def cookies(request):
    # The page states the session's lifetime as the settings set it.
    session_hours = settings.SESSION_COOKIE_AGE // (60 * 60)
    return render(request, "pages/cookies.html", {"session_hours": session_hours})


def privacy(request):
    return render(request, "pages/privacy.html", {"contact_email": settings.CONTACT_EMAIL})


def contact(request):
    return render(request, "pages/contact.html", {"contact_email": settings.CONTACT_EMAIL})


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    response = render(request, "404.html", status=404)
    response.portal_page = True  # weiportal.middleware leaves it as it is
    return response


def server_error(request):
    # No request context: the error may have come from a context processor or the database.
    return HttpResponseServerError(
        render_to_string("500.html", {"service_name": settings.SERVICE_NAME})
    )
