"""Every write a staff screen offers goes through a service (STYLE.md, « Generic actions are
writes too »): Wagtail's generic add, edit, copy and delete views save with `form.save()` and
delete with `instance.delete()`, past the rules a service keeps. So, for every registered viewset
of the portal and every role that may use one of those actions, the view that does the write
must be the project's own (a `save_instance`, `delete_action`… written here, which calls the
service), or the action must not be offered to that role."""

import pytest
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from etablissements.roles import Role
from formations.models import TutorTraining
from pacte.models import SchoolYear
from partenariats.models import Partnership, RoadmapAction
from partenariats.wagtail_hooks.partnerships import PartnershipViewSet, RoadmapViewSet
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory
from tests.pacte.factories import SchoolYearFactory
from tests.partenariats.factories import PartnershipFactory
from tests.test_consistency import PORTAL_APPS

# The methods where each generic view writes, in the order Wagtail calls them.
WRITE_METHODS = {
    "add": ("save_instance", "form_valid", "post"),
    "copy": ("save_instance", "form_valid", "post"),
    "edit": ("save_instance", "form_valid", "post"),
    "delete": ("delete_action", "form_valid", "post"),
}
ACTION_PERMISSION = {"add": "add", "copy": "add", "edit": "change", "delete": "delete"}


def registered_viewsets():
    def flatten(items):
        for item in items if isinstance(items, list | tuple) else [items]:
            if isinstance(item, ViewSetGroup):
                yield from item.registerables
            else:
                yield item

    for fn in hooks.get_hooks("register_admin_viewset"):
        for viewset in flatten(fn()):
            model = getattr(viewset, "model", None)
            if isinstance(viewset, ModelViewSet) and model is not None:
                if model._meta.app_label in PORTAL_APPS:
                    yield viewset


def writer_of(view_class, action):
    """The class whose method does the action's write: Wagtail's own, or one of ours."""
    for cls in view_class.__mro__:
        for name in WRITE_METHODS[action]:
            if name in vars(cls):
                return cls
    return None


def is_generic(cls) -> bool:
    return cls is None or cls.__module__.startswith(("wagtail.", "django."))


def offered_actions(viewset):
    actions = ["add", "edit", "delete"]
    if getattr(viewset, "copy_view_enabled", False):
        actions.append("copy")
    return actions


def view_class_of(viewset, action):
    return getattr(viewset, f"{action}_view_class")


def generic_writes(users, viewsets=None):
    """(viewset, action, role) for each write a role can reach that has no service behind it."""
    found = []
    for viewset in registered_viewsets() if viewsets is None else viewsets:
        for action in offered_actions(viewset):
            view_class = view_class_of(viewset, action)
            if action == "copy" and "post" not in view_class.http_method_names:
                continue  # the copy's form posts to the add view, checked as « add »
            if not is_generic(writer_of(view_class, action)):
                continue
            for role, user in users.items():
                policy = viewset.permission_policy
                if policy.user_has_permission(user, ACTION_PERMISSION[action]):
                    found.append(f"{viewset.model.__name__}.{action} ({role})")
    return sorted(found)


@pytest.fixture
def users(db):
    school = SchoolFactory()
    return {
        "rbde": staff_user(school, Role.RBDE),
        "enseignant": staff_user(school, Role.TEACHER),
        "direction": staff_user(school, Role.DIRECTION),
        "académie": UserFactory(is_superuser=True),
    }


def test_no_role_reaches_a_generic_write(users):
    assert generic_writes(users) == []


def test_the_check_finds_a_generic_write_left_to_a_role(users):
    class CarelessRoadmapViewSet(RoadmapViewSet):
        delete_view_class = generic.DeleteView

    class CarelessRoadmapCopyViewSet(RoadmapViewSet):
        def _wire_service_writes(self):
            pass  # Wagtail's own CopyView, which saves a POST with the form's save()

    found = generic_writes(
        users,
        viewsets=[CarelessRoadmapViewSet("essai_feuille"), CarelessRoadmapCopyViewSet("essai_c")],
    )
    assert "RoadmapAction.delete (rbde)" in found
    assert "RoadmapAction.copy (rbde)" in found
    # Refused to everyone (refuse_generic_actions): a generic delete view is never reached.
    assert generic_writes(users, viewsets=[PartnershipViewSet("essai_refus")]) == []


# What the refused and service-backed actions do, seen through the screens.


@pytest.fixture
def school(db):
    return SchoolFactory(name="Lycée Alpha")


@pytest.fixture
def rbde_client(client, school):
    client.force_login(staff_user(school, Role.RBDE))
    return client


def test_a_partnership_is_ended_not_deleted(rbde_client, school):
    partnership = PartnershipFactory(school=school)
    page = rbde_client.get(f"/admin/partenariats/{partnership.pk}/")
    assert f"/admin/partenariats/delete/{partnership.pk}/" not in page.content.decode()
    response = rbde_client.post(f"/admin/partenariats/delete/{partnership.pk}/")
    assert response.status_code in (302, 403)
    assert Partnership.objects.filter(pk=partnership.pk).exists()


def test_a_roadmap_action_is_saved_through_its_service_and_a_done_one_stays(rbde_client, school):
    partnership = PartnershipFactory(school=school)
    rbde_client.post(
        f"/admin/partenariats/feuille-de-route/new/?partnership={partnership.pk}",
        {"school_year": "2026-2027", "title": "Visite de l’atelier", "done": "on"},
    )
    action = RoadmapAction.objects.get(partnership=partnership)
    assert action.done_on == timezone.localdate()  # dated by roadmap_action_save
    response = rbde_client.post(
        f"/admin/partenariats/feuille-de-route/delete/{action.pk}/", follow=True
    )
    assert "elle reste dans l’historique du partenariat" in response.content.decode()
    assert RoadmapAction.objects.filter(pk=action.pk).exists()


def test_a_session_with_registered_tutors_is_not_deleted(rbde_client, school):
    empty = TutorTrainingFactory(school=school)
    taken = TutorTrainingFactory(school=school)
    RegistrationFactory(training=taken)
    rbde_client.post(f"/admin/formations/sessions/delete/{empty.pk}/")
    response = rbde_client.post(f"/admin/formations/sessions/delete/{taken.pk}/", follow=True)
    assert "Des tuteurs se sont inscrits à cette session" in response.content.decode()
    assert list(TutorTraining.objects.all()) == [taken]


def test_a_copy_takes_no_post_of_its_own(client, school):
    client.force_login(UserFactory(is_superuser=True))
    year = SchoolYearFactory()
    before = SchoolYear.objects.count()
    response = client.post(f"/admin/pacte-annees/copy/{year.pk}/", {"label": "2099-2100"})
    assert response.status_code == 405
    assert SchoolYear.objects.count() == before
