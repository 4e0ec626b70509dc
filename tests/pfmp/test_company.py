"""The company's side: one mail per period with the pupils proposed (first name and initial),
its answer from the espace's signed link with the tutor named; the referent teacher's visit."""

import datetime

import pytest
from django.utils import timezone

from entreprises.models import Contact
from etablissements.roles import Role
from offres.links import espace_token
from partenariats.models import Interaction
from pfmp.models import Placement
from pfmp.services import (
    PfmpError,
    placement_assign,
    placement_log_visit,
    placements_mail_companies,
)
from tests.etablissements.factories import staff_user
from tests.formations.factories import TutorTrainingFactory, in_days

from .factories import PeriodFactory, PupilFactory, SchoolClassFactory, placement_offer, tutor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed():
    today = timezone.localdate()
    period = PeriodFactory(
        school_class=SchoolClassFactory(name="1MELEC"),
        start=today + datetime.timedelta(days=10),
        end=today + datetime.timedelta(days=30),
    )
    offer = placement_offer(
        period.school_class.school,
        places=3,
        diploma="MELEC",
        period1_start=period.start.isoformat(),
        period1_end=period.end.isoformat(),
    )
    teacher = staff_user(
        period.school_class.school, Role.TEACHER, first_name="Élise", last_name="Prof"
    )
    placements = [
        placement_assign(
            pupil=PupilFactory(school_class=period.school_class, first_name=first, last_name=last),
            period=period,
            company=offer.company,
            referent_teacher=teacher,
        )
        for first, last in (("Léa", "Martin"), ("Hugo", "Dupont"))
    ]
    return period, offer, placements, teacher


def test_one_mail_per_period_with_first_names_and_initials_once(proposed, mailoutbox):
    period, offer, placements, _ = proposed
    tutor = tutor_of(offer.company, first_name="Paul", last_name="Tuteur")
    Placement.objects.filter(pk=placements[0].pk).update(tutor=tutor)
    assert placements_mail_companies(period=period) == 1
    assert placements_mail_companies(period=period) == 0  # not twice
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [offer.contact.email]
    assert mail.subject.startswith("2 élèves proposés pour une PFMP — ")
    assert "Léa M., classe 1MELEC" in mail.body and "Hugo D." in mail.body
    assert "Martin" not in mail.body and "Dupont" not in mail.body
    assert "professeur référent : Élise Prof" in mail.body
    # The tutor the school proposed is named: the company confirms it or names another.
    assert "Léa M., classe 1MELEC" in mail.body and "tuteur proposé : Paul Tuteur" in mail.body
    assert mail.body.count("tuteur proposé") == 1
    assert "confirmez ou nommez son tuteur" in mail.body
    assert "/pfmp/entreprise/" in mail.body


def test_the_company_accepts_names_a_new_tutor_and_declines_another(client, proposed):
    period, offer, placements, _ = proposed
    url = f"/pfmp/entreprise/{espace_token(offer.contact_id)}/"
    page = client.get(url).content.decode()
    assert "Léa M." in page and "Martin" not in page
    assert "3 places" not in page or "prise" in page
    client.post(
        url,
        {
            "placement": placements[0].pk,
            "answer": "accepte",
            "tutor_first_name": "Paul",
            "tutor_last_name": "Tuteur",
            "tutor_email": "paul.tuteur@entreprise.example",
        },
    )
    client.post(url, {"placement": placements[1].pk, "answer": "refuse"})
    accepted, declined = (Placement.objects.get(pk=p.pk) for p in placements)
    tutor = Contact.objects.get(email="paul.tuteur@entreprise.example")
    assert (accepted.status, accepted.tutor, accepted.first_time_tutor) == ("accord", tutor, True)
    assert tutor.consent_given_at is not None and tutor.role == "tuteur"
    assert accepted.history.first().by_company
    assert (declined.status, declined.company) == ("a_trouver", None)
    page = client.get(url).content.decode()
    assert "1 prise sur 3, 2 libres" in page


