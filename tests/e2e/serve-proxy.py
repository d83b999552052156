#!/usr/bin/python3
"""serve-proxy.py PORT -- `inetcheck serve --trusted-proxy 127.0.0.1 --rate-limit 1`: behind a
reverse proxy the rate limit of new tests counts the client named in X-Real-IP, not the
proxy's address; a header that is not an address literal counts as the proxy. Prints
"ok - ..." / "FAIL - ..." lines and "done" (tests/e2e/lib.sh py_checks)."""
import re
import sys

import requests

BASE = f"http://127.0.0.1:{int(sys.argv[1])}"


def check(desc, cond, got=""):
    print(("ok - " if cond else "FAIL - ") + desc + ("" if cond else f" (got {got!r})"), flush=True)


def start(real_ip, domain="loopback.inside.example"):
    """POST a web test as the client `real_ip` (None: no header): the status code."""
    s = requests.Session()
    headers = {"X-Real-IP": real_ip} if real_ip else {}
    home = s.get(f"{BASE}/", headers=headers, timeout=10)
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', home.text).group(1)
    r = s.post(f"{BASE}/test/site", data={"csrf": token, "domain": domain, "again": "1"},
               headers=headers, timeout=10, allow_redirects=False)
    return r.status_code


check("client 192.0.2.1: its first test starts", start("192.0.2.1") == 303)
check("client 192.0.2.1: its second is over the limit (429)", start("192.0.2.1") == 429)
check("client 2001:db8::2 behind the same proxy: its first test starts", start("2001:db8::2") == 303)
check("no X-Real-IP: the proxy's own address counts (first test)", start(None) == 303)
check("a header that is not an address counts as the proxy (429)", start("evil, 192.0.2.9") == 429)
print("done")
