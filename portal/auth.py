"""Authentication backends: django-axes' lockout, for logins that come with a request."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check on every login made through a web request (the admin's sign-in).

    A login without a request (a management command, the test client) is not an attempt from
    the internet: it is left to the next backend instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
