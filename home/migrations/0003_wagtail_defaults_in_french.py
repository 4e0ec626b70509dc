"""Wagtail creates its default groups and moderation workflow with English names ("Moderators",
"Editors", "Moderators approval"), which the academy administrator reads in the admin: name
them in French. Only the names change; nothing looks them up by name."""

from django.db import migrations

RENAMES = {
    ("auth", "Group"): {"Moderators": "Modérateurs", "Editors": "Éditeurs"},
    ("wagtailcore", "Task"): {"Moderators approval": "Validation par les modérateurs"},
    ("wagtailcore", "Workflow"): {"Moderators approval": "Validation par les modérateurs"},
}


def rename(apps, schema_editor, backwards=False):
    for (app, model), names in RENAMES.items():
        manager = apps.get_model(app, model).objects
        for old, new in names.items():
            if backwards:
                old, new = new, old
            if not manager.filter(name=new).exists():
                manager.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_menus_footer_accessibility_site_plan"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
