import factory

from home.models import ContentPage


class ContentPageFactory(factory.Factory):
    """A content page under the home page (Wagtail pages are created through the tree)."""

    class Meta:
        model = ContentPage

    title = factory.Sequence(lambda n: f"Page d’information {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "<p>Texte de la page.</p>"

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        from home.content import site_ensure_home

        parent = parent or site_ensure_home()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page
