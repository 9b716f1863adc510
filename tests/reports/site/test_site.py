"""The static site of a real audit, opened from the file system in Debian's chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import assert_accessible, needs_axe, needs_chromium

pytestmark = [needs_chromium, pytest.mark.corpus]
DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_the_ranking_page_is_a_french_table_with_scoped_headers(page, site):
    page.goto((site / "index.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "fr"
    table = page.locator("#t-villes")
    assert table.locator("caption").inner_text().startswith("Villes")
    assert table.locator("thead th[scope=col]").count() >= 10
    first = table.locator("tbody tr").first
    # Saint-Nazaire is the one city with 10 scored tenders (11 records, one truncated): ranked first.
    assert first.locator("th[scope=row]").inner_text() == "Saint-Nazaire"
    assert first.locator("td").first.inner_text() == "1"
    le_havre = table.locator("tbody tr", has=page.locator("th", has_text="Le Havre"))
    assert "échantillon insuffisant" in le_havre.inner_text()
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.screenshot(path=str(DOCS / "site-index.png"))


def test_a_city_page_opens_from_the_ranking_with_the_keyboard_and_carries_its_charts(page, site):
    page.goto((site / "index.html").as_uri())
    link = page.locator("#t-villes a", has_text="Saint-Nazaire")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("ville-44184.html")
    assert page.locator("h1").inner_text() == "Saint-Nazaire"
    chart = page.locator("svg#parts-ville-44184")
    assert chart.get_attribute("role") == "img"
    assert "Saint-Nazaire" in chart.locator("title").text_content()
    assert "cible 30 %" in chart.locator("desc").text_content()
    assert chart.bounding_box()["height"] > 50
    assert page.locator("svg#evolution-ville-44184 desc").text_content().count("2018") == 2  # one per target series
    # Its intercommunality, scored apart, linked from the city.
    assert page.locator("a", has_text="CARENE").get_attribute("href") == "epci-244400644.html"
    # Coverage beside the shares: 11 found, 1 unreadable.
    coverage = page.locator("table", has=page.locator("caption", has_text="Marchés trouvés"))
    assert "11" in coverage.locator("tr", has_text="Trouvés").inner_text()
    assert "1" in coverage.locator("tr", has_text="Illisibles").inner_text()
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.screenshot(path=str(DOCS / "site-ville.png"), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": 1700})


def test_evidence_lines_link_to_the_notice(page, site):
    page.goto((site / "epci-246700488.html").as_uri())
    rows = page.locator("table", has=page.locator("caption", has_text="Chaque clause")).locator("tbody tr")
    assert rows.count() > 0
    assert rows.first.locator("th a").count() == 0 or rows.first.locator("th a").get_attribute("href").startswith("http")
    assert "Taux de recyclage" in page.locator("main").inner_text()


@needs_axe
@pytest.mark.parametrize("name", ["index.html", "ville-44184.html", "epci-246700488.html", "methode.html"])
def test_no_serious_accessibility_violation(page, site, name):
    page.goto((site / name).as_uri())
    assert_accessible(page)
