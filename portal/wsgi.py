import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Loaded objects out of the garbage collector's full walks (portal/startup.py says why).
from portal.startup import settle  # noqa: E402

settle()
