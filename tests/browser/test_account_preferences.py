"""« Mon compte »: the RBDE's reminder choices read as one column, each box left of its label,
at phone and desktop widths (issue 27 §12)."""

import pytest
from django.conf import settings
from django.test import Client

from etablissements.roles import Role
from tests.etablissements.factories import SchoolFactory, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_reminder_checkboxes_are_one_column(site, live_server, page, width):
    rbde = staff_user(SchoolFactory(), role=Role.RBDE)
    client = Client()
    client.force_login(rbde)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/admin/account/")
    page.get_by_role("tab", name="Notifications").click()
    page.locator("#checkboxes-id_rappels-received").scroll_into_view_if_needed()
    boxes = page.locator("#checkboxes-id_rappels-received input[type=checkbox]")
    assert boxes.count() >= 10
    rows = []
    for i in range(boxes.count()):
        box = boxes.nth(i).bounding_box()
        label = page.locator(f"label[for='{boxes.nth(i).get_attribute('id')}']").bounding_box()
        assert label["x"] > box["x"]  # the box, then its label
        rows.append((round(box["x"]), box["y"]))
    assert len({x for x, _ in rows}) == 1  # one column
    ys = [y for _, y in rows]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)  # one a line
