"""Headless Chromium driven by Selenium through Debian's `chromedriver` (package `chromium-driver`):
load a page, collect its console errors and dialogs, evaluate JavaScript, take screenshots.
Uses the system's browser and driver only; nothing is downloaded (Selenium Manager is never
asked, since both paths are given)."""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BROWSER_ENV = "MEDIUM_TEST_CHROMIUM"  # a browser binary other than `chromium` on the PATH
DRIVER_ENV = "MEDIUM_TEST_CHROMEDRIVER"  # a driver binary other than `chromedriver` on the PATH
# The machine has no internet: no background fetches, no component updates, no sync.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900"]
SEVERE = "SEVERE"  # the level of console errors and failed loads in Chromium's browser log


def browser_problem() -> str | None:
    """Why a browser test cannot run here, or None."""
    if not browser_path():
        return f"no Chromium here (install Debian's `chromium` or set {BROWSER_ENV})"
    if not driver_path():
        return f"no chromedriver here (install Debian's `chromium-driver` or set {DRIVER_ENV})"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed (pip install -e '.[dev]')"
    return None


def browser_path() -> str | None:
    return os.environ.get(BROWSER_ENV) or shutil.which("chromium")


def driver_path() -> str | None:
    return os.environ.get(DRIVER_ENV) or shutil.which("chromedriver")


class Page:
    """One browser window."""

    def __init__(self, driver) -> None:
        self.driver = driver
        self._log: list[dict] = []

    def open(self, url: str) -> None:
        """Load `url`; returns once it and its pictures have loaded (WebDriver's page-load strategy)."""
        self.driver.get(url)

    def evaluate(self, expression: str):
        return self.driver.execute_script(f"return {expression};")

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions and failed loads the browser logged."""
        self._log += self.driver.get_log("browser")
        return [entry["message"] for entry in self._log if entry["level"] == SEVERE]

    def dialogs(self) -> list[str]:
        """The text of a dialog (alert, confirm, prompt) left open by the page."""
        from selenium.common.exceptions import NoAlertPresentException

        try:
            return [self.driver.switch_to.alert.text]
        except NoAlertPresentException:
            return []

    def screenshot(self, path: Path) -> Path:
        """The whole page, not only the window, as PNG (through Chromium's own DevTools command)."""
        size = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def first_screen(self, path: Path) -> Path:
        """What a reader sees first: the window at the top of the page."""
        self.driver.execute_script("window.scrollTo(0, 0);")
        self.driver.save_screenshot(str(path))
        return path

    def scroll_to(self, css: str) -> None:
        self.driver.execute_script("document.querySelector(arguments[0]).scrollIntoView();", css)


@contextmanager
def chromium(profile: Path) -> Iterator[Page]:
    """A fresh headless Chromium with its own profile folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = browser_path()
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.unhandled_prompt_behavior = "ignore"  # a dialog stays open, for `dialogs()` to report
    driver = webdriver.Chrome(service=Service(executable_path=driver_path()), options=options)
    try:
        yield Page(driver)
    finally:
        driver.quit()
