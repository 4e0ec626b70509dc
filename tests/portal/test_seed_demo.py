import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from etablissements.models import Membership, School

pytestmark = pytest.mark.django_db


def _counts():
    return School.objects.count(), Membership.objects.count(), get_user_model().objects.count()


def test_seed_demo_twice_changes_nothing_and_prints_the_logins(capsys):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    output = capsys.readouterr().out

    assert _counts() == first
    assert first[0] >= 3
    for login in ("admin", "rbde", "enseignant", "direction"):
        assert f"    {login} " in output
    assert "demo-portail-2026" in output


@pytest.mark.parametrize(
    ("login", "sees"),
    [("rbde", 1), ("enseignant", 1), ("direction", 1), ("rbde3", 1), ("admin", 6)],
)
def test_each_demo_login_reaches_the_french_admin(client, login, sees):
    call_command("seed_demo", "--quiet-logins")
    assert client.login(username=login, password="demo-portail-2026")

    html = client.get("/admin/").content.decode()
    assert "Tableau de bord" in html

    schools_html = client.get("/admin/etablissements/").content.decode()
    shown = [s.name for s in School.objects.all() if s.name in schools_html]
    assert len(shown) == sees
