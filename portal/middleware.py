"""Request hygiene for the public site."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import QueryDict

from common.spreadsheets import strip_control


class StripControlCharactersMiddleware:
    """Remove control characters (all but tab and newlines) from every public form's POST,
    before any view sees it: nothing stored from the internet can break an export later.

    The admin is left as it is (staff type their own data, and exports strip them anyway).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and not request.path.startswith("/admin/"):
            content_type = request.content_type or ""
            if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                cleaned = QueryDict(mutable=True)
                for key, values in request.POST.lists():
                    cleaned.setlist(strip_control(key), [strip_control(v) for v in values])
                cleaned._mutable = False
                request.POST = cleaned
        return self.get_response(request)


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY, strict: no inline script or
    style) on the public site; Wagtail's admin gets the few relaxations its own templates need
    (inline scripts of its widgets and panels, inline styles), nothing else."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path.startswith("/admin/") and parts.replace is None:
            parts.replace = dict(settings.CSP_ADMIN_REPLACE)
        return parts


class PermissionsPolicyMiddleware:
    """Turn off the browser features the portal never uses (camera, microphone, location…)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
