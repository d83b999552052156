/* test_starttls_rules.c -- the mail_starttls rules (spec §3.10, §3.3.6 DANE,
 * §3.6 states without MX, §2.4 per-MX aggregation, §4.1 points, §5.3 custom,
 * §5.4 technical receiving_mailservers) from hand-written facts: no network. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "checks/starttls.h"
#include "report/catalog.h"
#include "report/score.h"
#include "certpool_facts.h"
#include "tech_columns.h"

#define S_ECDHE_RSA_AES256_GCM 0xc030
#define S_ECDHE_RSA_AES128_GCM 0xc02f
#define S_ECDHE_RSA_CHACHA 0xcca8
#define S_ECDHE_RSA_AES128_CBC_SHA 0xc013
#define G_X25519 29

#define CAT CAT_MAIL_STARTTLS

/* ---- fixtures (after test_https_rules.c) ---------------------------------- */

static void add_suite(struct tls_scan_facts *f, uint32_t code, enum tls_version v)
{
	struct tls_accepted *a = &f->accepted[f->n_accepted++];
	a->code = code;
	a->version = v;
	a->kex.type = TLS_KEX_ECDHE;
	a->kex.group = G_X25519;
}

static void cert(struct tls_cert_info *c, const char *cn, const char *type, int bits, const char *curve,
                 const char *sig, bool root)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->cn, cn);
	strcpy(c->key_type, type);
	c->key_bits = bits;
	strcpy(c->curve, curve);
	strcpy(c->sig_alg, sig);
	c->trust_root = root;
}

/* The TLS facts of an MX that earns every TLS point, as a STARTTLS scan leaves
 * them: no 0-RTT probe (NA) and no OCSP test (NOT_TESTED), §3.10. */
static void perfect_tls(struct tls_scan_facts *f, const char *name)
{
	memset(f, 0, sizeof(*f));
	f->reach = TLS_REACH_OK;
	f->version[TLS_V_TLS12] = true;
	f->version[TLS_V_TLS13] = true;
	add_suite(f, S_ECDHE_RSA_AES256_GCM, TLS_V_TLS12);
	add_suite(f, S_ECDHE_RSA_CHACHA, TLS_V_TLS12);
	add_suite(f, S_ECDHE_RSA_AES128_GCM, TLS_V_TLS12);
	f->order = TLS_ORDER_GOOD;
	f->kex_hash = TLS_KEX_HASH_GOOD;
	f->compression = TLS_TRI_NO;
	f->secure_reneg = TLS_TRI_YES;
	f->ems = TLS_EMS_SUPPORTED;
	f->client_reneg = 0;
	f->zero_rtt = TLS_ZERO_RTT_NA;
	f->ocsp = TLS_OCSP_NOT_TESTED;
	f->cert.obtained = true;
	f->cert.n = 3;
	cert(&f->cert.chain[0], name, "RSA", 3072, "", "sha256WithRSAEncryption", false);
	cert(&f->cert.chain[1], "Example CA", "EC", 384, "secp384r1", "ecdsa-with-SHA384", false);
	cert(&f->cert.chain[2], "Example Root", "RSA", 4096, "", "sha384WithRSAEncryption", true);
	test_cert_chain(&f->cert, name, name, true);
	f->cert.hostmatch = true;
	strcpy(f->cert.names, name);
	f->cert.has_ocsp_url = true;
}

static void tlsa(struct dane_facts *d, uint8_t usage, const char *text)
{
	struct dane_record *rec = &d->records[d->n++];
	rec->usage = usage;
	rec->selector = 1;
	rec->mtype = 1;
	rec->len = 32;
	memset(rec->data, 0xab, rec->len);
	strcpy(rec->text, text);
	d->exists = true;
}

#define TLSA_A "3 1 1 abababababababababababababababababababababababababababababababab"
#define TLSA_B "3 1 1 cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
#define TLSA_TA "2 1 1 efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef"

/* Two usage-3 records (current and next key), validated: rollover (§3.3.6). */
static void dane_validated(struct dane_facts *d)
{
	memset(d, 0, sizeof(*d));
	tlsa(d, 3, TLSA_A);
	tlsa(d, 3, TLSA_B);
	d->rollover = true;
	d->status = DANE_VALIDATED;
}

/* An MX of the perfect configuration: TLS, DANE 3 1 1 validated with rollover, CAA good. */
static void perfect_mx(struct starttls_server *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	strcpy(s->name, name);
	s->has_addr = true;
	netaddr_parse("192.0.2.25", &s->addr);
	s->addr.port = STARTTLS_PORT;
	perfect_tls(&s->tls, name);
	dane_validated(&s->dane);
	s->caa.enabled = true;
	s->caa.outcome = CAA_OUT_GOOD;
	strcpy(s->caa.found_on, "example.nl");
	s->caa.n_records = 1;
	strcpy(s->caa.records[0], "0 issue \"letsencrypt.org\"");
}

