import pytest
from django.core.management import call_command
from django.utils import timezone

from pfmp.models import PfmpPeriod, Placement, Pupil, SchoolClass, TutorAppraisal
from pfmp.selectors import suggestions

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_class_with_pupils_a_coming_period_and_placements_once(client):
    call_command("seed_demo", "--quiet-logins")
    counts = (SchoolClass.objects.count(), Pupil.objects.count(), Placement.objects.count())
    call_command("seed_demo", "--quiet-logins")
    assert (SchoolClass.objects.count(), Pupil.objects.count(), Placement.objects.count()) == counts
    assert counts == (2, 18, 3)
    melec = PfmpPeriod.objects.get(school_class__name="1MELEC", start__gt=timezone.localdate())
    assert [s.places_left for s in suggestions(period=melec)] == [1]
    client.login(username="rbde", password="demo-portail-2026")
    home = client.get("/admin/").content.decode()
    assert "élèves de 1MELEC sans lieu de PFMP" in home
    assert "début dans 15 jours" in home
    appraisal = TutorAppraisal.objects.get(submitted_at__isnull=False)
    page = client.get(f"/admin/pfmp/tableau/eleve/{appraisal.placement.pupil_id}/").content.decode()
    assert "Appréciation du tuteur" in page and "Élève sérieux" in page
