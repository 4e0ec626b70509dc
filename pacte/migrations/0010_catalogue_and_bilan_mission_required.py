import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pacte", "0009_load_catalogue_per_year")]

    operations = [
        migrations.AlterField(
            model_name="mission",
            name="school_year",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="missions",
                to="pacte.schoolyear",
                verbose_name="année scolaire",
            ),
        ),
        migrations.AlterField(
            model_name="activityreport",
            name="mission",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activity_reports",
                to="pacte.mission",
                verbose_name="mission",
            ),
        ),
    ]