/* What the running test holds, freed by teardown() if an assertion jumps out
 * before done() (the suite also runs under ASan with leak detection). */
static struct starttls_facts *cur_f;
static struct report *cur_r;

static struct starttls_facts *new_facts(void)
{
	struct starttls_facts *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	cur_f = f;
	return f;
}

/* `n` perfect MX: mx.example.nl alone, else mx1., mx2., ... (alphabetical). */
static struct starttls_facts *facts(size_t n)
{
	struct starttls_facts *f = new_facts();
	char name[64];

	strcpy(f->domain, "example.nl");
	f->mx_state = MX_HAS_MX;
	f->n = n;
	for (size_t i = 0; i < n; i++) {
		if (n == 1)
			strcpy(name, "mx.example.nl");
		else
			snprintf(name, sizeof(name), "mx%zu.example.nl", i + 1);
		perfect_mx(&f->servers[i], name);
	}
	return f;
}

/* Facts of an MX a scan could not reach (as starttls_probe leaves them). */
static void unreachable(struct starttls_server *s, enum tls_reach why)
{
	tls_scan_facts_release(&s->tls);
	memset(&s->tls, 0, sizeof(s->tls));
	memset(&s->dane, 0, sizeof(s->dane));
	memset(&s->caa, 0, sizeof(s->caa));
	s->tls.reach = why;
	strcpy(s->tls.reach_detail, "STARTTLS not offered");
}

/* Every verdict token set on an evaluated subtest is one the catalog lists. */
static void check_verdicts(const struct report *r)
{
	for (int id = 0; id < SUB_COUNT; id++) {
		const struct subtest_result *s = &r->sub[id];
		if (!s->evaluated)
			continue;
		assert_non_null(s->verdict);
		const char *list = catalog_subtest((enum subtest_id)id)->verdicts;
		size_t vl = strlen(s->verdict);
		bool found = false;
		for (const char *p = list; *p;) {
			const char *e = strchr(p, ' ');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			if (l == vl && !strncmp(p, s->verdict, l))
				found = true;
			p += l;
			while (*p == ' ')
				p++;
		}
		if (!found)
			fail_msg("subtest %s: verdict '%s' not in catalog '%s'",
			         catalog_subtest((enum subtest_id)id)->api_name, s->verdict, list);
	}
}

static struct report *run(const struct starttls_facts *f)
{
	struct report *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	cur_r = r;
	report_init(r, TEST_MAIL, "example.nl");
	starttls_evaluate(f, r);
	score_report(r);
	check_verdicts(r);
	return r;
}

static void done(struct report *r, struct starttls_facts *f)
{
	if (r) {
		tech_assert_fits(r, false);
		report_release(r);
		free(r);
	}
	if (f) {
		starttls_facts_free(f);
		free(f);
	}
	cur_r = NULL;
	cur_f = NULL;
}

static int teardown(void **st)
{
	(void)st;
	done(cur_r, cur_f);
	return 0;
}

static void expect(const struct report *r, enum subtest_id id, enum status st, const char *verdict)
{
	if (score_subtest_status(r, id) != st || strcmp(score_subtest_verdict(r, id), verdict) != 0)
		fail_msg("%s: got %s/%s, want %s/%s", catalog_subtest(id)->key,
		         status_api_name(score_subtest_status(r, id)), score_subtest_verdict(r, id),
		         status_api_name(st), verdict);
}

/* max / obtained / percentage of mail_starttls after scoring. */
static void expect_points(const struct report *r, int max, int obtained, int pct)
{
	const struct category_result *c = &r->cat[CAT];
	if (c->max_points != max || c->obtained_points != obtained || c->percentage != pct)
		fail_msg("mail_starttls: got %d/%d = %d %%, want %d/%d = %d %%", c->obtained_points,
		         c->max_points, c->percentage, obtained, max, pct);
}

static const char *custom(const struct report *r, const char *key)
{
	json_t *v = json_object_get(r->custom, key);
	if (!json_is_string(v))
		fail_msg("custom %s is not a string", key);
	return json_string_value(v);
}

static json_t *mailserver(const struct report *r, const char *key)
{
	json_t *ms = json_object_get(json_object_get(r->technical, "receiving_mailservers"), key);
	if (!json_is_object(ms))
		fail_msg("receiving_mailservers has no object %s", key);
	return ms;
}

