"""The static files' storage in production: WhiteNoise's, each file's URL worked out once.

`{% static %}` asks the manifest storage for a URL: a look-up of the hashed name, then a
`urljoin`, some 45 µs each; a public page asks it thirteen times (stylesheets, scripts, icons),
more than half a millisecond of every request. The manifest is read when the process starts and
does not change until the next deploy, which starts new processes: each name's URL is kept for
the life of the process. Files missing from the manifest still raise as before (nothing kept).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
