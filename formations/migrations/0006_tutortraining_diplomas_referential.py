# TutorTraining.diplomas: from comma-separated text to the diploma referential
# (etablissements.Diploma). Each label typed before becomes a diploma without a BCN code, shared
# by every session that typed it (case aside); the reverse writes the labels back.

from django.db import migrations, models


def text_to_referential(apps, schema_editor):
    Diploma = apps.get_model("etablissements", "Diploma")
    TutorTraining = apps.get_model("formations", "TutorTraining")
    for training in TutorTraining.objects.exclude(diplomas_text=""):
        for label in {d.strip(): None for d in training.diplomas_text.split(",") if d.strip()}:
            diploma = Diploma.objects.filter(label__iexact=label).order_by("pk").first()
            if diploma is None:
                diploma = Diploma.objects.create(label=label[:250])
            training.diplomas.add(diploma)


def referential_to_text(apps, schema_editor):
    TutorTraining = apps.get_model("formations", "TutorTraining")
    for training in TutorTraining.objects.prefetch_related("diplomas"):
        labels = [f"{d.kind} {d.label}".strip() for d in training.diplomas.all()]
        training.diplomas_text = ", ".join(labels)[:300]
        training.save(update_fields=["diplomas_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("etablissements", "0003_diploma_referential_school_address"),
        ("formations", "0005_event_organisers"),
    ]

    operations = [
        migrations.RenameField("tutortraining", "diplomas", "diplomas_text"),
        migrations.AddField(
            model_name="tutortraining",
            name="diplomas",
            field=models.ManyToManyField(
                blank=True,
                help_text="Les diplômes du référentiel national (BCN) préparés par les élèves "
                "accueillis.",
                related_name="tutor_trainings",
                to="etablissements.diploma",
                verbose_name="diplômes concernés",
            ),
        ),
        migrations.RunPython(text_to_referential, referential_to_text),
        migrations.RemoveField("tutortraining", "diplomas_text"),
    ]
