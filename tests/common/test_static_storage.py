"""Production's static storage: the manifest's URLs, each worked out once per process."""

import json

import pytest

from common.static_storage import PortalStaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.STATIC_URL = "/static/"
    manifest = {"paths": {"css/portail.css": "css/portail.0a1b2c.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return PortalStaticFilesStorage(location=tmp_path, base_url="/static/")


def test_the_url_is_the_manifests_hashed_one_and_is_kept(storage, monkeypatch):
    assert storage.url("css/portail.css") == "/static/css/portail.0a1b2c.css"
    monkeypatch.setattr(storage, "hashed_files", {})  # a second look-up would now fail
    assert storage.url("css/portail.css") == "/static/css/portail.0a1b2c.css"


def test_a_file_missing_from_the_manifest_still_raises(storage):
    with pytest.raises(ValueError, match="manifest"):
        storage.url("css/absent.css")
    with pytest.raises(ValueError, match="manifest"):
        storage.url("css/absent.css")
