import factory
from stdnum import luhn

from entreprises.models import Company, Contact


def valid_siret(n: int) -> str:
    """A Luhn-valid SIRET built from a sequence number (SIREN and establishment both valid)."""
    base = f"{100000000 + n * 7:08d}"[:8]
    siren = base + luhn.calc_check_digit(base)
    nic = f"{n % 10000:04d}"
    body = siren + nic
    return body + luhn.calc_check_digit(body)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    siret = factory.Sequence(valid_siret)
    name = factory.Sequence(lambda n: f"Entreprise {n}")
    naf_code = "43.21A"
    size_band = "10-49"
    address = "12 rue des Artisans"
    postcode = "31000"
    town = "Toulouse"

    class Params:
        listed = factory.Trait(public_listing=True)
        cmq = factory.Trait(label_cmq=True)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    first_name = "Julie"
    last_name = factory.Sequence(lambda n: f"Lefèvre{n}")
    role = "tuteur"
    email = factory.Sequence(lambda n: f"contact{n}@entreprise.example")
    consent_method = "formulaire"
    consent_purpose = "être contactée par le bureau des entreprises"

    @factory.post_generation
    def schools(self, create, extracted, **kwargs):
        if create and extracted:
            self.schools.set(extracted)