/* ---- §3.10 DANE ----------------------------------------------------------- */

/* §3.10 / §4.1: perfect MX with TLSA 3 1 1 validated and rollover → 140/140. */
static void test_perfect_mx_with_dane_140(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_TLS_AVAILABLE, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_STARTTLS_TLS_CIPHERS, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_STARTTLS_TLS_VERSION, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_STARTTLS_CERT_CHAIN, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_STARTTLS_CERT_DOMAIN, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_STARTTLS_TLS_CAA, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_STARTTLS_DANE_EXIST, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_STARTTLS_DANE_VALID, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_STARTTLS_DANE_ROLLOVER, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_STARTTLS_TLS_0RTT, STATUS_SUCCESS, "na");
	expect(r, SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET, STATUS_SUCCESS, "good");
	assert_true(r->cat[CAT].implemented);
	assert_true(r->cat[CAT].counted);
	expect_points(r, 140, 140, 100);
	assert_int_equal(r->cat[CAT].status, STATUS_SUCCESS);
	assert_string_equal(r->cat[CAT].verdict, "passed");
	assert_null(r->cat[CAT].text_verdict);
	assert_string_equal(custom(r, "tls_1_3_support"), "no");          /* §8 item 40 */
	assert_string_equal(custom(r, "mail_servers_testable_status"), "ok");
	done(r, f);
}

/* §8 item 11: dane_exists and dane_valid share dane_score, so TLSA that fails
 * validation loses 20 points: 120/140 = 85 (lower than no TLSA at all). */
static void test_dane_score_counts_twice(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	f->servers[0].dane.status = DANE_FAILED;
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_DANE_EXIST, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_STARTTLS_DANE_VALID, STATUS_FAIL, "bad");
	assert_int_equal(r->sub[SUB_MAIL_STARTTLS_DANE_EXIST].points, 0);
	assert_int_equal(r->sub[SUB_MAIL_STARTTLS_DANE_VALID].points, 0);
	expect_points(r, 140, 120, 85);
	assert_int_equal(r->cat[CAT].status, STATUS_FAIL);
	done(r, f);
}

/* §3.10: no TLSA → dane_exists failed/bad (0), dane_valid not required: 120/130 = 92. */
static void test_dane_none_130(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	memset(&f->servers[0].dane, 0, sizeof(f->servers[0].dane));
	f->servers[0].dane.status = DANE_NONE;
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_DANE_EXIST, STATUS_FAIL, "bad");
	expect(r, SUB_MAIL_STARTTLS_DANE_VALID, STATUS_NOT_TESTED, "not-tested");
	expect(r, SUB_MAIL_STARTTLS_DANE_ROLLOVER, STATUS_NOT_TESTED, "not-tested");
	expect_points(r, 130, 120, 92);
	assert_int_equal(r->cat[CAT].status, STATUS_FAIL);
	done(r, f);
}

/* §3.3.6 / §3.10: bogus TLSA → dane_exists failed/bogus, 0 points, max 130. */
static void test_dane_bogus_failed(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	memset(&f->servers[0].dane, 0, sizeof(f->servers[0].dane));
	f->servers[0].dane.status = DANE_NONE_BOGUS;
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_DANE_EXIST, STATUS_FAIL, "bogus");
	assert_int_equal(r->sub[SUB_MAIL_STARTTLS_DANE_EXIST].points, 0);
	expect(r, SUB_MAIL_STARTTLS_DANE_VALID, STATUS_NOT_TESTED, "not-tested");
	expect_points(r, 130, 120, 92);
	done(r, f);
}

/* §3.10 dane_rollover: OPT, one TLSA without rollover → info/bad, never scored. */
static void test_dane_rollover_absent_info(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	struct dane_facts *d = &f->servers[0].dane;
	memset(d, 0, sizeof(*d));
	tlsa(d, 3, TLSA_A);
	d->status = DANE_VALIDATED;
	d->rollover = false;
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_DANE_ROLLOVER, STATUS_INFO, "bad");
	expect(r, SUB_MAIL_STARTTLS_DANE_VALID, STATUS_SUCCESS, "good");
	expect_points(r, 140, 140, 100);
	assert_int_equal(r->cat[CAT].status, STATUS_SUCCESS);
	done(r, f);
}

/* §3.10 DANE-TA rule: host-name mismatch with a usage-2 TLSA → cert_hostmatch
 * failed/bad (forced past the OPT cap): icon failed, points unchanged. Without
 * usage 2 the mismatch is info/bad and the icon stays passed. */
