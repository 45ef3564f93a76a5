"""Browser tests of the dashboard: headless Chromium against a live server, fully offline.

One server (uvicorn in a thread, on a free loopback port) and one browser serve the whole
module. The store holds four example articles coded by the real pipeline and one hostile
article whose text, title, URL and actor names carry markup and script. Every request to
anything but the server is blocked and recorded, and must not happen; no dialog may open.
Screenshots go to $EVENTWIRE_ARTIFACTS (default test-artifacts/ at the repo root).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from eventwire.records import Actor, Article, Event, EventDate, Evidence, Fatalities, Place

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
HOSTILE = Path(__file__).parent / "fixtures" / "hostile" / "article.json"
ARTICLES = ("01_idlib_airstrikes.txt", "02_konduga_suicide_bombing.txt",
            "06_kharkiv_shelling.txt", "08_cali_protest.html")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 20_000


def _need_chromium() -> None:
    """Skip without Chromium or Playwright, except in CI, where that is a failure."""
    missing = None
    if not (Path(CHROMIUM).is_file() or shutil.which("chromium")):
        missing = f"Chromium is not installed at {CHROMIUM}"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed"
    if missing and os.environ.get("CI"):
        pytest.fail(f"{missing} (CI needs it for the dashboard tests)")
    if missing:
        pytest.skip(missing)


def hostile_event(article: Article) -> Event:
    """A hand-made event on the hostile article whose every text field carries markup."""
    text = article.text
    sentence_end = text.index(".\n") + 1

    def at(words: str) -> tuple[int, int]:
        start = text.index(words)
        return start, start + len(words)

    return Event(
        event_id="hostile-1-e0", article_id=article.article_id, type="ASSAULT", mode="firearms",
        acled_event_type="Violence against civilians", acled_sub_event_type="Attack",
        cameo="190",
        source_actors=(Actor("Gunmen", "<img src=x onerror=alert('actor')>", None, "UAF", 3,
                             *at("Gunmen")),),
        target_actors=(Actor("policemen", "Police of Iraq", "IRQ", "COP", 1, *at("policemen")),),
        place=Place("<svg onload=alert('place')>", "Mosul", 99072, 36.335, 43.119, "IRQ",
                    "Nineveh", None, 1, "PPLA", *at("Mosul")),
        date=EventDate("2021-03-01", 1, "Monday", *at("Monday")),
        fatalities=Fatalities(2, 2, 2, ("police",), "killing two policemen", *at("killing two policemen")),
        reported_by=("officials",), modality="asserted",
        evidence=Evidence(text[14:sentence_end], 14, sentence_end, "attacked", *at("attacked")),
        confidence=0.9, provenance=("test",), url=article.url, source_name=article.source_name,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chromium_present() -> None:
    _need_chromium()


@pytest.fixture(scope="module")
def server(chromium_present, tmp_path_factory, pipeline, gazetteer_path):
    """The base URL of a live server over a store of coded examples and the hostile article."""
    import uvicorn

    from eventwire.api import run
    from eventwire.store import open_store
    from eventwire.web import create_app
    from eventwire.web.outlines import outlines_json

    # The base map is derived once and cached; start it while the examples are coded.
    outlines = threading.Thread(target=outlines_json, args=(str(gazetteer_path),), daemon=True)
    outlines.start()
    folder = tmp_path_factory.mktemp("browser")
    for name in ARTICLES + ("metadata.json",):
        shutil.copy(EXAMPLES / name, folder / name)
    db = str(folder / "events.db")
    run([folder], db, pipeline=pipeline)
    article = Article(**json.loads(HOSTILE.read_text(encoding="utf-8")), content_hash="h")
    with open_store(db) as store:
        store.save(article, [hostile_event(article)], pipeline="test")
    outlines.join()
    app = create_app(db, gazetteer=str(gazetteer_path))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, server):
    """A fresh page that may reach the server only; records what else it tried, the dialogs
    that opened and the console errors (a refused content-security-policy shows there)."""
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.outside, page.dialogs, page.errors = [], [], []
    local = urlsplit(server).netloc

    def route(r):
        if urlsplit(r.request.url).netloc == local:
            r.continue_()
        else:
            page.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()
    assert page.outside == [], f"requests outside the server: {page.outside}"
    assert page.dialogs == [], f"dialogs opened: {page.dialogs}"


def _artifacts() -> Path:
    path = Path(os.environ.get("EVENTWIRE_ARTIFACTS") or ROOT / "test-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


def expect(locator):
    """Playwright's expect; its waits run in the page without eval (which the CSP refuses)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _api(page, server, path):
    return page.request.get(f"{server}{path}").json()


