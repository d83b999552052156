#!/usr/bin/python3
"""report-check.py -- checks of the HTML report (issue 16), for tests/e2e/cases/98-report.sh.

  report-check.py parse FILE.html...
      Each FILE is valid HTML5 (html5lib, strict: any parse error fails) and holds no
      executable markup: no script, iframe, object, embed, img or svg element, no on*
      attribute, no javascript: URL. Prints "ok" or the problems.
  report-check.py tables FILE.html...
      Every table of each FILE has a header row (thead) and every body row as many
      cells as the header has columns: the technical details fit their columns.
      Prints "ok: N tables in M files" or the problems.
  report-check.py browser FILE.html PNG [WIDTH HEIGHT]
      Loads FILE in headless Chromium (Debian chromium + chromium-driver, through
      selenium) with its Content-Security-Policy meta removed, so only the escaping is
      tested, after a hook that records every alert(), confirm() and prompt(); prints
      "ok" when nothing was recorded, a folded subtest is hidden on screen and shown
      with print media (the print stylesheet), and the screenshot PNG is not empty.

Run it inside the test network namespace: nothing it loads can reach out.
"""
import os
import re
import sys
import tempfile

FORBIDDEN = {"script", "iframe", "object", "embed", "img", "svg", "frame", "frameset", "applet",
             "base", "link", "meta-refresh"}


def parse(path):
    import html5lib
    with open(path, "rb") as f:
        data = f.read()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        doc = parser.parse(data)
    except Exception as e:  # html5lib.html5parser.ParseError
        return ["not valid HTML5: %s (at %s)" % (e, parser.errors[:3])]
    problems = []
    for el in doc.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in FORBIDDEN:
            problems.append("element <%s>" % tag)
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                problems.append("attribute %s on <%s>" % (name, tag))
            if name.lower() in ("href", "src", "action") and value.strip().lower().startswith("javascript:"):
                problems.append("javascript: URL on <%s>" % tag)
        if tag == "meta" and el.attrib.get("http-equiv", "").lower() == "refresh":
            problems.append("meta refresh")
    if doc.find(".//body") is None or not "".join(doc.find(".//body").itertext()).strip():
        problems.append("empty body")
    return problems


def tables(path):
    import html5lib
    with open(path, "rb") as f:
        doc = html5lib.parse(f.read(), namespaceHTMLElements=False)
    problems, n = [], 0
    for i, table in enumerate(doc.iter("table")):
        n += 1
        head = table.find("thead")
        cols = len(head.findall("./tr/th")) if head is not None else 0
        if cols == 0:
            problems.append("table %d has no header" % i)
            continue
        for row in table.findall("./tbody/tr"):
            cells = len(row.findall("./td")) + len(row.findall("./th"))
            if cells != cols:
                problems.append("table %d: a row of %d cells under %d columns" % (i, cells, cols))
                break
    return n, problems


HOOK = """
window.__inetcheck_calls = [];
['alert', 'confirm', 'prompt'].forEach(function (n) {
  window[n] = function (m) { window.__inetcheck_calls.push(n + ':' + String(m)); return null; };
});
"""


def browser(path, png, width=1280, height=2000):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with open(path, encoding="utf-8") as f:
        html = f.read()
    # test the escaping alone: without the report's CSP, injected markup would run
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    tmp = tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8")
    tmp.write(html)
    tmp.close()
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--no-first-run", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--disable-extensions", "--window-size=%d,%d" % (width, height)):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
        driver.get("file://" + os.path.abspath(tmp.name))
        driver.implicitly_wait(1)
        calls = driver.execute_script("return window.__inetcheck_calls || []")
        title = driver.title
        # a folded subtest: hidden on screen, open when printed (the print stylesheet)
        probe = ("var b = document.querySelector('details:not([open]) .body');"
                 "return b ? (b.checkVisibility() ? 1 : 0) : -1")
        on_screen = driver.execute_script(probe)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        in_print = driver.execute_script(probe)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.save_screenshot(png)
    finally:
        driver.quit()
        os.unlink(tmp.name)
    problems = []
    if calls:
        problems.append("script ran: %s" % calls)
    if not title:
        problems.append("no title")
    if on_screen != 0 or in_print <= 0:
        problems.append("folded subtest: %s on screen, %s in print (want 0 and > 0)"
                        % (on_screen, in_print))
    if not os.path.exists(png) or os.path.getsize(png) < 10000:
        problems.append("screenshot missing or empty")
    return problems


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "parse":
        problems = []
        for path in sys.argv[2:]:
            problems += ["%s: %s" % (os.path.basename(path), p) for p in parse(path)]
        if not problems:
            print("ok: %d files" % (len(sys.argv) - 2))
            return 0
    elif len(sys.argv) >= 3 and sys.argv[1] == "tables":
        problems, n = [], 0
        for path in sys.argv[2:]:
            k, found = tables(path)
            n += k
            problems += ["%s: %s" % (os.path.basename(path), p) for p in found]
        if not problems:
            print("ok: %d tables in %d files" % (n, len(sys.argv) - 2))
            return 0
    elif len(sys.argv) >= 4 and sys.argv[1] == "browser":
        size = [int(x) for x in sys.argv[4:6]] if len(sys.argv) >= 6 else []
        problems = browser(sys.argv[2], sys.argv[3], *size)
    else:
        print(__doc__)
        return 2
    print("ok" if not problems else "; ".join(problems))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
