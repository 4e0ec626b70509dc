"""One opt-out table: copy offres.MailOptOut (every optional mail) and rappels.Unsubscription."""

from django.db import migrations

ALL_KINDS = "tout"


def copy(apps, schema_editor):
    OptOut = apps.get_model("courriels", "OptOut")
    MailOptOut = apps.get_model("offres", "MailOptOut")
    Unsubscription = apps.get_model("rappels", "Unsubscription")
    rows = [OptOut(email=row.email.lower(), kind=ALL_KINDS) for row in MailOptOut.objects.all()]
    rows += [OptOut(email=row.email.lower(), kind=row.kind) for row in Unsubscription.objects.all()]
    OptOut.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


def copy_back(apps, schema_editor):
    OptOut = apps.get_model("courriels", "OptOut")
    MailOptOut = apps.get_model("offres", "MailOptOut")
    Unsubscription = apps.get_model("rappels", "Unsubscription")
    for row in OptOut.objects.all():
        if row.kind == ALL_KINDS:
            MailOptOut.objects.get_or_create(email=row.email)
        else:
            Unsubscription.objects.get_or_create(email=row.email, kind=row.kind)


class Migration(migrations.Migration):
    dependencies = [
        ("courriels", "0001_outbox"),
        ("offres", "0002_submission_acknowledged_at"),
        ("rappels", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy, copy_back)]
