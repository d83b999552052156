#!/usr/bin/python3
"""visitor_browser.py -- headless Chromium as a visitor of the mini-internet (issue 20).

  ip netns exec NAME /usr/bin/python3 tests/e2e/visitor_browser.py [options] URL...

Run it inside a visitor's namespace (tests/fixture/visitor.sh up DIR FIXTURE_NETNS NAME).
It drives Debian's chromium through chromedriver (python3-selenium), headless and without
the sandbox (we are root), and loads every URL in turn in the same browser: load, wait
for --wait-css / --wait-js (if given), then print what was asked for:

  (default)        the page's text (document.body.innerText); a failed load exits 3
  --json EXPR      the value of the JavaScript expression EXPR as JSON, one line per URL
                   (a Promise is awaited; a thrown error or a rejection gives
                   {"error": "..."})
  --result         one JSON object per URL and line, whatever happened:
                   {"url", "ok", "error", "final_url", "title", "text", "value", "ms"}
                   ("error" is Chromium's net error, e.g. "net::ERR_NAME_NOT_RESOLVED",
                   or "timeout: ..." when the wait condition never held; "value" is
                   EXPR's value with --json EXPR, else null)

Options:
  --wait-css SELECTOR  wait until an element matching SELECTOR exists
  --wait-js EXPR       wait until the JavaScript expression EXPR is truthy
  --timeout SECONDS    for each page load and each wait (default 20)
  --trust-key FILE     accept the certificate of any server whose key (or whose chain's
                       key) is FILE's: a PEM private key, public key or certificate
                       (Chromium's --ignore-certificate-errors-spki-list; e.g.
                       DIR/pki/server.key, the key of the fixture's sites). Repeatable
  --insecure           accept every certificate
  --screenshot FILE    save a screenshot of the last page
  --chromium-arg ARG   one more Chromium switch (repeatable)

Exit status: 0 every URL loaded and its condition held (with --result: 0 whatever the
outcome, unless the browser itself failed), 3 a load failed, 4 a wait timed out, 2 usage
or a browser that did not start.

DNS: Chromium resolves through the system resolver of the namespace (getaddrinfo, i.e.
/etc/netns/NAME/resolv.conf, the visitor's own unbound): its built-in DNS client
(AsyncDns) and DNS-over-HTTPS are off, and so are DNS prefetching, HTTPS upgrades of
http:// URLs and the Local/Private Network Access checks (every fixture address is
loopback or private to Chromium; the Internet the connection test models is public).
Nothing it loads can leave the namespaces.

As a module (the connection-test cases): `with Visitor(timeout=20) as v: r = v.load(url,
wait_js=..., value_js=...)` returns the --result dict; `v.driver` is the selenium driver.
"""
import argparse
import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Features off: Chromium's own DNS client and DoH (the system resolver must be the one that
# answers), HTTPS-Upgrades / HTTPS-First (an http:// URL stays http://), and the Local /
# Private Network Access checks (a page on a private address loading from a loopback one).
DISABLED_FEATURES = [
    "AsyncDns", "DnsOverHttps", "UseDnsHttpsSvcb", "DnsHttpsSvcb",
    "HttpsUpgrades", "HttpsFirstBalancedModeAutoEnable", "HttpsFirstModeV2ForTypicallySecureUsers",
    "LocalNetworkAccessChecks", "LocalNetworkAccessChecksWebSockets",
    "PrivateNetworkAccessSendPreflights", "PrivateNetworkAccessRespectPreflightResults",
    "BlockInsecurePrivateNetworkRequests", "BlockInsecurePrivateNetworkRequestsFromPrivate",
    "MediaRouter", "OptimizationHints", "Translate",
]
BASE_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-quic", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--no-proxy-server",
    "--dns-prefetch-disable", "--disable-domain-reliability", "--metrics-recording-only",
    "--window-size=1280,1000",
    "--disable-features=" + ",".join(DISABLED_FEATURES),
]
ERR_RE = re.compile(r"\b(?:net::)?(ERR_[A-Z0-9_]+)\b")


def spki_pin(path):
    """base64 SHA-256 of the DER SubjectPublicKeyInfo of a PEM key or certificate."""
    with open(path, "rb") as f:
        pem = f.read()
    if b"CERTIFICATE" in pem:
        pub = subprocess.run(["openssl", "x509", "-pubkey", "-noout"], input=pem,
                             capture_output=True, check=True).stdout
    else:
        pub = pem
    der = subprocess.run(["openssl", "pkey", "-pubout", "-outform", "DER"]
                         + (["-pubin"] if b"PRIVATE KEY" not in pub else []),
                         input=pub, capture_output=True, check=True).stdout
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


