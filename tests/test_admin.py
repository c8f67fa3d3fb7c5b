"""The Django admin: open to admins only, and every registered model's pages work."""

import pytest
from django.contrib import admin
from django.urls import reverse

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)


@pytest.mark.parametrize("role", ["member", "lead", "project_team"])
def test_admin_is_closed_to_everyone_but_admins(client, people, role):
    client.force_login(people[role])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_admin_changelist_and_add_pages_open_for_admins(
    client, people, submission, app_label, model_name
):
    client.force_login(people["admin"])
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    add = client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert add.status_code in (200, 403)  # some models are read-only in the admin


def test_admin_search_and_filters_work_for_organisations(client, people, organisation):
    client.force_login(people["admin"])
    response = client.get(
        reverse("admin:networks_organisation_changelist"), {"q": "Testing", "sector": "government"}
    )
    assert response.status_code == 200
    assert "Department for Testing" in response.text
