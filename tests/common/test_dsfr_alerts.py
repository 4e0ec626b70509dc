"""Alerts drawn by django-dsfr's tags (dsfr_alert, dsfr_django_messages) show what a person typed
as text: the portal sets DSFR_CONTENT_IS_SAFE = False, django-dsfr's default trusting any string."""

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string


def test_a_message_naming_what_someone_typed_is_shown_as_text():
    typed = Message(constants.SUCCESS, "Inscription de <b onclick=x>Élise</b> enregistrée.")
    html = render_to_string("formations/_messages.html", {"messages": [typed]})

    assert "fr-alert fr-alert--success fr-alert--sm" in html
    assert "Inscription de &lt;b onclick=x&gt;Élise&lt;/b&gt; enregistrée." in html
    assert "<b " not in html


@pytest.mark.django_db
def test_the_thanks_page_names_the_proposal_once_escaped():
    html = render_to_string(
        "offres/thanks.html",
        {"title": "Merci", "spec": {"proposal": "votre proposition de stages & <apprentissage>"}},
    )

    assert "fr-alert fr-alert--success fr-mb-4w" in html
    assert "Nous avons transmis votre proposition de stages &amp; &lt;apprentissage&gt; aux" in html


def test_only_alerts_the_tag_cannot_draw_are_written_by_hand():
    """django-dsfr's alert holds a title and one paragraph: an alert with a list (the links of an
    error summary, the mails someone left) is written by hand, and only those."""
    by_hand = sorted(
        str(path.relative_to(settings.BASE_DIR))
        for path in (settings.BASE_DIR / "templates").rglob("*.html")
        if 'class="fr-alert' in path.read_text()
    )

    assert by_hand == [
        "templates/courriels/desabonnement.html",
        "templates/offres/_error_summary.html",
    ]