static void test_dane_ta_hostmatch_forced_failed(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	struct starttls_server *s = &f->servers[0];
	memset(&s->dane, 0, sizeof(s->dane));
	tlsa(&s->dane, 3, TLSA_A);
	tlsa(&s->dane, 2, TLSA_TA);
	s->dane.rollover = true;
	s->dane.has_usage2 = true;
	s->dane.status = DANE_VALIDATED;
	s->tls.cert.hostmatch = false;
	strcpy(s->tls.cert.names, "other.example.net");
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_CERT_DOMAIN, STATUS_FAIL, "bad");
	assert_int_equal(score_subtest_worst(r, SUB_MAIL_STARTTLS_CERT_DOMAIN), STATUS_INFO);
	expect_points(r, 140, 140, 100);
	assert_int_equal(r->cat[CAT].status, STATUS_FAIL);
	assert_string_equal(r->cat[CAT].verdict, "failed");
	done(r, f);

	/* the same mismatch with only usage-3 records: informational */
	f = facts(1);
	s = &f->servers[0];
	s->tls.cert.hostmatch = false;
	strcpy(s->tls.cert.names, "other.example.net");
	r = run(f);
	expect(r, SUB_MAIL_STARTTLS_CERT_DOMAIN, STATUS_INFO, "bad");
	expect_points(r, 140, 140, 100);
	assert_int_equal(r->cat[CAT].status, STATUS_SUCCESS);
	done(r, f);

	/* usage 2 present but no TLSA exists (exists false): no forcing either */
	f = facts(1);
	s = &f->servers[0];
	memset(&s->dane, 0, sizeof(s->dane));
	s->dane.has_usage2 = true;
	s->tls.cert.hostmatch = false;
	r = run(f);
	expect(r, SUB_MAIL_STARTTLS_CERT_DOMAIN, STATUS_INFO, "bad");
	done(r, f);
}

/* §3.10 / §8 item 12: an untrusted chain on mail is info/bad and not scored. */
static void test_cert_trust_info_unscored(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	char name[256];
	snprintf(name, sizeof(name), "%s", f->servers[0].tls.cert.peer_name);
	test_cert_chain(&f->servers[0].tls.cert, name, name, false);
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_CERT_CHAIN, STATUS_INFO, "bad");
	assert_int_equal(score_subtest_worst(r, SUB_MAIL_STARTTLS_CERT_CHAIN), STATUS_INFO);
	expect_points(r, 140, 140, 100);
	assert_int_equal(r->cat[CAT].status, STATUS_SUCCESS);
	done(r, f);
}

/* ---- §3.10 reachability ------------------------------------------------------ */

/* Shared expectations of a single MX that is unreachable (§3.10, §4.1, §5.3, §5.4). */
static void expect_unreachable(const struct report *r, const char *key)
{
	expect(r, SUB_MAIL_STARTTLS_TLS_AVAILABLE, STATUS_ERROR, "other");
	for (int id = SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE; id <= SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET; id++)
		expect(r, (enum subtest_id)id, STATUS_NOT_TESTED, "not-tested");
	expect_points(r, 10, 0, 0);
	assert_true(r->cat[CAT].counted);
	assert_int_equal(r->cat[CAT].status, STATUS_ERROR);
	assert_string_equal(r->cat[CAT].verdict, "unreachable");
	assert_string_equal(custom(r, "mail_servers_testable_status"), "unreachable");
	assert_string_equal(custom(r, "tls_1_3_support"), "undetermined");
	json_t *ms = mailserver(r, key);
	assert_true(json_is_false(json_object_get(ms, "server_reachable")));
	assert_true(json_is_false(json_object_get(ms, "starttls_enabled")));
	assert_true(json_is_true(json_object_get(ms, "server_testable")));
	assert_null(json_object_get(ms, "details"));
}

/* §3.10 / §8 item 27: no STARTTLS → unreachable, error/other, 0/10. */
static void test_unreachable_no_starttls_error(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	unreachable(&f->servers[0], TLS_REACH_NO_STARTTLS);
	struct report *r = run(f);
	expect_unreachable(r, "mx.example.nl.");
	done(r, f);
}

/* §3.10 / §8 item 28: the MX name does not resolve → unreachable (facts as the
 * probe leaves them: no address, reach TCP_FAILED). */
static void test_mx_without_address_unreachable(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	unreachable(&f->servers[0], TLS_REACH_TCP_FAILED);
	f->servers[0].has_addr = false;
	memset(&f->servers[0].addr, 0, sizeof(f->servers[0].addr));
	struct report *r = run(f);
	expect_unreachable(r, "mx.example.nl.");
	done(r, f);
}

