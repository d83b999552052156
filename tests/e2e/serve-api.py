#!/usr/bin/python3
"""serve-api.py -- the batch API v2 of `inetcheck serve` against the mini-internet
(issue 18; spec §5), run by tests/e2e/cases/92-serve-api.sh inside the fixture's netns.

Starts and stops the server itself (restarts are part of the test): every start
writes the server's pid to $E2E_WORK/serve.pid so that the case can kill a server left
behind. Prints one `ok - ...` / `FAIL - ...` line per assertion.

Covers every endpoint and error case of spec §5.1, 401s, the status sequence
registering → running → generating → done, cancellation, fairness between two users,
reuse of a fresh result, restarts (TERM, and KILL with a short lease) with no domain
tested twice, and every JSON reply validated against our openapi.yaml.
"""
import copy
import ctypes
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import jsonschema
import requests
import yaml

BUILD = os.environ['E2E_BUILD']
FIX = os.environ['E2E_DIR']
WORK = os.environ['E2E_WORK']
SRC = os.path.dirname(os.path.abspath(__file__))
DB = os.path.join(WORK, 'serve.sqlite')
PIDFILE = os.path.join(WORK, 'serve.pid')
USERS = os.path.join(WORK, 'serve.users')
LOG = os.path.join(WORK, 'serve.log')

passed = failed = 0


def ok(desc):
    global passed
    passed += 1
    print(f'ok - serve api: {desc}', flush=True)


def fail(desc, got=None):
    global failed
    failed += 1
    print(f'FAIL - serve api: {desc}' + (f' (got {got})' if got is not None else ''),
          flush=True)


def check(desc, want, got):
    if want == got:
        ok(desc)
    else:
        fail(desc, repr(got)[:300])


def truthy(desc, cond, got=None):
    if cond:
        ok(desc)
    else:
        fail(desc, repr(got)[:300] if got is not None else 'false')


# ---- users: hashes made with libcrypt itself (yescrypt, bcrypt, SHA-512-crypt) ----

def make_hash(prefix, password):
    lib = ctypes.CDLL('libcrypt.so.1')
    lib.crypt_gensalt.restype = ctypes.c_char_p
    lib.crypt_gensalt.argtypes = [ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_int]
    lib.crypt.restype = ctypes.c_char_p
    lib.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    setting = lib.crypt_gensalt(prefix.encode(), 0, None, 0)
    return lib.crypt(password.encode(), setting).decode()


CRED = {'alice': 'alice pw', 'bob': 'b0b-secret', 'carol': 'carol:has:colons'}
with open(USERS, 'w') as f:
    f.write('# API users of the e2e test\n\n')
    f.write(f"alice:{make_hash('$y$', CRED['alice'])}\n")
    f.write(f"bob:{make_hash('$2b$', CRED['bob'])}\n")
    f.write(f"carol:{make_hash('$6$', CRED['carol'])}\n")

# ---- the OpenAPI document: its schemas as JSON Schema (draft 7) ----

with open(os.path.join(SRC, '..', '..', 'src', 'server', 'openapi.yaml')) as f:
    OPENAPI_TEXT = f.read()
OPENAPI = yaml.safe_load(OPENAPI_TEXT)


def to_jsonschema(node):
    """OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a "null" type."""
    if isinstance(node, dict):
        node = {k: to_jsonschema(v) for k, v in node.items()}
        if node.pop('nullable', False) and 'type' in node:
            node['type'] = [node['type'], 'null']
        return node
    if isinstance(node, list):
        return [to_jsonschema(v) for v in node]
    return node


ROOT = {'components': to_jsonschema(OPENAPI['components'])}


def validate(name, doc):
    schema = dict(ROOT, **{'$ref': f'#/components/schemas/{name}'})
    try:
        jsonschema.Draft7Validator(schema).validate(doc)
        return None
    except jsonschema.ValidationError as e:
        return f'{e.message} at {list(e.absolute_path)}'


# ---- the server ----

def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


PORT = free_port()
PUBLIC = f'http://127.0.0.1:{PORT}'
BASE = f'{PUBLIC}/api/batch/v2'
server = None