def test_another_companys_link_sees_no_pupil(client, proposed):
    period, _, placements, _ = proposed
    other = placement_offer(period.school_class.school, places=1)
    url = f"/pfmp/entreprise/{espace_token(other.contact_id)}/"
    assert "Léa" not in client.get(url).content.decode()
    client.post(url, {"placement": placements[0].pk, "answer": "refuse"})
    assert Placement.objects.get(pk=placements[0].pk).status == "piste"
    assert client.get("/pfmp/entreprise/abimé/").status_code == 403


def test_the_referent_teacher_logs_a_visit_from_the_phone_page(client, proposed):
    _, offer, placements, teacher = proposed
    client.post(
        f"/pfmp/entreprise/{espace_token(offer.contact_id)}/",
        {"placement": placements[0].pk, "answer": "accepte", "tutor_last_name": "Tuteur"},
    )
    offer.company.name = "Élec Sud"
    offer.company.save(update_fields=["name"])
    client.force_login(teacher)
    page = client.get("/admin/pfmp/tableau/mes-eleves/").content.decode()
    assert "Léa Martin" in page and "Hugo" not in page  # Hugo is not placed yet
    assert "Aucune visite ni aucun appel noté chez cette entreprise." in page
    today = timezone.localdate()
    # Today is filled in, in the ISO form a date input reads (a French date left it empty).
    assert f'type="date" name="{placements[0].pk}-occurred_on" value="{today:%Y-%m-%d}"' in page
    response = client.post(
        f"/admin/pfmp/tableau/mes-eleves/{placements[0].pk}/visite/",
        {
            f"{placements[0].pk}-kind": "visite",
            f"{placements[0].pk}-occurred_on": today.isoformat(),
            f"{placements[0].pk}-note": "Bon accueil",
        },
        follow=True,
    )
    page = " ".join(response.content.decode().split())
    assert "Noté dans le journal d’Élec Sud." in page
    # The card says it, so the teacher sees what is done without opening the journal.
    assert f"Votre dernier suivi chez cette entreprise : visite le {today:%d/%m/%Y}." in page
    entry = Interaction.objects.get(kind="visite")
    assert (entry.author, entry.partnership.company) == (teacher, offer.company)
    assert entry.note == "PFMP 1MELEC : Bon accueil"
    other = staff_user(offer.contact.company.partnerships.first().school, Role.TEACHER)
    with pytest.raises(PfmpError, match="Seul le professeur référent"):
        placement_log_visit(
            placement=placements[0], teacher=other, kind="visite", occurred_on=today
        )


def test_a_first_time_tutor_is_invited_once_to_the_schools_next_training(
    client, proposed, mailoutbox
):
    period, offer, placements, _ = proposed
    school = period.school_class.school
    TutorTrainingFactory(school=school, past=True)
    later = TutorTrainingFactory(school=school, starts_at=in_days(40))
    soonest = TutorTrainingFactory(school=school, starts_at=in_days(12))
    TutorTrainingFactory(starts_at=in_days(5))  # another school's
    url = f"/pfmp/entreprise/{espace_token(offer.contact_id)}/"
    for placement in placements:
        client.post(
            url,
            {
                "placement": placement.pk,
                "answer": "accepte",
                "tutor_first_name": "Paul",
                "tutor_last_name": "Tuteur",
                "tutor_email": "paul.tuteur@entreprise.example",
            },
        )
    invitations = [m for m in mailoutbox if m.to == ["paul.tuteur@entreprise.example"]]
    assert len(invitations) == 1  # the second pupil: no longer a first time
    mail = invitations[0]
    assert "formation des tuteurs le" in mail.subject
    assert f"/formations/tuteurs/session/{soonest.pk}/" in mail.body and later.pk != soonest.pk
    name, content, mimetype = mail.attachments[0]
    assert mimetype.startswith("text/calendar") and "BEGIN:VEVENT" in str(content)
    assert Placement.objects.filter(tutor_invited_at__isnull=False).count() == 1