/* §3.10: has_addr false alone decides "unreachable" (starttls_server_state): the
 * rules must not judge TLS facts of a server that was never contacted. */
static void test_mx_without_address_ignores_tls_facts(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	f->servers[0].has_addr = false;
	memset(&f->servers[0].addr, 0, sizeof(f->servers[0].addr));
	assert_int_equal(starttls_server_state(&f->servers[0]), STARTTLS_UNREACHABLE);
	struct report *r = run(f);
	expect_unreachable(r, "mx.example.nl.");
	done(r, f);
}

/* A refused (special-purpose) address is unreachable too, with a user warning. */
static void test_refused_address_unreachable_warns(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	unreachable(&f->servers[0], TLS_REACH_REFUSED);
	f->servers[0].refused = true;
	netaddr_parse("10.0.0.25", &f->servers[0].addr);
	struct report *r = run(f);
	expect_unreachable(r, "mx.example.nl.");
	assert_int_equal(json_array_size(r->warnings), 1);
	assert_non_null(strstr(json_string_value(json_array_get(r->warnings, 0)), "10.0.0.25"));
	done(r, f);
}

/* §3.10: no result before the time limit → error/could-not-test, "untestable". */
static void test_untestable_timed_out(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	f->servers[0].timed_out = true;
	f->servers[0].tls.incomplete = true;
	assert_int_equal(starttls_server_state(&f->servers[0]), STARTTLS_UNTESTABLE);
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_TLS_AVAILABLE, STATUS_ERROR, "could-not-test");
	expect(r, SUB_MAIL_STARTTLS_TLS_CIPHERS, STATUS_NOT_TESTED, "not-tested");
	expect(r, SUB_MAIL_STARTTLS_DANE_EXIST, STATUS_NOT_TESTED, "not-tested");
	expect_points(r, 10, 0, 0);                         /* §4.1: 10 if every MX untestable */
	assert_int_equal(r->cat[CAT].status, STATUS_ERROR);
	assert_string_equal(r->cat[CAT].verdict, "untestable");
	assert_string_equal(custom(r, "mail_servers_testable_status"), "untestable");
	assert_string_equal(custom(r, "tls_1_3_support"), "undetermined");
	json_t *ms = mailserver(r, "mx.example.nl.");
	assert_true(json_is_false(json_object_get(ms, "server_testable")));
	assert_true(json_is_true(json_object_get(ms, "server_reachable")));
	assert_true(json_is_false(json_object_get(ms, "starttls_enabled")));
	assert_null(json_object_get(ms, "details"));
	done(r, f);
}

/* ---- §2.4 aggregation over MX --------------------------------------------------- */

/* §2.4 min of sums: MX1 perfect (140), MX2 with a CBC-SHA1 suite and no TLSA
 * (140-10-20 = 110) → 110/140 = 78. Then two MX each failing a different
 * subtest (130 each): min of sums 130 (92 %), not sum of mins 120. */
static void test_two_mx_min_of_sums(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(2);
	struct starttls_server *b = &f->servers[1];
	add_suite(&b->tls, S_ECDHE_RSA_AES128_CBC_SHA, TLS_V_TLS12);
	memset(&b->dane, 0, sizeof(b->dane));
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_TLS_CIPHERS, STATUS_FAIL, "bad");
	expect(r, SUB_MAIL_STARTTLS_DANE_EXIST, STATUS_FAIL, "bad");
	assert_int_equal(score_subtest_worst(r, SUB_MAIL_STARTTLS_DANE_VALID), STATUS_FAIL);
	expect_points(r, 140, 110, 78);
	assert_int_equal(r->cat[CAT].status, STATUS_FAIL);
	assert_string_equal(r->cat[CAT].verdict, "failed");
	assert_string_equal(custom(r, "mail_servers_testable_status"), "ok");
	done(r, f);

	f = facts(2);
	add_suite(&f->servers[0].tls, S_ECDHE_RSA_AES128_CBC_SHA, TLS_V_TLS12);
	f->servers[1].tls.kex_hash = TLS_KEX_HASH_BAD;
	r = run(f);
	expect(r, SUB_MAIL_STARTTLS_TLS_CIPHERS, STATUS_FAIL, "bad");
	expect(r, SUB_MAIL_STARTTLS_TLS_KEYEXCHANGEHASH, STATUS_FAIL, "bad");
	expect_points(r, 140, 130, 92);
	done(r, f);
}

/* §2.4 / §8 item 5 analogue: one MX unreachable, the other perfect: the summary
 * fields are the 14 scored subtests of the good MX; the unreachable MX sums 0. */
