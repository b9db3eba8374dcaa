"""The comparison page in a real browser: Debian's Chromium driven by Playwright's sync API.

Never downloads a browser: `make browser` installs the `chromium` package when
/usr/bin/chromium is missing. Screenshots go to test-results/ (git-ignored).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from compare import embeddings, selectors, services
from compare.models import Comparison, Story
from tests.factories import run_queued_tasks, seed_text

# Playwright's sync API runs an event loop in this thread; Django refuses ORM
# calls from a thread with a running loop unless told that this is fine.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS = Path(settings.BASE_DIR) / "test-results"
ARTEMIS = [
    "La Russia, con questo accordo",
    "La Cina ha proposto",
    "Ne la Cina ne la Russia",
    "A questo punto",
]


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium).")
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def encoder():
    """Load the real model once for the whole session (about 8 s)."""
    return embeddings.get_encoder()


@pytest.fixture
def seed(live_server, encoder):
    """The seed pair, aligned with the real model: (page URL, stored result).

    Function-scoped because the live server's tests flush the database after
    each test; with the model loaded, loading and aligning take a fraction of a second.
    """
    call_command("loaddata", "seed", verbosity=0)
    comparison = selectors.get_comparison(Comparison.objects.get().pk)
    services.align_comparison(comparison=comparison)
    comparison = selectors.get_comparison(comparison.pk)
    return live_server.url + comparison.get_absolute_url(), selectors.get_comparison_result(
        comparison
    )


@pytest.fixture
def page(browser):
    # Reduced motion: scrolling is instant, so no click lands on a page still moving
    # under the pointer (a smooth scroll on a loaded machine made clicks miss).
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, accept_downloads=True, reduced_motion="reduce"
    )
    page = context.new_page()
    yield page
    context.close()


def anchor(result, side: str, prefix: str) -> str:
    (index,) = [s.index for s in result.side(side).sentences if s.text.startswith(prefix)]
    return f"#{side}-{index}"


def test_hovering_a_sentence_highlights_its_counterpart(page, seed):
    url, result = seed
    page.goto(url)
    italian = page.locator(anchor(result, "a", "Dmitry Rogozin, direttore generale"))
    french = page.locator(anchor(result, "b", "Dmitry Rogozine, directeur général"))
    expect(french).not_to_have_class(re.compile("is-counterpart"))
    italian.hover()
    expect(italian).to_have_class(re.compile("is-active"))
    expect(french).to_have_class(re.compile("is-counterpart"))
    expect(french).to_be_in_viewport()
    # Focus does the same, for keyboard users; Escape clears it.
    page.locator(anchor(result, "b", "La Station lunaire")).focus()
    expect(french).not_to_have_class(re.compile("is-counterpart"))
    expect(page.locator(anchor(result, "a", "La Stazione Lunare"))).to_have_class(
        re.compile("is-counterpart")
    )


def test_the_artemis_commentary_shows_as_commentary_additions(page, seed):
    url, result = seed
    page.goto(url)
    for prefix in ARTEMIS:
        sentence = page.locator(anchor(result, "a", prefix))
        expect(sentence).to_have_attribute("data-status", "addition")
        expect(sentence).to_have_attribute("data-addition-type", "commentary")
        expect(sentence.locator(".tag")).to_have_text("added: commentary")
    summary = page.locator(".summary-side[data-side=a] .passages")
    expect(summary).to_contain_text("adds commentary (4 sentences)")
    expect(summary).to_contain_text("La Russia, con questo accordo")
    expect(page.locator(".summary-side[data-side=b] .passages")).to_contain_text("adds captions")
    # The summary's link leads to the passage and highlights it.
    page.locator(".summary-side[data-side=a] .passages a").first.click()
    expect(page.locator(anchor(result, "a", ARTEMIS[0]))).to_be_focused()


def test_only_differences_filters_without_a_reload(page, seed):
    url, result = seed
    page.goto(url)
    plain = anchor(result, "a", "La Stazione Lunare")  # a match with no fact difference
    expect(page.locator(plain)).to_be_visible()
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Only differences").check()
    expect(page.locator(plain)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"only_differences=on"))
    expect(page.locator(anchor(result, "a", ARTEMIS[0]))).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    page.get_by_label("Only differences").uncheck()
    expect(page.locator(plain)).to_be_visible()


def test_the_threshold_reclassifies_links_live(page, seed):
    url, result = seed
    page.goto(url)
    rogozin = page.locator(anchor(result, "a", "Dmitry Rogozin, direttore generale"))
    expect(rogozin).to_have_attribute("data-status", "match")
    page.locator("#id_threshold").fill("0.95")
    expect(page.locator("#threshold-output")).to_have_text("0.95")
    expect(rogozin).to_have_attribute("data-status", "addition")
    expect(rogozin).to_have_attribute("data-addition-type", re.compile(r"^[a-z]+$"))
    expect(page.locator(".sentence[data-status=match]")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"threshold=0.95"))
    page.locator("#id_threshold").fill("0")
    expect(rogozin).to_have_attribute("data-status", "match")


def test_exports_download_json_and_csv(page, seed):
    url, result = seed
    page.goto(url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export JSON").click()
    assert download.value.suggested_filename.endswith(".json")
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document == result.to_document()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert len(rows) == len(result.links) + len(result.additions("a")) + len(result.additions("b"))
    commentary = [r for r in rows if r["addition_type"] == "commentary" and r["a_text"]]
    assert any(r["a_text"].startswith(ARTEMIS[0]) for r in commentary)


def test_keyboard_moves_from_difference_to_difference(page, seed):
    url, _ = seed
    page.goto(url)
    differences = page.locator(".sentence[data-difference]")
    first = differences.nth(0).get_attribute("id")
    second = differences.nth(1).get_attribute("id")
    last = differences.nth(differences.count() - 1).get_attribute("id")
    expect(page.get_by_text("j/n next", exact=False)).to_be_visible()
    page.keyboard.press("j")
    expect(page.locator(f"#{first}")).to_be_focused()
    page.keyboard.press("n")
    expect(page.locator(f"#{second}")).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(f"#{first}")).to_be_focused()
    page.keyboard.press("p")
    expect(page.locator(f"#{last}")).to_be_focused()  # wraps around
    page.get_by_role("button", name="Next difference").click()
    expect(page.locator(f"#{first}")).to_be_focused()
    expect(page.locator(".nav-position")).to_have_text(f"Difference 1 of {differences.count()}")


def test_with_smooth_scrolling_the_keys_still_reach_each_difference(browser, seed):
    # The other tests scroll instantly (see `page`); a reader who has not asked for reduced
    # motion gets smooth scrolling, which keys (not clicks) drive safely while it moves.
    url, _ = seed
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, reduced_motion="no-preference"
    )
    try:
        page = context.new_page()
        page.goto(url)
        assert page.evaluate("matchMedia('(prefers-reduced-motion: no-preference)').matches")
        differences = page.locator(".sentence[data-difference]")
        last = differences.nth(differences.count() - 1)
        page.keyboard.press("p")  # wraps to the last difference, far down the page
        expect(last).to_be_focused()
        expect(last).to_be_in_viewport()
        page.keyboard.press("j")
        expect(differences.nth(0)).to_be_focused()
        expect(differences.nth(0)).to_be_in_viewport()
    finally:
        context.close()


def test_staff_follow_a_queued_realignment_without_a_reload(page, seed):
    url, result = seed
    log_in_as_staff(page, url)
    page.goto(url)
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Re-align").click()
    expect(page.locator("#alignment-status")).to_contain_text("waiting for a worker")
    expect(page.locator("#realign button")).to_be_disabled()
    # The previous result stays while the new one is computed.
    expect(page.locator(anchor(result, "a", ARTEMIS[0]))).to_be_visible()
    run_queued_tasks()  # a worker's turn; the page polls every 2 s
    expect(page.locator("#alignment-status")).to_have_count(0, timeout=15000)
    expect(page.get_by_role("button", name="Re-align")).to_be_enabled()
    expect(page.locator(anchor(result, "a", ARTEMIS[0]))).to_have_attribute(
        "data-addition-type", "commentary"
    )
    assert page.evaluate("window.notReloaded") is True


def log_in_as_staff(page, url: str) -> None:
    user = get_user_model().objects.create_user("editor", password="secret", is_staff=True)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "domain": urlsplit(url).hostname,
                "path": "/",
            }
        ]
    )


def test_screenshots_at_desktop_and_phone_widths(page, seed):
    url, result = seed
    RESULTS.mkdir(exist_ok=True)
    log_in_as_staff(page, url)
    rogozin = anchor(result, "a", "Dmitry Rogozin, direttore generale")
    page.goto(url)
    # A hover without Playwright's scrolling, so the page is shot from its top.
    page.locator(rogozin).dispatch_event("mouseover")
    page.screenshot(path=RESULTS / "comparison-desktop.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    columns = page.locator(".column")
    first_box, second_box = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert second_box["y"] >= first_box["y"] + first_box["height"]  # stacked
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.screenshot(path=RESULTS / "comparison-phone.png", full_page=True)
    page.screenshot(path=RESULTS / "comparison-phone-top.png")
    sentence = page.locator(rogozin)
    sentence.locator(".counterpart summary").click()
    expect(sentence.locator(".counterpart a")).to_contain_text("Dmitry Rogozine, directeur général")
    sentence.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=RESULTS / "comparison-phone-counterpart.png")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url.split("/comparisons/")[0] + "/")
    page.screenshot(path=RESULTS / "home-desktop.png", full_page=True)


def test_reading_works_without_javascript(browser, seed):
    url, result = seed
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    page.get_by_label("Only differences").check()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"only_differences=on"))
    expect(page.locator(anchor(result, "a", "La Stazione Lunare"))).to_have_count(0)
    context.close()


def test_staff_paste_two_texts_and_land_on_their_comparison(page, seed):
    url, _ = seed
    home = url.split("/comparisons/")[0] + "/"
    log_in_as_staff(page, url)
    page.goto(home)
    form = page.locator("#pasted-form")
    form.locator("[name=text_a]").fill(
        "Il governo ha firmato oggi un accordo sulla ricerca lunare con tre agenzie spaziali."
    )
    form.locator("[name=title_a]").click()  # leaving the textarea fires `change`
    expect(form.locator("[name=language_a]")).to_have_value("it")
    expect(form.locator("#language-a")).to_contain_text("Detected: Italian")
    form.locator("[name=text_b]").fill("   ")  # a blank text: the error keeps what was typed
    form.locator("[name=title_a]").fill("Accordo lunare")
    form.get_by_role("button", name="Import, compare and align").click()
    expect(page.locator("#pasted-form")).to_contain_text("The text is empty")
    expect(page.locator("#pasted-form [name=title_a]")).to_have_value("Accordo lunare")
    page.locator("#pasted-form [name=text_b]").fill(
        "Le gouvernement a signé aujourd'hui un accord sur la recherche lunaire avec trois agences."
    )
    page.locator("#pasted-form").get_by_role("button", name="Import, compare and align").click()
    expect(page).to_have_url(re.compile(r"/comparisons/\d+/$"))
    expect(page.locator("h1")).to_contain_text("Accordo lunare")
    expect(page.locator("#alignment-status")).to_contain_text("waiting for a worker")
    run_queued_tasks()
    expect(page.locator(".sentence")).not_to_have_count(0, timeout=15000)


def test_pages_run_under_the_content_security_policy(page, seed):
    """No script, style or request blocked by the policy, htmx included; the overview strip's
    style attributes still size its segments (style-src-attr)."""
    url, result = seed
    home = url.split("/comparisons/")[0] + "/"
    blocked = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    log_in_as_staff(page, url)
    page.goto(url)
    assert "script-src 'self'" in page.evaluate(
        "fetch(location.href).then(r => r.headers.get('Content-Security-Policy'))"
    )
    widths = page.locator(".summary-side[data-side=a] .strip .seg").evaluate_all(
        "segments => segments.map(s => Math.round(s.getBoundingClientRect().width))"
    )
    assert len(set(widths)) > 1, widths
    page.locator(anchor(result, "a", "Dmitry Rogozin, direttore generale")).hover()
    page.get_by_label("Only differences").check()
    expect(page).to_have_url(re.compile(r"only_differences=on"))
    page.locator("#id_threshold").fill("0.95")
    expect(page).to_have_url(re.compile(r"threshold=0.95"))
    for address in (home, home + "articles/import/", home + "admin/", home + "login/"):
        page.goto(address)
    assert blocked == []


# --- Stories ---------------------------------------------------------------------------------


def story_articles():
    return Story.objects.with_articles().get().ordered_articles


@pytest.fixture
def seed_story(seed, live_server):
    """The seed story's page URL and its Italian article (the pivot)."""
    story = Story.objects.get()
    return live_server.url + story.get_absolute_url(), story.ordered_articles[0]


