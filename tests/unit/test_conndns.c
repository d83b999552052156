/*
 * test_conndns.c -- the connection test's authoritative DNS responder (spec §3.12,
 * issue 20 item 1), on loopback only.
 *
 * The responder listens on 127.0.0.1 and ::1 (free ports). A real validator,
 * libunbound, is pointed at it with stub zones for the two zones (and for the root,
 * so nothing ever leaves loopback) and the DS records of conndns_ds_records() as
 * trust anchors: it checks our signatures and denial proofs (secure answers, secure
 * NODATA, secure NXDOMAIN, bogus for the bogus names). Hand-built packets over UDP
 * and TCP check what a validator does not see: TC, DO, REFUSED, FORMERR, 0x20.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unbound.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "core/cursor.h"
#include "core/deadline.h"
#include "core/error.h"
#include "net/guard.h"
#include "server/conndns.h"

#define BASE  "example.nl"
#define Z4    "test-ns-signed." BASE
#define Z6    "test-ns6-signed." BASE
#define ID1   "0123456789abcdef0123456789abcdef"
#define ID2   "fedcba9876543210fedcba9876543210"
#define ID3   "00000000000000000000000000000000"
#define ID4   "ffffffffffffffffffffffffffffffff"

enum { T_A = 1, T_NS = 2, T_SOA = 6, T_TXT = 16, T_AAAA = 28, T_OPT = 41, T_RRSIG = 46,
       T_NSEC = 47, T_DNSKEY = 48, T_AXFR = 252, T_ANY = 255 };

static char dir[64], key_path[96], ds_text[1024];
static struct conndns *dns;
static unsigned short port4, port6;
static struct ub_ctx *ub;

/* ------------------------------------------------------- the callback ---- */

struct seen_entry {
	char id[33], kind[8];
	bool ns6, tcp;
	uint16_t qtype;
	struct netaddr source;
};
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static struct seen_entry seen_log[4096];
static size_t seen_n;

static void seen_cb(void *arg, const struct conndns_query *q)
{
	(void)arg;
	pthread_mutex_lock(&seen_lock);
	if (seen_n < sizeof(seen_log) / sizeof(seen_log[0])) {
		struct seen_entry *e = &seen_log[seen_n++];
		snprintf(e->id, sizeof(e->id), "%s", q->id);
		snprintf(e->kind, sizeof(e->kind), "%s", q->kind);
		e->ns6 = q->ns6;
		e->tcp = q->tcp;
		e->qtype = q->qtype;
		e->source = q->source;
	}
	pthread_mutex_unlock(&seen_lock);
}

/* The last entry for (id, qtype), copied; false when there is none. */
static bool seen_find(const char *id, uint16_t qtype, struct seen_entry *out)
{
	bool found = false;
	pthread_mutex_lock(&seen_lock);
	for (size_t i = 0; i < seen_n; i++)
		if (strcmp(seen_log[i].id, id) == 0 && seen_log[i].qtype == qtype) {
			*out = seen_log[i];
			found = true;
		}
	pthread_mutex_unlock(&seen_lock);
	return found;
}

/* ------------------------------------------------------------ set-up ---- */

