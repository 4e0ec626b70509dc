"""The project checked against its own conventions (see STYLE.md)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.template.loader import get_template
from wagtail.models import Page

PORTAL_APPS = set(settings.PORTAL_APPS)


def portal_models():
    return [m for m in apps.get_models() if m._meta.app_label in PORTAL_APPS]


def test_every_model_has_a_french_lower_case_verbose_name():
    for model in portal_models():
        for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
            text = str(name)
            assert text and text[0] == text[0].lower(), f"{model.__name__}: « {text} »"
        # Django's default is derived from the (English) class name: say it in French.
        assert "verbose_name" in model._meta.original_attrs, f"{model.__name__}: verbose_name ?"


def test_every_page_type_declares_where_it_lives():
    for model in apps.get_models():
        if not issubclass(model, Page) or model is Page or model._meta.app_label not in PORTAL_APPS:
            continue
        assert "parent_page_types" in model.__dict__, model.__name__
        assert "subpage_types" in model.__dict__, model.__name__


def test_every_staff_viewset_starts_from_for_user():
    from wagtail import hooks
    from wagtail.admin.viewsets.base import ViewSetGroup
    from wagtail.admin.viewsets.model import ModelViewSet

    def flatten(items):
        for item in items if isinstance(items, list | tuple) else [items]:
            if isinstance(item, ViewSetGroup):
                yield from item.registerables
            else:
                yield item

    checked = 0
    for fn in hooks.get_hooks("register_admin_viewset"):
        for viewset in flatten(fn()):
            model = getattr(viewset, "model", None)
            if not isinstance(viewset, ModelViewSet) or model is None:
                continue
            if model._meta.app_label not in PORTAL_APPS:
                continue
            assert hasattr(model._default_manager, "for_user"), model.__name__
            checked += 1
    assert checked >= 2


def test_every_beat_entry_names_a_registered_task():
    from portal.celery import BEAT_SCHEDULE, app

    app.loader.import_default_modules()
    for name, entry in BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"{name}: tâche {entry['task']} inconnue"


def test_every_reminder_rule_has_its_mail_templates():
    from rappels.rules import REGISTRY

    try:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("reminders")
    except ImportError:  # pragma: no cover - nothing to discover
        pass
    for code, rule in REGISTRY.items():
        if code.startswith("test"):
            continue
        for ext in ("txt", "html"):
            get_template(f"{rule.template}.{ext}")


@pytest.mark.parametrize("app_label", sorted(PORTAL_APPS))
def test_every_app_has_its_tests_folder(app_label):
    assert (settings.BASE_DIR / "tests" / app_label).is_dir()
