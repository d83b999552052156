#!/usr/bin/python3
"""serve-ui.py -- the web UI of `inetcheck serve` in a real browser (issue 18).

  serve-ui.py BASE RATE_BASE USER_CRED OTHER_CRED

BASE is a server with workers and --allow-private (http://127.0.0.1:PORT), RATE_BASE
one without --allow-private, with --rate-limit 3 --cache-minutes 0, USER_CRED/OTHER_CRED two
API accounts "user:password" of its --users file. Drives Debian's chromium through
chromedriver (python3-selenium) headless and talks HTTP with urllib. Prints one line
per check, "ok - ..." or "FAIL - ... (got ...)"; tests/e2e/cases/93-serve-ui.sh counts
them. With SERVE_SHOTS=DIR, screenshots of the home, progress and result pages are
saved there (serve-home.png, serve-progress.png, serve-result.png).

Run it inside the test network namespace: nothing it loads can reach out.
"""
import base64
import html
import http.cookiejar
import json
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PASSED = FAILED = 0
TEST_WAIT = 150          # seconds a test may take
HOOK = """
window.__calls = [];
['alert', 'confirm', 'prompt'].forEach(function (n) {
  window[n] = function (m) { window.__calls.push(n + ':' + String(m)); return null; };
});
"""


def check(desc, ok, got=""):
    global PASSED, FAILED
    if ok:
        PASSED += 1
        print("ok - serve UI: %s" % desc, flush=True)
    else:
        FAILED += 1
        got = re.sub(r"\s+", " ", str(got))[:300]
        print("FAIL - serve UI: %s (got %s)" % (desc, got), flush=True)
    return ok


# ---------------------------------------------------------------- HTTP without a browser

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """urllib with cookies, no redirects followed, optional Basic auth."""

    def __init__(self, base, cred=None):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  NoRedirect())
        self.auth = None
        if cred:
            self.auth = "Basic " + base64.b64encode(cred.encode()).decode()

    def request(self, path, data=None, headers=None, method=None):
        h = dict(headers or {})
        if self.auth:
            h["Authorization"] = self.auth
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        req = urllib.request.Request(self.base + path, data=body, headers=h, method=method)
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode("utf-8", "replace")

    def csrf(self):
        status, _, body = self.request("/")
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', body)
        return m.group(1) if m else ""


def page_problems(body):
    """What a page of ours must never have: inline script, inline style, handlers."""
    problems = []
    for m in re.finditer(r"<script\b([^>]*)>", body, re.I):
        if "src=" not in m.group(1):
            problems.append("inline <script>")
    if re.search(r"<[a-z][^>]*\sstyle=", body, re.I):
        problems.append("style attribute")
    if re.search(r"<style\b", body, re.I):
        problems.append("<style> element")
    if re.search(r"<[a-z][^>]*\son[a-z]+=", body, re.I):
        problems.append("event handler attribute")
    if not body.lstrip().lower().startswith("<!doctype html>"):
        problems.append("no doctype")
    return problems


# ---------------------------------------------------------------- the browser

def browser(profile):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--disable-quic", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--disable-extensions",
              "--no-proxy-server", "--user-data-dir=" + profile, "--window-size=1280,1000"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingOptions", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    return d


def calls(d):
    try:
        return d.execute_script("return window.__calls || []")
    except Exception as e:  # a page without the hook
        return ["(no hook: %s)" % e]


def csp_reports(d):
    try:
        return [e["message"] for e in d.get_log("browser")
                if "Content Security Policy" in e["message"] or "Refused to" in e["message"]]
    except Exception:
        return []


def wait_url(d, pattern, timeout):
    try:
        WebDriverWait(d, timeout, poll_frequency=0.2).until(
            lambda drv: re.search(pattern, drv.current_url))
        return True
    except Exception:
        return False


def text_of(d, css):
    try:
        return d.find_element(By.CSS_SELECTOR, css).text
    except Exception:
        return ""


def shot(d, name, height=1000):
    shots = os.environ.get("SERVE_SHOTS")
    if not shots:
        return
    os.makedirs(shots, exist_ok=True)
    d.set_window_size(1280, height)
    d.save_screenshot(os.path.join(shots, name))
    d.set_window_size(1280, 1000)


def submit(d, base, kind, value):
    """Type `value` into the home page's form `kind` (site/mail) and send it."""
    d.get(base + "/")
    field = d.find_element(By.ID, kind + "-domain")
    field.clear()
    field.send_keys(value)
    d.find_element(By.CSS_SELECTOR, "#%s-form button[type=submit]" % kind).click()