static void test_two_mx_one_unreachable_zero(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(2);
	unreachable(&f->servers[1], TLS_REACH_TCP_FAILED);
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_TLS_AVAILABLE, STATUS_ERROR, "other");
	expect_points(r, 140, 0, 0);
	assert_int_equal(r->cat[CAT].status, STATUS_ERROR);
	assert_string_equal(r->cat[CAT].verdict, "unreachable");
	assert_string_equal(custom(r, "mail_servers_testable_status"), "unreachable");
	assert_string_equal(custom(r, "tls_1_3_support"), "undetermined");
	json_t *good = mailserver(r, "mx1.example.nl."), *bad = mailserver(r, "mx2.example.nl.");
	assert_true(json_is_true(json_object_get(good, "server_reachable")));
	assert_true(json_is_true(json_object_get(good, "starttls_enabled")));
	assert_true(json_is_object(json_object_get(good, "details")));
	assert_true(json_is_false(json_object_get(bad, "server_reachable")));
	assert_null(json_object_get(bad, "details"));
	done(r, f);

	/* the order of the MX does not matter */
	f = facts(2);
	unreachable(&f->servers[0], TLS_REACH_TCP_FAILED);
	r = run(f);
	expect(r, SUB_MAIL_STARTTLS_TLS_AVAILABLE, STATUS_ERROR, "other");
	expect_points(r, 140, 0, 0);
	assert_string_equal(r->cat[CAT].verdict, "unreachable");
	done(r, f);
}

/* ---- §3.6 states without MX --------------------------------------------------- */

static void check_no_mx_state(enum mx_state state, enum status st, const char *verdict,
                              const char *text, enum status icon, const char *testable)
{
	struct starttls_facts *f = new_facts();
	strcpy(f->domain, "example.nl");
	f->mx_state = state;
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_TLS_AVAILABLE, st, verdict);
	for (int id = SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE; id <= SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET; id++)
		expect(r, (enum subtest_id)id, STATUS_NOT_TESTED, "not-tested");
	assert_true(r->cat[CAT].implemented);
	expect_points(r, 0, 0, 0);
	assert_false(r->cat[CAT].counted);                  /* §8 item 13 */
	assert_int_equal(r->cat[CAT].status, icon);         /* §2.5 step 4 */
	assert_string_equal(r->cat[CAT].verdict, text);
	assert_string_equal(custom(r, "mail_servers_testable_status"), testable);
	assert_string_equal(custom(r, "tls_1_3_support"), "no");
	assert_int_equal(json_object_size(json_object_get(r->technical, "receiving_mailservers")), 0);
	done(r, f);
}

/* §3.6 table: starttls_exists and text verdict per state; category max 0, not counted. */
static void test_no_mx_states(void **st)
{
	(void)st;
	check_no_mx_state(MX_NO_MX, STATUS_NOT_TESTED, "other-2", "no-mx", STATUS_INFO, "no_mx");
	check_no_mx_state(MX_NULL_MX, STATUS_NOT_TESTED, "null-mx", "null-mx", STATUS_INFO, "ok");
	check_no_mx_state(MX_NO_NULL_MX, STATUS_INFO, "no-null-mx", "no-null-mx", STATUS_INFO, "ok");
	check_no_mx_state(MX_NULL_MX_WITH_OTHER_MX, STATUS_NOTICE, "null-mx-with-other-mx",
	                  "null-mx-with-other-mx", STATUS_NOTICE, "ok");
	check_no_mx_state(MX_NULL_MX_WITHOUT_A_AAAA, STATUS_INFO, "null-mx-without-a-aaaa",
	                  "null-mx-without-a-aaaa", STATUS_INFO, "ok");
}

/* ---- TLS 1.3 only ------------------------------------------------------------------ */

/* §3.10 / §8 item 17: TLS 1.3-only MX: EMS not applicable and unscored: 130/130. */
static void test_tls13_only_ems_unscored(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	struct tls_scan_facts *t = &f->servers[0].tls;
	t->version[TLS_V_TLS12] = false;
	t->n_accepted = 0;
	t->order = TLS_ORDER_NA;
	t->ems = TLS_EMS_NA_NO_TLS12;
	t->secure_reneg = TLS_TRI_YES;
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET, STATUS_NOT_TESTED, "na-no-tls-1-2");
	assert_int_equal(score_subtest_worst(r, SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET), STATUS_INFO);
	expect(r, SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, STATUS_SUCCESS, "na");
	expect(r, SUB_MAIL_STARTTLS_TLS_CIPHERORDER, STATUS_SUCCESS, "na");
	expect(r, SUB_MAIL_STARTTLS_TLS_VERSION, STATUS_SUCCESS, "good");
	expect_points(r, 130, 130, 100);
	assert_int_equal(r->cat[CAT].status, STATUS_SUCCESS);
	assert_string_equal(custom(r, "tls_1_3_support"), "no");
	done(r, f);
}

