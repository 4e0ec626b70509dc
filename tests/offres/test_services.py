import pytest
from django.utils import timezone

from entreprises.models import Company, Contact
from offres import services
from offres.models import (
    FollowUpStatus,
    Submission,
    SubmissionEvent,
    SubmissionKind,
    SubmissionSchool,
    SubmissionStatus,
)
from partenariats.models import Interaction, Partnership
from tests.entreprises.factories import CompanyFactory, valid_siret
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.offres.factories import SubmissionFactory, good_details
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def create(kind=SubmissionKind.MENTORING, schools=None, **overrides):
    kwargs = {
        "kind": kind,
        "siret": valid_siret(7),
        "company_name": "Électricité du Sud",
        "postcode": "31200",
        "town": "Toulouse",
        "email": "Paul.Martin@elec-sud.example",
        "first_name": "Paul",
        "last_name": "Martin",
        "schools": schools or [SchoolFactory()],
        "details": good_details(kind),
    }
    kwargs.update(overrides)
    return services.submission_create(**kwargs)


def test_one_company_per_siret_and_one_contact_per_email(django_capture_on_commit_callbacks):
    school = SchoolFactory()
    first = create(schools=[school])
    siret = valid_siret(7)
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    second = create(
        kind=SubmissionKind.CMQ,
        siret=spaced,
        email="paul.martin@elec-sud.example",
        schools=[school],
    )
    assert first.company == second.company
    assert Company.objects.count() == 1
    assert first.contact == second.contact
    contact = Contact.objects.get()
    assert contact.email == "paul.martin@elec-sud.example"
    assert contact.consent_given_at is not None
    assert contact.consent_method == "formulaire"
    assert list(contact.schools.all()) == [school]


def test_an_existing_company_is_not_renamed_by_a_public_form():
    company = CompanyFactory(siret=valid_siret(7), name="Électricité du Sud SAS")
    submission = create(company_name="Nom fantaisiste")
    assert submission.company == company
    company.refresh_from_db()
    assert company.name == "Électricité du Sud SAS"


def test_a_merged_company_leads_to_the_one_it_was_merged_into():
    target = CompanyFactory()
    CompanyFactory(siret=valid_siret(7), merged_into=target)
    assert create().company == target


