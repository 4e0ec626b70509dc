import pytest

from etablissements import demo as schools_demo
from pacte import demo
from pacte.activity import lien_record
from pacte.models import Engagement

pytestmark = pytest.mark.django_db


def test_the_demo_teacher_has_a_validated_pacte_once():
    schools_demo.load()
    demo.load()
    demo.load()

    eng = Engagement.objects.with_related().get(teacher__username="enseignant")
    assert eng.composition_label == "1 RCD + 3 face-à-face + 2 forfaits"
    assert eng.mission_letter.validated_by.username == "direction"
    record = lien_record(eng)
    assert record.targets == {
        "formations_animees": 2,
        "tuteurs_formes": 20,
        "partenariats_suivis": 10,
    }
    assert record.counts["actions_hors_portail"] == 2