/* §2.4 summary score fields: one MX makes EMS required; the TLS 1.3-only MX still holds
 * 10 in that field (internet.nl's "na" default), so it is not charged: 140/140. */
static void test_ems_na_field_counts_when_other_mx_requires_it(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(2);
	struct tls_scan_facts *t = &f->servers[1].tls;
	t->version[TLS_V_TLS12] = false;
	t->n_accepted = 0;
	t->order = TLS_ORDER_NA;
	t->ems = TLS_EMS_NA_NO_TLS12;
	struct report *r = run(f);
	assert_int_equal(score_subtest_worst(r, SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET), STATUS_FAIL);
	expect_points(r, 140, 140, 100);
	done(r, f);
}

/* ---- §3.10 target address ----------------------------------------------------------- */

static struct dns_rr rr_a(const char *s)
{
	struct dns_rr rr;
	memset(&rr, 0, sizeof(rr));
	rr.type = DNS_TYPE_A;
	assert_int_equal(inet_pton(AF_INET, s, &rr.u.a), 1);
	return rr;
}

static struct dns_rr rr_aaaa(const char *s)
{
	struct dns_rr rr;
	memset(&rr, 0, sizeof(rr));
	rr.type = DNS_TYPE_AAAA;
	assert_int_equal(inet_pton(AF_INET6, s, &rr.u.aaaa), 1);
	return rr;
}

/* §3.10: the last IPv4 address if any, else the first IPv6 one; port 25. */
static void test_pick_address_last_v4_else_first_v6(void **st)
{
	(void)st;
	struct dns_rr a_rr[2] = { rr_a("192.0.2.1"), rr_a("192.0.2.2") };
	struct dns_rr aaaa_rr[2] = { rr_aaaa("2001:db8::1"), rr_aaaa("2001:db8::2") };
	struct dns_answer a = { .n = 2, .rr = a_rr };
	struct dns_answer aaaa1 = { .n = 1, .rr = aaaa_rr };
	struct dns_answer aaaa2 = { .n = 2, .rr = aaaa_rr };
	struct dns_answer none = { .n = 0, .rr = NULL };
	struct netaddr out;
	char buf[64];

	assert_true(starttls_pick_address(&a, &aaaa1, &out));
	assert_int_equal(out.family, AF_INET);
	assert_string_equal(netaddr_str(&out, buf, sizeof(buf)), "192.0.2.2");
	assert_int_equal(out.port, 25);

	assert_true(starttls_pick_address(&none, &aaaa2, &out));
	assert_int_equal(out.family, AF_INET6);
	assert_string_equal(netaddr_str(&out, buf, sizeof(buf)), "2001:db8::1");
	assert_int_equal(out.port, 25);

	assert_true(starttls_pick_address(NULL, &aaaa2, &out));
	assert_string_equal(netaddr_str(&out, buf, sizeof(buf)), "2001:db8::1");

	assert_false(starttls_pick_address(&none, &none, &out));
	assert_false(starttls_pick_address(NULL, NULL, &out));
}

/* ---- §5.4 technical ------------------------------------------------------------------ */

/* §5.4 / §8 item 38: details of a good MX carry the mail keys, the DANE facts,
 * zero_rtt "na", and neither CAA keys nor ocsp_stapling. */