class Visitor:
    """One headless Chromium (its own throw-away profile); use as a context manager."""

    def __init__(self, timeout=20, trust_keys=(), insecure=False, extra_args=()):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="visitor-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        args = BASE_ARGS + ["--user-data-dir=" + self.profile]
        pins = [spki_pin(k) for k in trust_keys]
        if pins:
            args.append("--ignore-certificate-errors-spki-list=" + ",".join(pins))
        for a in args + list(extra_args):
            opts.add_argument(a)
        if insecure:
            opts.set_capability("acceptInsecureCerts", True)
        opts.set_capability("goog:loggingOptions", {"browser": "ALL"})
        try:
            self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        except Exception:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise
        self.driver.set_page_load_timeout(timeout)
        self.driver.set_script_timeout(timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        try:
            self.driver.quit()
        except Exception:
            pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def _net_error(self):
        """Chromium's error code when the current page is its network error page, else None."""
        try:
            url = self.driver.current_url
        except WebDriverException:
            url = ""
        if not url.startswith("chrome-error://"):
            return None
        try:
            text = self.driver.execute_script("return document.body ? document.body.innerText : ''")
        except WebDriverException:
            text = ""
        m = ERR_RE.search(text or "")
        return "net::" + m.group(1) if m else "net::(error page)"

    def load(self, url, wait_css=None, wait_js=None, value_js=None, timeout=None):
        """Load url, wait, read: the --result dict (see the module's doc)."""
        timeout = timeout or self.timeout
        r = {"url": url, "ok": False, "error": None, "final_url": None, "title": None,
             "text": None, "value": None, "ms": 0}
        t0 = time.monotonic()
        try:
            self.driver.get(url)
        except TimeoutException:
            r["error"] = "timeout: page load (%ss)" % timeout
        except WebDriverException as e:
            m = ERR_RE.search(str(e.msg or e))
            r["error"] = "net::" + m.group(1) if m else "webdriver: " + str(e.msg or e).strip()[:200]
        if r["error"] is None:
            r["error"] = self._net_error()
        if r["error"] is None and (wait_css or wait_js):
            cond = []
            if wait_css:
                cond.append("document.querySelector(%s) !== null" % json.dumps(wait_css))
            if wait_js:
                cond.append("!!(%s)" % wait_js)
            script = "try { return %s; } catch (e) { return false; }" % " && ".join(cond)
            try:
                WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(
                    lambda d: d.execute_script(script))
            except TimeoutException:
                r["error"] = "timeout: %s" % " && ".join(
                    ([("css " + wait_css)] if wait_css else []) + ([wait_js] if wait_js else []))
            r["error"] = self._net_error() or r["error"]
        try:
            r["final_url"] = self.driver.current_url
            r["title"] = self.driver.title
            r["text"] = self.driver.execute_script(
                "return document.body ? document.body.innerText : ''")
            if value_js and not (r["error"] or "").startswith("net::"):
                # EXPR may be a Promise (a fetch): its outcome, {"error": ...} if it rejects
                raw = self.driver.execute_async_script(
                    "var done = arguments[arguments.length - 1];"
                    "try { Promise.resolve(%s).then("
                    "  function (v) { done(JSON.stringify(v === undefined ? null : v)); },"
                    "  function (e) { done(JSON.stringify({error: String(e)})); });"
                    "} catch (e) { done(JSON.stringify({error: String(e)})); }" % value_js)
                r["value"] = json.loads(raw) if raw is not None else None
        except WebDriverException as e:
            r["error"] = r["error"] or "webdriver: " + str(e.msg or e).strip()[:200]
        r["ok"] = r["error"] is None
        r["ms"] = int((time.monotonic() - t0) * 1000)
        return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("urls", nargs="+", metavar="URL")
    ap.add_argument("--wait-css")
    ap.add_argument("--wait-js")
    ap.add_argument("--timeout", type=float, default=20)
    out = ap.add_mutually_exclusive_group()
    out.add_argument("--text", action="store_true")
    out.add_argument("--json", metavar="EXPR")
    ap.add_argument("--result", action="store_true")
    ap.add_argument("--trust-key", action="append", default=[])
    ap.add_argument("--insecure", action="store_true")
    ap.add_argument("--screenshot")
    ap.add_argument("--chromium-arg", action="append", default=[])
    a = ap.parse_args()
    try:
        v = Visitor(timeout=a.timeout, trust_keys=a.trust_key, insecure=a.insecure,
                    extra_args=a.chromium_arg)
    except Exception as e:
        print("visitor_browser: the browser did not start: %s" % e, file=sys.stderr)
        return 2
    rc = 0
    with v:
        for url in a.urls:
            r = v.load(url, wait_css=a.wait_css, wait_js=a.wait_js, value_js=a.json)
            if a.result:
                print(json.dumps(r), flush=True)
                continue
            if not r["ok"]:
                print("visitor_browser: %s: %s" % (url, r["error"]), file=sys.stderr)
                rc = max(rc, 4 if r["error"].startswith("timeout") else 3)
                continue
            if a.json:
                print(json.dumps(r["value"]), flush=True)
            else:
                sys.stdout.write(r["text"] + ("" if r["text"].endswith("\n") else "\n"))
                sys.stdout.flush()
        if a.screenshot:
            v.driver.save_screenshot(a.screenshot)
    return rc


if __name__ == "__main__":
    sys.exit(main())
