"""The placement-rate chart: a bar per school or class, its label short enough to read."""

from pilotage.charts import rate_chart_svg


def test_a_schools_bar_is_labelled_by_what_tells_it_apart():
    svg = rate_chart_svg(
        "taux",
        "Taux de placement",
        [
            ("Lycée professionnel Roland-Garros", 7.0, "7 %"),
            ("Lycée polyvalent Antoine-Bourdelle", None, "pas encore"),
            ("Lycée professionnel des métiers de l’hôtellerie Jean-Bart", 50.0, "50 %"),
        ],
    )

    assert ">LP Roland-Garros</text>" in svg
    assert ">LPO Antoine-Bourdelle</text>" in svg
    assert ">LP des métiers de l’hôt…</text>" in svg
    # The summary read by assistive technologies keeps the whole names.
    assert "Lycée professionnel Roland-Garros 7 %" in svg
    assert ">pas encore</text>" in svg
