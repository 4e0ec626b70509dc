"""Every write a staff screen offers goes through a service (STYLE.md: « Generic actions are
writes too »): the policy that refuses Wagtail's generic actions to everyone, and the views that
save and delete through the service a viewset names. tests/test_generic_writes.py checks every
registered viewset against it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from wagtail.admin.views.generic.models import CopyViewMixin
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy


def named_as(cls) -> dict:
    """The attributes that give a class built at start-up the name and module of the class it
    extends, so that a name read in a traceback or a repr is one a newcomer finds in a file."""
    return {"__module__": cls.__module__, "__qualname__": cls.__qualname__}


def _with(view_class, mixin, attrs=None):
    return type(view_class.__name__, (mixin, view_class), (attrs or {}) | named_as(view_class))


class WithoutActions:
    """A model's permission policy less the generic actions nobody is offered (see
    `refuse_generic_actions`): no button shows them, and their URLs answer « permission
    refusée », whatever the role's Django permissions say."""

    def __init__(self, policy, refused):
        self._policy = policy
        self.refused = frozenset(refused)

    def __getattr__(self, name):
        return getattr(self._policy, name)

    def _kept(self, actions):
        return [action for action in actions if action not in self.refused]

    def user_has_permission(self, user, action):
        return action not in self.refused and self._policy.user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        kept = self._kept(actions)
        return bool(kept) and self._policy.user_has_any_permission(user, kept)

    def user_has_permission_for_instance(self, user, action, instance):
        return action not in self.refused and self._policy.user_has_permission_for_instance(
            user, action, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        kept = self._kept(actions)
        return bool(kept) and self._policy.user_has_any_permission_for_instance(
            user, kept, instance
        )

    def instances_user_has_permission_for(self, user, action):
        if action in self.refused:
            return self._policy.model._default_manager.none()
        return self._policy.instances_user_has_permission_for(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        kept = self._kept(actions)
        if not kept:
            return self._policy.model._default_manager.none()
        return self._policy.instances_user_has_any_permission_for(user, kept)

    def users_with_permission(self, action):
        if action in self.refused:
            return self._policy.users_with_any_permission([]).none()
        return self._policy.users_with_permission(action)

    def users_with_any_permission(self, actions):
        return self._policy.users_with_any_permission(self._kept(actions))


def add_service_error(form, error) -> None:
    """A service's refusal shown on the form: on its fields when it names them."""
    if isinstance(error, ValidationError):
        try:
            form.add_error(None, error)
        except ValueError:  # a field the form does not show
            form.add_error(None, " ".join(error.messages))
        return
    form.add_error(None, str(getattr(error, "message", None) or error))


def refuse_generic_actions(model, *actions: str) -> WithoutActions:
    """Wagtail's generic `actions` ("add", "change", "delete") of `model` are offered to no one:
    the model is written by a service through a screen of its own (a partnership ends, it is
    not deleted). Called at the top of the app's wagtail_hooks, before any view asks Wagtail's
    policy registry for the model's policy."""
    policy = WithoutActions(ModelPermissionPolicy(model), actions)
    register_permission_policy(model, policy, exact_class=True)
    return policy


class ServiceSaveMixin:
    """An add or edit view that saves through `save_service(row=<unsaved row>)`; a broken rule
    (one of `service_errors`, its message in French) is shown on the form, nothing saved."""

    save_service = None
    service_errors: tuple[type[Exception], ...] = ()
    log_action = "wagtail.edit"

    def save_instance(self):
        row = type(self).save_service(row=self.form.save(commit=False))
        self.form.save_m2m()
        log(instance=row, action=self.log_action, user=self.request.user)
        return row

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except self.service_errors as error:
            add_service_error(form, error)
            return self.form_invalid(form)


class ServiceDeleteMixin:
    """A delete view that goes through `delete_service(row=…)`; a refusal is said, not raised."""

    delete_service = None
    service_errors: tuple[type[Exception], ...] = ()

    def delete_action(self):
        with transaction.atomic():  # a refused deletion leaves no line in the history
            log(instance=self.object, action="wagtail.delete", user=self.request.user)
            type(self).delete_service(row=self.object)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except self.service_errors as error:
            messages.error(self.request, str(getattr(error, "message", None) or error))
            return redirect(self.get_success_url())


class ServiceWritesMixin:
    """What a portal viewset writes, it writes through a service.

    Either its views are the app's own (their `save_instance` or `delete_action` call the
    service), or the viewset names the services Wagtail's views call (`save_service`,
    `delete_service`, with the `service_errors` they raise), or the action is offered to no one
    (`refuse_generic_actions`). A copy shows the add form filled in and posts to the add view:
    the copy URL itself takes no POST. tests/test_generic_writes.py checks every registered
    viewset against this."""

    save_service = None
    delete_service = None
    service_errors: tuple[type[Exception], ...] = (ValidationError,)

    def _wire_service_writes(self):
        errors = {"service_errors": self.service_errors}
        if self.save_service is not None:
            save = {**errors, "save_service": staticmethod(self.save_service)}
            for name, log_action in (("add", "wagtail.create"), ("edit", "wagtail.edit")):
                view = getattr(self, f"{name}_view_class")
                attrs = {**save, "log_action": log_action}
                setattr(self, f"{name}_view_class", _with(view, ServiceSaveMixin, attrs))
        if self.delete_service is not None:
            delete = {**errors, "delete_service": staticmethod(self.delete_service)}
            self.delete_view_class = _with(self.delete_view_class, ServiceDeleteMixin, delete)
        if self.copy_view_enabled:
            add = self.add_view_class
            self.copy_view_class = type(
                add.__name__,
                (CopyViewMixin, add),
                {"http_method_names": ["get", "head", "options"]} | named_as(add),
            )
