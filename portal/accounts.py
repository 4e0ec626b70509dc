"""Staff account views the portal hardens: password resets are throttled."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django_ratelimit.core import is_ratelimited
from wagtail.admin.views.account import PasswordResetView


def _reset_rate(group, request):
    return settings.PASSWORD_RESET_RATE


def _reset_email(group, request):
    return (request.POST.get("email") or "").strip().lower() or "-"


class ThrottledPasswordResetView(PasswordResetView):
    """Wagtail's reset form, sending at most PASSWORD_RESET_RATE mails per address and per
    client. Over the limit the answer is the same "mail sent" page: nothing to learn."""

    def form_valid(self, form):
        by_ip = is_ratelimited(
            self.request, group="password-reset-ip", key="ip", rate=_reset_rate, increment=True
        )
        by_email = is_ratelimited(
            self.request,
            group="password-reset-email",
            key=_reset_email,
            rate=_reset_rate,
            increment=True,
        )
        if by_ip or by_email:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
