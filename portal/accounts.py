"""Staff account views the portal hardens: password resets are throttled."""

from django.conf import settings
from django.http import HttpResponseRedirect
from wagtail.admin.views.account import PasswordResetView

from common.ratelimits import rate_limited


def _reset_rate(group, request):
    return settings.PASSWORD_RESET_RATE


class ThrottledPasswordResetView(PasswordResetView):
    """Wagtail's reset form, sending at most PASSWORD_RESET_RATE mails per address and per
    client. Over the limit the answer is the same "mail sent" page: nothing to learn."""

    def form_valid(self, form):
        if rate_limited(
            self.request,
            "password-reset",
            per_ip=_reset_rate,
            per_key=_reset_rate,
            key=self.request.POST.get("email") or "",
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