def _placed(events) -> int:
    return sum(1 for e in events if e["place"] and e["place"]["lat"] is not None)


def test_dashboard_shows_the_events_offline(page, server):
    events = _api(page, server, "/api/events?limit=1000")["events"]
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("body[data-basemap=drawn]")
    assert page.locator("path.ev-marker").count() == _placed(events) >= 5
    assert page.locator("#events tbody tr").count() == len(events)
    assert page.locator("#timeline").bounding_box()["height"] > 50
    page.screenshot(path=str(_artifacts() / "dashboard.png"))
    assert page.errors == []


def test_changing_a_filter_changes_the_markers(page, server):
    everything = _api(page, server, "/api/events?limit=1000")["events"]
    placed = [e for e in everything if e["place"] and e["place"]["lat"] is not None]
    # The least common type on the map: choosing it must leave fewer markers.
    kind = min(sorted({e["type"] for e in placed}), key=lambda t: sum(e["type"] == t for e in placed))
    chosen = _api(page, server, f"/api/events?type={kind}&limit=1000")["events"]
    assert 0 < _placed(chosen) < len(placed)
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.select_option("select[name=type]", kind)
    expect(page.locator("path.ev-marker")).to_have_count(_placed(chosen))
    assert page.locator(f"path.ev-marker:not(.ev-type-{kind})").count() == 0
    assert f"type={kind}" in page.url
    page.fill("input[name=since]", "2099-01-01")
    page.dispatch_event("input[name=since]", "change")
    expect(page.locator("path.ev-marker")).to_have_count(0)
    assert page.errors == []


def test_event_page_highlights_its_evidence_and_fields(page, server):
    events = _api(page, server, "/api/events?limit=1000")["events"]
    event = next(e for e in events if e["article_id"] != "hostile-1"
                 and e["place"] and e["place"]["start"] >= 0)
    page.goto(f"{server}/events/{event['event_id']}")
    page.wait_for_selector("body[data-ready=true]")
    marked = "".join(page.locator("#article-text .evidence").all_text_contents())
    assert marked == event["evidence"]["sentence"]
    page.click("#fields tr[data-field=place]")
    active = "".join(page.locator("#article-text span.active").all_text_contents())
    assert active == event["place"]["text"]
    page.screenshot(path=str(_artifacts() / "event.png"), full_page=True)
    assert page.errors == []


def test_hostile_article_renders_as_text(page, server):
    article = json.loads(HOSTILE.read_text(encoding="utf-8"))
    page.goto(f"{server}/events/hostile-1-e0")
    page.wait_for_selector("body[data-ready=true]")
    shown = ("#headline", "#article-title", "#article-meta", "#article-text", "#fields", "#meta")
    for tag in ("script", "img", "iframe", "svg", "b"):
        assert page.locator(", ".join(f"{where} {tag}" for where in shown)).count() == 0, tag
    assert page.locator("iframe, img[src=x], script:not([src])").count() == 0
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert page.locator("[onerror], [onload]").count() == 0
    assert page.locator("#article-text").text_content() == article["text"]
    assert page.locator("#article-title").text_content() == article["title"]
    assert "onerror=alert('actor')" in page.locator("#fields").text_content()
    page.click("#fields tr[data-field=fatalities]")
    assert "".join(page.locator("#article-text span.active").all_text_contents()) == \
        "killing two policemen"
    page.screenshot(path=str(_artifacts() / "hostile-event.png"), full_page=True)
    page.goto(server + "/?actor=onerror")
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#events tbody tr")).to_have_count(1)
    page.locator("path.ev-marker").first.click(force=True)
    page.wait_for_selector(".leaflet-popup-content")
    popup_and_table = ".leaflet-popup-content *:not(div):not(p):not(a), #events img, #events script"
    assert page.locator(popup_and_table).count() == 0
    assert page.locator("iframe, img[src=x], script:not([src])").count() == 0
    page.wait_for_timeout(200)  # a late onerror/onload would show as a dialog
    assert page.errors == []