static int group_setup(void **s)
{
	(void)s;
	struct error err = { "" };
	char addr4[64], addr6[64], line[512];
	const char *listen[] = { "127.0.0.1:0", "[::1]:0", NULL };
	struct conndns_config c = {
		.base = BASE, .answer_v4 = "192.0.2.10", .answer_v6 = "2001:db8::10",
		.ns_v4 = "127.0.0.53", .ns_v6 = "::1",   /* loopback: nothing may leave the host */
		.listen = listen, .tcp_max = 3, .tcp_timeout_ms = 400, .seen = seen_cb,
	};

	snprintf(dir, sizeof(dir), "/tmp/test_conndns.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(key_path, sizeof(key_path), "%s/conn.pem", dir);
	if (conndns_key_create(key_path, &err) < 0 ||
	    conndns_ds_records(key_path, BASE, ds_text, sizeof(ds_text), &err) < 0) {
		fprintf(stderr, "key: %s\n", err.msg);
		return -1;
	}
	c.key_file = key_path;
	if (!(dns = conndns_start(&c, &err))) {
		fprintf(stderr, "start: %s\n", err.msg);
		return -1;
	}
	port4 = conndns_port(dns, 0);
	port6 = conndns_port(dns, 1);
	if (port4 == 0 || port6 == 0 || conndns_port(dns, 2) != 0)
		return -1;

	/* a validator that asks only us: stubs for both zones and for the root */
	ub = ub_ctx_create();
	snprintf(addr4, sizeof(addr4), "127.0.0.1@%u", port4);
	snprintf(addr6, sizeof(addr6), "::1@%u", port6);
	if (!ub || ub_ctx_set_option(ub, "do-not-query-localhost:", "no") != 0 ||
	    ub_ctx_set_option(ub, "aggressive-nsec:", "yes") != 0 ||
	    ub_ctx_set_stub(ub, ".", addr4, 0) != 0 ||
	    ub_ctx_set_stub(ub, Z4, addr4, 0) != 0 ||
	    ub_ctx_set_stub(ub, Z6, addr6, 0) != 0)
		return -1;
	for (const char *p = ds_text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		if (ub_ctx_add_ta(ub, line) != 0)
			return -1;
		p += n + (nl ? 1 : 0);
	}
	return 0;
}

static int group_teardown(void **s)
{
	(void)s;
	if (ub)
		ub_ctx_delete(ub);
	conndns_stop(dns);
	unlink(key_path);
	rmdir(dir);
	return 0;
}

/* --------------------------------------------------------- validator ---- */

static struct ub_result *resolve(const char *name, int type)
{
	struct ub_result *r = NULL;
	int rc = ub_resolve(ub, name, type, 1, &r);
	if (rc != 0)
		fail_msg("ub_resolve %s: %s", name, ub_strerror(rc));
	return r;
}

/* A secure answer with one record of `type` whose rdata is `rd` (`len` bytes). */
static void assert_secure_data(const char *name, int type, const void *rd, size_t len)
{
	struct ub_result *r = resolve(name, type);
	if (!r->secure || !r->havedata || r->bogus)
		fail_msg("%s type %d: secure %d havedata %d bogus %d rcode %d why %s", name, type,
		         r->secure, r->havedata, r->bogus, r->rcode, r->why_bogus ? r->why_bogus : "");
	assert_non_null(r->data[0]);
	assert_null(r->data[1]);
	if (rd) {
		assert_int_equal(r->len[0], len);
		assert_memory_equal(r->data[0], rd, len);
	}
	ub_resolve_free(r);
}

static void assert_secure_nodata(const char *name, int type)
{
	struct ub_result *r = resolve(name, type);
	if (!r->secure || r->havedata || r->nxdomain || r->rcode != 0)
		fail_msg("%s type %d: secure %d havedata %d nxdomain %d rcode %d why %s", name, type,
		         r->secure, r->havedata, r->nxdomain, r->rcode, r->why_bogus ? r->why_bogus : "");
	ub_resolve_free(r);
}

static void assert_secure_nxdomain(const char *name, int type)
{
	struct ub_result *r = resolve(name, type);
	if (!r->secure || !r->nxdomain || r->havedata)
		fail_msg("%s type %d: secure %d nxdomain %d havedata %d rcode %d why %s", name, type,
		         r->secure, r->nxdomain, r->havedata, r->rcode, r->why_bogus ? r->why_bogus : "");
	ub_resolve_free(r);
}

/* libunbound hands bogus data to its caller with the bogus flag (and why_bogus);
 * a validating resolver answers SERVFAIL to its stubs instead. */
static void assert_bogus(const char *name, int type)
{
	struct ub_result *r = resolve(name, type);
	if (!r->bogus || r->secure || !r->why_bogus)
		fail_msg("%s type %d: bogus %d secure %d havedata %d rcode %d", name, type, r->bogus,
		         r->secure, r->havedata, r->rcode);
	ub_resolve_free(r);
}

static const uint8_t answer4[] = { 192, 0, 2, 10 };
static const uint8_t answer6[] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10 };

/* -------------------------------------------------- rules, validated ---- */

/* spec §3.12: *.a.conn -> A only; AAAA is a secure NODATA. */
static void test_a_conn_name_is_secure_a_only(void **s)
{
	(void)s;
	assert_secure_data(ID1 ".a.conn." Z4, T_A, answer4, 4);
	assert_secure_nodata(ID1 ".a.conn." Z4, T_AAAA);
	assert_secure_nodata(ID1 ".a.conn." Z4, T_TXT);
	assert_secure_data(ID1 ".a.conn." Z6, T_A, answer4, 4);
}

/* spec §3.12: *.aaaa.conn -> AAAA only. */
static void test_aaaa_conn_name_is_secure_aaaa_only(void **s)
{
	(void)s;
	assert_secure_data(ID1 ".aaaa.conn." Z4, T_AAAA, answer6, 16);
	assert_secure_nodata(ID1 ".aaaa.conn." Z4, T_A);
	assert_secure_data(ID2 ".aaaa.conn." Z6, T_AAAA, answer6, 16);
}

/* spec §3.12: *.a-aaaa.conn -> A and AAAA; the browser asks it in test-ns6-signed,
 * whose only name server has only an IPv6 address (here ::1). */
static void test_a_aaaa_conn_name_in_ns6_zone_is_secure_both(void **s)
{
	(void)s;
	assert_secure_data(ID2 ".a-aaaa.conn." Z6, T_A, answer4, 4);
	assert_secure_data(ID2 ".a-aaaa.conn." Z6, T_AAAA, answer6, 16);
	assert_secure_data(ID2 ".a-aaaa.conn." Z4, T_AAAA, answer6, 16);
}

/* spec §3.12: *.bogus.conn -> A and AAAA without RRSIGs: a validator says bogus. */
static void test_bogus_conn_name_is_bogus(void **s)
{
	(void)s;
	assert_bogus(ID1 ".bogus.conn." Z4, T_A);
	assert_bogus(ID1 ".bogus.conn." Z4, T_AAAA);
	assert_bogus(ID2 ".bogus.conn." Z6, T_A);
	/* the name's other types are signed denials as usual */
	assert_secure_nodata(ID1 ".bogus.conn." Z4, T_TXT);
}

/* The zones' own records: SOA, NS, DNSKEY at the apex; ns.test-ns-signed has A and
 * AAAA, ns.test-ns6-signed AAAA only. */
