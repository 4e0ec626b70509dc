"""What a person reads on the directory page: a filter that finds nothing leads back to the list."""

import pytest
from django.urls import reverse

from tests.entreprises.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_a_filter_can_be_cleared_and_an_empty_result_leads_back_to_the_list(client):
    CompanyFactory(name="Brasserie Ouverte", listed=True, postcode="82000")
    url = reverse("entreprises:directory")

    assert "Effacer les filtres" not in client.get(url).content.decode()
    assert "Effacer les filtres" not in client.get(url, {"page": 1}).content.decode()
    page = client.get(url, {"departement": "2B"}).content.decode()
    assert "Aucune entreprise ne correspond à ces critères." in page
    assert f'href="{url}">Voir toutes les entreprises partenaires</a>' in page
    assert f'href="{url}">Effacer les filtres</a>' in page
