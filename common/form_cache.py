"""A filter form's HTML rendered once per version and per choice of its selects.

A public list's filter form (six DSFR fields, a select of twenty-one sectors or a hundred
départements) costs a good part of the page to render, and is the same for every visitor but
for what was typed in its text boxes. So it is rendered once with a marker in each text box,
kept in the cache under the version, the selects' values and `key`, and each request puts its
own typed values (escaped, as Django's widget does) in place of the markers. The keys are
bounded by the selects' choices, whatever is typed; a form with errors is rendered as it is.
"""

import hashlib
import json
from collections.abc import Callable

from django import forms
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _marker(name: str) -> str:
    return f"zzvaleur{name}zz"


def cached_form_html(
    form: forms.Form,
    *,
    key: str,
    make: Callable[[dict], forms.Form],
    render: Callable[[forms.Form], str] = str,
    timeout: int = 600,
) -> SafeString:
    """`form`: the request's form; `make(data)`: the same form bound to other data;
    `render(form)`: its HTML; `key`: what else the HTML depends on (a version, the day)."""
    if form.is_bound and form.errors:
        return mark_safe(render(form))  # noqa: S308 (Django's own rendering, escaped)
    texts = [n for n, f in form.fields.items() if not isinstance(f.widget, forms.Select)]
    data = form.data if form.is_bound else {}
    selects = {n: str(data.get(n, "")) for n in form.fields if n not in texts}
    digest = hashlib.sha256(
        json.dumps([form.is_bound, selects], sort_keys=True).encode()
    ).hexdigest()[:32]
    cache_key = f"formulaire:{key}:{digest}"
    html = cache.get(cache_key)
    if html is None:
        if form.is_bound:
            html = render(make({**selects, **{name: _marker(name) for name in texts}}))
        else:
            html = render(form)
        cache.set(cache_key, html, timeout=timeout)
    if form.is_bound:
        for name in texts:
            value = data.get(name, "")
            marker = _marker(name)
            if value in ("", None):
                html = html.replace(f' value="{marker}"', "")
            html = html.replace(marker, escape(str(value)))
    return mark_safe(html)  # noqa: S308 (rendered by Django, the typed values escaped here)