static void test_zone_apex_and_name_server_are_secure(void **s)
{
	(void)s;
	const uint8_t ns4[] = { 127, 0, 0, 53 };
	const uint8_t ns6[16] = { [15] = 1 };
	const uint8_t ns_name4[] = "\2ns\016test-ns-signed\7example\2nl";
	const uint8_t ns_name6[] = "\2ns\017test-ns6-signed\7example\2nl";

	assert_secure_data(Z4, T_SOA, NULL, 0);
	assert_secure_data(Z4, T_DNSKEY, NULL, 0);
	assert_secure_data(Z4, T_NS, ns_name4, sizeof(ns_name4));
	assert_secure_data(Z6, T_NS, ns_name6, sizeof(ns_name6));
	assert_secure_data("ns." Z4, T_A, ns4, 4);
	assert_secure_data("ns." Z4, T_AAAA, ns6, 16);
	assert_secure_data("ns." Z6, T_AAAA, ns6, 16);
	assert_secure_nodata("ns." Z6, T_A);
	assert_secure_nodata(Z4, T_A);
	/* empty non-terminals exist: NODATA, not NXDOMAIN */
	assert_secure_nodata("conn." Z4, T_A);
	assert_secure_nodata("a-aaaa.conn." Z6, T_AAAA);
}

/* spec §3.12: <id> is 32 hex digits; any other name is a signed NXDOMAIN. The white
 * lies' edge cases (labels ending in \000, \255, '[', names of 255 octets) included. */
