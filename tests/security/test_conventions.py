"""Finding 6: a signed convention is a file of one school: served only through a view that
checks the user's schools, under a random stored name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.etablissements.factories import SchoolFactory, staff_user
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% convention de test\n%%EOF\n"


@pytest.fixture
def partnership(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partnership = PartnershipFactory(company__name="Garage Dupont")
    partnership.convention_file = SimpleUploadedFile(
        "Convention Jean Dupont signée.pdf", PDF, content_type="application/pdf"
    )
    partnership.save()
    return partnership


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_stored_name_is_random_and_the_raw_media_path_answers_nothing(client, partnership):
    name = partnership.convention_file.name
    assert name.startswith("conventions/") and name.endswith(".pdf")
    assert "Dupont" not in name and "Convention" not in name
    assert client.get(f"/media/{name}").status_code == 404
    client.force_login(staff_user(partnership.school))
    assert client.get(f"/media/{name}").status_code == 404


def test_the_schools_staff_download_it_through_the_checked_view(client, partnership):
    client.force_login(staff_user(partnership.school))
    inspect = client.get(reverse("partenariats_admin:inspect", args=[partnership.pk]))
    url = reverse("partenariats_admin:convention_file", args=[partnership.pk])
    assert url in inspect.content.decode()
    edit = client.get(reverse("partenariats_admin:edit", args=[partnership.pk])).content.decode()
    assert url in edit and partnership.convention_file.url not in edit
    response = client.get(url)
    assert response.status_code == 200
    assert _body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "convention-garage-dupont" in response["Content-Disposition"]


def test_another_school_and_anonymous_callers_get_nothing(client, partnership):
    url = reverse("partenariats_admin:convention_file", args=[partnership.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client.force_login(staff_user(SchoolFactory()))
    response = client.get(url)
    assert response.status_code == 404
    assert PDF not in response.content
