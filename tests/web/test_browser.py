"""The form and the result page in a real browser (Debian's chromium through pytest-playwright) against a uvicorn
server started here on 127.0.0.1; accessibility checked with axe-core (no serious or critical violation)."""

from __future__ import annotations

import re

import pytest

from analyzer.web.app import WebSettings, create_app
from tests.browser import assert_accessible, live_server, needs_axe, needs_chromium

pytestmark = [needs_chromium, needs_axe]


def _text(locator) -> str:  # noqa: ANN001 - a playwright Locator
    # The DOM's text, not the rendered one: the status badge is uppercased by CSS only.
    return " ".join(locator.text_content().split())


@pytest.fixture(scope="module")
def base_url_live():  # noqa: ANN201 - the server's URL
    with live_server(create_app(WebSettings())) as url:
        yield url


def test_the_form_is_french_labelled_and_accessible(page, base_url_live: str) -> None:  # noqa: ANN001
    page.goto(base_url_live + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    for label in (
        "Fichier ou ZIP du dossier",
        "Date de lancement de la consultation",
        "Montant estimé (€ HT)",
        "Nature du marché",
        "Type d'acheteur",
    ):
        assert page.get_by_label(label).count() == 1, label
    assert_accessible(page)


def test_the_form_works_from_the_keyboard(page, base_url_live: str) -> None:  # noqa: ANN001
    page.goto(base_url_live + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    focused = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    order = [x for x in dict.fromkeys(focused)]
    assert order[order.index("file") : order.index("BUTTON") + 1] == [
        "file",
        "launch_date",
        "amount",
        "nature",
        "buyer_kind",
        "highlight",
        "BUTTON",
    ], focused


@pytest.mark.corpus
def test_the_result_page_shows_obligations_suggestions_and_highlighted_pages(page, base_url_live: str, grenoble_zip) -> None:  # noqa: ANN001
    page.goto(base_url_live + "/")
    page.get_by_label("Fichier ou ZIP du dossier").set_input_files(str(grenoble_zip))
    page.get_by_label("Date de lancement de la consultation").fill("2026-09-15")
    page.get_by_label("Montant estimé (€ HT)").fill("500 000")
    page.get_by_label("Nature du marché").select_option("services")
    page.get_by_label("Montrer les pages des PDF avec le passage surligné").check()
    page.get_by_role("button", name="Vérifier le dossier").click()
    page.wait_for_url(re.compile(r"/check$"), timeout=180_000)
    page.get_by_role("heading", name="Obligations et cibles").wait_for(timeout=180_000)
    social = page.locator("li.obligation", has=page.get_by_role("heading", name=re.compile("Condition d'exécution sociale")))
    assert "Manquante" in _text(social) and "140 000 €" in _text(social)
    assert "À ajouter au CCAP" in _text(social) and "action de formation" in _text(social)
    assert "Source : Ministère de l'Éducation nationale" in _text(social)
    criterion = page.locator("li.obligation", has=page.get_by_role("heading", name=re.compile("critère d'attribution environnemental")))
    assert "Respectée" in _text(criterion) and "RC_2026FCSSA0025 v2.pdf, page 11" in _text(criterion)
    criterion.get_by_text("Voir la page 11").click()
    image = criterion.get_by_role("img")
    assert image.is_visible() and "surligné" in image.get_attribute("alt")
    assert page.get_by_role("table", name=re.compile("passage\\(s\\) distinct")).count() == 1
    assert_accessible(page)


def test_a_bad_upload_gets_the_form_back_with_the_error(page, base_url_live: str, tmp_path) -> None:  # noqa: ANN001
    empty = tmp_path / "RC.pdf"
    empty.write_bytes(b"")
    page.goto(base_url_live + "/")
    page.get_by_label("Fichier ou ZIP du dossier").set_input_files(str(empty))
    page.get_by_label("Montant estimé (€ HT)").fill("40000")
    page.get_by_role("button", name="Vérifier le dossier").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "RC.pdf est vide" in _text(alert)
    assert page.get_by_label("Montant estimé (€ HT)").input_value() == "40000"
    assert_accessible(page)


def test_the_accessibility_check_catches_an_unlabelled_field(page) -> None:  # noqa: ANN001
    # The check itself can fail: an input without a label and an image without text are critical for axe.
    page.set_content(
        '<!doctype html><html lang="fr"><head><title>t</title></head><body><main><input type="text"><img src="x.png"></main></body></html>'
    )
    from tests.browser import axe_violations

    assert {"label", "image-alt"} <= {v["id"] for v in axe_violations(page)}
