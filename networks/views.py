from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from networks import services
from networks.forms import (
    MemberAddForm,
    MemberRemoveForm,
    MemberRoleForm,
    NetworkForm,
    OrganisationFilterForm,
)
from networks.models import Membership, Network, Organisation


@login_required
def account(request):
    memberships = request.user.memberships.select_related("network__organisation")
    return render(request, "registration/account.html", {"memberships": memberships})


ORGANISATIONS_PER_PAGE = 25


@login_required
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    organisations = form.filter(Organisation.objects.visible_to(request.user).for_directory())
    page_obj = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "networks/organisation_list.html",
        {"form": form, "page_obj": page_obj, "organisations": page_obj.object_list},
    )


@login_required
def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("parent"), slug=slug
    )
    return render(
        request,
        "networks/organisation_detail.html",
        {
            "organisation": organisation,
            "networks": organisation.networks.visible_to(request.user).with_leads(),
            "children": organisation.children.visible_to(request.user),
        },
    )


@login_required
def network_detail(request, slug):
    network = get_object_or_404(
        Network.objects.visible_to(request.user).select_related("organisation").with_leads(),
        slug=slug,
    )
    can_manage = request.user.can_manage(network)
    memberships = network.memberships.select_related("user") if can_manage else None
    return render(
        request,
        "networks/network_detail.html",
        {"network": network, "can_manage": can_manage, "memberships": memberships},
    )


def _posted(request):
    """The submitted data, bound even when empty so an empty form shows its errors."""
    return request.POST if request.method == "POST" else None


def _editable_network(request, slug):
    return get_object_or_404(
        Network.objects.editable_by(request.user).select_related("organisation"), slug=slug
    )


def _editable_membership(request, slug, pk):
    network = _editable_network(request, slug)
    membership = get_object_or_404(
        Membership.objects.editable_by(request.user)
        .filter(network=network)
        .select_related("user"),
        pk=pk,
    )
    membership.network = network
    return membership


@login_required
def network_edit(request, slug):
    network = _editable_network(request, slug)
    form = NetworkForm(_posted(request), instance=network)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{network.name} has been updated")
        return redirect(network)
    return render(
        request,
        "networks/network_edit.html",
        {
            "form": form,
            "network": network,
            "page_title": f"Edit {network.name}",
            "submit_label": "Save changes",
            "cancel_url": network.get_absolute_url(),
        },
    )


@login_required
def member_add(request, slug):
    network = _editable_network(request, slug)
    form = MemberAddForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                network=network,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                full_name=form.cleaned_data["full_name"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error("email", error.messages)
        else:
            messages.success(
                request,
                f"{membership.user.email} has been added to {network.name} "
                f"as a {membership.get_role_display().lower()}",
            )
            return redirect(network)
    return render(
        request,
        "networks/member_add.html",
        {
            "form": form,
            "network": network,
            "page_title": f"Add a member to {network.name}",
            "submit_label": "Add member",
            "cancel_url": network.get_absolute_url(),
        },
    )


@login_required
def member_role(request, slug, pk):
    membership = _editable_membership(request, slug, pk)
    network = membership.network
    form = MemberRoleForm(_posted(request), initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as error:
            form.add_error("role", error.messages)
        else:
            messages.success(
                request,
                f"{membership.user} is now a {membership.get_role_display().lower()} "
                f"of {network.name}",
            )
            return redirect(network)
    return render(
        request,
        "networks/member_role.html",
        {
            "form": form,
            "network": network,
            "membership": membership,
            "page_title": f"Change the role of {membership.user}",
            "submit_label": "Save role",
            "cancel_url": network.get_absolute_url(),
        },
    )


@login_required
def member_remove(request, slug, pk):
    membership = _editable_membership(request, slug, pk)
    network = membership.network
    form = MemberRemoveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_remove(membership=membership)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"{membership.user} has been removed from {network.name}")
            return redirect(network)
    return render(
        request,
        "networks/member_remove.html",
        {"form": form, "network": network, "membership": membership},
    )
