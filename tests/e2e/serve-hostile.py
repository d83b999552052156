#!/usr/bin/python3
"""serve-hostile.py PORT CLIENT_TIMEOUT -- the core of `inetcheck serve` against hostile
clients (issue 18 item 4): every reply carries our security headers; oversized bodies and
headers are refused; hundreds of idle connections, a client holding more than its share
and a slow-loris client neither take the server down nor keep others from an answer; idle
connections are closed after --client-timeout. Prints "ok - ..." / "FAIL - ..." lines and
"done" at the end (tests/e2e/lib.sh py_checks)."""
import http.client
import socket
import sys
import time

PORT = int(sys.argv[1])
TIMEOUT = int(sys.argv[2])
HOST = "127.0.0.1"


def check(desc, cond, got=""):
    print(("ok - " if cond else "FAIL - ") + desc + ("" if cond else f" (got {got})"), flush=True)


def get(path="/", source=None, headers=None, method="GET", body=None):
    """One request on a fresh connection (from `source`): (status, headers, body)."""
    c = http.client.HTTPConnection(HOST, PORT, timeout=10,
                                   source_address=(source, 0) if source else None)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


def conn(source):
    s = socket.create_connection((HOST, PORT), timeout=10, source_address=(source, 0))
    return s


def answered(source="127.0.0.1"):
    try:
        status, _, _ = get("/", source=source)
        return status
    except OSError as e:
        return f"error {e}"


def closed_by_server(s, wait):
    """True when the server closes `s` within `wait` seconds."""
    s.settimeout(wait)
    try:
        return s.recv(1) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


# --- the headers inetcheck asks of every site, on every kind of reply ---
for path in ("/", "/no/such/page", "/api/batch/v2/requests"):
    status, h, _ = get(path)
    check(f"{path}: Content-Security-Policy has default-src 'self' and frame-ancestors 'none'",
          "default-src 'self'" in h.get("content-security-policy", "")
          and "frame-ancestors 'none'" in h.get("content-security-policy", ""),
          h.get("content-security-policy"))
    check(f"{path}: X-Frame-Options DENY", h.get("x-frame-options") == "DENY", h.get("x-frame-options"))
    check(f"{path}: X-Content-Type-Options nosniff", h.get("x-content-type-options") == "nosniff",
          h.get("x-content-type-options"))
    check(f"{path}: Referrer-Policy no-referrer", h.get("referrer-policy") == "no-referrer",
          h.get("referrer-policy"))

# --- the language: ?lang= is remembered in a cookie ---
status, h, _ = get("/?lang=nl")
check("?lang=nl sets the lang cookie", "lang=nl" in h.get("set-cookie", ""), h.get("set-cookie"))

# --- bodies and headers over the limits ---
def raw_post(head, body_parts):
    """Send a request head, then body parts as long as the server reads them; the status
    line of the reply (the server may answer 413 and close before the body is sent)."""
    s = conn("127.0.0.1")
    try:
        s.sendall(head)
        for part in body_parts:
            s.sendall(part)
    except OSError:
        pass
    s.settimeout(10)
    data = b""
    try:
        while b"\r\n" not in data:
            got = s.recv(4096)
            if not got:
                break
            data += got
    except OSError:
        pass
    s.close()
    line = data.split(b"\r\n", 1)[0].decode(errors="replace")
    return int(line.split()[1]) if line.startswith("HTTP/1.1 ") else f"reply {line!r}"


big = 2 * 1024 * 1024
status = raw_post(b"POST /api/batch/v2/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: %d\r\n\r\n" % big, [b"x" * 65536] * (big // 65536))
check("a 2 MiB POST with Content-Length is refused with 413", status == 413, status)
chunk = b"y" * 65536
status = raw_post(b"POST /api/batch/v2/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n",
                  [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 40 + [b"0\r\n\r\n"])
check("a 2.5 MiB chunked POST is refused with 413", status == 413, status)
try:
    status, _, _ = get("/", headers={"X-Padding": "z" * 100000})
except OSError as e:
    status = "closed"
check("a request with a 100 kB header is refused", status in (400, 413, 431, "closed"), status)
check("the server still answers after oversized requests", answered() == 200, answered())

# --- 500 idle connections from 20 addresses: others are still answered ---
idle = []
for i in range(500):
    try:
        idle.append(conn(f"127.0.1.{1 + i % 20}"))
    except OSError:
        pass
check("500 idle connections opened", len(idle) >= 480, len(idle))
t0 = time.time()
st = answered("127.0.0.1")
check("with 500 idle connections open, another client is answered", st == 200, st)
check("... within 2 s", time.time() - t0 < 2, round(time.time() - t0, 2))

# --- one address holding more than its share: the rest of its connections are refused ---
hog = []
for _ in range(60):
    try:
        hog.append(conn("127.0.2.1"))
    except OSError:
        pass
time.sleep(0.5)
refused = sum(1 for s in hog if closed_by_server(s, 0.2))
check("a client's connections beyond its limit are closed at once", refused >= 20, refused)
st = answered("127.0.0.3")
check("while one client holds its limit, another is answered", st == 200, st)

# --- slow loris: headers a byte at a time from one address ---
loris = []
for _ in range(20):
    try:
        s = conn("127.0.3.1")
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        loris.append(s)
    except OSError:
        pass
for _ in range(3):
    for s in loris:
        try:
            s.sendall(b"X")
        except OSError:
            pass
    time.sleep(0.5)
st = answered("127.0.0.4")
check("during a slow-loris client, another is answered", st == 200, st)

# --- idle connections are closed after --client-timeout ---
time.sleep(TIMEOUT + 2)
closed = sum(1 for s in idle if closed_by_server(s, 0.05))
check(f"idle connections are closed after --client-timeout {TIMEOUT}", closed >= len(idle) - 5,
      f"{closed} of {len(idle)}")
for s in idle + hog + loris:
    s.close()
check("the server still answers at the end", answered() == 200, answered())
print("done")
