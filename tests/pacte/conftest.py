import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Accounts are created by the dozen here; the slow default hasher adds nothing to the tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