def test_the_seed_story_shows_the_italian_and_the_french_article(page, seed_story):
    url, italian = seed_story
    page.goto(url)
    expect(page.locator("h1")).to_contain_text("Roscosmos–CNSA lunar station memorandum")
    expect(page.locator(".story-header .meta")).to_contain_text("Italian space news site (it)")
    expect(page.locator(".story-table thead")).to_contain_text("French space news site")
    rogozin = page.locator(".story-row", has_text="Dmitry Rogozin, direttore generale")
    expect(rogozin).to_have_attribute("data-coverage", "1")
    expect(page.locator(".matrix tbody tr")).to_have_count(1)
    # Read against the French article instead, without a reload.
    page.evaluate("window.notReloaded = true")
    french = story_articles()[1]
    page.get_by_label("Read against").select_option(str(french.pk))
    expect(page.locator(".story-table thead")).to_contain_text("Italian space news site")
    expect(page).to_have_url(re.compile(r"pivot=\d+"))
    assert page.evaluate("window.notReloaded") is True


def test_adding_an_english_version_shows_coverage_by_two_outlets(page, seed_story, live_server):
    """Done when: the third version, added in one click from the Italian article's counterparts,
    is aligned against both others and the story page shows sentences carried by two outlets."""
    url, italian = seed_story
    english = services.import_article(
        raw=seed_text("en"),
        language="en",
        title="Russia and China agree to build an international research station on the Moon",
        outlet="Test fixture (not a real outlet)",
    )
    log_in_as_staff(page, url)
    page.goto(live_server.url + italian.get_absolute_url())
    candidate = page.locator(f'.counterpart-list li[data-article="{english.pk}"]')
    expect(candidate).to_contain_text("shared sentence", timeout=30000)
    expect(candidate).to_contain_text("Zhang Kejian")
    candidate.get_by_role("button", name=re.compile("Add to “Roscosmos")).click()
    expect(page.get_by_text("added to the story")).to_be_visible(timeout=60000)
    expect(page).to_have_url(url)
    expect(page.locator("#story-aligning")).to_contain_text("Aligning 2 pairs")
    run_queued_tasks()  # as the task worker would; the page follows by itself
    expect(page.locator("#story-aligning")).to_have_count(0, timeout=30000)
    rogozin = page.locator(".story-row", has_text="Dmitry Rogozin, direttore generale")
    expect(rogozin).to_have_attribute("data-coverage", "2")
    markers = rogozin.locator("td.marker")
    expect(markers).to_have_count(2)
    for number in range(2):
        expect(markers.nth(number)).to_have_attribute("data-status", re.compile("match|partial"))
    assert page.locator('.story-row[data-coverage="2"]').count() >= 4
    expect(page.locator(".matrix tbody tr")).to_have_count(2)
    expect(page.locator(".outlet-additions h3")).to_have_text(
        ["French space news site", "Test fixture (not a real outlet)"]
    )
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=RESULTS / "story-desktop.png", full_page=True)
    # Only differences, without a reload: the sentences both carry as plain matches go.
    rows = page.locator(".story-row").count()
    page.get_by_label("Only differences").check()
    expect(page).to_have_url(re.compile(r"only_differences=on"))
    expect(page.locator(".story-row")).not_to_have_count(rows)
    page.get_by_label("Only differences").uncheck()
    expect(page.locator(".story-row")).to_have_count(rows)
    page.locator(".matrix tbody tr").nth(1).locator("a.cell").first.click()
    expect(page).to_have_url(re.compile(r"/comparisons/\d+/#[ab]-0$"))
    expect(page.locator(".column")).to_have_count(2)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.screenshot(path=RESULTS / "story-phone.png", full_page=True)