def run_test(d, base, kind, domain, value=None, shots=False):
    """Submit a test in the browser, watch its progress page, return the permalink."""
    submit(d, base, kind, value or domain)
    progress = r"/%s/%s/progress/[0-9a-f]{32}/$" % (kind, re.escape(domain))
    result = r"/%s/%s/([0-9]+)/$" % (kind, re.escape(domain))
    saw_progress = wait_url(d, progress, 10)
    if saw_progress:
        try:
            WebDriverWait(d, 5).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, "#probes li"))
        except Exception:
            pass
        items = d.find_elements(By.CSS_SELECTOR, "#probes li[data-probe]")
        probes = [li.get_attribute("data-probe") for li in items]
        want = ["ipv6", "dnssec", "https", "rpki"] if kind == "site" else \
            ["ipv6", "dnssec", "auth", "starttls", "rpki"]
        check("%s %s: the progress page lists the parts of the test" % (kind, domain),
              probes == want or re.search(result, d.current_url), probes)
        if shots:
            shot(d, "serve-progress.png", 700)
    check("%s %s: the form leads to the progress page" % (kind, domain),
          saw_progress or re.search(result, d.current_url), d.current_url)
    done = wait_url(d, result, TEST_WAIT)
    check("%s %s: the progress page goes to the result by itself" % (kind, domain), done,
          d.current_url)
    return d.current_url if done else None


def main():
    base, rate_base, cred, other = sys.argv[1:5]
    profile = tempfile.mkdtemp(prefix="serve-ui-")
    d = browser(profile)
    try:
        scenarios(d, base, rate_base, cred, other)
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print("# serve UI: %d passed, %d failed" % (PASSED, FAILED))
    return 0 if FAILED == 0 else 1