def start(workers=4, lease=None):
    global server
    cmd = [os.path.join(BUILD, 'inetcheck'), 'serve', '--listen', f'127.0.0.1:{PORT}',
           '--db', DB, '--users', USERS, '--workers', str(workers), '--allow-private',
           '--root-hints', f'{FIX}/dns/root.hints', '--trust-anchor', f'{FIX}/dns/root.ds',
           '--ca-file', f'{FIX}/pki/ca.crt', '--rpki-vrps', f'{FIX}/rpki/vrps.json',
           '--bgp-whois', '127.0.43.1', '--public-url', PUBLIC]
    if lease:
        cmd += ['--lease-seconds', str(lease)]
    log = open(LOG, 'a')
    log.write(f'---- start: {" ".join(cmd)}\n')
    log.flush()
    server = subprocess.Popen(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    with open(PIDFILE, 'w') as f:
        f.write(f'{server.pid}\n')
    for _ in range(100):
        try:
            requests.get(f'{PUBLIC}/api/batch/openapi.yaml', timeout=2)
            return True
        except requests.RequestException:
            if server.poll() is not None:
                break
            time.sleep(0.1)
    fail(f'server started (workers {workers})', f'exit {server.poll()}; see {LOG}')
    return False


def stop(sig=signal.SIGTERM, desc='TERM'):
    global server
    if not server:
        return None
    server.send_signal(sig)
    try:
        rc = server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        server.kill()
        rc = server.wait()
        fail(f'server stops on {desc} within 40 s')
    server = None
    return rc


# ---- HTTP with schema validation of every JSON reply ----

SCHEMA_OF = {200: None, 400: 'Error', 404: 'Error', 405: 'Error', 500: 'Error'}


def call(method, path, user='alice', body=None, raw=None, schema=None, auth=None,
         headers=None):
    """One API call: (status, JSON or None). Every JSON reply is checked against the
    schema for its status (errors: Error; 200: `schema`) and for api_version."""
    url = path if path.startswith('http') else BASE + path
    if auth is None and user:
        auth = (user, CRED[user])
    data = raw if raw is not None else (json.dumps(body) if body is not None else None)
    r = requests.request(method, url, auth=auth, data=data, headers=headers, timeout=30)
    doc = None
    if r.headers.get('Content-Type', '').startswith('application/json'):
        try:
            doc = r.json()
        except ValueError:
            fail(f'{method} {path}: the JSON reply parses', r.text[:200])
            return r.status_code, None
        name = schema if r.status_code == 200 else SCHEMA_OF.get(r.status_code, 'Error')
        if name:
            why = validate(name, doc)
            if why:
                fail(f'{method} {path}: reply {r.status_code} valid as {name}', why)
        if doc.get('api_version') != '2.7.0':
            fail(f'{method} {path}: api_version 2.7.0', doc.get('api_version'))
    return r.status_code, doc


def expect_error(desc, method, path, status, label, msg=None, **kw):
    code, doc = call(method, path, **kw)
    got = (code, (doc or {}).get('error', {}).get('label'))
    want = (status, label)
    if msg is not None:
        got += ((doc or {}).get('error', {}).get('msg'),)
        want += (msg,)
    check(desc, want, got)


def wait_status(rid, user, want=('done',), timeout=600, seen=None):
    t0 = time.time()
    while time.time() - t0 < timeout:
        code, doc = call('GET', f'/requests/{rid}', user=user, schema='RequestReply')
        st = (doc or {}).get('request', {}).get('status')
        if seen is not None and (not seen or seen[-1] != st):
            seen.append(st)
        if st in want:
            return st
        time.sleep(0.5)
    return None


def db():
    con = sqlite3.connect(f'file:{DB}?mode=ro', uri=True, timeout=10)
    return con


def results_per_domain(rid, test):
    """{domain: number of result rows of (domain, test)} for the jobs of request rid."""
    con = db()
    rows = con.execute('SELECT j.domain, (SELECT count(*) FROM results r WHERE r.domain = '
                       'j.domain AND r.test = ?) FROM jobs j JOIN requests q ON q.id = '
                       'j.request WHERE q.rid = ?', (test, rid)).fetchall()
    con.close()
    return dict(rows)


def job_states(rid):
    con = db()
    rows = con.execute('SELECT j.state, count(*) FROM jobs j JOIN requests q ON q.id = '
                       'j.request WHERE q.rid = ? GROUP BY j.state', (rid,)).fetchall()
    con.close()
    return dict(rows)


def lines(path):
    try:
        with open(path) as f:
            return [x.strip() for x in f if x.strip()]
    except OSError:
        return []


BULK_WEB = lines(f'{FIX}/bulk/web.txt')
BULK_MAIL = lines(f'{FIX}/bulk/mail.txt')
WEB_A = ['perfect.example', 'secure.example', 'insecure.example', 'hsts-none.example',
         'csp-none.example', 'caa-good.example', 'dane-valid.example', 'ref-none.example',
         'no-aaaa.example', 'https-tls10.example']
WEB_B = ['caa-none.example', 'hdr-none.example', 'hsts-year.example',
         'ref-strict-origin.example', 'rpki-noroa.example']


def phase_errors():
    """Authentication, URLs, methods and every error case of §5.1."""
    r = requests.get(f'{PUBLIC}/api/batch/openapi.yaml', timeout=10)
    check('openapi.yaml without credentials: 200, our document', (200, OPENAPI_TEXT),
          (r.status_code, r.text))
    for desc, auth in [('no credentials', None), ('wrong password', ('alice', 'nope')),
                       ('unknown user', ('mallory', 'alice pw')),
                       ("another user's password", ('alice', CRED['bob']))]:
        r = requests.get(f'{BASE}/requests', auth=auth, timeout=10)
        check(f'GET /requests with {desc}: 401, empty, WWW-Authenticate Basic',
              (401, b'', True), (r.status_code, r.content,
                                 r.headers.get('WWW-Authenticate', '').startswith('Basic')))
    r = requests.get(f'{BASE}/requests', headers={'Authorization': 'Basic !!!not-base64'},
                     timeout=10)
    check('a malformed Authorization header: 401', 401, r.status_code)
    r = requests.get(f'{PUBLIC}/api/batch/v1/requests', timeout=10)
    check('an unknown API URL without credentials: 401', 401, r.status_code)
    code, doc = call('GET', '/requests', user='carol')
    check('a password with colons (carol): 200', 200, code)

    for path in ['/api/batch/v1/requests', '/api/batch/', '/api/batch/v2/',
                 '/api/batch/v2/nothing', '/api/batch/v2/requests/x/y/z',
                 '/api/batch/v2/metadata']:
        expect_error(f'GET {path}: 400 invalid-url', 'GET', PUBLIC + path, 400, 'invalid-url')
    expect_error('DELETE /requests: 405', 'DELETE', '/requests', 405, 'bad-request')
    expect_error('POST /metadata/report: 405', 'POST', '/metadata/report', 405, 'bad-request')

    p = 'POST /requests'
    expect_error(f'{p} bad JSON: 400', 'POST', '/requests', 400, 'bad-request',
                 "Problem parsing json. Did you supply a 'type' and 'domains'?", raw='{"type":')
    expect_error(f'{p} empty body: 400', 'POST', '/requests', 400, 'bad-request', raw='')
    expect_error(f'{p} a JSON array: 400', 'POST', '/requests', 400, 'bad-request', raw='[1]')
    expect_error(f'{p} without type: 400', 'POST', '/requests', 400, 'bad-request',
                 "'type' is missing from the request.", body={'domains': ['a.example']})
    expect_error(f'{p} without domains: 400', 'POST', '/requests', 400, 'bad-request',
                 "'domains' is missing from the request.", body={'type': 'web'})
    expect_error(f'{p} domains not a list: 400', 'POST', '/requests', 400, 'bad-request',
                 "'domains' is missing from the request.",
                 body={'type': 'web', 'domains': 'a.example'})
    expect_error(f'{p} an empty list: 400', 'POST', '/requests', 400, 'bad-request',
                 "'domains' is missing from the request.", body={'type': 'web', 'domains': []})
    expect_error(f'{p} type dns: 400', 'POST', '/requests', 400, 'bad-request',
                 "'type' is not one of the expected values.",
                 body={'type': 'dns', 'domains': ['a.example']})
    expect_error(f'{p} name not a string: 400', 'POST', '/requests', 400, 'bad-request',
                 body={'type': 'web', 'domains': ['a.example'], 'name': 5})
    expect_error(f'{p} 10001 domains: 400', 'POST', '/requests', 400, 'bad-request',
                 body={'type': 'web', 'domains': [f'd{i}.example' for i in range(10001)]})
    try:
        r = requests.post(f'{BASE}/requests', auth=('alice', CRED['alice']),
                          data='{"type":"web","domains":["' + 'a' * (2 << 20) + '"]}',
                          timeout=30)
        check(f'{p} over the body cap: 413', 413, r.status_code)
    except requests.RequestException as e:
        fail(f'{p} over the body cap: 413', f'{type(e).__name__}: {e}')

    # GET /requests ?limit: carol's requests of only invalid names (no domain at all)
    rids = []
    for i in range(12):
        code, doc = call('POST', '/requests', user='carol', schema='RequestReply',
                         body={'type': 'MAIL' if i % 2 else 'web', 'domains': ['not_valid', '-x-'],
                               'name': f'carol {i}'})
        rids.append((doc or {}).get('request', {}).get('request_id'))
    check('POST /requests with only invalid domains: accepted (none kept)', 12,
          len([x for x in rids if x]))
    code, doc = call('GET', '/requests', user='carol', schema='RequestList')
    got = [x['name'] for x in (doc or {}).get('requests', [])]
    check('GET /requests: 10 by default, newest first', [f'carol {i}' for i in range(11, 1, -1)], got)
    code, doc = call('GET', '/requests?limit=0', user='carol', schema='RequestList')
    check('GET /requests?limit=0: all 12', 12, len((doc or {}).get('requests', [])))
    code, doc = call('GET', '/requests?limit=3&progress=true', user='carol', schema='RequestList')
    reqs = (doc or {}).get('requests', [])
    check('GET /requests?limit=3&progress=true: 3 with progress 0/0 and num_domains 0',
          [('0/0', 0)] * 3, [(x.get('progress'), x.get('num_domains')) for x in reqs])
    check('a mail request in any letter case is of type mail', 'mail',
          reqs[0].get('request_type') if reqs else None)
    for bad in ['-1', 'abc', '']:
        expect_error(f'GET /requests?limit={bad}: 400', 'GET', f'/requests?limit={bad}', 400,
                     'bad-request', user='carol')
    code, doc = call('GET', '/requests', user='bob', schema='RequestList')
    check("bob does not see carol's requests", [], (doc or {}).get('requests'))

    rid = rids[0]
    for path in [f'/requests/{rid}', f'/requests/{rid}/results',
                 f'/requests/{rid}/results_technical']:
        expect_error(f"GET {path.replace(rid, 'ID')} of another user: 404 unknown-request",
                     'GET', path, 404, 'unknown-request', user='bob')
    expect_error("PATCH another user's request: 404", 'PATCH', f'/requests/{rid}', 404,
                 'unknown-request', user='bob', body={'status': 'cancelled'})
    for other in ['0' * 32, 'not-an-id', rid.upper()]:
        expect_error(f'GET /requests/{other}: 404', 'GET', f'/requests/{other}', 404,
                     'unknown-request', user='carol')
    expect_error('PATCH bad JSON: 400', 'PATCH', f'/requests/{rid}', 400, 'bad-request',
                 "Problem parsing json. Did you supply a 'status'?", user='carol', raw='{')
    expect_error('PATCH without status: 400', 'PATCH', f'/requests/{rid}', 400, 'bad-request',
                 "'status' is missing from the request.", user='carol', body={'name': 'x'})
    expect_error('PATCH status done: 400', 'PATCH', f'/requests/{rid}', 400, 'bad-request',
                 "'status' does not have one of the supported values: ['cancelled'].",
                 user='carol', body={'status': 'done'})
    expect_error('POST /requests/ID: 405', 'POST', f'/requests/{rid}', 405, 'bad-request',
                 user='carol', body={})
    expect_error('PATCH /requests/ID/results: 405', 'PATCH', f'/requests/{rid}/results', 405,
                 'bad-request', user='carol', body={})

    # §5.5
    code, doc = call('GET', '/metadata/report', user='bob', schema='Metadata')
    rep = (doc or {}).get('report', {})
    hier = rep.get('hierarchy', {})
    check('metadata: web categories', ['web_ipv6', 'web_dnssec', 'web_https', 'web_appsecpriv',
                                       'web_rpki'], [c['name'] for c in hier.get('web', [])])
    check('metadata: mail categories', ['mail_ipv6', 'mail_dnssec', 'mail_auth', 'mail_starttls',
                                        'mail_rpki'], [c['name'] for c in hier.get('mail', [])])
    sections = sorted(s['name'] for kind in ('web', 'mail') for c in hier.get(kind, [])
                      for s in c.get('children', []) if 'children' in s)
    check('metadata: the sections of §5.5', sorted([
        'web_ipv6_nameservers', 'web_ipv6_webserver', 'web_https_http', 'web_https_tls',
        'web_https_certificate', 'web_https_dane', 'web_appsecpriv_http_headers', 'web_rpki',
        'web_ns_rpki', 'mail_ipv6_nameservers', 'mail_ipv6_mailserver', 'mail_dnssec_domain',
        'mail_dnssec_mailservers', 'mail_auth_dmarc', 'mail_auth_dkim', 'mail_auth_spf',
        'mail_starttls_tls', 'mail_starttls_certificate', 'mail_starttls_dane', 'mail_rpki',
        'mail_ns_rpki', 'mail_mx_ns_rpki']), sections)
    data = rep.get('data', {})
    tests = [k for k, v in data.items() if v.get('type') == 'test']
    truthy('metadata: every test has not_tested → "detail verdict not-tested"',
           tests and all('detail verdict not-tested' in data[t]['status_verdict_map']['not_tested']
                         for t in tests))
    return data


def result_docs(rid, user):
    c1, res = call('GET', f'/requests/{rid}/results', user=user, schema='Results')
    c2, tech = call('GET', f'/requests/{rid}/results_technical', user=user,
                    schema='ResultsTechnical')
    return (c1, res), (c2, tech)


def phase_requests(meta):
    """Two users at once: status sequence, documents, fairness, cancellation."""
    a_domains = BULK_WEB[:30] + WEB_A + ['https://PERFECT.example/page', 'bücher.example',
                                          'not_valid']
    code, doc = call('POST', '/requests', user='alice', schema='RequestReply',
                     body={'type': 'web', 'domains': a_domains, 'name': 'alice big'})
    req = (doc or {}).get('request', {})
    check('POST /requests: 200 and status registering', (200, 'registering'),
          (code, req.get('status')))
    check('POST /requests: name, type', ('alice big', 'web'),
          (req.get('name'), req.get('request_type')))
    rid_a = req.get('request_id', '')
    code, doc = call('POST', '/requests', user='bob', schema='RequestReply',
                     body={'type': 'web', 'domains': WEB_B})
    rid_b = (doc or {}).get('request', {}).get('request_id', '')
    check('POST /requests without a name: "no-name"', 'no-name',
          (doc or {}).get('request', {}).get('name'))
    # cancellation: carol's mail request, cancelled at once
    code, doc = call('POST', '/requests', user='carol', schema='RequestReply',
                     body={'type': 'mail', 'domains': BULK_MAIL[20:30], 'name': 'to cancel'})
    rid_c = (doc or {}).get('request', {}).get('request_id', '')
    code, doc = call('PATCH', f'/requests/{rid_c}', user='carol', schema='RequestReply',
                     body={'status': 'CANCELLED'})
    check('PATCH {"status": "cancelled"}: 200, cancelled, finished_date set',
          (200, 'cancelled', True), (code, (doc or {}).get('request', {}).get('status'),
                                      bool((doc or {}).get('request', {}).get('finished_date'))))

    code, doc = call('GET', f'/requests/{rid_a}?progress=true', user='alice',
                     schema='RequestReply')
    r = (doc or {}).get('request', {})
    check('GET /requests/ID right after: running', 'running', r.get('status'))
    check('?progress=true: num_domains = the distinct valid domains (41)', 41,
          r.get('num_domains'))
    check('?progress=true: progress "n/41"', True,
          isinstance(r.get('progress'), str) and r['progress'].endswith('/41'))
    code, doc = call('GET', f'/requests/{rid_a}', user='alice', schema='RequestReply')
    check('GET /requests/ID without progress: no progress key', False,
          'progress' in (doc or {}).get('request', {}))
    expect_error('results while running: 400 not yet done', 'GET', f'/requests/{rid_a}/results',
                 400, 'bad-request', 'The request is not yet `done`.')
    expect_error('results_technical while running: 400 not yet done', 'GET',
                 f'/requests/{rid_a}/results_technical', 400, 'bad-request',
                 'The request is not yet `done`.')

    seen_b = ['running']
    st_b = wait_status(rid_b, 'bob', seen=seen_b)
    check("bob's request: running → generating → done", ['running', 'generating', 'done'],
          [s for i, s in enumerate(seen_b) if i == 0 or s != seen_b[i - 1]])
    seen_a = []
    st_a = wait_status(rid_a, 'alice', want=('generating', 'done'), seen=seen_a)
    if st_a == 'generating':
        code, doc = call('GET', f'/requests/{rid_a}/results', user='alice')
        truthy('results while generating: 400 "Report is being generated." or 200 once built',
               code == 200 or (doc or {}).get('error', {}).get('msg') == 'Report is being generated.',
               (code, doc))
    st_a = wait_status(rid_a, 'alice')
    check("alice's and bob's requests done", ('done', 'done'), (st_a, st_b))

    # fairness (§5.2 step 3): bob's 5, submitted after alice's 41, finish before her last
    con = db()
    last = dict(con.execute(
        'SELECT q.rid, max(r.created) FROM jobs j JOIN requests q ON q.id = j.request '
        'JOIN results r ON r.id = j.result WHERE q.rid IN (?, ?) GROUP BY q.rid',
        (rid_a, rid_b)).fetchall())
    con.close()
    truthy("fairness: bob's last result before alice's last", last.get(rid_b, 1e18) <
           last.get(rid_a, 0), last)

    (c1, res), (c2, tech) = result_docs(rid_a, 'alice')
    check('GET results / results_technical of a done request: 200', (200, 200), (c1, c2))
    res, tech = res or {}, tech or {}
    check('results: request status done', 'done', res.get('request', {}).get('status'))
    doms = res.get('domains', {})
    check('results: one entry per domain (U-label keys)', sorted(
        set(BULK_WEB[:30] + WEB_A + ['bücher.example'])), sorted(doms))
    check('results_technical: the same domains', sorted(doms), sorted(tech.get('domains', {})))
    check('results: the domain that does not exist is {"status": "error"}',
          {'status': 'error'}, doms.get('bücher.example'))
    check('results_technical: the same for it', {'status': 'error'},
          tech.get('domains', {}).get('bücher.example'))
    p = doms.get('perfect.example', {})
    check('results: perfect.example scores 100', 100, p.get('scoring', {}).get('percentage'))
    url = p.get('report', {}).get('url', '')
    truthy('results: report url = PUBLIC/site/perfect.example/ID/',
           url.startswith(f'{PUBLIC}/site/perfect.example/') and url.endswith('/'), url)
    # one code path: the entries are the stored --json documents
    con = db()
    bad = []
    for d, entry in doms.items():
        if entry.get('status') != 'ok':
            continue
        rid_res = entry['report']['url'].rstrip('/').split('/')[-1]
        row = con.execute('SELECT doc FROM results WHERE id = ?', (int(rid_res),)).fetchone()
        stored = json.loads(row[0]) if row else {}
        if stored.get('domain') != d or stored.get('results') != entry.get('results'):
            bad.append(d)
        t = dict(tech['domains'].get(d, {}))
        if t.pop('status', None) != 'ok' or t != stored.get('technical'):
            bad.append(d + ' (technical)')
    con.close()
    check('results and results_technical are the stored --json documents of each domain',
          [], bad)
    names = set(meta)
    unknown = sorted({t for e in doms.values() for t in e.get('results', {}).get('tests', {})
                      if t not in names})
    check('results: every test name is in /metadata/report', [], unknown)
    check('the documents are built once: the same bytes again',
          True, requests.get(f'{BASE}/requests/{rid_a}/results', auth=('alice', CRED['alice']),
                             timeout=30).content ==
          requests.get(f'{BASE}/requests/{rid_a}/results', auth=('alice', CRED['alice']),
                       timeout=30).content)

    # the cancelled request: stays cancelled, no results, its jobs not run
    code, doc = call('GET', f'/requests/{rid_c}?progress=true', user='carol',
                     schema='RequestReply')
    check('a cancelled request stays cancelled', 'cancelled',
          (doc or {}).get('request', {}).get('status'))
    expect_error('results of a cancelled request: 400 not yet done', 'GET',
                 f'/requests/{rid_c}/results', 400, 'bad-request', 'The request is not yet `done`.',
                 user='carol')
    states = job_states(rid_c)
    truthy('the cancelled request\'s jobs: cancelled (none left queued or running)',
           states.get('cancelled', 0) >= 8 and not states.get('queued') and
           not states.get('running'), states)
    code, doc = call('PATCH', f'/requests/{rid_b}', user='bob', schema='RequestReply',
                     body={'status': 'cancelled'})
    check('cancelling a done request: it stays done', 'done',
          (doc or {}).get('request', {}).get('status'))
    code, doc = call('GET', '/requests?progress=true', user='alice', schema='RequestList')
    mine = [x for x in (doc or {}).get('requests', []) if x['request_id'] == rid_a]
    check('GET /requests?progress=true: the done request 41/41',
          '41/41', mine[0].get('progress') if mine else None)


def wait_progress(rid, user, at_least, timeout=300):
    t0 = time.time()
    while time.time() - t0 < timeout:
        code, doc = call('GET', f'/requests/{rid}?progress=true', user=user,
                         schema='RequestReply')
        pr = (doc or {}).get('request', {}).get('progress', '0/0')
        n = int(pr.split('/')[0])
        if n >= at_least:
            return n
        time.sleep(0.3)
    return None


def phase_restart():
    """Restarts in the middle of a request: nothing lost, no domain tested twice."""
    for how, sig, part, lease in [('TERM', signal.SIGTERM, BULK_MAIL[0:10], None),
                                  ('KILL', signal.SIGKILL, BULK_MAIL[10:20], 3)]:
        if lease:   # the killed server's leases must be short to come back soon
            stop()
            if not start(lease=lease):
                return
        code, doc = call('POST', '/requests', user='bob', schema='RequestReply',
                         body={'type': 'mail', 'domains': part, 'name': f'restart {how}'})
        rid = (doc or {}).get('request', {}).get('request_id', '')
        n = wait_progress(rid, 'bob', 1)
        truthy(f'{how}: some domains done before the stop', n is not None and n < len(part),
               n)
        rc = stop(sig, how)
        if sig == signal.SIGTERM:
            # a clean stop ends as for the signal: 128 + 15 (cli/cmd_serve.c)
            check('TERM: the server stops cleanly (exit 143)', 143, rc)
        if not start(lease=lease):
            return
        st = wait_status(rid, 'bob')
        check(f'{how}: the request finishes after the restart', 'done', st)
        per = results_per_domain(rid, 'mail')
        check(f'{how}: every domain has exactly one result', {d: 1 for d in part}, per)
        (c1, res), _ = result_docs(rid, 'bob')
        check(f'{how}: results of every domain', sorted(part),
              sorted((res or {}).get('domains', {})))


def phase_reuse():
    """§5.2: a domain's result made after a request was submitted is reused for it."""
    stop()
    if not start(workers=1):
        return
    d = 'hsts-two.example'
    rids = []
    for i in range(2):
        code, doc = call('POST', '/requests', user='alice', schema='RequestReply',
                         body={'type': 'web', 'domains': [d], 'name': f'reuse {i}'})
        rids.append((doc or {}).get('request', {}).get('request_id', ''))
    urls = []
    for rid in rids:
        wait_status(rid, 'alice')
        (c1, res), _ = result_docs(rid, 'alice')
        urls.append((res or {}).get('domains', {}).get(d, {}).get('report', {}).get('url'))
    truthy('reuse: both requests point at the same result', urls[0] and urls[0] == urls[1], urls)
    check('reuse: the domain was tested once', {d: 1}, results_per_domain(rids[1], 'web'))


def main():
    for f in (DB, DB + '-wal', DB + '-shm'):
        if os.path.exists(f):
            os.unlink(f)
    if not start():
        return
    try:
        meta = phase_errors()
        phase_requests(meta)
        phase_restart()
        phase_reuse()
    finally:
        stop()
    print(f'# serve api: {passed} passed, {failed} failed', flush=True)


if __name__ == '__main__':
    try:
        main()
    except Exception as e:  # a crash is a failure, with its reason
        import traceback
        traceback.print_exc()
        fail('the test script ran to its end', f'{type(e).__name__}: {e}')
        if server:
            server.kill()
    sys.exit(1 if failed else 0)
