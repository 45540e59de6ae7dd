"""The pages in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

A uvicorn server runs the app on 127.0.0.1 in a thread for the module and is
stopped at the end. Screenshots of the main pages go to out/test-artifacts/.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import KIRKUK, make_doc, make_report
from tests.test_api_web import ALEPPO, HOSTILE
from warwatch import review
from warwatch.settings import Settings
from warwatch.store import Store
from warwatch.web import create_app
from warwatch.web.pages import VENDOR

ARTIFACTS = Path(__file__).resolve().parents[1] / "out" / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # Containers give /dev/shm a few dozen MB; chromium's renderers crash when it fills, and every
    # test after the crash errors. Shared memory then goes through /tmp instead.
    "--disable-dev-shm-usage",
]
#: How long the server may take to start listening.
START_TIMEOUT_S = 20
#: Playwright waits up to this long for a selector, and `expect` for its condition, before failing.
WAIT_MS = 15_000
expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, str]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'web.db'}")
    kirkuk = {"day": date(2017, 4, 2), "place": KIRKUK, "sub": "Armed clash", "event_type": "Battles"}
    shelling = {"day": date(2017, 5, 10), "sub": "Shelling/artillery/missile attack", "killed": (3, 3, 3)}
    specs = [
        ("An air strike killed five civilians in Mosul. Residents counted the dead.", "Outlet A", {}),
        ("Clashes in Kirkuk killed ten fighters.", "Outlet B", {**kirkuk, "killed": (10, 10, 12)}),
        (f"Shelling hit west Mosul. {HOSTILE}", "Outlet <b>C</b>", shelling),
        (
            "Air strikes on Aleppo killed thirty.",
            "Outlet D",
            {"day": date(2017, 6, 1), "place": ALEPPO, "killed": (30, 30, 30)},
        ),
    ]
    for text, outlet, spec in specs:
        doc = make_doc(text, outlet=outlet, url="https://news.example/" + outlet[-1])
        store.add_documents([doc])
        store.save_reports(doc, [make_report(doc, **spec)])
    store.relink()
    return store, review.add_user(store, "Amira")


@pytest.fixture(scope="module")
def base_url(seeded: tuple[Store, str]) -> Iterator[str]:
    store, _ = seeded
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # a free port, held from here on so nothing else takes it
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(store, Settings(db=store.url)), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=START_TIMEOUT_S)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    pg.on("console", lambda m: print("console:", m.type, m.text))
    pg.on("pageerror", lambda e: print("pageerror:", e))
    # Only the test server is reachable: anything else (a CDN, tiles) fails the test loudly.
    pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort())
    yield pg
    context.close()


def _open_incident(page: Page, location: str) -> None:
    page.goto("/")
    page.locator("a.incident-link", has_text=location).first.click()
    page.wait_for_selector("#incident-title")


#: Incidents the map shows inside its box: each lone marker counts one, each cluster its number.
_SHOWN_ON_MAP = """() => {
  const box = document.getElementById("map").getBoundingClientRect();
  const inside = (e) => {
    const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    return r.width > 0 && r.height > 0 && x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
  };
  const clusters = [...document.querySelectorAll("#map .marker-cluster")].filter(inside);
  const lone = [...document.querySelectorAll("#map path.incident-marker, #map circle.incident-point")].filter(inside);
  return lone.length + clusters.reduce((n, c) => n + Number(c.textContent), 0);
}"""


def test_map_timeline_and_table(page: Page):
    page.goto("/")
    page.wait_for_selector("#map.ready")
    page.wait_for_selector("#timeline.ready svg .band")
    expected = "leaflet" if (VENDOR / "leaflet" / "leaflet.js").is_file() else "svg"
    assert page.get_attribute("#map", "data-renderer") == expected
    assert page.get_attribute("#map", "data-points") == "4"
    if expected == "leaflet":
        page.wait_for_selector("#map path.incident-marker, #map .marker-cluster")
        if (VENDOR / "world-atlas" / "countries-110m.json").is_file():
            page.wait_for_selector("#map path.world-outline")
    else:
        expect(page.locator("#map circle.incident-point")).to_have_count(4)
    # Every incident is on screen at once: the view fits them all, alone or in clusters.
    assert page.evaluate(_SHOWN_ON_MAP) == 4
    expect(page.locator("tr.incident-row")).to_have_count(4)
    assert page.locator("#timeline .week-bar").count() >= 4
    page.screenshot(path=str(ARTIFACTS / "incidents-map.png"), full_page=True)


def test_map_popup_links_to_the_incident(page: Page):
    if not (VENDOR / "leaflet" / "leaflet.js").is_file():
        pytest.skip("the plain SVG map links each point itself (checked below); popups need Leaflet")
    page.goto("/")
    page.wait_for_selector("#map.ready")
    page.locator("#map path.incident-marker").first.click()
    link = page.locator("#map .leaflet-popup a.popup-link")
    expect(link).to_have_attribute("href", re.compile(r"^/incidents/[0-9a-f]+$"))
    link.click()
    page.wait_for_selector("#incident-title")


def test_plain_svg_map_without_the_vendor_files(page: Page):
    page.route("**/static/vendor/**", lambda route: route.abort())
    page.goto("/")
    page.wait_for_selector("#map.ready")
    assert page.get_attribute("#map", "data-renderer") == "svg"
    expect(page.locator("#map circle.incident-point")).to_have_count(4)
    assert page.evaluate(_SHOWN_ON_MAP) == 4
    # Two incidents in Mosul share a point: they are fanned out, so no circle hides another.
    centres = page.eval_on_selector_all(
        "#map circle.incident-point", "cs => cs.map(c => [c.getAttribute('cx'), c.getAttribute('cy')].join())"
    )
    assert len(set(centres)) == 4
    expect(page.locator("#map a[href^='/incidents/'] circle.incident-point")).to_have_count(4)
    page.screenshot(path=str(ARTIFACTS / "incidents-map-fallback.png"), full_page=True)


def test_filter_bar_drives_map_timeline_and_table(page: Page):
    page.goto("/")
    page.select_option("select[name=country]", "Syria")
    page.click("#apply")
    page.wait_for_url("**/?*country=Syria*")
    page.wait_for_selector("#map.ready")
    expect(page.locator("tr.incident-row")).to_have_count(1)
    assert page.get_attribute("#map", "data-points") == "1"
    page.wait_for_selector("#timeline.ready svg")
    assert page.locator("#timeline .week-bar").count() == 1
    expect(page.locator("#total")).to_have_text("1")


def test_incident_page_highlights_evidence_and_runs_no_article_code(page: Page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open_incident(page, "Mosul")
    page.goto("/")
    page.locator("tr.incident-row", has_text="Shelling").locator("a.incident-link").click()
    page.wait_for_selector("article.source mark.ev")
    article = page.locator("article.source .article").first
    expect(article).to_contain_text("<script>window.__pwned = 1</script>")
    expect(article).to_contain_text('onerror="window.__pwned = 2"')
    expect(page.locator("article.source h3").first).to_contain_text("Outlet <b>C</b>")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("article.source img, article.source script").count() == 0
    expect(page.locator("#claims tbody tr")).to_have_count(1)
    expect(page.locator("#grade")).not_to_be_empty()
    assert dialogs == []
    # The new incident's audit entry is one line; its fields open on demand.
    created = page.locator("tr.audit-entry[data-action=create]")
    expect(created.locator(".audit-headline")).to_contain_text("Mosul")
    details = created.locator("details.audit-details")
    expect(details.locator("code", has_text="actor_names")).to_be_hidden()
    details.locator("summary").click()
    expect(details.locator("code", has_text="actor_names")).to_be_visible()
    details.locator("summary").click()
    page.screenshot(path=str(ARTIFACTS / "incident.png"), full_page=True)


def test_sign_in_edit_see_the_audit_entry_and_undo(page: Page, seeded: tuple[Store, str]):
    _, token = seeded
    page.goto("/signin")
    page.fill("#token", token)
    page.click("#signin button[type=submit]")
    page.wait_for_selector("#signed-in")
    _open_incident(page, "Kirkuk")
    page.select_option("#edit-field", "fatalities_high")
    page.fill("#edit-value", "15")
    page.fill("#edit-why", "hospital count")
    page.click("#edit")
    entry = page.locator("tr.audit-entry[data-action=edit]")
    expect(entry).to_contain_text("Amira")
    expect(entry).to_contain_text("hospital count")
    expect(entry.locator(".change code", has_text="fatalities_high")).to_be_visible()
    expect(entry.locator("code", has_text="locked")).to_be_hidden()  # bookkeeping stays folded
    expect(page.locator(".toll[data-kind=killed]")).to_contain_text("15")
    page.screenshot(path=str(ARTIFACTS / "incident-reviewed.png"), full_page=True)
    entry.locator("button.undo").click()
    expect(page.locator("tr.audit-entry[data-action=undo]")).to_have_count(1)
    expect(page.locator(".toll[data-kind=killed]")).not_to_contain_text("15")
