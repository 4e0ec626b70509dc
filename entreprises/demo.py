"""Demo companies around the demo schools, with their contacts. Idempotent (by SIRET, by email).

`DEMO_COMPANIES` is what other apps' demos read: each entry's "siret" and "school" (the index, in
`etablissements.demo.SCHOOLS`, of the school the company mainly works with).
"""

import datetime
import unicodedata

from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from etablissements.demo import SCHOOLS
from etablissements.models import School

from .models import Contact
from .services import company_find_or_create


def demo_siret(siren_base: str, nic_base: str) -> str:
    """A Luhn-valid SIRET from 8 digits of SIREN and 4 of NIC (both check digits computed)."""
    siren = siren_base + luhn.calc_check_digit(siren_base)
    body = siren + nic_base
    return body + luhn.calc_check_digit(body)


def _company(siren, nic, school, name, naf, postcode, town, address, size, **extra):
    return {
        "siret": demo_siret(siren, nic),
        "school": school,
        "name": name,
        "naf_code": naf,
        "postcode": postcode,
        "town": town,
        "address": address,
        "size_band": size,
        **extra,
    }


# school index: 0 Toulouse (LP Roland-Garros), 1 Montauban (Bourdelle), 2 Tarbes (Jean-Dupuy)
DEMO_COMPANIES = [
    _company("81423561", "0001", 0, "Élec Occitanie Services", "43.21A", "31200", "Toulouse",
             "14 avenue des Minimes", "10-49", label_cmq=True, public_listing=True,
             website="https://elec-occitanie.example.fr"),
    # A second site of the same legal unit: the admin groups them by SIREN.
    _company("81423561", "0002", 0, "Élec Occitanie Services", "43.21A", "31700", "Blagnac",
             "3 rue de l’Aéropostale", "10-49"),
    _company("52871304", "0001", 0, "Brasserie du Capitole", "56.10A", "31000", "Toulouse",
             "2 place du Capitole", "10-49", public_listing=True),
    _company("49302718", "0003", 0, "Garage Saint-Cyprien Automobiles", "45.20A", "31300",
             "Toulouse", "45 allées Charles-de-Fitte", "1-9"),
    _company("83016429", "0001", 0, "Maçonnerie Garonne Bâtiment", "43.99C", "31100", "Toulouse",
             "8 chemin de Lardenne", "10-49", label_cmq=True, public_listing=True),
    _company("79120485", "0001", 0, "Aide et Présence 31", "88.10A", "31400", "Toulouse",
             "21 rue de l’Ukraine", "50-249"),
    _company("38845017", "0012", 0, "Supermarché des Minimes", "47.11D", "31200", "Toulouse",
             "60 boulevard Pierre-et-Marie-Curie", "50-249", public_listing=True),
    _company("82290136", "0001", 1, "Électricité Quercy Tarn", "43.21A", "82000", "Montauban",
             "5 rue Léon-Cladel", "1-9", public_listing=True),
    _company("50671823", "0001", 1, "Auberge du Tarn-et-Garonne", "56.10A", "82000",
             "Montauban", "17 quai de Verdun", "10-49"),
    _company("44718290", "0002", 1, "Carrosserie Montalbanaise", "45.20A", "82000", "Montauban",
             "112 avenue de Toulouse", "10-49", label_ptech=True),
    _company("87305164", "0001", 1, "Bâtiments du Quercy", "41.20A", "82000", "Montauban",
             "9 rue des Bâtisseurs", "50-249", public_listing=True, label_cmq=True),
    _company("80954372", "0001", 1, "Domicile Services Montauban", "88.10A", "82000",
             "Montauban", "33 faubourg Lacapelle", "10-49"),
    _company("51437809", "0001", 2, "Pyrénées Maintenance Auto", "45.20A", "65000", "Tarbes",
             "70 route de Pau", "10-49", public_listing=True),
    _company("48926153", "0001", 2, "Hôtel-Restaurant de l’Adour", "55.10Z", "65000", "Tarbes",
             "1 quai de l’Adour", "10-49"),
    _company("83571240", "0001", 2, "Bigorre Électricité Industrielle", "43.21A", "65000",
             "Tarbes", "12 rue de l’Industrie", "50-249", label_cmq=True, label_ptech=True,
             public_listing=True),
    _company("39164728", "0004", 2, "Commerce Marcadieu", "47.11B", "65000", "Tarbes",
             "4 place Marcadieu", "1-9"),
]  # fmt: skip

