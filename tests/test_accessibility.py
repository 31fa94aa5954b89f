"""Accessibility: axe-core in Chromium on every kind of page, in the light and dark palettes.

axe-core (tests/fixtures/axe-core, MPL-2.0, vendored unmodified from npm) is injected into each
page of the readers test site once its scripts have run (search results, cite buttons, the
filters), and the test fails on any violation axe rates serious or critical.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_harness import wait_until_searched

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "fixtures" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
BLOCKING = ("serious", "critical")
PAGES = {
    "home": "",
    "people": "people/",
    "people letter": "people/a-z/h/",
    "person": "people/gramzas-chexbret/",
    "person year": "people/gramzas-chexbret/2024/",
    "person in another script": "people/sami-haddad/",
    "topic": "topics/bridges/",
    "search idle": "search/",
    "search with results": "search/?q=bridge",
    "search without results": "search/?q=zzzyx",
    "data": "data/",
    "about": "about/",
    "404": "no/such/page/",
}


def test_the_vendored_axe_core_is_the_pinned_version() -> None:
    assert AXE.read_text(encoding="utf-8").startswith(f"/*! axe v{AXE_VERSION}\n")


def violations(page: object) -> list[dict[str, object]]:
    """axe's violations on the page as it is now, each with its first few elements."""
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    return page.evaluate(  # type: ignore[attr-defined,no-any-return]
        """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
            .map(v => ({ id: v.id, impact: v.impact, count: v.nodes.length,
                         where: v.nodes.slice(0, 3).map(n => n.target.join(" ")) }))"""
    )


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def themed_page(browser: object, served: str, scheme: str) -> object:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[attr-defined]
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_or_critical_axe_violation(
    themed_page: object, served: str, scheme: str, kind: str
) -> None:
    page = themed_page
    page.goto(f"{served}readers/site/{PAGES[kind]}")  # type: ignore[attr-defined]
    if kind == "search idle":
        page.wait_for_selector("#qa-search[data-state=idle]")  # type: ignore[attr-defined]
    elif kind.startswith("search"):
        wait_until_searched(page)
        found = page.locator(".qa-result").count()  # type: ignore[attr-defined]
        assert (found > 0) == (kind == "search with results")
    else:
        page.wait_for_load_state("load")  # type: ignore[attr-defined]
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected  # type: ignore[attr-defined]
    blocking = [v for v in violations(page) if v["impact"] in BLOCKING]
    assert blocking == [], f"{kind} ({scheme}): {blocking}"


def test_axe_finds_what_it_should_on_a_page_made_inaccessible(page: object, served: str) -> None:
    """The check can fail: a page given a low-contrast link and a nameless button has both."""
    page.goto(f"{served}readers/site/about/")  # type: ignore[attr-defined]
    page.evaluate(  # type: ignore[attr-defined]
        """() => { const p = document.querySelector(".md-content p");
            p.insertAdjacentHTML("beforeend",
              '<a href="#" style="color:#ccc;text-decoration:none">pale</a><button></button>'); }"""
    )
    found = {v["id"] for v in violations(page) if v["impact"] in BLOCKING}
    assert {"color-contrast", "button-name"} <= found
