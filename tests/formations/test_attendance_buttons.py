"""The attendance page's mail buttons are labelled, ask first and say how many people."""

import re

import pytest
from django.urls import reverse

from tests.formations.factories import RegistrationFactory, TutorTrainingFactory

pytestmark = pytest.mark.django_db


def test_mail_buttons_confirm_and_count_the_recipients(client, school, teacher):
    training = TutorTrainingFactory(school=school, leaders=[teacher], past=True)
    RegistrationFactory.create_batch(3, training=training, present=True)
    RegistrationFactory(training=training, status="absent")
    client.force_login(teacher)

    page = client.get(reverse("formations:attendance_sheet", args=[training.pk])).content.decode()

    assert "Feuille d’émargement (PDF)" in page
    # Opening a confirmation, not sending: type="button" tied to its dialog.
    for modal, label in [
        ("confirmer-attestations", "Envoyer les attestations aux présents (3 personnes)"),
        ("confirmer-avis", "Demander leur avis aux présents (3 personnes)"),
    ]:
        opener = rf'<button type="button"[^>]*aria-controls="{modal}"[^>]*>([^<]+)<'
        button = re.search(opener, page)
        assert button and button.group(1) == label
        dialog = page.split(f'<dialog id="{modal}"', 1)[1].split("</dialog>", 1)[0]
        assert "3 personnes présentes recevront chacune" in dialog
        assert 'type="submit"' in dialog
    assert f'action="{reverse("formations:send_certificates", args=[training.pk])}"' in page


def test_with_nobody_present_the_confirmation_says_so(client, school, teacher):
    training = TutorTrainingFactory(school=school, leaders=[teacher], past=True)
    RegistrationFactory(training=training)
    client.force_login(teacher)

    page = client.get(reverse("formations:attendance_sheet", args=[training.pk])).content.decode()

    assert "(0 personne)" in page
    assert "personne ne recevra de courriel" in page
