"""Contacts get a confirmation: who vouched that this person belongs to the company."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import Min


def confirm_existing(apps, schema_editor):
    """Existing people stay confirmed, except those a public form attached to a company that
    already had someone else (the hole this field closes): they wait for a school's staff.

    The demo's addresses (reserved `.example` domain) are confirmed: the demo keeps working.
    """
    Contact = apps.get_model("entreprises", "Contact")
    now = django.utils.timezone.now()
    first_of_company = dict(
        Contact.objects.values("company").annotate(first=Min("pk")).values_list("company", "first")
    )
    doubtful = []
    for pk, company_id, method, created_by, email in Contact.objects.values_list(
        "pk", "company_id", "consent_method", "created_by_id", "email"
    ).iterator():
        if (
            method == "formulaire"
            and created_by is None
            and first_of_company.get(company_id) != pk
            and not (email or "").lower().endswith(".example")
        ):
            doubtful.append(pk)
    Contact.objects.exclude(pk__in=doubtful).update(
        confirmed_at=now, confirmed_by="présent avant la confirmation des contacts"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("entreprises", "0006_directory_partial_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="confirmed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="confirmé le"
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="confirmed_by",
            field=models.CharField(
                blank=True, editable=False, max_length=250, verbose_name="confirmé par"
            ),
        ),
        migrations.RunPython(confirm_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contact",
            name="confirmed_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                editable=False,
                null=True,
                verbose_name="confirmé le",
            ),
        ),
    ]