static void test_bad_id_is_secure_nxdomain(void **s)
{
	(void)s;
	static const char *const names[] = {
		"xyz.a.conn." Z4,
		"0123456789abcdef0123456789abcde.a.conn." Z4,      /* 31 digits */
		"0123456789abcdef0123456789abcdef0.a.conn." Z4,    /* 33 */
		"0123456789abcdeg0123456789abcdef.a.conn." Z4,     /* not hex */
		ID1 ".b.conn." Z4,
		ID1 ".a.con." Z4,
		"x." ID1 ".a.conn." Z4,
		"x.y.z.conn." Z6,
		"www." Z4,
		"nt." Z4, "nr." Z4, "ns-." Z4, "x.ns." Z6,
		"*.a.conn." Z4, "*.conn." Z4, "*." Z6,
		"\\000.a.conn." Z4, "a\\000.conn." Z4, "conn\\000." Z4, "\\000." Z4,
		"\\000\\000.aaaa.conn." Z4,
		"\\[.conn." Z4, "\\255.conn." Z4, "\\255\\255\\255.a.conn." Z4,
		"0000.a.conn." Z4, "abc.aaaa.conn." Z6, "ffffffffffffffffffffffffffffffff0.a.conn." Z4,
		"\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255"
		"\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255"
		"\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255"
		"\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255\\255.conn." Z4,
		/* 63-octet labels up to (nearly) 255 octets */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb."
		"ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.a.conn." Z4,
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb."
		"ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc."
		"dddddddddddddddddddd." Z4,
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_secure_nxdomain(names[i], T_A);
	assert_secure_nxdomain("xyz.aaaa.conn." Z6, T_AAAA);
}

/* The NSECs of those NXDOMAINs cover nothing that exists: with aggressive NSEC use
 * on, every real name next to them still resolves. Runs after the previous test. */
static void test_denials_cover_no_existing_name(void **s)
{
	(void)s;
	assert_secure_data(ID3 ".a.conn." Z4, T_A, answer4, 4);
	assert_secure_data(ID4 ".a.conn." Z4, T_A, answer4, 4);
	assert_secure_data(ID3 ".aaaa.conn." Z6, T_AAAA, answer6, 16);
	assert_secure_nodata(ID4 ".bogus.conn." Z4, T_TXT);
}

/* The callback gets the test id, the kind, the zone and the querying resolver. */
static void test_callback_reports_id_kind_zone_and_resolver(void **s)
{
	(void)s;
	const char *id4 = "1111111111111111aaaaaaaaaaaaaaaa", *id6 = "2222222222222222bbbbbbbbbbbbbbbb";
	char name[256], text[64];
	struct seen_entry e;

	snprintf(name, sizeof(name), "%s.aaaa.conn." Z4, id4);
	assert_secure_data(name, T_AAAA, answer6, 16);
	assert_true(seen_find(id4, T_AAAA, &e));
	assert_string_equal(e.kind, "aaaa");
	assert_false(e.ns6);
	assert_false(e.tcp);
	assert_int_equal(e.source.family, AF_INET);
	assert_string_equal(netaddr_str(&e.source, text, sizeof(text)), "127.0.0.1");
	assert_int_not_equal(e.source.port, 0);

	snprintf(name, sizeof(name), "%s.a-aaaa.conn." Z6, id6);
	assert_secure_data(name, T_A, answer4, 4);
	assert_true(seen_find(id6, T_A, &e));
	assert_string_equal(e.kind, "a-aaaa");
	assert_true(e.ns6);
	assert_int_equal(e.source.family, AF_INET6);
	assert_string_equal(netaddr_str(&e.source, text, sizeof(text)), "::1");

	/* names that are not test names are reported with id and kind "" */
	assert_secure_nxdomain("nope.a.conn." Z4, T_A);
	assert_true(seen_find("", T_A, &e));
	assert_string_equal(e.kind, "");
}

/* The secure verdicts come from our key: a validator anchored on another key's DS
 * finds the very same answers bogus. */
static void test_other_trust_anchor_makes_answers_bogus(void **s)
{
	(void)s;
	struct error err = { "" };
	char other[128], ds[1024], addr4[64], line[512];
	struct ub_ctx *u = ub_ctx_create();
	struct ub_result *r = NULL;

	snprintf(other, sizeof(other), "%s/other.pem", dir);
	assert_int_equal(conndns_key_create(other, &err), 0);
	assert_int_equal(conndns_ds_records(other, BASE, ds, sizeof(ds), &err), 0);
	unlink(other);
	snprintf(addr4, sizeof(addr4), "127.0.0.1@%u", port4);
	snprintf(line, sizeof(line), "%.*s", (int)(strchr(ds, '\n') - ds), ds);
	assert_non_null(u);
	assert_int_equal(ub_ctx_set_option(u, "do-not-query-localhost:", "no"), 0);
	assert_int_equal(ub_ctx_set_stub(u, ".", addr4, 0), 0);
	assert_int_equal(ub_ctx_set_stub(u, Z4, addr4, 0), 0);
	assert_int_equal(ub_ctx_add_ta(u, line), 0);
	assert_int_equal(ub_resolve(u, ID1 ".a.conn." Z4, T_A, 1, &r), 0);
	assert_int_equal(r->bogus, 1);
	assert_int_equal(r->secure, 0);
	ub_resolve_free(r);
	ub_ctx_delete(u);
}

/* ------------------------------------------------ hand-built packets ---- */

/* A query for `name` (dotted, no escapes) into buf; edns < 0: no OPT record. */
static size_t query_build(uint8_t *buf, uint16_t id, const char *name, uint16_t qtype,
                          int edns, bool dnssec_ok)
{
	size_t n = 12;
	memset(buf, 0, 12);
	buf[0] = (uint8_t)(id >> 8);
	buf[1] = (uint8_t)id;
	buf[5] = 1;
	buf[11] = edns >= 0;
	for (const char *p = name; *p;) {
		const char *dot = strchr(p, '.');
		size_t l = dot ? (size_t)(dot - p) : strlen(p);
		buf[n++] = (uint8_t)l;
		memcpy(buf + n, p, l);
		n += l;
		p += l + (dot ? 1 : 0);
	}
	buf[n++] = 0;
	buf[n++] = (uint8_t)(qtype >> 8);
	buf[n++] = (uint8_t)qtype;
	buf[n++] = 0;
	buf[n++] = 1;
	if (edns >= 0) {
		const uint8_t opt[] = { 0, 0, 41, (uint8_t)(edns >> 8), (uint8_t)edns, 0, 0,
		                        (uint8_t)(dnssec_ok ? 0x80 : 0), 0, 0, 0 };
		memcpy(buf + n, opt, sizeof(opt));
		n += sizeof(opt);
	}
	return n;
}

struct reply {
	uint16_t id, flags, count[4];
	int rcode;
	int types[4][64];          /* record types per section */
	bool edns, dnssec_ok;
	int ext_rcode;
};

static int reply_skip_name(struct cursor *c)
{
	for (;;) {
		uint8_t l;
		if (cursor_get_u8(c, &l) < 0)
			return -1;
		if (l == 0)
			return 0;
		if ((l & 0xc0) == 0xc0)
			return cursor_skip(c, 1);
		if (cursor_skip(c, l) < 0)
			return -1;
	}
}

/* Parse a whole answer; fails the test when it is malformed. */
static void reply_parse(const uint8_t *b, size_t len, struct reply *r)
{
	struct cursor c;
	memset(r, 0, sizeof(*r));
	cursor_init(&c, b, len);
	assert_int_equal(cursor_get_u16(&c, &r->id), 0);
	assert_int_equal(cursor_get_u16(&c, &r->flags), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(cursor_get_u16(&c, &r->count[i]), 0);
	r->rcode = r->flags & 0xf;
	for (int i = 0; i < r->count[0]; i++) {
		assert_int_equal(reply_skip_name(&c), 0);
		assert_int_equal(cursor_skip(&c, 4), 0);
	}
	for (int sec = 1; sec < 4; sec++)
		for (int i = 0; i < r->count[sec]; i++) {
			uint16_t type, class, rdlen;
			uint32_t ttl;
			assert_int_equal(reply_skip_name(&c), 0);
			assert_int_equal(cursor_get_u16(&c, &type), 0);
			assert_int_equal(cursor_get_u16(&c, &class), 0);
			assert_int_equal(cursor_get_u32(&c, &ttl), 0);
			assert_int_equal(cursor_get_u16(&c, &rdlen), 0);
			assert_int_equal(cursor_skip(&c, rdlen), 0);
			if (i < 64)
				r->types[sec][i] = type;
			if (type == T_OPT) {
				r->edns = true;
				r->dnssec_ok = (ttl & 0x8000) != 0;
				r->ext_rcode = (int)(ttl >> 24);
			}
		}
	assert_int_equal(cursor_len(&c), 0);
}

static int count_type(const struct reply *r, int sec, int type)
{
	int n = 0;
	for (int i = 0; i < r->count[sec] && i < 64; i++)
		n += r->types[sec][i] == type;
	return n;
}

/* Send over UDP to the responder (IPv4 or IPv6); the answer's length, 0 on silence. */
static size_t udp_exchange(int family, const uint8_t *q, size_t qlen, uint8_t *ans, size_t cap)
{
	struct netaddr a;
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd = socket(family, SOCK_DGRAM, 0);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n = 0;

	assert_true(fd >= 0);
	assert_int_equal(netaddr_parse(family == AF_INET ? "127.0.0.1" : "::1", &a), 0);
	a.port = family == AF_INET ? port4 : port6;
	sl = netaddr_sockaddr(&a, &ss);
	assert_int_equal(sendto(fd, q, qlen, 0, (struct sockaddr *)&ss, sl), (ssize_t)qlen);
	if (poll(&p, 1, 700) == 1)
		n = recv(fd, ans, cap, 0);
	close(fd);
	return n > 0 ? (size_t)n : 0;
}

static int tcp_connect(void)
{
	struct netaddr a;
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(netaddr_parse("127.0.0.1", &a), 0);
	a.port = port4;
	sl = netaddr_sockaddr(&a, &ss);
	assert_int_equal(connect(fd, (struct sockaddr *)&ss, sl), 0);
	return fd;
}

/* Read exactly `n` bytes within the deadline; false on timeout or close. */
static bool tcp_read_exact(int fd, uint8_t *buf, size_t n, deadline_t dl)
{
	for (size_t have = 0; have < n;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;
		if (poll(&p, 1, deadline_left_ms(dl)) != 1)
			return false;
		if ((r = recv(fd, buf + have, n - have, 0)) <= 0)
			return false;
		have += (size_t)r;
	}
	return true;
}

/* Read one length-prefixed answer within `ms`; its length, 0 on timeout or close. */
static size_t tcp_read_answer(int fd, uint8_t *ans, size_t cap, int ms)
{
	uint8_t len[2];
	size_t want;
	deadline_t dl = deadline_in(ms);
	if (!tcp_read_exact(fd, len, 2, dl))
		return 0;
	want = (size_t)len[0] << 8 | len[1];
	assert_true(want <= cap);
	return tcp_read_exact(fd, ans, want, dl) ? want : 0;
}

static void tcp_send_query(int fd, const uint8_t *q, size_t qlen)
{
	uint8_t buf[600];
	buf[0] = (uint8_t)(qlen >> 8);
	buf[1] = (uint8_t)qlen;
	memcpy(buf + 2, q, qlen);
	assert_int_equal(send(fd, buf, qlen + 2, 0), (ssize_t)(qlen + 2));
}

/* An answer larger than the EDNS size (512 here) goes out empty with TC; the same
 * query over TCP gets it whole. */
static void test_udp_answer_over_edns_size_sets_tc(void **s)
{
	(void)s;
	uint8_t q[512], a[4096];
	struct reply r;
	size_t qn = query_build(q, 0x1111, "nope.a.conn." Z4, T_A, 512, true), n;
	int fd;

	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	assert_true(n > 0 && n <= 512);
	reply_parse(a, n, &r);
	assert_int_equal(r.id, 0x1111);
	assert_true(r.flags & 0x0200);            /* TC */
	assert_int_equal(r.rcode, 3);
	assert_int_equal(r.count[0], 1);
	assert_int_equal(r.count[1] + r.count[2], 0);
	assert_true(r.edns && r.dnssec_ok);

	/* an EDNS size under 512 counts as 512 (RFC 6891 §6.2.3) */
	qn = query_build(q, 0x1112, "nope.a.conn." Z4, T_A, 100, true);
	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_true(r.flags & 0x0200);

	/* 1232 is enough: SOA, two NSECs and their RRSIGs */
	qn = query_build(q, 0x1113, "nope.a.conn." Z4, T_A, 1232, true);
	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	assert_true(n > 512 && n <= 1232);
	reply_parse(a, n, &r);
	assert_false(r.flags & 0x0200);
	assert_int_equal(count_type(&r, 2, T_NSEC), 2);
	assert_int_equal(count_type(&r, 2, T_RRSIG), 3);

	fd = tcp_connect();
	qn = query_build(q, 0x1114, "nope.a.conn." Z4, T_A, 512, true);
	tcp_send_query(fd, q, qn);
	n = tcp_read_answer(fd, a, sizeof(a), 2000);
	close(fd);
	assert_true(n > 512);
	reply_parse(a, n, &r);
	assert_false(r.flags & 0x0200);
	assert_int_equal(r.count[2], 6);          /* SOA, NSEC, NSEC and 3 RRSIGs */
}

/* RRSIGs and NSECs only with the DO bit (RFC 4035 §3.1). */
static void test_udp_rrsigs_only_with_do(void **s)
{
	(void)s;
	uint8_t q[512], a[4096];
	struct reply r;
	size_t qn, n;

	qn = query_build(q, 1, ID1 ".a.conn." Z4, T_A, 1232, false);
	n = udp_exchange(AF_INET6, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(r.rcode, 0);
	assert_true(r.flags & 0x0400);            /* AA */
	assert_int_equal(r.count[1], 1);
	assert_int_equal(count_type(&r, 1, T_A), 1);
	assert_true(r.edns);
	assert_false(r.dnssec_ok);

	qn = query_build(q, 2, ID1 ".a.conn." Z4, T_A, 1232, true);
	n = udp_exchange(AF_INET6, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(count_type(&r, 1, T_A), 1);
	assert_int_equal(count_type(&r, 1, T_RRSIG), 1);
	assert_true(r.dnssec_ok);

	/* the bogus names never carry RRSIGs for their addresses */
	qn = query_build(q, 3, ID1 ".bogus.conn." Z4, T_AAAA, 1232, true);
	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(count_type(&r, 1, T_AAAA), 1);
	assert_int_equal(count_type(&r, 1, T_RRSIG), 0);

	/* NXDOMAIN without DO: the SOA alone */
	qn = query_build(q, 4, "nope." Z4, T_A, 1232, false);
	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(r.rcode, 3);
	assert_int_equal(r.count[2], 1);
	assert_int_equal(count_type(&r, 2, T_SOA), 1);

	/* without EDNS: no OPT in the answer, and it fits 512 */
	qn = query_build(q, 5, Z4, T_DNSKEY, -1, false);
	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	assert_true(n > 0 && n <= 512);
	reply_parse(a, n, &r);
	assert_int_equal(count_type(&r, 1, T_DNSKEY), 1);
	assert_int_equal(r.count[3], 0);
}

/* Names outside both zones are REFUSED (not authoritative, no recursion). */
static void test_outside_zones_is_refused(void **s)
{
	(void)s;
	static const char *const names[] = { BASE, "com", "example.com", "test-ns-signed.example.org",
	                                      "x-test-ns-signed." BASE, "signed." BASE, "nl" };
	uint8_t q[512], a[4096];
	struct reply r;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t qn = query_build(q, 7, names[i], T_A, 1232, true);
		size_t n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
		reply_parse(a, n, &r);
		assert_int_equal(r.rcode, 5);
		assert_false(r.flags & 0x0400);
		assert_int_equal(r.count[1] + r.count[2], 0);
		assert_int_equal(r.count[3], 1);                 /* the OPT alone */
	}
	/* the root: a query for "." */
	size_t qn = query_build(q, 8, "", T_NS, -1, false);
	size_t n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(r.rcode, 5);
}

/* The question comes back byte for byte (0x20 kept); the id is matched lowercase. */
static void test_question_echo_keeps_case(void **s)
{
	(void)s;
	const char *mixed = "0123456789ABCDEF0123456789abcdEF.A-aAaA.CoNn.TeSt-Ns-SiGnEd.ExAmPlE.nL";
	uint8_t q[512], a[4096];
	struct reply r;
	struct seen_entry e;
	size_t qn = query_build(q, 9, mixed, T_AAAA, 1232, true);
	size_t n = udp_exchange(AF_INET, q, qn, a, sizeof(a));

	reply_parse(a, n, &r);
	assert_int_equal(r.rcode, 0);
	assert_memory_equal(a + 12, q + 12, qn - 12 - 11);   /* question: name, type, class */
	assert_int_equal(count_type(&r, 1, T_AAAA), 1);
	assert_true(seen_find(ID1, T_AAAA, &e));
	assert_string_equal(e.kind, "a-aaaa");
}

/* Garbage gets FORMERR or nothing, never a crash; the responder goes on answering. */
static void test_garbage_gets_formerr_or_silence(void **s)
{
	(void)s;
	uint8_t q[600], a[4096];
	struct reply r;
	size_t qn, n;
	uint64_t x = 0x243f6a8885a308d3ull;

	/* shorter than a header: silence */
	assert_int_equal(udp_exchange(AF_INET, (const uint8_t *)"\x12\x34\x00", 3, a, sizeof(a)), 0);
	/* an answer (QR set): silence, so two responders never loop */
	qn = query_build(q, 10, ID1 ".a.conn." Z4, T_A, -1, false);
	q[2] |= 0x80;
	assert_int_equal(udp_exchange(AF_INET, q, qn, a, sizeof(a)), 0);
	/* no question, two questions */
	for (int qd = 0; qd <= 2; qd += 2) {
		qn = query_build(q, 11, ID1 ".a.conn." Z4, T_A, -1, false);
		q[5] = (uint8_t)qd;
		n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
		reply_parse(a, n, &r);
		assert_int_equal(r.rcode, 1);
		assert_int_equal(r.count[0], 0);
	}
	/* a compression pointer in the question; a truncated question */
	qn = query_build(q, 12, "x." Z4, T_A, -1, false);
	q[12 + 2] = 0xc0;
	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(r.rcode, 1);
	qn = query_build(q, 13, "x." Z4, T_A, -1, false);
	n = udp_exchange(AF_INET, q, qn - 3, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(r.rcode, 1);
	/* ARCOUNT says two records, there is one; two OPT records */
	qn = query_build(q, 14, ID1 ".a.conn." Z4, T_A, 1232, true);
	q[11] = 2;
	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(r.rcode, 1);
	assert_int_equal(r.count[0], 1);
	memcpy(q + qn, q + qn - 11, 11);
	n = udp_exchange(AF_INET, q, qn + 11, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(r.rcode, 1);
	/* random bytes behind a valid header */
	for (int round = 0; round < 300; round++) {
		size_t len = 12 + (size_t)(round % 200);
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			q[i] = (uint8_t)x;
		}
		q[2] &= 0x7f;
		n = udp_exchange(AF_INET, q, len, a, sizeof(a));
		if (n)
			reply_parse(a, n, &r);
	}
	/* still there */
	assert_secure_data("1234567890abcdef1234567890abcdef.a.conn." Z4, T_A, answer4, 4);
}

/* Opcodes other than QUERY: NOTIMP; EDNS version 1: BADVERS; AXFR: REFUSED. */
static void test_notimp_badvers_and_no_transfer(void **s)
{
	(void)s;
	uint8_t q[512], a[4096];
	struct reply r;
	size_t qn = query_build(q, 15, Z4, T_SOA, -1, false), n;

	q[2] |= 0x10;                      /* opcode 2, STATUS */
	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(r.rcode, 4);
	assert_int_equal((r.flags >> 11) & 0xf, 2);

	qn = query_build(q, 16, Z4, T_SOA, 1232, false);
	q[qn - 11 + 6] = 1;                /* OPT version 1 */
	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(r.rcode, 0);
	assert_int_equal(r.ext_rcode, 1); /* 16 = BADVERS */

	qn = query_build(q, 17, Z4, T_AXFR, -1, false);
	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(r.rcode, 5);
}

/* ANY gets every RRset of the name (RFC 8482 allows fewer; ours are few). */
static void test_any_and_rrsig_queries(void **s)
{
	(void)s;
	uint8_t q[512], a[4096];
	struct reply r;
	size_t qn = query_build(q, 18, Z4, T_ANY, 1232, true), n;

	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(count_type(&r, 1, T_SOA), 1);
	assert_int_equal(count_type(&r, 1, T_NS), 1);
	assert_int_equal(count_type(&r, 1, T_DNSKEY), 1);
	assert_int_equal(count_type(&r, 1, T_RRSIG), 3);

	qn = query_build(q, 19, ID1 ".a-aaaa.conn." Z4, T_RRSIG, 1232, false);
	n = udp_exchange(AF_INET, q, qn, a, sizeof(a));
	reply_parse(a, n, &r);
	assert_int_equal(r.count[1], 2);
	assert_int_equal(count_type(&r, 1, T_RRSIG), 2);
}

/* TCP: length-prefixed, several queries on one connection (pipelined). */
static void test_tcp_pipelined_queries(void **s)
{
	(void)s;
	uint8_t q1[512], q2[512], both[1100], a[4096];
	struct reply r;
	struct seen_entry e;
	size_t n1 = query_build(q1, 0x2001, ID2 ".a.conn." Z4, T_A, 1232, true);
	size_t n2 = query_build(q2, 0x2002, "3333333333333333cccccccccccccccc.aaaa.conn." Z6, T_AAAA, -1, false);
	size_t n;
	int fd = tcp_connect();

	both[0] = 0;
	both[1] = (uint8_t)n1;
	memcpy(both + 2, q1, n1);
	both[2 + n1] = 0;
	both[3 + n1] = (uint8_t)n2;
	memcpy(both + 4 + n1, q2, n2);
	assert_int_equal(send(fd, both, n1 + n2 + 4, 0), (ssize_t)(n1 + n2 + 4));
	n = tcp_read_answer(fd, a, sizeof(a), 2000);
	reply_parse(a, n, &r);
	assert_int_equal(r.id, 0x2001);
	assert_int_equal(count_type(&r, 1, T_RRSIG), 1);
	n = tcp_read_answer(fd, a, sizeof(a), 2000);
	reply_parse(a, n, &r);
	assert_int_equal(r.id, 0x2002);
	assert_int_equal(count_type(&r, 1, T_AAAA), 1);
	close(fd);
	assert_true(seen_find("3333333333333333cccccccccccccccc", T_AAAA, &e));
	assert_true(e.tcp);
	assert_true(e.ns6);
}

/* An idle connection is closed after the timeout (400 ms here); a query trickled in
 * does not extend it; with every slot (3) taken, a new connection waits in the
 * backlog and is served once a slot frees. */
static void test_tcp_idle_timeout_and_connection_limit(void **s)
{
	(void)s;
	uint8_t q[512], a[4096], buf[16];
	struct reply r;
	int idle[3], late;
	size_t qn = query_build(q, 0x3001, ID3 ".a.conn." Z4, T_A, -1, false), n;
	deadline_t t0;
	struct pollfd p;

	for (int i = 0; i < 3; i++)
		idle[i] = tcp_connect();
	late = tcp_connect();                     /* accepted by the kernel, not by us yet */
	t0 = deadline_in(0);
	tcp_send_query(late, q, qn);
	/* a partial query on a slot: it is still closed on time */
	assert_int_equal(send(idle[0], "\x00\x30\x12", 3, 0), 3);
	n = tcp_read_answer(late, a, sizeof(a), 3000);
	assert_true(n > 0);
	assert_true(deadline_now_ms() - t0 >= 300);   /* served only after the idle ones closed */
	reply_parse(a, n, &r);
	assert_int_equal(r.id, 0x3001);
	for (int i = 0; i < 3; i++) {
		p = (struct pollfd){ .fd = idle[i], .events = POLLIN };
		assert_int_equal(poll(&p, 1, 2000), 1);
		assert_int_equal(recv(idle[i], buf, sizeof(buf), 0), 0);   /* closed by the server */
		close(idle[i]);
	}
	close(late);
	/* an over-long length prefix: closed at once */
	late = tcp_connect();
	assert_int_equal(send(late, "\xff\xff", 2, 0), 2);
	p = (struct pollfd){ .fd = late, .events = POLLIN };
	assert_int_equal(poll(&p, 1, 2000), 1);
	assert_true(recv(late, buf, sizeof(buf), 0) <= 0);
	close(late);
}

/* -------------------------------------------------- keys, DS, config ---- */

/* The key file is made 0600 and never overwritten; DS lines name both zones. */
static void test_key_file_and_ds_records(void **s)
{
	(void)s;
	struct error err = { "" };
	struct stat st;
	char before[1024], again[1024], other[128], lines[2][600];
	FILE *f;
	size_t n;
	unsigned tag;
	char hex[80];

	assert_int_equal(stat(key_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	f = fopen(key_path, "r");
	n = fread(before, 1, sizeof(before) - 1, f);
	before[n] = '\0';
	fclose(f);
	assert_int_equal(conndns_key_create(key_path, &err), 0);
	f = fopen(key_path, "r");
	n = fread(again, 1, sizeof(again) - 1, f);
	again[n] = '\0';
	fclose(f);
	assert_string_equal(before, again);

	/* a file that is not a key is an error, and left alone */
	snprintf(other, sizeof(other), "%s/not-a-key", dir);
	f = fopen(other, "w");
	fputs("hello\n", f);
	fclose(f);
	assert_int_equal(conndns_key_create(other, &err), -1);
	assert_non_null(strstr(err.msg, "not a PEM private key"));
	assert_int_equal(stat(other, &st), 0);
	unlink(other);

	assert_int_equal(sscanf(ds_text, "%599[^\n]\n%599[^\n]", lines[0], lines[1]), 2);
	assert_int_equal(sscanf(lines[0], "test-ns-signed.example.nl. 3600 IN DS %u 13 2 %79s", &tag, hex), 2);
	assert_int_equal(strlen(hex), 64);
	assert_int_equal(sscanf(lines[1], "test-ns6-signed.example.nl. 3600 IN DS %u 13 2 %79s", &tag, hex), 2);
	assert_int_equal(strlen(hex), 64);
	assert_int_equal(conndns_ds_records(key_path, BASE, again, 40, &err), -1);
	assert_int_equal(conndns_ds_records(key_path, "bad domain", again, sizeof(again), &err), -1);
}

/* Bad configurations fail with a reason and leave nothing open. */
static void test_start_refuses_bad_config(void **s)
{
	(void)s;
	struct error err = { "" };
	const char *busy[2] = { NULL, NULL }, *bad[] = { "127.0.0.1", NULL };
	char busy_addr[64], rsa_path[128];
	struct conndns_config ok = { .base = BASE, .key_file = key_path, .answer_v4 = "192.0.2.1",
	                             .answer_v6 = "2001:db8::1" }, c;
	struct conndns *d;
	EVP_PKEY *rsa;
	FILE *f;

	c = ok; c.base = "";
	assert_null(conndns_start(&c, &err));
	c = ok; c.answer_v4 = "2001:db8::1";
	assert_null(conndns_start(&c, &err));
	assert_non_null(strstr(err.msg, "IPv4"));
	c = ok; c.answer_v6 = NULL;
	assert_null(conndns_start(&c, &err));
	c = ok; c.key_file = "/nonexistent/key.pem";
	assert_null(conndns_start(&c, &err));
	c = ok; c.listen = bad;
	assert_null(conndns_start(&c, &err));
	snprintf(busy_addr, sizeof(busy_addr), "127.0.0.1:%u", port4);
	busy[0] = busy_addr;
	c = ok; c.listen = busy;
	assert_null(conndns_start(&c, &err));
	assert_non_null(strstr(err.msg, "in use"));

	/* an RSA key is not algorithm 13 */
	snprintf(rsa_path, sizeof(rsa_path), "%s/rsa.pem", dir);
	rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	assert_non_null(rsa);
	f = fopen(rsa_path, "w");
	assert_int_equal(PEM_write_PrivateKey(f, rsa, NULL, NULL, 0, NULL, NULL), 1);
	fclose(f);
	EVP_PKEY_free(rsa);
	c = ok; c.key_file = rsa_path;
	assert_null(conndns_start(&c, &err));
	assert_non_null(strstr(err.msg, "P-256"));
	unlink(rsa_path);

	/* no listen addresses: conndns_answer alone, no thread */
	d = conndns_start(&ok, &err);
	assert_non_null(d);
	assert_int_equal(conndns_port(d, 0), 0);
	uint8_t q[512], a[512];
	size_t qn = query_build(q, 1, "x." BASE, T_A, -1, false);
	assert_true(conndns_answer(d, q, qn, NULL, false, a, sizeof(a)) > 0);
	assert_int_equal(conndns_answer(d, q, qn, NULL, false, a, 11), 0);
	conndns_stop(d);
	conndns_stop(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_id_is_secure_nxdomain),
		cmocka_unit_test(test_denials_cover_no_existing_name),
		cmocka_unit_test(test_a_conn_name_is_secure_a_only),
		cmocka_unit_test(test_aaaa_conn_name_is_secure_aaaa_only),
		cmocka_unit_test(test_a_aaaa_conn_name_in_ns6_zone_is_secure_both),
		cmocka_unit_test(test_bogus_conn_name_is_bogus),
		cmocka_unit_test(test_zone_apex_and_name_server_are_secure),
		cmocka_unit_test(test_callback_reports_id_kind_zone_and_resolver),
		cmocka_unit_test(test_other_trust_anchor_makes_answers_bogus),
		cmocka_unit_test(test_udp_answer_over_edns_size_sets_tc),
		cmocka_unit_test(test_udp_rrsigs_only_with_do),
		cmocka_unit_test(test_outside_zones_is_refused),
		cmocka_unit_test(test_question_echo_keeps_case),
		cmocka_unit_test(test_garbage_gets_formerr_or_silence),
		cmocka_unit_test(test_notimp_badvers_and_no_transfer),
		cmocka_unit_test(test_any_and_rrsig_queries),
		cmocka_unit_test(test_tcp_pipelined_queries),
		cmocka_unit_test(test_tcp_idle_timeout_and_connection_limit),
		cmocka_unit_test(test_key_file_and_ds_records),
		cmocka_unit_test(test_start_refuses_bad_config),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
