"""Counts and dates in templates, as French writes them."""

import datetime

from django.template import Context, Template

from common.dates import french_date
from common.wording import count_text


def render(source: str, **context) -> str:
    return Template("{% load wording %}" + source).render(Context(context))


def test_zero_and_one_take_the_singular():
    assert count_text(0, "session", "sessions") == "0 session"
    assert count_text(1, "session", "sessions") == "1 session"
    assert count_text(2, "session", "sessions") == "2 sessions"
    for n, word in ((0, "demande"), (1, "demande"), (3, "demandes")):
        assert render("{{ n }} demande{{ n|pluriel }}", n=n) == f"{n} {word}"
    assert render('{{ n|pluriel:"a,ont" }}', n=0) == "a"
    assert render('{{ n|compte:"jour,jours" }}', n=1) == "1 jour"
    assert render('{{ n|compte:"jour,jours" }}', n=7) == "7 jours"


def test_the_first_of_the_month_is_written_1er():
    first, other = datetime.date(2026, 9, 1), datetime.date(2026, 9, 15)
    assert render('{{ d|date_fr:"j F Y" }}', d=first) == "1er septembre 2026"
    assert render('{{ d|date_fr:"l j F Y" }}', d=other) == "mardi 15 septembre 2026"
    assert french_date(first) == "1er septembre 2026"
    assert render('{{ d|date_fr:"j F Y à H\\hi" }}', d=datetime.datetime(2026, 9, 1, 9, 5)) == (
        "1er septembre 2026 à 9\u00a0h\u00a005"
    )
    # Hours as French typography writes them, never cut between the figure and « h ».
    assert render('{{ d|date_fr:"H\\hi" }}', d=datetime.datetime(2026, 9, 1, 14, 0)) == "14\u00a0h"
    assert render('{{ d|date_fr:"H\\hi" }}', d=datetime.datetime(2026, 9, 1, 0, 30)) == (
        "0\u00a0h\u00a030"
    )
