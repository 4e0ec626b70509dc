"""Request hygiene for the public site."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import JsonResponse, QueryDict

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


class RejectNulMiddleware:
    """A NUL character in the path or in a query parameter is never meaningful, and
    PostgreSQL refuses it in any text it is given (a 500 from the first filter that uses it):
    the request is answered 400 (the French error page) before any view sees it, or, on the
    API, 422 with the body its validation errors have (described in its OpenAPI document)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = self._nul_in(request)
        if where is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": [
                        {
                            "type": "value_error",
                            "loc": where,
                            "msg": "Caractère nul (U+0000) refusé.",
                        }
                    ]
                },
                status=422,
            )
        raise BadRequest("Caractère nul dans l’adresse ou ses paramètres.")

    @staticmethod
    def _nul_in(request) -> list[str] | None:
        if "\x00" in request.path_info:
            return ["path"]
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return ["query", key.replace("\x00", "")]
        return None


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
