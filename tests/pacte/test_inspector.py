"""The inspector (IEN): reads the Pactes, lettres and bilans of the schools they follow, and
nothing else of them (« l'inspecteur référent … est associé au suivi des missions », seed 000)."""

import pytest

from entreprises.models import Company
from etablissements.models import School
from etablissements.roles import Role
from pacte.models import ActivityReport, Engagement, MissionLetter
from pacte.services import (
    PacteError,
    PartSpec,
    engagement_set_parts,
    mission_letter_prepare,
    report_submit,
    report_validate,
)
from partenariats.models import Partnership
from pilotage.invitations import invitation_send
from tests.pacte.factories import (
    RCD,
    SchoolFactory,
    direction,
    engagement,
    lien_of,
    mission,
    staff_user,
)
from tests.pacte.test_mission_letter import pdf_text
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools():
    followed = SchoolFactory(name="LP Roland-Garros")
    other = SchoolFactory(name="LP Déodat-de-Séverac")
    inspector = staff_user(followed, Role.INSPECTOR, first_name="Inès", last_name="Pector")
    engs = {}
    for school in (followed, other):
        eng = engagement(school)
        mission_letter_prepare(engagement=eng)
        report_submit(
            engagement=eng, mission=lien_of(eng), by=eng.teacher, comments="Deux sessions."
        )
        PartnershipFactory(school=school, company__name=f"Garage de {school.name}")
        engs[school.pk] = eng
    return followed, other, inspector, engs


def test_the_inspector_sees_the_pactes_of_the_school_they_follow_and_not_another(schools):
    followed, other, inspector, engs = schools
    assert list(Engagement.objects.for_user(inspector)) == [engs[followed.pk]]
    assert list(MissionLetter.objects.for_user(inspector)) == [engs[followed.pk].mission_letter]
    reports = ActivityReport.objects.for_user(inspector)
    assert {r.engagement_id for r in reports} == {engs[followed.pk].pk}
    # Nothing else of the school: no partnerships, companies, nor the school's own lists.
    assert not Partnership.objects.for_user(inspector).exists()
    assert not Company.objects.for_user(inspector).exists()
    assert not School.objects.for_user(inspector).exists()


def test_the_inspector_reads_the_screens_without_pay_nor_any_write(client, schools):
    followed, other, inspector, engs = schools
    eng, elsewhere = engs[followed.pk], engs[other.pk]
    client.force_login(inspector)
    page = client.get("/admin/pacte/").content.decode()
    assert eng.teacher.last_name in page and elsewhere.teacher.last_name not in page
    assert "Nouveau Pacte" not in page and "Rémunération" not in page
    assert client.get(f"/admin/pacte/?etablissement={other.pk}").status_code == 404
    assert client.get(f"/admin/pacte/engagement/{eng.pk}/").status_code == 200
    assert client.get(f"/admin/pacte/engagement/{elsewhere.pk}/").status_code == 404
    bilan = f"/admin/pacte/engagement/{eng.pk}/bilans/{lien_of(eng).pk}/"
    html = client.get(bilan).content.decode()
    assert "Deux sessions." in html and "Valider le bilan" not in html
    # Refused (Wagtail turns the refusal into a redirect to its home page, with a message).
    for url in (f"/admin/pacte/engagement/{eng.pk}/composer/", "/admin/pacte/nouveau/"):
        assert client.get(url).status_code in (302, 403)
    assert "/admin/partenariats/" not in client.get("/admin/").content.decode()
    # The services refuse every write.
    with pytest.raises(PacteError):
        report_validate(engagement=eng, mission=lien_of(eng), by=inspector)
    with pytest.raises(PacteError):
        engagement_set_parts(engagement=eng, parts=[PartSpec(mission=mission(RCD))], by=inspector)


def test_a_direction_invites_the_inspector_like_other_staff(schools, mailoutbox):
    followed, _, _, _ = schools
    invitation = invitation_send(
        by=direction(followed), email="ien@ac-toulouse.fr", school=followed, role=Role.INSPECTOR
    )
    assert invitation.get_role_display() == "inspecteur référent (IEN, lecture des Pactes)"


def test_the_inspector_downloads_the_lettre_de_mission_of_a_followed_school_only(client, schools):
    """Read-only: the letter as it stands, without its pay line; another school's answers 404."""
    followed, other, inspector, engs = schools
    eng, elsewhere = engs[followed.pk], engs[other.pk]
    client.force_login(inspector)
    assert (
        "lettre-de-mission.pdf" in client.get(f"/admin/pacte/engagement/{eng.pk}/").content.decode()
    )
    response = client.get(f"/admin/pacte/engagement/{eng.pk}/lettre-de-mission.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Lettre de mission" in text and eng.teacher.last_name in text
    assert lien_of(eng).action.split(" (")[0] in text
    assert "Rémunération" not in text and "€" not in text
    refused = client.get(f"/admin/pacte/engagement/{elsewhere.pk}/lettre-de-mission.pdf")
    assert refused.status_code in (403, 404)
    # Reading wrote nothing: no letter prepared for an engagement that had none.
    MissionLetter.objects.filter(engagement=eng).delete()
    assert client.get(f"/admin/pacte/engagement/{eng.pk}/lettre-de-mission.pdf").status_code == 200
    assert not MissionLetter.objects.filter(engagement=eng).exists()
    # The direction still gets the pay line.
    client.force_login(direction(followed))
    text = pdf_text(client.get(f"/admin/pacte/engagement/{eng.pk}/lettre-de-mission.pdf").content)
    assert "Rémunération annuelle" in text
