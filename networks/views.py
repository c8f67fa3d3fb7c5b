from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.generic import FormView, UpdateView

from networks import services
from networks.forms import MemberAddForm, MemberRoleForm, NetworkForm, OrganisationFilterForm
from networks.models import Membership, Network, Organisation
from weiportal.form_pages import FormPageMixin, ObjectPermissionMixin, ParentObjectMixin
from weiportal.forms import ConfirmForm
from weiportal.locking import LockedFormPageMixin


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
    can_manage = request.user.has_perm("networks.manage_members", network)
    memberships = network.memberships.select_related("user") if can_manage else None
    return render(
        request,
        "networks/network_detail.html",
        {"network": network, "can_manage": can_manage, "memberships": memberships},
    )


class NetworkPageMixin(ObjectPermissionMixin, FormPageMixin):
    """A form page about one network the person manages."""

    permission_required = "networks.manage_members"

    def get_queryset(self):
        return Network.objects.editable_by(self.request.user).select_related("organisation")


class NetworkEdit(LockedFormPageMixin, NetworkPageMixin, UpdateView):
    permission_required = "networks.change_network"
    form_class = NetworkForm
    template_name = "networks/network_edit.html"
    page_title = "Edit {object.name}"
    submit_label = "Save changes"
    success_message = "{object.name} has been updated"

    def save(self, form):
        return services.network_update(network=self.object, **form.cleaned_data)


class MemberAdd(NetworkPageMixin, FormView):
    form_class = MemberAddForm
    template_name = "networks/member_add.html"
    page_title = "Add a member to {object.name}"
    submit_label = "Add member"
    error_field = "email"

    def save(self, form):
        return services.membership_add(
            network=self.object,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            full_name=form.cleaned_data["full_name"],
        )

    def get_success_message(self):
        return (
            f"{self.saved.email_given} has been added to {self.object.name} "
            f"as a {self.saved.get_role_display().lower()}. We have emailed them to say so."
        )


class MembershipPageMixin(ParentObjectMixin, ObjectPermissionMixin, FormPageMixin):
    """A page about one membership of a network the person manages."""

    permission_required = "networks.manage_members"
    parent_name = "network"

    def get_queryset(self):
        return (
            Membership.objects.editable_by(self.request.user)
            .filter(network__slug=self.kwargs["slug"])
            .select_related("user", "network__organisation")
        )


class MemberRole(MembershipPageMixin, FormView):
    form_class = MemberRoleForm
    template_name = "networks/member_role.html"
    page_title = "Change the role of {object.display_name}"
    submit_label = "Save role"
    error_field = "role"

    def get_initial(self):
        return {"role": self.object.role}

    def save(self, form):
        return services.membership_change_role(
            membership=self.object, role=form.cleaned_data["role"]
        )

    def get_success_message(self):
        return (
            f"{self.object.display_name} is now a {self.object.get_role_display().lower()} "
            f"of {self.object.network.name}"
        )


class MemberRemove(MembershipPageMixin, FormView):
    form_class = ConfirmForm
    template_name = "networks/member_remove.html"
    success_message = "{object.display_name} has been removed from {object.network.name}"

    def save(self, form):
        services.membership_remove(membership=self.object)
