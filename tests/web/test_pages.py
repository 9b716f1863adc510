"""The highlighted page image: the passage is found on the page even when its quote starts in another table cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.web.pages import highlight_png

REPO = Path(__file__).resolve().parents[2]
RC = next((REPO / "corpus" / "demo" / "dce-grenoble-inp-2026").rglob("RC_2026FCSSA0025 v2.pdf"), None)


@pytest.mark.skipif(RC is None, reason="the demo tender's RC is absent")
@pytest.mark.parametrize(
    ("quote", "drawn"),
    [
        # the criteria table of p. 11, as a passage quotes it: the first cell (": 20.0 %") is laid out on another row
        (": 20.0 %\n3-Qualité des services associés : livraison, installation et mise en service, formation, SAV et Support "
         "technique : 10.0 %\n4-Performances en matière de protection de l'environnement en lien a", True),
        ("4-Performances en matière de protection de l'environnement en lien avec l’objet du marché : 10.0 %", True),
        # near miss: words that are not on the page give no image rather than an unmarked one
        ("clause d'insertion par l'activité économique de quatre cents heures", False),
    ],
)
def test_a_quote_is_highlighted_on_its_page(quote: str, drawn: bool) -> None:
    assert (highlight_png(RC, 11, quote) is not None) is drawn