static void test_technical_details_good_mx(void **st)
{
	(void)st;
	static const char *const keys[] = {
		"dane_status", "dane_records", "dane_rollover", "kex_params_bad", "kex_params_phase_out",
		"ciphers_bad", "ciphers_phase_out", "cipher_order", "cipher_order_violation",
		"protocols_bad", "protocols_phase_out", "compression", "secure_reneg", "client_reneg",
		"zero_rtt", "kex_hash_func", "extended_master_secret", "cert_chain", "cert_trusted",
		"cert_pubkey_bad", "cert_pubkey_phase_out", "cert_signature_bad",
		"cert_signature_phase_out", "cert_hostmatch_bad",
	};
	static const char *const absent[] = {
		"ocsp_stapling", "https_redirect", "hsts", "hsts_policies", "http_compression",
	};
	struct starttls_facts *f = facts(1);
	struct report *r = run(f);
	json_t *ms = mailserver(r, "mx.example.nl.");
	json_t *d = json_object_get(ms, "details");
	const char *k;
	json_t *v;

	assert_true(json_is_true(json_object_get(ms, "server_reachable")));
	assert_true(json_is_true(json_object_get(ms, "starttls_enabled")));
	assert_true(json_is_true(json_object_get(ms, "server_testable")));
	assert_true(json_is_object(d));
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (!json_object_get(d, keys[i]))
			fail_msg("details lack %s", keys[i]);
	for (size_t i = 0; i < sizeof(absent) / sizeof(*absent); i++)
		if (json_object_get(d, absent[i]))
			fail_msg("details have %s", absent[i]);
	json_object_foreach(d, k, v)
		if (!strncmp(k, "caa_", 4))
			fail_msg("details have %s", k);

	assert_string_equal(json_string_value(json_object_get(d, "dane_status")), "validated");
	json_t *recs = json_object_get(d, "dane_records");
	assert_true(json_is_array(recs));
	assert_int_equal(json_array_size(recs), 2);
	assert_string_equal(json_string_value(json_array_get(recs, 0)), TLSA_A);
	assert_string_equal(json_string_value(json_array_get(recs, 1)), TLSA_B);
	assert_true(json_is_true(json_object_get(d, "dane_rollover")));
	assert_string_equal(json_string_value(json_object_get(d, "zero_rtt")), "na");
	assert_int_equal(json_integer_value(json_object_get(d, "cert_trusted")), 0);
	assert_string_equal(json_string_value(json_object_get(d, "extended_master_secret")), "supported");
	done(r, f);

	/* no TLSA: dane_status none, empty records, rollover false */
	f = facts(1);
	memset(&f->servers[0].dane, 0, sizeof(f->servers[0].dane));
	r = run(f);
	d = json_object_get(mailserver(r, "mx.example.nl."), "details");
	assert_string_equal(json_string_value(json_object_get(d, "dane_status")), "none");
	assert_int_equal(json_array_size(json_object_get(d, "dane_records")), 0);
	assert_true(json_is_false(json_object_get(d, "dane_rollover")));
	done(r, f);
}

/* ---- §3.3.7 CAA of the MX name --------------------------------------------------------- */

/* §3.10 mail_caa: REC; no CAA anywhere → warning/bad, never scored. */
static void test_mail_caa_absent_warning(void **st)
{
	(void)st;
	struct starttls_facts *f = facts(1);
	memset(&f->servers[0].caa, 0, sizeof(f->servers[0].caa));
	f->servers[0].caa.enabled = false;
	f->servers[0].caa.outcome = CAA_OUT_NONE;
	struct report *r = run(f);
	expect(r, SUB_MAIL_STARTTLS_TLS_CAA, STATUS_NOTICE, "bad");
	assert_int_equal(score_subtest_worst(r, SUB_MAIL_STARTTLS_TLS_CAA), STATUS_NOTICE);
	expect_points(r, 140, 140, 100);
	assert_int_equal(r->cat[CAT].status, STATUS_SUCCESS);
	done(r, f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_perfect_mx_with_dane_140, teardown),
		cmocka_unit_test_teardown(test_dane_score_counts_twice, teardown),
		cmocka_unit_test_teardown(test_dane_none_130, teardown),
		cmocka_unit_test_teardown(test_dane_bogus_failed, teardown),
		cmocka_unit_test_teardown(test_dane_rollover_absent_info, teardown),
		cmocka_unit_test_teardown(test_dane_ta_hostmatch_forced_failed, teardown),
		cmocka_unit_test_teardown(test_cert_trust_info_unscored, teardown),
		cmocka_unit_test_teardown(test_unreachable_no_starttls_error, teardown),
		cmocka_unit_test_teardown(test_mx_without_address_unreachable, teardown),
		cmocka_unit_test_teardown(test_mx_without_address_ignores_tls_facts, teardown),
		cmocka_unit_test_teardown(test_refused_address_unreachable_warns, teardown),
		cmocka_unit_test_teardown(test_untestable_timed_out, teardown),
		cmocka_unit_test_teardown(test_two_mx_min_of_sums, teardown),
		cmocka_unit_test_teardown(test_two_mx_one_unreachable_zero, teardown),
		cmocka_unit_test_teardown(test_no_mx_states, teardown),
		cmocka_unit_test_teardown(test_tls13_only_ems_unscored, teardown),
		cmocka_unit_test_teardown(test_ems_na_field_counts_when_other_mx_requires_it, teardown),
		cmocka_unit_test_teardown(test_pick_address_last_v4_else_first_v6, teardown),
		cmocka_unit_test_teardown(test_technical_details_good_mx, teardown),
		cmocka_unit_test_teardown(test_mail_caa_absent_warning, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