def test_a_submission_is_saved_entirely_or_not_at_all(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(SubmissionSchool.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        create()
    assert Company.objects.count() == 0
    assert Contact.objects.count() == 0
    assert Submission.objects.count() == 0


def test_details_breaking_a_rule_save_nothing():
    with pytest.raises(services.SubmissionError) as exc:
        create(details=good_details(SubmissionKind.MENTORING, duration_months=5))
    assert exc.value.errors == {"duration_months": ["Le mentorat dure au moins 6 mois."]}
    assert Company.objects.count() == 0


def test_confirmation_mail_leaves_after_commit_with_a_link(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = create(kind=SubmissionKind.SPECIALISATION)
    assert submission.followup_status == FollowUpStatus.RECEIVED
    (mail,) = mailoutbox
    assert mail.to == ["paul.martin@elec-sud.example"]
    assert mail.subject.startswith("Votre proposition est bien reçue")
    assert "/entreprises/espace/" in mail.body
    assert "/entreprises/espace/" in mail.alternatives[0][0]


def test_accepting_creates_the_partnership_and_logs_it(
    django_capture_on_commit_callbacks, mailoutbox
):
    school, other = SchoolFactory(), SchoolFactory()
    rbde = staff_user(school)
    submission = SubmissionFactory(schools=[school, other])
    addressee = submission.addressees.get(school=school)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_answer(addressee=addressee, status="acceptee", by=rbde)
    partnership = Partnership.objects.get(school=school, company=submission.company)
    assert partnership.status == "actif"
    assert list(partnership.status_changes.values_list("to_status", flat=True)) == ["actif"]
    interaction = Interaction.objects.get(partnership=partnership)
    assert interaction.kind == "courriel"
    assert interaction.author == rbde
    assert "Proposition acceptée : mentorat" in interaction.note
    assert not Partnership.objects.filter(school=other).exists()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    assert submission.handled_by == rbde and submission.handled_at is not None
    assert "a accepté" in mailoutbox[0].body or "acceptée" in mailoutbox[0].subject


def test_accepting_twice_for_an_existing_partnership_updates_its_journal():
    school = SchoolFactory()
    rbde = staff_user(school)
    first = SubmissionFactory(schools=[school])
    second = SubmissionFactory(schools=[school], company=first.company)
    services.submission_answer(addressee=first.addressees.get(), status="acceptee", by=rbde)
    services.submission_answer(addressee=second.addressees.get(), status="acceptee", by=rbde)
    partnership = Partnership.objects.get()
    assert partnership.interactions.count() == 2


def test_accepting_revives_a_dormant_partnership_and_logs_the_change():
    school = SchoolFactory()
    rbde = staff_user(school)
    submission = SubmissionFactory(schools=[school])
    dormant = PartnershipFactory(school=school, company=submission.company, status="en_sommeil")
    services.submission_answer(addressee=submission.addressees.get(), status="acceptee", by=rbde)
    dormant.refresh_from_db()
    assert dormant.status == "actif"
    change = dormant.status_changes.get(to_status="actif")
    assert change.from_status == "en_sommeil"
    assert f"n° {submission.pk}" in change.comment


def test_refusing_needs_a_reason_which_is_mailed(django_capture_on_commit_callbacks, mailoutbox):
    school = SchoolFactory(name="LP Voltaire")
    rbde = staff_user(school)
    submission = SubmissionFactory(schools=[school])
    addressee = submission.addressees.get()
    with pytest.raises(services.SubmissionError) as exc:
        services.submission_answer(addressee=addressee, status="refusee", by=rbde)
    assert exc.value.field == "reason"
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_answer(
            addressee=addressee, status="refusee", by=rbde, reason="Plus de place cette année."
        )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REFUSED
    assert not Partnership.objects.exists()
    (mail,) = mailoutbox
    assert "LP Voltaire a répondu : proposition refusée" == mail.subject
    assert "Plus de place cette année." in mail.body


def test_lifecycle_is_guarded_and_logged():
    school = SchoolFactory()
    rbde = staff_user(school)
    submission = SubmissionFactory(schools=[school])
    addressee = submission.addressees.get()
    services.submission_answer(addressee=addressee, status="acceptee", by=rbde)
    with pytest.raises(services.SubmissionError):
        services.submission_answer(addressee=addressee, status="refusee", by=rbde, reason="x")
    services.submission_answer(addressee=addressee, status="close", by=rbde)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CLOSED
    steps = list(
        SubmissionEvent.objects.filter(submission=submission, field="status")
        .order_by("pk")
        .values_list("to_value", flat=True)
    )
    assert steps == ["acceptee", "close"]


def test_a_withdrawn_submission_can_be_neither_edited_nor_accepted():
    school = SchoolFactory()
    submission = SubmissionFactory(schools=[school])
    services.submission_withdraw(submission=submission)
    with pytest.raises(services.SubmissionError):
        services.submission_update_details(submission=submission, details=submission.details)
    with pytest.raises(services.SubmissionError):
        services.submission_answer(
            addressee=submission.addressees.get(), status="acceptee", by=staff_user(school)
        )


def test_edit_only_while_no_school_answered():
    school = SchoolFactory()
    submission = SubmissionFactory(schools=[school])
    services.submission_update_details(
        submission=submission,
        details=good_details(SubmissionKind.MENTORING, duration_months=12),
    )
    submission.refresh_from_db()
    assert submission.details["duration_months"] == 12
    services.submission_answer(
        addressee=submission.addressees.get(), status="acceptee", by=staff_user(school)
    )
    with pytest.raises(services.SubmissionError):
        services.submission_update_details(submission=submission, details=submission.details)


def test_specialisation_follow_up_is_dated_and_ends():
    school = SchoolFactory()
    rbde = staff_user(school)
    submission = SubmissionFactory(kind=SubmissionKind.SPECIALISATION, schools=[school])
    services.specialisation_set_followup(
        submission=submission, followup_status="transmise", by=rbde, before_parcoursup=True
    )
    submission.refresh_from_db()
    assert submission.followup_status == "transmise"
    assert submission.sent_on_at == timezone.localdate()
    assert submission.before_parcoursup
    services.specialisation_set_followup(submission=submission, followup_status="ouverte", by=rbde)
    with pytest.raises(services.SubmissionError):
        services.specialisation_set_followup(
            submission=submission, followup_status="etude", by=rbde
        )
    mentoring = SubmissionFactory(schools=[school])
    with pytest.raises(services.SubmissionError):
        services.specialisation_set_followup(submission=mentoring, followup_status="etude", by=rbde)


def test_joining_a_specialisation_request():
    school = SchoolFactory()
    original = SubmissionFactory(
        kind=SubmissionKind.SPECIALISATION, schools=[school], status=SubmissionStatus.ACCEPTED
    )
    joined = create(kind=SubmissionKind.SPECIALISATION, joins=original, schools=[school])
    assert joined.joins == original
    services.submission_withdraw(submission=original)
    with pytest.raises(services.SubmissionError):
        create(kind=SubmissionKind.SPECIALISATION, joins=original, schools=[school])


def test_opted_out_addresses_get_no_mail(django_capture_on_commit_callbacks, mailoutbox):
    services.mail_opt_out(email="PAUL.MARTIN@elec-sud.example")
    with django_capture_on_commit_callbacks(execute=True):
        create()
    assert mailoutbox == []


def test_model_clean_checks_the_details_too():
    from django.core.exceptions import ValidationError

    submission = SubmissionFactory.build(
        kind=SubmissionKind.ASSOCIATE_TEACHER,
        details=good_details(SubmissionKind.ASSOCIATE_TEACHER, hours_per_year=200),
    )
    with pytest.raises(ValidationError) as exc:
        submission.clean()
    assert "162 heures par an au plus" in str(exc.value)
