"""The companies whose tutors registered for a school's training, before registering did it,
become prospects of that school (they were only in the contacts export)."""

from django.db import migrations

COMMENT = "création : un tuteur de l’entreprise s’était inscrit à une formation"


def forwards(apps, schema_editor):
    Registration = apps.get_model("formations", "Registration")
    Partnership = apps.get_model("partenariats", "Partnership")
    StatusChange = apps.get_model("partenariats", "PartnershipStatusChange")
    pairs = set(
        Registration.objects.filter(contact__company__merged_into__isnull=True)
        .values_list("training__school_id", "contact__company_id")
        .distinct()
    )
    existing = set(Partnership.objects.values_list("school_id", "company_id"))
    for school_id, company_id in sorted(pairs - existing):
        partnership = Partnership.objects.create(
            school_id=school_id, company_id=company_id, status="prospect"
        )
        StatusChange.objects.create(
            partnership=partnership, from_status="", to_status="prospect", comment=COMMENT
        )


class Migration(migrations.Migration):
    dependencies = [
        ("formations", "0007_registration_notified_by_the_outbox"),
        ("partenariats", "0004_convention_random_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
