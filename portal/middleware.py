"""Request hygiene for the public site."""

from django.http import QueryDict

from .spreadsheets import strip_control


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
