"""Staff account views the portal hardens: password resets are throttled, and so are the
failed logins of one client address across login names (django-axes locks each pair)."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from wagtail.admin.views.account import LoginView, PasswordResetView

from common.client_ip import client_ip
from common.ratelimits import rate_limited, seconds_to_wait

LOGIN_FAILURES_GROUP = "login-failures-ip"


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


class ThrottledLoginView(LoginView):
    """Wagtail's login. django-axes locks a login name *from one address* after
    AXES_FAILURE_LIMIT failures, so that neither a colleague who mistypes on the school's
    network nor someone who knows an RBDE's login name can lock the others out. An address that
    tries many names is stopped here, past LOGIN_FAILURES_PER_IP_RATE failures of any name
    (a higher limit: a whole school, or an académie behind its proxy, shares one address)."""

    def post(self, request, *args, **kwargs):
        address = client_ip(request)
        rate = settings.LOGIN_FAILURES_PER_IP_RATE
        if seconds_to_wait(request, LOGIN_FAILURES_GROUP, rate=rate, value=address, count=False):
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form again: a failed login
            seconds_to_wait(request, LOGIN_FAILURES_GROUP, rate=rate, value=address)
        return response
