"""What the staff screens of the outbox (and of the reminder log) share."""

from wagtail.permissions import ModelPermissionPolicy


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Mails are written by the portal only: staff read them, nobody edits them by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")