def scenarios(d, base, rate_base, cred, other):
    c = Client(base)

    # ---- plain HTTP: the home page, its headers, the static files ----
    status, hdr, body = c.request("/")
    check("GET / is 200 with both forms", status == 200 and 'id="site-form"' in body
          and 'id="mail-form"' in body and 'name="csrf"' in body, status)
    check("GET / has the headers of a safe site (CSP, X-Frame-Options, nosniff)",
          "default-src 'self'" in hdr.get("Content-Security-Policy", "")
          and hdr.get("X-Content-Type-Options") == "nosniff" and "X-Frame-Options" in hdr, hdr)
    check("GET /: no inline script or style, no event handlers", not page_problems(body),
          page_problems(body))
    check("GET / has the language switch", 'href="/?lang=nl"' in body and 'href="/?lang=en"' in body)
    for path, ctype in (("/static/site.css", "text/css"), ("/static/report.css", "text/css"),
                        ("/static/progress.js", "text/javascript"),
                        ("/static/favicon.svg", "image/svg+xml"), ("/favicon.ico", "image/svg+xml")):
        status, hdr, body = c.request(path)
        etag = hdr.get("ETag", "")
        ok = status == 200 and hdr.get("Content-Type", "").startswith(ctype) and etag \
            and "max-age" in hdr.get("Cache-Control", "") and len(body) > 50
        check("%s: %s with an ETag and Cache-Control" % (path, ctype), ok, (status, hdr))
        status, _, _ = c.request(path, headers={"If-None-Match": etag})
        check("%s: 304 for its ETag" % path, status == 304, status)
    status, _, body = c.request("/no/such/page")
    check("an unknown page is a 404 page in the site's chrome", status == 404
          and 'class="topbar"' in body and "Page not found" in body, status)
    status, _, body = c.request("/", method="DELETE")
    check("DELETE / is refused (405)", status == 405, status)

    # ---- CSRF ----
    status, _, body = Client(base).request("/test/site", {"domain": "perfect.example"})
    check("a POST without the CSRF token: 403 page", status == 403
          and "This form has expired" in body, status)
    c2 = Client(base)
    c2.csrf()
    status, _, _ = c2.request("/test/site", {"domain": "perfect.example", "csrf": "0" * 64})
    check("a POST with a wrong CSRF token: 403", status == 403, status)
    token = c.csrf()
    status, _, _ = Client(base).request("/test/site", {"domain": "perfect.example", "csrf": token})
    check("a POST with another client's token (no cookie): 403", status == 403, status)

    # ---- hostile input in the form (no browser): shown escaped ----
    for bad in ('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "a b.example"):
        status, _, body = c.request("/test/site", {"domain": bad, "csrf": token})
        check("a bad domain %r: the form again with a message (400)" % bad,
              status == 400 and 'class="formerror"' in body, status)
        check("a bad domain %r: shown escaped" % bad,
              html.escape(bad, quote=True).replace("&#x27;", "&#39;") in body
              and "<img src=x" not in body and "<script>alert" not in body, body[-600:])
    status, _, body = c.request("/test/mail", {"domain": "   ", "csrf": token})
    check("an empty domain: the form again asking for one", status == 400
          and "Enter a domain name" in body, status)

    # ---- the browser: home, a web test, progress, result ----
    d.get(base + "/")
    check("browser: the home page has a title", "inetcheck" in d.title, d.title)
    shot(d, "serve-home.png", 900)
    web = run_test(d, base, "site", "perfect.example", "https://perfect.example/some/page", shots=True)
    if web:
        check("web perfect.example: score 100%", text_of(d, "p.score strong") == "100%",
              text_of(d, "p.score strong"))
        src = d.page_source
        for sentence in ("Your domain name is signed with DNSSEC.",
                         "Your web server offers an HSTS policy with a max-age of at least one year"):
            check("web perfect.example: says %r" % sentence, sentence in src)
        check("web perfect.example: the date of the test and a test-again form",
              d.find_elements(By.CSS_SELECTOR, ".resultbar time")
              and d.find_elements(By.CSS_SELECTOR, "#again-form input[name=again][value='1']"))
        check("web perfect.example: no script ran, no CSP report", not calls(d)
              and not csp_reports(d), (calls(d), csp_reports(d)))
        shot(d, "serve-result.png", 1400)
        # the permalink again, in a fresh page load and over plain HTTP
        d.get(web)
        check("web perfect.example: the permalink opens again", d.current_url == web
              and text_of(d, "p.score strong") == "100%", d.current_url)
        status, _, body = c.request(urllib.parse.urlparse(web).path)
        check("web perfect.example: permalink over HTTP is a clean page", status == 200
              and not page_problems(body), (status, page_problems(body)))
        # Dutch
        d.find_element(By.LINK_TEXT, "Nederlands").click()
        WebDriverWait(d, 5).until(lambda drv: drv.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl")
        src = d.page_source
        check("web perfect.example in Dutch: lang=nl, Dutch sentences",
              "Uw domeinnaam is ondertekend met DNSSEC." in src and "Websitetest" in src
              and "Opnieuw testen" in src, d.current_url)
        d.get(base + "/")
        check("the language stays Dutch (cookie)", "Test uw website" in d.page_source)
        d.find_element(By.LINK_TEXT, "English").click()
        WebDriverWait(d, 5).until(lambda drv: drv.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
        check("back to English", "Test your website" in d.page_source)
        # the cache: a new test of the same domain within --cache-minutes shows this result
        submit(d, base, "site", "perfect.example")
        check("web perfect.example again: the recent result is shown, no new test",
              wait_url(d, r"/site/perfect\.example/[0-9]+/$", 10) and d.current_url == web,
              d.current_url)
        # /site/DOMAIN/results: the latest
        status, hdr, _ = c.request("/site/perfect.example/results")
        check("/site/perfect.example/results: 302 to the latest permalink", status == 302
              and hdr.get("Location", "").endswith(urllib.parse.urlparse(web).path), (status, hdr.get("Location")))
        web_id = re.search(r"/([0-9]+)/$", web).group(1)
        status, _, _ = c.request("/mail/perfect.example/%s/" % web_id)
        check("a web result under /mail/: 404", status == 404, status)
        status, _, _ = c.request("/site/secure.example/%s/" % web_id)
        check("a result under another domain: 404", status == 404, status)
        status, _, _ = c.request("/site/perfect.example/987654321/")
        check("an unknown result id: 404", status == 404, status)

        # test again without JavaScript: the refreshing progress page, then a 303
        status, hdr, _ = c.request("/test/site", {"domain": "perfect.example", "csrf": token, "again": "1"})
        loc = hdr.get("Location", "")
        check("test again (again=1): 303 to a new progress page", status == 303
              and re.search(r"^/site/perfect\.example/progress/[0-9a-f]{32}/$", loc), (status, loc))
        if loc:
            status, _, body = c.request(loc)
            check("progress page without JavaScript: refreshes itself", status == 303 or
                  (status == 200 and '<noscript><meta http-equiv="refresh" content="3"></noscript>' in body
                   and not page_problems(body)), status)
            status, _, j = c.request(loc + "json")
            try:
                doc = json.loads(j)
                ok = set(doc) == {"state", "probes", "result"} and isinstance(doc["probes"], list)
            except ValueError:
                doc, ok = j, False
            check("progress JSON: state, probes, result", status == 200 and ok, (status, doc))
            final = None
            for _ in range(TEST_WAIT):
                status, hdr, _ = c.request(loc)
                if status == 303:
                    final = hdr.get("Location")
                    break
                time.sleep(1)
            check("progress page without JavaScript: 303 to the new result when done",
                  final and re.search(r"^/site/perfect\.example/[0-9]+/$", final) and
                  not web.endswith(final), final)
            status, _, j = c.request(loc + "json")
            check("progress JSON when done: the result's permalink",
                  status == 200 and json.loads(j).get("result") == final, j)
            check("progress JSON when done: every part finished",
                  sorted(json.loads(j).get("probes", [])) == ["dnssec", "https", "ipv6", "rpki"], j)

    # ---- a mail test ----
    mail = run_test(d, base, "mail", "perfect.example", "postmaster@perfect.example")
    if mail:
        check("mail perfect.example: score 100%", text_of(d, "p.score strong") == "100%",
              text_of(d, "p.score strong"))
        src = d.page_source
        for sentence in ("Your domain has a DMARC record.", "Your domain has an SPF record."):
            check("mail perfect.example: says %r" % sentence, sentence in src)
        d.get(mail)
        check("mail perfect.example: the permalink opens again", text_of(d, "p.score strong") == "100%")

    # ---- Hall of Fame and badges ----
    d.get(base + "/halloffame/")
    for section in ("web", "mail", "champions"):
        rows = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#%s tbody td:first-child" % section)]
        check("Hall of Fame %s: perfect.example is there" % section, "perfect.example" in rows, rows)
    status, _, body = c.request("/halloffame/")
    check("Hall of Fame: a clean page", status == 200 and not page_problems(body), page_problems(body))
    for kind in ("site", "mail"):
        status, hdr, body = c.request("/badge/%s/perfect.example.svg" % kind)
        check("badge %s perfect.example: SVG with 100%%" % kind, status == 200
              and hdr.get("Content-Type", "").startswith("image/svg+xml") and ">100%<" in body
              and "max-age" in hdr.get("Cache-Control", ""), (status, hdr.get("Content-Type"), body[:200]))
    status, _, body = c.request("/badge/site/never-tested.example.svg")
    check("badge of a domain never tested: 'unknown'", status == 200 and ">unknown<" in body, body[:200])
    status, _, _ = c.request("/badge/site/not_a_domain.svg")
    check("badge of something that is no domain: 404", status == 404, status)

    # ---- a test that cannot run: a clear page ----
    bad = run_test(d, base, "site", "nonexistent.example")
    if bad:
        check("nonexistent.example: the page says the test could not run, and why",
              "This test could not be run." in d.page_source
              and "nonexistent.example" in text_of(d, ".reason"), text_of(d, ".notice"))

    # ---- hostile strings: markup typed into the form, markup from a server ----
    submit(d, base, "site", '<img src=x onerror=alert(1)><script>alert(2)</script>')
    time.sleep(0.5)
    check("browser: markup typed into the form is shown as text, no script runs",
          not calls(d) and d.find_elements(By.CSS_SELECTOR, ".formerror")
          and d.find_element(By.ID, "site-domain").get_attribute("value")
          == '<img src=x onerror=alert(1)><script>alert(2)</script>', calls(d))
    xss = run_test(d, base, "site", "xss.example")
    if xss:
        check("web xss.example: no injected script runs in the browser", not calls(d), calls(d))
        status, _, body = c.request(urllib.parse.urlparse(xss).path)
        check("web xss.example: the header value is shown, escaped",
              "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body)
        check("web xss.example: a clean page", not page_problems(body), page_problems(body))

    # ---- a public server (no --allow-private): the target guard, then its rate limit ----
    r = Client(rate_base)
    rt = r.csrf()
    status, hdr, _ = r.request("/test/site", {"domain": "perfect.example", "csrf": rt})
    codes = [status]
    loc, final = hdr.get("Location", ""), None
    for _ in range(TEST_WAIT if loc else 0):
        status, hdr, _ = r.request(loc)
        if status == 303:
            final = hdr.get("Location")
            break
        time.sleep(1)
    status, _, body = r.request(final or "/nowhere")
    m = re.search(r'<strong class="reason">([^<]*)</strong>', body)
    check("target guard: a fixture (private) domain is not tested, the page says why",
          status == 200 and "This test could not be run." in body and m and m.group(1).strip(),
          (final, status, m and m.group(1)))
    codes += [r.request("/test/site", {"domain": "perfect.example", "csrf": rt})[0] for _ in range(2)]
    status, _, body = r.request("/test/site", {"domain": "perfect.example", "csrf": rt})
    check("rate limit 3: three tests start (303)", codes == [303, 303, 303], codes)
    check("rate limit 3: the fourth is a 429 page that says so", status == 429
          and "Too many tests from your address" in body, status)
    status, _, body = r.request("/test/site", {"domain": "bad domain", "csrf": rt})
    check("rate limit: a bad domain is still answered with the form (no test taken)", status == 400, status)

    batch_pages(base, cred, other)


def batch_pages(base, cred, other):
    user = Client(base, cred)
    status, hdr, _ = Client(base).request("/batch/")
    check("/batch/ without credentials: 401 with Basic", status == 401
          and "Basic" in hdr.get("WWW-Authenticate", ""), status)
    status, _, _ = Client(base, cred.split(":")[0] + ":wrong").request("/batch/")
    check("/batch/ with a wrong password: 401", status == 401, status)
    domains = ["perfect.example", "nonexistent.example", "xss.example"]
    status, _, body = user.request("/api/batch/v2/requests", json.dumps(
        {"type": "web", "domains": domains, "name": "UI <b>batch</b>"}).encode(),
        headers={"Content-Type": "application/json"})
    rid = None
    try:
        rid = json.loads(body)["request"]["request_id"]
    except (ValueError, KeyError, TypeError):
        pass
    check("a batch request of three domains exists", rid is not None, body[:300])
    if rid is None:
        return
    page = ""
    for _ in range(TEST_WAIT):
        status, _, page = user.request("/batch/%s/" % rid)
        if status == 200 and 'id="progress">3 / 3<' in page:
            break
        time.sleep(1)
    check("/batch/RID/: all three domains done", 'id="progress">3 / 3<' in page, status)
    check("/batch/RID/: the name is escaped", "UI &lt;b&gt;batch&lt;/b&gt;" in page)
    check("/batch/RID/: two inline SVG charts", page.count("<svg") == 2, page.count("<svg"))
    check("/batch/RID/: a clean page", not page_problems(page), page_problems(page))
    rows = re.findall(r"<tr><td>(?:<a [^>]*>)?([a-z.-]+)(?:</a>)?</td>", page)
    check("/batch/RID/: a row per domain", sorted(rows) == sorted(domains), rows)
    _, _, page = user.request("/batch/%s/?sort=score" % rid)
    rows = re.findall(r"<tr><td>(?:<a [^>]*>)?([a-z.-]+)(?:</a>)?</td>", page)
    scores = [int(s) for s in re.findall(r'class="num pct">([0-9]+)%<', page)]
    check("/batch/RID/?sort=score: highest score first", rows and rows[0] == "perfect.example"
          and scores == sorted(scores, reverse=True) and rows[-1] == "nonexistent.example", (rows, scores))
    _, _, page = user.request("/batch/%s/?sort=domain" % rid)
    rows = re.findall(r"<tr><td>(?:<a [^>]*>)?([a-z.-]+)(?:</a>)?</td>", page)
    check("/batch/RID/?sort=domain: by name", rows == sorted(domains), rows)
    status, hdr, csv = user.request("/batch/%s/results.csv" % rid)
    lines = csv.strip().split("\n")
    check("results.csv: the columns of inetcheck batch --csv", status == 200 and lines[0] ==
          "domain,test,status,score,web_ipv6,web_dnssec,web_https,web_appsecpriv,web_rpki", lines[:1])
    check("results.csv: a row per domain", len(lines) == 4 and
          any(line.startswith("perfect.example,web,ok,100,") for line in lines)
          and any(line.startswith("nonexistent.example,web,error,,") for line in lines), lines)
    check("results.csv: a download", "attachment" in hdr.get("Content-Disposition", ""), hdr)
    status, hdr, jl = user.request("/batch/%s/results.json" % rid)
    try:
        docs = [json.loads(line) for line in jl.strip().split("\n")]
    except ValueError:
        docs = []
    check("results.json: JSON Lines, one stored document per domain", status == 200
          and sorted(doc.get("domain") for doc in docs) == sorted(domains), jl[:200])
    status, _, page = user.request("/batch/")
    check("/batch/: lists the request", status == 200 and "/batch/%s/" % rid in page, status)
    status, _, _ = Client(base, other).request("/batch/%s/" % rid)
    check("/batch/RID/ of another user: 404", status == 404, status)
    status, _, _ = Client(base, other).request("/batch/%s/results.csv" % rid)
    check("results.csv of another user: 404", status == 404, status)


if __name__ == "__main__":
    sys.exit(main())
