"""Renders a `leads report` page in headless Chromium (Debian's `chromium`, driven by Playwright) with
JavaScript off, and prints what a reader would get as JSON: console and page errors, every request other than
the page itself, the rendered text, a screenshot of the page and of the timeline, how much of the timeline is
drawn, and how the page looks in dark mode and in print.

usage: render_report.py REPORT.html SCREENSHOT.png [CHROMIUM [WIDTH]]
"""
import json
import pathlib
import sys

from PIL import Image
from playwright.sync_api import sync_playwright


def luminance(css_colour):
    """Relative luminance of a computed `rgb(r, g, b)` colour, 0 (black) to 1 (white)."""
    values = [float(part) for part in css_colour[css_colour.index("(") + 1:css_colour.index(")")].split(",")[:3]]
    return sum(weight * value / 255 for weight, value in zip((0.2126, 0.7152, 0.0722), values))


def main():
    report, screenshot = pathlib.Path(sys.argv[1]).resolve(), sys.argv[2]
    chromium = sys.argv[3] if len(sys.argv) > 3 else "/usr/bin/chromium"
    width = int(sys.argv[4]) if len(sys.argv) > 4 else 1280
    page_url = report.as_uri()
    result = {"console_errors": [], "page_errors": [], "requests": [], "failed_requests": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and result["console_errors"].append(message.text))
        page.on("pageerror", lambda error: result["page_errors"].append(str(error)))
        page.on("request", lambda request: request.url != page_url and result["requests"].append(request.url))
        page.on("requestfailed", lambda request: result["failed_requests"].append(request.url))
        page.goto(page_url, wait_until="load")
        result["text"] = page.inner_text("body")
        result["page_height"] = page.evaluate("() => document.documentElement.scrollHeight")
        actions = page.locator("#actions")
        result["actions_top"] = actions.bounding_box()["y"] if actions.count() else None
        result["scripts"] = page.locator("script").count()
        result["timeline_labels"] = page.eval_on_selector_all(
            "svg.timeline a text.label", "labels => labels.map(label => label.firstChild.textContent)")
        result["timeline_fills"] = page.eval_on_selector_all(
            "svg.timeline g.run rect", "rects => rects.map(rect => rect.getAttribute('fill'))")
        page.screenshot(path=screenshot, full_page=True)
        timeline = page.locator("svg.timeline")
        box = timeline.bounding_box()
        result["timeline_box"] = box
        timeline_shot = screenshot.replace(".png", "-timeline.png")
        timeline.screenshot(path=timeline_shot)
        image = Image.open(timeline_shot).convert("RGB")
        background = image.getpixel((0, 0))
        pixels = list(image.get_flattened_data() if hasattr(image, "get_flattened_data") else image.getdata())
        result["timeline_ink"] = sum(1 for pixel in pixels if pixel != background) / len(pixels)
        result["timeline_colours"] = len(set(pixels))
        result["bars"] = page.locator("svg.timeline g.run rect").count()
        result["bars_visible"] = sum(
            1 for rect in page.locator("svg.timeline g.run rect").all() if (rect.bounding_box() or {}).get("width", 0) > 0)
        page.emulate_media(color_scheme="dark")
        result["dark_background"] = luminance(
            page.locator("body").evaluate("body => getComputedStyle(body).backgroundColor"))
        result["dark_text"] = luminance(page.locator("body").evaluate("body => getComputedStyle(body).color"))
        page.screenshot(path=screenshot.replace(".png", "-dark.png"), full_page=True)
        page.emulate_media(media="print", color_scheme="light")
        result["print_nav_visible"] = page.locator("nav").is_visible()
        page.pdf(path=screenshot.replace(".png", ".pdf"))
        browser.close()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
