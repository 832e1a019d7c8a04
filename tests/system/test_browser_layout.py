"""Every page of the menu, per role, on a laptop and a phone, in both
languages: the page never scrolls sideways, the browser logs no error, and a
Japanese page shows no English enumeration label and no raw system text."""
from __future__ import annotations

import pytest
from conftest import screenshot
from japanese_text import RAW_EXCEPTION, VisibleText, english_labels
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "planner-demo"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
ROLES = {  # the README's demo accounts
    "staff": "sato.hanako@example.co.jp",
    "manager": "suzuki.ichiro@example.co.jp",
    "admin": "takahashi.makoto@example.co.jp",
}
# How wide the page is against its window (a table scrolls inside itself).
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Table cells squeezed so narrow that a Japanese name or title would stand one
# character to a line (three characters' width at least for any text of four).
SQUEEZED = """[...document.querySelectorAll('table td, table th')].filter(cell => {
  const text = cell.innerText.trim();
  const em = parseFloat(getComputedStyle(cell).fontSize);
  return text.length >= 4 && cell.getBoundingClientRect().width < 3 * em;
}).map(cell => cell.innerText.trim().slice(0, 20))"""
# The menu's links (groups folded or not), its own hrefs, in order.
MENU = "[...document.querySelectorAll('#mainnav a')].map(a => a.getAttribute('href'))"


def _errors_of(page) -> list[str]:  # noqa: ANN001
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A 403 or 404 is a failed load to the console; statuses are asserted apart.
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}")
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    return errors


def _check_every_page(page, paths: list[str], language: str,  # noqa: ANN001
                      english: dict | None = None) -> None:
    """`english`: the enumerations' English labels a Japanese page must not show."""
    for path in paths:
        page.set_viewport_size(LAPTOP)
        response = page.goto(path)
        assert response is not None and response.status == 200, (path, language)
        assert page.locator("html").get_attribute("lang") == language
        assert page.evaluate(SIDEWAYS) <= 0, f"{path} ({language}) scrolls sideways at 1366"
        if english:
            visible = VisibleText(page.url)
            visible.feed(page.content())
            assert visible.texts, f"{path}: no visible text read, so nothing was checked"
            shown = [(what, text) for text in visible.texts for what, pattern in english.items()
                     if pattern.search(text)]
            assert shown == [], f"{path}: English on a Japanese page {shown[:3]}"
            raw = [text for text in visible.texts if RAW_EXCEPTION.search(text)]
            assert raw == [], f"{path}: raw system text {raw[:3]}"
        page.set_viewport_size(PHONE)
        assert page.evaluate(SIDEWAYS) <= 0, f"{path} ({language}) scrolls sideways at 390"
        assert page.evaluate(SQUEEZED) == [], f"{path} ({language}) squeezes a column at 390"


@pytest.mark.parametrize("role", list(ROLES))
def test_every_menu_page_fits_a_laptop_and_a_phone(app, browser, live_server, runner, role):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    context = browser.new_context(base_url=live_server, locale="ja-JP", viewport=LAPTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = _errors_of(page)
    page.goto("/login")
    page.get_by_label("メールアドレス").fill(ROLES[role])
    page.get_by_label("パスワード").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    # Managers and administrators land on their departments' overview.
    landing = "マイ業務" if role == "staff" else "概況"
    expect(page.get_by_role("heading", name=landing, exact=True)).to_be_visible()

    # The administrator's menu holds on one row of a laptop's header.
    nav = page.locator("#mainnav").bounding_box()
    brand = page.locator(".brand").bounding_box()
    assert nav["height"] < 2 * brand["height"] + 16
    assert page.locator(".topbar").bounding_box()["height"] < 80
    paths = page.evaluate(MENU)
    assert len(paths) == len(set(paths))
    if role != "staff":
        assert "/matrix" in paths and "/overview" in paths
    if role == "manager":
        screenshot(page, "overview")
    _check_every_page(page, paths, "ja", english_labels(app))

    # On a phone the menu folds behind one button and opens on a tap.
    page.goto("/my-work" if role == "staff" else "/overview")
    expect(page.locator("#mainnav")).to_be_hidden()
    page.get_by_role("button", name="メニュー").click()
    expect(page.locator("#mainnav")).to_be_visible()
    page.locator("#mainnav summary", has_text="業務").click()
    expect(page.locator("#mainnav").get_by_role("link", name="業務台帳")).to_be_visible()
    if role == "manager":
        screenshot(page, "menu-phone")

    page.set_viewport_size(LAPTOP)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    _check_every_page(page, paths, "en")
    context.close()
    assert errors == [], errors
