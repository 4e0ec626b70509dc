"""The public unsubscribe page: GET shows what stops and a button, POST unsubscribes."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .services import EmailError, kind_labels, unsubscribe_confirm, unsubscribe_read


# The signed token in the address is the protection; a mail client's one-click POST
# (RFC 8058, "List-Unsubscribe=One-Click") carries no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        email, kinds = unsubscribe_read(token)
        if request.method == "POST":
            unsubscribe_confirm(token=token)
    except EmailError as exc:
        return render(request, "courriels/desabonnement.html", {"error": str(exc)}, status=400)
    context = {"email": email, "labels": kind_labels(kinds), "done": request.method == "POST"}
    response = render(request, "courriels/desabonnement.html", context)
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
        return HttpResponse("Désabonnement enregistré.", content_type="text/plain; charset=utf-8")
    return response
