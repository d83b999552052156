#!/usr/bin/python3
"""serve-guard.py PORT USER PASSWORD -- `inetcheck serve` without --allow-private (issue 18
item 4): names of the fixture's inside.example that point only into the tester's own
network (loopback, RFC 1918, the metadata address, a ULA) are not tested, through the API
(status error) and through the website (a result page that says why). Prints "ok - ..." /
"FAIL - ..." lines and "done" (tests/e2e/lib.sh py_checks)."""
import re
import sys
import time

import requests

PORT, USER, PASSWORD = int(sys.argv[1]), sys.argv[2], sys.argv[3]
BASE = f"http://127.0.0.1:{PORT}"
NAMES = {"loopback.inside.example": "127.0.0.1", "rfc1918.inside.example": "10.1.2.3",
         "metadata.inside.example": "169.254.169.254", "ula.inside.example": "fd00::1"}


def check(desc, cond, got=""):
    print(("ok - " if cond else "FAIL - ") + desc + ("" if cond else f" (got {got!r})"), flush=True)


# --- through the API ---
auth = (USER, PASSWORD)
r = requests.post(f"{BASE}/api/batch/v2/requests", auth=auth, timeout=10,
                  json={"type": "web", "domains": list(NAMES), "name": "guard"})
check("API: the request is taken", r.status_code == 200, r.status_code)
rid = r.json()["request"]["request_id"]
status = None
for _ in range(240):
    status = requests.get(f"{BASE}/api/batch/v2/requests/{rid}", auth=auth, timeout=10).json()["request"]["status"]
    if status == "done":
        break
    time.sleep(0.5)
check("API: the request is done", status == "done", status)
results = requests.get(f"{BASE}/api/batch/v2/requests/{rid}/results", auth=auth, timeout=30).json()
for name in NAMES:
    got = results.get("domains", {}).get(name, {}).get("status")
    check(f"API: {name} is an error, not a score", got == "error", got)

# --- through the website: the form, the progress page, the result page ---
for name, addr in NAMES.items():
    s = requests.Session()
    home = s.get(f"{BASE}/", timeout=10)
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', home.text)
    if token is None:
        check(f"site: the home page has a CSRF token", False, home.text[:200])
        continue
    r = s.post(f"{BASE}/test/site", data={"csrf": token.group(1), "domain": name},
               timeout=10, allow_redirects=False)
    check(f"site: {name} is accepted for testing (303)", r.status_code == 303, r.status_code)
    progress = r.headers.get("Location", "")
    # a fresh result of the same name (the API's, above) may be shown at once
    result = None if "/progress/" in progress else progress
    for _ in range(240 if result is None else 0):
        j = s.get(f"{BASE}{progress.rstrip('/')}/json", timeout=10)
        if j.status_code == 200 and j.json().get("result"):
            result = j.json()["result"]
            break
        time.sleep(0.5)
    check(f"site: {name} has a result page", result is not None, progress)
    if result is None:
        continue
    page = s.get(f"{BASE}{result}", timeout=10)
    check(f"site: the result page of {name} answers 200", page.status_code == 200, page.status_code)
    check(f"site: the result page of {name} says the tester does not connect to {addr}",
          "does not connect to" in page.text and addr in page.text, page.text[:300])
print("done")