# (company index, first name, last name, role, job title)
DEMO_CONTACTS = [
    (0, "Julien", "Castex", "tuteur", "chef d’équipe électricien"),
    (0, "Nadia", "Ferrand", "rh", "responsable des ressources humaines"),
    (1, "Paul", "Sicard", "tuteur", "électricien confirmé"),
    (2, "Marion", "Lacoste", "dirigeant", "gérante"),
    (2, "Karim", "Benhamou", "tuteur", "chef de cuisine"),
    (3, "Thierry", "Rouquette", "tuteur", "chef d’atelier"),
    (4, "Sandrine", "Vidal", "dirigeant", "cogérante"),
    (4, "Hugo", "Marty", "tuteur", "chef de chantier"),
    (4, "Léa", "Dupuy", "mentor", "conductrice de travaux"),
    (5, "Fatima", "Ouali", "rh", "responsable de secteur"),
    (6, "Olivier", "Bastide", "tuteur", "manager de rayon"),
    (7, "Cédric", "Cazals", "dirigeant", "artisan électricien"),
    (8, "Agnès", "Delmas", "tuteur", "cheffe de salle"),
    (9, "Romain", "Pujol", "tuteur", "chef d’atelier carrosserie"),
    (10, "Isabelle", "Fabre", "rh", "chargée de recrutement"),
    (10, "Mathieu", "Carrère", "tuteur", "chef de chantier"),
    (11, "Chantal", "Bousquet", "dirigeant", "directrice"),
    (12, "Laurent", "Soulé", "tuteur", "chef d’atelier"),
    (12, "Inès", "Abadie", "mentor", "technicienne diagnostic"),
    (13, "Philippe", "Lamarque", "tuteur", "second de cuisine"),
    (14, "Sylvie", "Darré", "rh", "responsable formation"),
    (14, "Bruno", "Cassou", "tuteur", "électrotechnicien"),
    (15, "Yasmine", "Toulouse", "dirigeant", "commerçante"),
]

CONSENT_PURPOSE = (
    "être contacté par le bureau des entreprises pour l’accueil de stagiaires, les formations "
    "de tuteurs et les événements du lycée"
)


def _email(first: str, last: str) -> str:

    text = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode()
    return f"{text.lower().replace(' ', '')}@entreprise.example"


@transaction.atomic
def load() -> dict:

    schools = {s.uai: s for s in School.objects.filter(uai__in=[d["uai"] for d in SCHOOLS])}
    by_index = [schools.get(d["uai"]) for d in SCHOOLS]
    companies = []
    for data in DEMO_COMPANIES:
        defaults = {k: v for k, v in data.items() if k not in {"siret", "school"}}
        company, _ = company_find_or_create(siret=data["siret"], defaults=defaults)
        companies.append(company)
    consent_at = timezone.make_aware(datetime.datetime(2025, 9, 15, 10, 0))
    contacts = []
    for index, first, last, role, title in DEMO_CONTACTS:
        company = companies[index]
        contact, created = Contact.objects.get_or_create(
            company=company,
            email=_email(first, last),
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "job_title": title,
                "phone": f"05 61 {index:02d} {len(contacts):02d} 00",
                "consent_given_at": consent_at,
                "consent_method": "ecrit",
                "consent_purpose": CONSENT_PURPOSE,
                "last_activity_at": timezone.now(),
            },
        )
        school = by_index[DEMO_COMPANIES[index]["school"]]
        if created and school is not None:
            contact.schools.add(school)
        contacts.append(contact)
    return {"companies": companies, "contacts": contacts}
