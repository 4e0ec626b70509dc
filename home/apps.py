from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "pages du site"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .navigation import nav_changed

        # The menu and footer are cached (home/navigation.py): any change to the tree shows.
        for signal in (post_save, post_delete, page_published, page_unpublished, post_page_move):
            signal.connect(nav_changed, dispatch_uid=f"navigation-{id(signal)}")
