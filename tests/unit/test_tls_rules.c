/* test_tls_rules.c -- the TLS rules (spec §3.3.3-§3.3.4, §3.3.8, §3.10, §5.4)
 * from hand-written facts: one test per rule and edge, named after it. Every
 * report a test builds is also checked for verdict tokens the catalog lists. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/tls.h"
#include "report/catalog.h"
#include "report/score.h"
#include "certpool_facts.h"
#include "tech_columns.h"

/* IANA code points used below */
#define S_AES256_GCM 0x1302          /* TLS 1.3 good */
#define S_AES128_GCM 0x1301          /* TLS 1.3 sufficient */
#define S_AES128_CCM8 0x1305         /* TLS 1.3 insufficient */
#define S_ECDHE_RSA_AES256_GCM 0xc030 /* sufficient */
#define S_ECDHE_RSA_AES128_GCM 0xc02f /* sufficient */
#define S_ECDHE_RSA_CHACHA 0xcca8     /* sufficient */
#define S_ECDHE_RSA_AES128_CBC_SHA 0xc013      /* insufficient (SHA-1 MAC) */
#define S_ECDHE_RSA_AES128_CBC_SHA256 0xc027   /* phase-out */
#define S_DHE_RSA_AES256_GCM 0x009f   /* phase-out */
#define S_RSA_AES128_GCM 0x009c       /* insufficient (static RSA) */

#define G_SECP224R1 21
#define G_SECP256R1 23
#define G_X25519 29
#define G_FFDHE2048 256

/* ---- fixtures ----------------------------------------------------------- */

static void add_suite(struct tls_scan_facts *f, uint32_t code, enum tls_version v, struct tls_kex kex)
{
	struct tls_accepted *a = &f->accepted[f->n_accepted++];
	a->code = code;
	a->version = v;
	a->kex = kex;
}

static struct tls_kex ecdhe(uint16_t group)
{
	struct tls_kex k = { .type = TLS_KEX_ECDHE, .group = group };
	return k;
}

static struct tls_kex dhe(enum tls_dh_group g, int bits, bool g2)
{
	struct tls_kex k = { .type = TLS_KEX_DHE, .dh = g, .dh_bits = bits, .dh_g2 = g2 };
	return k;
}

static struct tls_kex no_kex(void)
{
	struct tls_kex k = { .type = TLS_KEX_NONE };
	return k;
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

/* A server internet.nl gives 100%: TLS 1.2 + 1.3, sufficient ECDHE suites with
 * X25519, good order, every feature good, a trusted chain of good keys. */
static struct tls_scan_facts *perfect(void)
{
	struct tls_scan_facts *f = calloc(1, sizeof(*f));
	f->reach = TLS_REACH_OK;
	f->version[TLS_V_TLS12] = true;
	f->version[TLS_V_TLS13] = true;
	add_suite(f, S_ECDHE_RSA_AES256_GCM, TLS_V_TLS12, ecdhe(G_X25519));
	add_suite(f, S_ECDHE_RSA_CHACHA, TLS_V_TLS12, ecdhe(G_X25519));
	add_suite(f, S_ECDHE_RSA_AES128_GCM, TLS_V_TLS12, ecdhe(G_X25519));
	f->order = TLS_ORDER_GOOD;
	f->kex_hash = TLS_KEX_HASH_GOOD;
	f->compression = TLS_TRI_NO;
	f->secure_reneg = TLS_TRI_YES;
	f->ems = TLS_EMS_SUPPORTED;
	f->client_reneg = 0;
	f->zero_rtt = TLS_ZERO_RTT_GOOD;
	f->ocsp = TLS_OCSP_GOOD;
	f->cert.obtained = true;
	f->cert.n = 3;
	cert(&f->cert.chain[0], "www.example.nl", "RSA", 3072, "", "sha256WithRSAEncryption", false);
	cert(&f->cert.chain[1], "Example CA", "EC", 384, "secp384r1", "ecdsa-with-SHA384", false);
	cert(&f->cert.chain[2], "Example Root", "RSA", 4096, "", "sha384WithRSAEncryption", true);
	test_cert_chain(&f->cert, "www.example.nl", "www.example.nl", true);
	f->cert.hostmatch = true;
	strcpy(f->cert.names, "www.example.nl, www.example.nl");
	f->cert.has_ocsp_url = true;
	return f;
}

/* TLS 1.3 only, nothing enumerated (no CCM_8): §8 item 17. */
static struct tls_scan_facts *tls13_only(void)
{
	struct tls_scan_facts *f = perfect();
	f->version[TLS_V_TLS12] = false;
	f->n_accepted = 0;
	f->order = TLS_ORDER_NA;
	f->ems = TLS_EMS_NA_NO_TLS12;
	return f;
}

struct run {
	struct report r;
	json_t *details;
	int points;
};

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

static struct run *run(struct tls_scan_facts *f, enum tls_rules rules)
{
	struct run *x = calloc(1, sizeof(*x));
	report_init(&x->r, rules == TLS_RULES_MAIL ? TEST_MAIL : TEST_WEB, "www.example.nl");
	x->details = json_object();
	x->points = tls_evaluate(f, rules, &x->r, x->details);
	check_verdicts(&x->r);
	tls_scan_facts_release(f);
	free(f);
	return x;
}

static struct run *web(struct tls_scan_facts *f) { return run(f, TLS_RULES_WEB); }
static struct run *mail(struct tls_scan_facts *f) { return run(f, TLS_RULES_MAIL); }

static void done(struct run *x)
{
	tech_assert_fits(&x->r, true);   /* one server, before servers_merge */
	json_decref(x->details);
	report_release(&x->r);
	free(x);
}

static void expect(const struct run *x, enum subtest_id id, enum status st, const char *verdict)
{
	assert_int_equal(score_subtest_status(&x->r, id), st);
	assert_string_equal(score_subtest_verdict(&x->r, id), verdict);
}

static int points(const struct run *x, enum subtest_id id)
{
	return x->r.sub[id].points;
}

static const char *dstr(const struct run *x, const char *key)
{
	json_t *v = json_object_get(x->details, key);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static json_t *darr(const struct run *x, const char *key)
{
	json_t *v = json_object_get(x->details, key);
	assert_true(json_is_array(v));
	return v;
}

static bool arr_has(const json_t *a, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), s))
			return true;
	return false;
}

/* Score the web category with the HTTP subtests (not ours) set passed by hand. */
static void score_web(struct run *x)
{
	result_set(&x->r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_SUCCESS, "good");
	result_set_points(&x->r, SUB_WEB_HTTPS_HTTP_REDIRECT, 10);
	result_set(&x->r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_SUCCESS, "good");
	result_set_points(&x->r, SUB_WEB_HTTPS_HTTP_HSTS, 10);
	result_set(&x->r, SUB_WEB_HTTPS_HTTP_COMPRESS, STATUS_SUCCESS, "good");
	x->r.cat[CAT_WEB_HTTPS].implemented = true;
	score_report(&x->r);
}

static void score_mail(struct run *x)
{
	x->r.cat[CAT_MAIL_STARTTLS].implemented = true;
	score_report(&x->r);
}

/* ---- §3.3.3 class functions -------------------------------------------- */

static void test_kex_class_none_and_unknown_good(void **s)
{
	(void)s;
	struct tls_kex k = { .type = TLS_KEX_NONE };
	assert_int_equal(tls_kex_class(&k), TLS_CLASS_GOOD);
	k.type = TLS_KEX_UNKNOWN;
	assert_int_equal(tls_kex_class(&k), TLS_CLASS_GOOD);
}

static void test_kex_class_groups(void **s)
{
	(void)s;
	struct tls_kex k = ecdhe(G_X25519);
	assert_int_equal(tls_kex_class(&k), TLS_CLASS_GOOD);
	k = ecdhe(G_SECP256R1);
	assert_int_equal(tls_kex_class(&k), TLS_CLASS_GOOD);
	k = ecdhe(G_SECP224R1);
	assert_int_equal(tls_kex_class(&k), TLS_CLASS_PHASE_OUT);
	k = ecdhe(1);          /* sect163k1 */
	assert_int_equal(tls_kex_class(&k), TLS_CLASS_INSUFFICIENT);
	k = ecdhe(0x7777);     /* not a known group */
	assert_int_equal(tls_kex_class(&k), TLS_CLASS_INSUFFICIENT);
}

static void test_kex_class_dh(void **s)
{
	(void)s;
	struct tls_kex k = dhe(TLS_DH_FFDHE3072, 3072, true);
	assert_int_equal(tls_kex_class(&k), TLS_CLASS_PHASE_OUT);
	k = dhe(TLS_DH_FFDHE2048, 2048, true);
	assert_int_equal(tls_kex_class(&k), TLS_CLASS_INSUFFICIENT);
	k = dhe(TLS_DH_FFDHE4096, 4096, false);   /* generator not 2 */
	assert_int_equal(tls_kex_class(&k), TLS_CLASS_INSUFFICIENT);
	k = dhe(TLS_DH_MODP3072, 3072, true);     /* RFC 3526: not ffdhe */
	assert_int_equal(tls_kex_class(&k), TLS_CLASS_INSUFFICIENT);
	k = dhe(TLS_DH_CUSTOM, 4096, true);
	assert_int_equal(tls_kex_class(&k), TLS_CLASS_INSUFFICIENT);
}

static void test_kex_label(void **s)
{
	(void)s;
	char buf[64];
	struct tls_kex k = ecdhe(G_X25519);
	assert_string_equal(tls_kex_label(&k, buf, sizeof(buf)), "ECDH-X25519");
	k = ecdhe(G_SECP256R1);
	assert_string_equal(tls_kex_label(&k, buf, sizeof(buf)), "ECDH-secp256r1");
	k = dhe(TLS_DH_FFDHE3072, 3072, true);
	assert_string_equal(tls_kex_label(&k, buf, sizeof(buf)), "DH-3072");
	k = ecdhe(G_FFDHE2048);   /* TLS 1.3 ffdhe key share */
	assert_string_equal(tls_kex_label(&k, buf, sizeof(buf)), "DH-2048");
}

static void test_pubkey_class_table(void **s)
{
	(void)s;
	struct tls_cert_info c;
	cert(&c, "a", "RSA", 4096, "", "", false);
	assert_int_equal(tls_pubkey_class(&c), TLS_CLASS_GOOD);
	cert(&c, "a", "RSA", 3072, "", "", false);
	assert_int_equal(tls_pubkey_class(&c), TLS_CLASS_GOOD);
	cert(&c, "a", "RSA", 3071, "", "", false);
	assert_int_equal(tls_pubkey_class(&c), TLS_CLASS_PHASE_OUT);
	cert(&c, "a", "RSA", 2048, "", "", false);
	assert_int_equal(tls_pubkey_class(&c), TLS_CLASS_PHASE_OUT);
	cert(&c, "a", "RSA", 2047, "", "", false);
	assert_int_equal(tls_pubkey_class(&c), TLS_CLASS_INSUFFICIENT);
	const char *good_curves[] = { "secp256r1", "secp384r1", "secp521r1", "brainpoolP256r1",
	                              "brainpoolP384r1", "brainpoolP512r1" };
	for (size_t i = 0; i < 6; i++) {
		cert(&c, "a", "EC", 256, good_curves[i], "", false);
		assert_int_equal(tls_pubkey_class(&c), TLS_CLASS_GOOD);
	}
	cert(&c, "a", "EC", 224, "secp224r1", "", false);
	assert_int_equal(tls_pubkey_class(&c), TLS_CLASS_PHASE_OUT);
	cert(&c, "a", "EC", 256, "secp256k1", "", false);
	assert_int_equal(tls_pubkey_class(&c), TLS_CLASS_INSUFFICIENT);
	cert(&c, "a", "Ed25519", 256, "", "", false);
	assert_int_equal(tls_pubkey_class(&c), TLS_CLASS_GOOD);
	cert(&c, "a", "Ed448", 456, "", "", false);
	assert_int_equal(tls_pubkey_class(&c), TLS_CLASS_GOOD);
	cert(&c, "a", "DSA", 3072, "", "", false);
	assert_int_equal(tls_pubkey_class(&c), TLS_CLASS_INSUFFICIENT);
	cert(&c, "a", "unknown", 0, "", "", false);
	assert_int_equal(tls_pubkey_class(&c), TLS_CLASS_INSUFFICIENT);
}

static void test_signature_class_table(void **s)
{
	(void)s;
	const char *suff[] = { "sha256WithRSAEncryption", "sha384WithRSAEncryption", "sha512WithRSAEncryption",
	                       "ecdsa-with-SHA256", "ecdsa-with-SHA384", "ecdsa-with-SHA512", "ED25519", "ED448" };
	for (size_t i = 0; i < sizeof(suff) / sizeof(*suff); i++)
		assert_int_equal(tls_signature_class(suff[i]), TLS_CLASS_SUFFICIENT);
	assert_int_equal(tls_signature_class("sha224WithRSAEncryption"), TLS_CLASS_PHASE_OUT);
	assert_int_equal(tls_signature_class("ecdsa-with-SHA224"), TLS_CLASS_PHASE_OUT);
	const char *bad[] = { "rsassaPss", "RSASSA-PSS", "sha1WithRSAEncryption", "md5WithRSAEncryption",
	                      "ecdsa-with-SHA1", "dsa_with_SHA256", "", "unknown" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(tls_signature_class(bad[i]), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(tls_signature_class(NULL), TLS_CLASS_INSUFFICIENT);
}

/* ---- the perfect server and points -------------------------------------- */

static void test_perfect_web_all_good(void **s)
{
	(void)s;
	struct run *x = web(perfect());
	expect(x, SUB_WEB_HTTPS_HTTP_AVAILABLE, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERORDER, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_VERSION, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_COMPRESS, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_SECRENEG, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_CLIENTRENEG, STATUS_SUCCESS, "not-allowed");
	expect(x, SUB_WEB_HTTPS_CERT_CHAIN, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_CERT_PUBKEY, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_CERT_SIG, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_CERT_DOMAIN, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_0RTT, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_OCSP, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, STATUS_SUCCESS, "good");
	/* not ours: untouched */
	assert_false(x->r.sub[SUB_WEB_HTTPS_HTTP_REDIRECT].evaluated);
	assert_false(x->r.sub[SUB_WEB_HTTPS_TLS_CAA].evaluated);
	assert_false(x->r.sub[SUB_WEB_HTTPS_DANE_EXIST].evaluated);
	done(x);
}

static void test_points_sum_perfect_web_130(void **s)
{
	(void)s;
	struct run *x = web(perfect());
	assert_int_equal(x->points, 130);   /* 13 TLS subtests x 10; HTTP's 20 are the caller's */
	done(x);
}

static void test_score_perfect_web_150(void **s)
{
	(void)s;
	struct run *x = web(perfect());
	score_web(x);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].max_points, 150);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].obtained_points, 150);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].percentage, 100);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].status, STATUS_SUCCESS);
	done(x);
}

static void test_score_tls13_only_140(void **s)
{
	(void)s;
	struct run *x = web(tls13_only());
	assert_int_equal(x->points, 120);
	score_web(x);
	/* §3.3 "140 when the server has no TLS 1.2" */
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].max_points, 140);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].obtained_points, 140);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].percentage, 100);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].status, STATUS_SUCCESS);
	done(x);
}

static void test_score_phase_out_warnings_keep_100(void **s)
{
	(void)s;
	/* §8 item 3: phase-out keeps full points, a REQ category still shows passed */
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_DHE_RSA_AES256_GCM, TLS_V_TLS12, dhe(TLS_DH_FFDHE3072, 3072, true));
	f->kex_hash = TLS_KEX_HASH_PHASE_OUT;
	cert(&f->cert.chain[0], "www.example.nl", "RSA", 2048, "", "sha256WithRSAEncryption", false);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_NOTICE, "phase-out");
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_NOTICE, "phase-out");
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, STATUS_NOTICE, "phase-out");
	expect(x, SUB_WEB_HTTPS_CERT_PUBKEY, STATUS_NOTICE, "phase-out");
	assert_int_equal(x->points, 130);
	score_web(x);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].percentage, 100);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].status, STATUS_SUCCESS);
	done(x);
}

static void test_points_sum_bad_subtests_subtract(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->version[TLS_V_TLS10] = true;
	f->compression = TLS_TRI_YES;
	f->zero_rtt = TLS_ZERO_RTT_BAD;
	struct run *x = web(f);
	assert_int_equal(x->points, 100);
	score_web(x);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].obtained_points, 120);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].percentage, 80);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].status, STATUS_FAIL);
	done(x);
}

static void test_points_sum_matches_subtest_fields(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->secure_reneg = TLS_TRI_NO;
	f->ems = TLS_EMS_NOT_SUPPORTED;
	struct run *x = web(f);
	int sum = 0;
	for (int id = SUB_WEB_HTTPS_HTTP_AVAILABLE; id <= SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET; id++)
		if (score_subtest_worst(&x->r, id) == STATUS_FAIL && catalog_subtest(id)->max_points > 0 &&
		    x->r.sub[id].points > 0)
			sum += x->r.sub[id].points;
	assert_int_equal(x->points, sum);
	assert_int_equal(x->points, 110);
	done(x);
}

/* ---- unreachable -------------------------------------------------------- */

static void test_unreachable_only_first_subtest(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->reach = TLS_REACH_TCP_FAILED;
	strcpy(f->reach_detail, "connection refused");
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_HTTP_AVAILABLE, STATUS_ERROR, "other");
	assert_true(x->r.sub[SUB_WEB_HTTPS_HTTP_AVAILABLE].forced);
	for (int id = SUB_WEB_HTTPS_HTTP_AVAILABLE + 1; id <= SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET; id++)
		assert_false(x->r.sub[id].evaluated);
	assert_int_equal(x->points, 0);
	assert_int_equal(json_object_size(x->details), 0);   /* §5.4: details only when reachable */
	/* §2.5 step 4: the category follows https_exists */
	x->r.cat[CAT_WEB_HTTPS].implemented = true;
	score_report(&x->r);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].status, STATUS_ERROR);
	done(x);
}

static void test_unreachable_ssl2_only(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->reach = TLS_REACH_SSL2_ONLY;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_HTTP_AVAILABLE, STATUS_ERROR, "other");
	expect(x, SUB_WEB_HTTPS_TLS_VERSION, STATUS_NOT_TESTED, "not-tested");
	done(x);
}

/* ---- fs_params ---------------------------------------------------------- */

static void test_fs_x25519_good(void **s)
{
	(void)s;
	struct run *x = web(perfect());
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_SUCCESS, "good");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE), 10);
	assert_int_equal(json_array_size(darr(x, "kex_params_bad")), 0);
	assert_int_equal(json_array_size(darr(x, "kex_params_phase_out")), 0);
	done(x);
}

static void test_fs_ffdhe2048_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_DHE_RSA_AES256_GCM, TLS_V_TLS12, dhe(TLS_DH_FFDHE2048, 2048, true));
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE), 0);
	assert_true(arr_has(darr(x, "kex_params_bad"), "DH-2048"));
	done(x);
}

static void test_fs_ffdhe3072_phase_out(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_DHE_RSA_AES256_GCM, TLS_V_TLS12, dhe(TLS_DH_FFDHE3072, 3072, true));
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_NOTICE, "phase-out");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE), 10);
	assert_true(arr_has(darr(x, "kex_params_phase_out"), "DH-3072"));
	assert_int_equal(json_array_size(darr(x, "kex_params_bad")), 0);
	/* tech: labels with classes */
	json_t *t = x->r.sub[SUB_WEB_HTTPS_TLS_KEYEXCHANGE].tech;
	assert_true(json_is_array(t));
	bool found = false;
	size_t i;
	json_t *v;
	json_array_foreach(t, i, v)
		if (!strcmp(json_string_value(json_array_get(v, 0)), "DH-3072")) {
			assert_string_equal(json_string_value(json_array_get(v, 1)), "phase_out");
			found = true;
		}
	assert_true(found);
	done(x);
}

static void test_fs_custom_dh_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_DHE_RSA_AES256_GCM, TLS_V_TLS12, dhe(TLS_DH_CUSTOM, 4096, true));
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_FAIL, "bad");
	assert_true(arr_has(darr(x, "kex_params_bad"), "DH-4096"));
	done(x);
}

static void test_fs_secp224r1_phase_out(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->accepted[1].kex = ecdhe(G_SECP224R1);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_NOTICE, "phase-out");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE), 10);
	assert_true(arr_has(darr(x, "kex_params_phase_out"), "ECDH-secp224r1"));
	done(x);
}

static void test_fs_unknown_curve_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->accepted[0].kex = ecdhe(0x7777);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_FAIL, "bad");
	assert_int_equal(json_array_size(darr(x, "kex_params_bad")), 1);
	done(x);
}

static void test_fs_bad_wins_over_phase_out(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_DHE_RSA_AES256_GCM, TLS_V_TLS12, dhe(TLS_DH_FFDHE3072, 3072, true));
	f->accepted[0].kex = ecdhe(1);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_FAIL, "bad");
	assert_int_equal(json_array_size(darr(x, "kex_params_phase_out")), 1);
	assert_int_equal(json_array_size(darr(x, "kex_params_bad")), 1);
	done(x);
}

static void test_fs_labels_deduplicated(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	for (size_t i = 0; i < f->n_accepted; i++)
		f->accepted[i].kex = ecdhe(G_SECP224R1);
	struct run *x = web(f);
	assert_int_equal(json_array_size(darr(x, "kex_params_phase_out")), 1);
	done(x);
}

static void test_fs_none_is_na(void **s)
{
	(void)s;
	/* static RSA only: no ephemeral key seen */
	struct tls_scan_facts *f = perfect();
	f->n_accepted = 0;
	add_suite(f, S_RSA_AES128_GCM, TLS_V_TLS12, no_kex());
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_SUCCESS, "na");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE), 10);
	done(x);
}

static void test_fs_unknown_key_not_judged(void **s)
{
	(void)s;
	/* the client gave up on the DH group: accepted, but no key to judge (§3.3.2 step 3) */
	struct tls_scan_facts *f = perfect();
	f->n_accepted = 0;
	struct tls_kex k = { .type = TLS_KEX_UNKNOWN };
	add_suite(f, S_DHE_RSA_AES256_GCM, TLS_V_TLS12, k);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_SUCCESS, "na");
	done(x);
}

static void test_fs_extra_suites_ignored(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_DHE_RSA_AES256_GCM, TLS_V_TLS12, dhe(TLS_DH_FFDHE2048, 2048, true));
	f->accepted[f->n_accepted - 1].extra = true;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_SUCCESS, "good");
	done(x);
}

/* ---- tls_ciphers -------------------------------------------------------- */

static void test_ciphers_cbc_sha1_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_ECDHE_RSA_AES128_CBC_SHA, TLS_V_TLS12, ecdhe(G_X25519));
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_CIPHERS), 0);
	assert_true(arr_has(darr(x, "ciphers_bad"), "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"));
	done(x);
}

static void test_ciphers_static_rsa_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_RSA_AES128_GCM, TLS_V_TLS12, no_kex());
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_FAIL, "bad");
	assert_true(arr_has(darr(x, "ciphers_bad"), "TLS_RSA_WITH_AES_128_GCM_SHA256"));
	done(x);
}

static void test_ciphers_tls13_ccm8_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_AES128_CCM8, TLS_V_TLS13, ecdhe(G_X25519));
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_FAIL, "bad");
	assert_true(arr_has(darr(x, "ciphers_bad"), "TLS_AES_128_CCM_8_SHA256"));
	done(x);
}

static void test_ciphers_phase_out_keeps_points(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_ECDHE_RSA_AES128_CBC_SHA256, TLS_V_TLS12, ecdhe(G_X25519));
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_NOTICE, "phase-out");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_CIPHERS), 10);
	assert_true(arr_has(darr(x, "ciphers_phase_out"), "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"));
	assert_int_equal(json_array_size(darr(x, "ciphers_bad")), 0);
	done(x);
}

static void test_ciphers_unknown_code_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	add_suite(f, 0x7e7e, TLS_V_TLS12, no_kex());
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_FAIL, "bad");
	assert_true(arr_has(darr(x, "ciphers_bad"), "0x7e7e"));
	done(x);
}

static void test_ciphers_ssl2_spec_bad(void **s)
{
	(void)s;
	/* SSL 2.0 cipher specs have 24-bit codes (scan.h) */
	struct tls_scan_facts *f = perfect();
	f->version[TLS_V_SSL20] = true;
	add_suite(f, 0x010080, TLS_V_SSL20, no_kex());
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_FAIL, "bad");
	expect(x, SUB_WEB_HTTPS_TLS_VERSION, STATUS_FAIL, "bad");
	assert_true(arr_has(darr(x, "ciphers_bad"), "SSL_CK_RC4_128_WITH_MD5"));
	assert_true(arr_has(darr(x, "protocols_bad"), "SSL 2.0"));
	done(x);
}

static void test_ciphers_tech_only_bad_and_phase_out(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_ECDHE_RSA_AES128_CBC_SHA, TLS_V_TLS12, ecdhe(G_X25519));
	add_suite(f, S_ECDHE_RSA_AES128_CBC_SHA256, TLS_V_TLS12, ecdhe(G_X25519));
	struct run *x = web(f);
	json_t *t = x->r.sub[SUB_WEB_HTTPS_TLS_CIPHERS].tech;
	assert_int_equal(json_array_size(t), 2);
	assert_string_equal(json_string_value(json_array_get(json_array_get(t, 0), 0)),
	                    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
	assert_string_equal(json_string_value(json_array_get(json_array_get(t, 0), 1)), "insufficient");
	assert_string_equal(json_string_value(json_array_get(json_array_get(t, 1), 1)), "phase_out");
	done(x);
}

static void test_ciphers_enum_aborted_warns(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->enum_aborted = true;
	f->unoffered_suite = 0x1234;
	struct run *x = web(f);
	assert_int_equal(json_array_size(x->r.warnings), 1);
	done(x);
}

static void test_ciphers_extra_tls13_ignored(void **s)
{
	(void)s;
	/* the other TLS 1.3 suites are never enumerated by internet.nl (§3.3.2 step 3) */
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_AES256_GCM, TLS_V_TLS13, ecdhe(G_X25519));
	f->accepted[f->n_accepted - 1].extra = true;
	add_suite(f, S_AES128_GCM, TLS_V_TLS13, ecdhe(G_X25519));
	f->accepted[f->n_accepted - 1].extra = true;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_SUCCESS, "good");
	assert_int_equal(json_array_size(darr(x, "ciphers_bad")), 0);
	done(x);
}

/* ---- tls_cipher_order --------------------------------------------------- */

static void test_order_violation_tech(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	add_suite(f, S_ECDHE_RSA_AES128_CBC_SHA256, TLS_V_TLS12, ecdhe(G_X25519));
	f->order = TLS_ORDER_BAD;
	f->order_violation[0] = S_ECDHE_RSA_AES128_CBC_SHA256;
	f->order_violation[1] = S_ECDHE_RSA_AES256_GCM;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERORDER, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_CIPHERORDER), 0);
	assert_string_equal(dstr(x, "cipher_order"), "bad");
	json_t *v = darr(x, "cipher_order_violation");
	assert_int_equal(json_array_size(v), 2);
	assert_string_equal(json_string_value(json_array_get(v, 0)), "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
	assert_string_equal(json_string_value(json_array_get(v, 1)), "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
	json_t *t = x->r.sub[SUB_WEB_HTTPS_TLS_CIPHERORDER].tech;
	assert_true(json_is_array(t));
	assert_string_equal(json_string_value(json_array_get(json_array_get(t, 0), 0)),
	                    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
	assert_string_equal(json_string_value(json_array_get(json_array_get(t, 0), 1)),
	                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
	done(x);
}

static void test_order_na_passes_with_points(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->order = TLS_ORDER_NA;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERORDER, STATUS_SUCCESS, "na");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_CIPHERORDER), 10);
	assert_string_equal(dstr(x, "cipher_order"), "na");
	assert_int_equal(json_array_size(darr(x, "cipher_order_violation")), 0);
	done(x);
}

static void test_order_good(void **s)
{
	(void)s;
	struct run *x = web(perfect());
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERORDER, STATUS_SUCCESS, "good");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_CIPHERORDER), 10);
	assert_string_equal(dstr(x, "cipher_order"), "good");
	done(x);
}

/* ---- tls_version -------------------------------------------------------- */

static void test_version_tls10_fails(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->version[TLS_V_TLS10] = true;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_VERSION, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_VERSION), 0);
	json_t *bad = darr(x, "protocols_bad");
	assert_int_equal(json_array_size(bad), 1);
	assert_string_equal(json_string_value(json_array_get(bad, 0)), "TLS 1.0");
	done(x);
}

static void test_version_tls11_and_ssl3_fail(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->version[TLS_V_TLS11] = true;
	f->version[TLS_V_SSL30] = true;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_VERSION, STATUS_FAIL, "bad");
	json_t *bad = darr(x, "protocols_bad");
	assert_true(arr_has(bad, "TLS 1.1"));
	assert_true(arr_has(bad, "SSL 3.0"));
	done(x);
}

static void test_version_phase_out_list_empty(void **s)
{
	(void)s;
	/* §8 item 15: TLS 1.0/1.1 are insufficient, never phase-out */
	struct tls_scan_facts *f = perfect();
	f->version[TLS_V_TLS10] = true;
	f->version[TLS_V_TLS11] = true;
	struct run *x = web(f);
	assert_int_equal(json_array_size(darr(x, "protocols_phase_out")), 0);
	assert_int_equal(json_array_size(darr(x, "protocols_bad")), 2);
	done(x);
}

/* Issue 16: the table lists the affected versions ("Affected TLS version",
 * "Status"), not the good ones */
static void test_version_tech_lists_affected_versions(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->version[TLS_V_TLS10] = true;
	struct run *x = web(f);
	json_t *t = x->r.sub[SUB_WEB_HTTPS_TLS_VERSION].tech;
	assert_int_equal(json_array_size(t), 1);
	assert_string_equal(json_string_value(json_array_get(json_array_get(t, 0), 0)), "TLS 1.0");
	assert_string_equal(json_string_value(json_array_get(json_array_get(t, 0), 1)), "insufficient");
	done(x);
	x = web(perfect());
	assert_null(x->r.sub[SUB_WEB_HTTPS_TLS_VERSION].tech);
	done(x);
}

/* ---- compression, renegotiation ----------------------------------------- */

static void test_compression_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->compression = TLS_TRI_YES;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_COMPRESS, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_COMPRESS), 0);
	assert_true(json_is_true(json_object_get(x->details, "compression")));
	done(x);
}

static void test_compression_unknown_good(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->compression = TLS_TRI_UNKNOWN;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_COMPRESS, STATUS_SUCCESS, "good");
	assert_true(json_is_null(json_object_get(x->details, "compression")));
	done(x);
}

static void test_secure_reneg_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->secure_reneg = TLS_TRI_NO;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_SECRENEG, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_SECRENEG), 0);
	assert_true(json_is_false(json_object_get(x->details, "secure_reneg")));
	done(x);
}

static void test_client_reneg_zero_not_allowed(void **s)
{
	(void)s;
	struct run *x = web(perfect());
	expect(x, SUB_WEB_HTTPS_TLS_CLIENTRENEG, STATUS_SUCCESS, "not-allowed");
	assert_string_equal(dstr(x, "client_reneg"), "not_allowed");
	done(x);
}

static void test_client_reneg_low_limit_info(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->client_reneg = 10;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_CLIENTRENEG, STATUS_INFO, "allowed-with-low-limit");
	assert_string_equal(dstr(x, "client_reneg"), "allowed_with_low_limit");
	done(x);
}

static void test_client_reneg_too_high_capped_info(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->client_reneg = 11;
	struct run *x = web(f);
	/* asks FAIL, capped to the OPT level (§2.2, §8 item 7) */
	assert_int_equal(x->r.sub[SUB_WEB_HTTPS_TLS_CLIENTRENEG].status, STATUS_FAIL);
	assert_false(x->r.sub[SUB_WEB_HTTPS_TLS_CLIENTRENEG].forced);
	expect(x, SUB_WEB_HTTPS_TLS_CLIENTRENEG, STATUS_INFO, "allowed-with-too-high-limit");
	assert_string_equal(dstr(x, "client_reneg"), "allowed_with_too_high_limit");
	assert_int_equal(x->points, 130);   /* never scored (§8 item 20) */
	score_web(x);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].status, STATUS_SUCCESS);
	done(x);
}

static void test_client_reneg_not_tested(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->client_reneg = -1;
	struct run *x = web(f);
	assert_false(x->r.sub[SUB_WEB_HTTPS_TLS_CLIENTRENEG].evaluated);
	assert_true(json_is_null(json_object_get(x->details, "client_reneg")));
	done(x);
}

/* ---- certificate -------------------------------------------------------- */

static void test_cert_not_obtained_could_not_test(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	test_cert_clear(&f->cert);
	strcpy(f->cert.error, "TLS handshake failed: excessive message size");
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_CHAIN, STATUS_NOT_TESTED, "could-not-test");
	/* issue 15 item 9: the reason is in the details */
	json_t *row = json_array_get(x->r.sub[SUB_WEB_HTTPS_CERT_CHAIN].tech, 0);
	assert_int_equal(json_array_size(row), 2);   /* [no chain, reason] */
	assert_string_equal(json_string_value(json_array_get(row, 1)),
	                    "TLS handshake failed: excessive message size");
	assert_false(x->r.sub[SUB_WEB_HTTPS_CERT_PUBKEY].evaluated);
	assert_false(x->r.sub[SUB_WEB_HTTPS_CERT_SIG].evaluated);
	assert_false(x->r.sub[SUB_WEB_HTTPS_CERT_DOMAIN].evaluated);
	assert_true(json_is_null(json_object_get(x->details, "cert_chain")));
	/* §8 item 12: web loses 40 points */
	assert_int_equal(x->points, 90);
	score_web(x);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].max_points, 150);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].obtained_points, 110);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].status, STATUS_FAIL);   /* REQ not tested */
	done(x);
}

static void test_cert_untrusted_fails_web(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	test_cert_chain(&f->cert, "www.example.nl", "www.example.nl", false);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_CHAIN, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_CERT_CHAIN), 0);
	assert_int_equal(json_integer_value(json_object_get(x->details, "cert_trusted")), 20);
	/* one row [CNs, reason]: the token, the certificate, what it means */
	json_t *t = x->r.sub[SUB_WEB_HTTPS_CERT_CHAIN].tech;
	assert_int_equal(json_array_size(t), 1);
	json_t *row = json_array_get(t, 0);
	assert_int_equal(json_array_size(row), 2);
	assert_non_null(strstr(json_string_value(json_array_get(row, 0)), "www.example.nl, Example CA"));
	assert_non_null(strstr(json_string_value(json_array_get(row, 1)), "untrusted (Example CA): "));
	assert_string_equal(json_string_value(json_object_get(x->details, "cert_trust_error")),
	                    "untrusted");
	done(x);
}

static void test_cert_trusted_details(void **s)
{
	(void)s;
	struct run *x = web(perfect());
	assert_int_equal(json_integer_value(json_object_get(x->details, "cert_trusted")), 0);
	json_t *chain = darr(x, "cert_chain");
	assert_int_equal(json_array_size(chain), 3);
	assert_string_equal(json_string_value(json_array_get(chain, 0)), "www.example.nl");
	assert_string_equal(json_string_value(json_array_get(chain, 2)), "Example Root");
	assert_int_equal(json_array_size(darr(x, "cert_hostmatch_bad")), 0);
	done(x);
}

static void test_pubkey_rsa2048_phase_out(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	cert(&f->cert.chain[0], "www.example.nl", "RSA", 2048, "", "sha256WithRSAEncryption", false);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_PUBKEY, STATUS_NOTICE, "phase-out");
	assert_int_equal(points(x, SUB_WEB_HTTPS_CERT_PUBKEY), 10);
	json_t *p = darr(x, "cert_pubkey_phase_out");
	assert_int_equal(json_array_size(p), 1);
	assert_string_equal(json_string_value(json_array_get(p, 0)), "www.example.nl: RSA-2048");
	done(x);
}

static void test_pubkey_rsa1024_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	cert(&f->cert.chain[1], "Example CA", "RSA", 1024, "", "sha256WithRSAEncryption", false);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_PUBKEY, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_CERT_PUBKEY), 0);
	assert_true(arr_has(darr(x, "cert_pubkey_bad"), "Example CA: RSA-1024"));
	done(x);
}

static void test_pubkey_ec_secp224r1_phase_out_with_curve(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	cert(&f->cert.chain[0], "www.example.nl", "EC", 224, "secp224r1", "ecdsa-with-SHA256", false);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_PUBKEY, STATUS_NOTICE, "phase-out");
	assert_true(arr_has(darr(x, "cert_pubkey_phase_out"), "www.example.nl: EC-224, curve: secp224r1"));
	done(x);
}

static void test_pubkey_dsa_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	cert(&f->cert.chain[0], "", "DSA", 2048, "", "dsa_with_SHA256", false);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_PUBKEY, STATUS_FAIL, "bad");
	/* a certificate without CN is "-" (internet.nl get_common_name) */
	assert_true(arr_has(darr(x, "cert_pubkey_bad"), "-: DSA-2048"));
	done(x);
}

static void test_pubkey_trust_root_excluded(void **s)
{
	(void)s;
	/* §8 item 25: a weak root from the trust store is not judged ... */
	struct tls_scan_facts *f = perfect();
	cert(&f->cert.chain[2], "Old Root", "RSA", 1024, "", "sha1WithRSAEncryption", true);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_PUBKEY, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_CERT_SIG, STATUS_SUCCESS, "good");
	assert_int_equal(json_array_size(darr(x, "cert_pubkey_bad")), 0);
	done(x);
}

static void test_pubkey_private_root_checked(void **s)
{
	(void)s;
	/* ... but a root that is not in the trust store is (§8 item 25) */
	struct tls_scan_facts *f = perfect();
	cert(&f->cert.chain[2], "Private Root", "RSA", 1024, "", "sha1WithRSAEncryption", false);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_PUBKEY, STATUS_FAIL, "bad");
	expect(x, SUB_WEB_HTTPS_CERT_SIG, STATUS_FAIL, "bad");
	done(x);
}

static void test_signature_rsassa_pss_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	cert(&f->cert.chain[0], "www.example.nl", "RSA", 3072, "", "rsassaPss", false);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_SIG, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_CERT_SIG), 0);
	json_t *bad = json_object_get(x->details, "cert_signature_bad");
	assert_true(json_is_object(bad));
	assert_string_equal(json_string_value(json_object_get(bad, "www.example.nl")), "rsassaPss");
	done(x);
}

static void test_signature_sha1_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	cert(&f->cert.chain[1], "Example CA", "RSA", 4096, "", "sha1WithRSAEncryption", false);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_SIG, STATUS_FAIL, "bad");
	done(x);
}

static void test_signature_sha224_phase_out(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	cert(&f->cert.chain[0], "www.example.nl", "RSA", 3072, "", "sha224WithRSAEncryption", false);
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_SIG, STATUS_NOTICE, "phase-out");
	assert_int_equal(points(x, SUB_WEB_HTTPS_CERT_SIG), 10);
	json_t *po = json_object_get(x->details, "cert_signature_phase_out");
	assert_string_equal(json_string_value(json_object_get(po, "www.example.nl")), "sha224WithRSAEncryption");
	assert_int_equal(json_object_size(json_object_get(x->details, "cert_signature_bad")), 0);
	done(x);
}

static void test_hostmatch_bad_tech_lists_names(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->cert.hostmatch = false;
	strcpy(f->cert.names, "other.example, other.example,www.other.example, 192.0.2.1");
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_DOMAIN, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_CERT_DOMAIN), 0);
	/* one cell: deduplicated like internet.nl's set, joined */
	json_t *t = x->r.sub[SUB_WEB_HTTPS_CERT_DOMAIN].tech;
	assert_int_equal(json_array_size(t), 1);
	assert_string_equal(json_string_value(json_array_get(json_array_get(t, 0), 0)),
	                    "other.example, www.other.example, 192.0.2.1");
	assert_int_equal(json_array_size(darr(x, "cert_hostmatch_bad")), 3);
	done(x);
}

/* ---- 0-RTT, OCSP -------------------------------------------------------- */

static void test_zero_rtt_no_tls13_good(void **s)
{
	(void)s;
	/* §8 item 21: no TLS 1.3 is good, not na */
	struct tls_scan_facts *f = perfect();
	f->version[TLS_V_TLS13] = false;
	f->zero_rtt = TLS_ZERO_RTT_NA;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_0RTT, STATUS_SUCCESS, "good");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_0RTT), 10);
	assert_string_equal(dstr(x, "zero_rtt"), "good");
	done(x);
}

static void test_zero_rtt_accepted_fails(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->zero_rtt = TLS_ZERO_RTT_BAD;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_0RTT, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_0RTT), 0);
	assert_string_equal(dstr(x, "zero_rtt"), "bad");
	done(x);
}

static void test_ocsp_not_in_cert_not_tested(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->ocsp = TLS_OCSP_NOT_IN_CERT;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_OCSP, STATUS_NOT_TESTED, "not-in-cert");
	assert_string_equal(dstr(x, "ocsp_stapling"), "not_in_cert");
	assert_int_equal(x->points, 130);   /* unscored (§8 item 22) */
	done(x);
}

static void test_ocsp_not_stapled_info_ok(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->ocsp = TLS_OCSP_OK;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_OCSP, STATUS_INFO, "ok");
	assert_string_equal(dstr(x, "ocsp_stapling"), "ok");
	done(x);
}

static void test_ocsp_not_trusted_warning(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->ocsp = TLS_OCSP_NOT_TRUSTED;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_OCSP, STATUS_NOTICE, "bad");
	assert_string_equal(dstr(x, "ocsp_stapling"), "not_trusted");
	score_web(x);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].percentage, 100);
	done(x);
}

/* ---- kex hash, EMS ------------------------------------------------------ */

static void test_kex_hash_sha224_phase_out_10_points(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->kex_hash = TLS_KEX_HASH_PHASE_OUT;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, STATUS_NOTICE, "phase-out");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH), 10);
	assert_int_equal(score_subtest_worst(&x->r, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH), STATUS_FAIL);
	assert_string_equal(dstr(x, "kex_hash_func"), "phase_out");
	done(x);
}

static void test_kex_hash_sha1_bad(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->kex_hash = TLS_KEX_HASH_BAD;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH), 0);
	assert_string_equal(dstr(x, "kex_hash_func"), "bad");
	done(x);
}

static void test_kex_hash_unknown_not_scored(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->kex_hash = TLS_KEX_HASH_UNKNOWN;
	struct run *x = web(f);
	assert_false(x->r.sub[SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH].evaluated);
	assert_int_equal(score_subtest_worst(&x->r, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH), STATUS_INFO);
	assert_string_equal(dstr(x, "kex_hash_func"), "unknown");
	score_web(x);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].max_points, 140);
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].percentage, 100);
	done(x);
}

static void test_ems_no_tls12_unscored(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->version[TLS_V_TLS12] = false;
	f->ems = TLS_EMS_NA_NO_TLS12;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, STATUS_NOT_TESTED, "na-no-tls-1-2");
	assert_int_equal(score_subtest_worst(&x->r, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET), STATUS_INFO);
	assert_string_equal(dstr(x, "extended_master_secret"), "na_no_tls_1_2");
	assert_int_equal(x->points, 120);
	done(x);
}

static void test_ems_not_supported_fails(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->ems = TLS_EMS_NOT_SUPPORTED;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, STATUS_FAIL, "bad");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET), 0);
	assert_int_equal(score_subtest_worst(&x->r, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET), STATUS_FAIL);
	assert_string_equal(dstr(x, "extended_master_secret"), "not_supported");
	done(x);
}

static void test_ems_supported_details(void **s)
{
	(void)s;
	struct run *x = web(perfect());
	assert_string_equal(dstr(x, "extended_master_secret"), "supported");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET), 10);
	done(x);
}

/* ---- TLS 1.3 only ------------------------------------------------------- */

static void test_tls13_only_everything_na_or_good(void **s)
{
	(void)s;
	struct run *x = web(tls13_only());
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_SUCCESS, "na");
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERORDER, STATUS_SUCCESS, "na");
	expect(x, SUB_WEB_HTTPS_TLS_VERSION, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_COMPRESS, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_SECRENEG, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, STATUS_SUCCESS, "good");
	expect(x, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, STATUS_NOT_TESTED, "na-no-tls-1-2");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE), 10);
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_CIPHERORDER), 10);
	done(x);
}

/* Issue 14 item 7: no renegotiation in TLS 1.3, so the fact is unknown there; the
 * verdict stays internet.nl's (supported). */
static void test_tls13_only_secure_reneg_unknown_is_good(void **s)
{
	(void)s;
	struct tls_scan_facts *f = tls13_only();
	f->secure_reneg = TLS_TRI_UNKNOWN;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_SECRENEG, STATUS_SUCCESS, "good");
	assert_true(json_is_true(json_object_get(x->details, "secure_reneg")));
	done(x);
}

/* Issue 14 item 1: probes without an answer are never "not accepted": the subtests
 * that depend on them are "could not test", with a warning naming what is unknown. */
static void test_unanswered_enumeration_could_not_test(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->unanswered = 1u << TLS_PHASE_ENUMERATION;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_NOT_TESTED, "could-not-test");
	expect(x, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_NOT_TESTED, "could-not-test");
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERORDER, STATUS_NOT_TESTED, "could-not-test");
	assert_int_equal(points(x, SUB_WEB_HTTPS_TLS_CIPHERS), 0);
	expect(x, SUB_WEB_HTTPS_TLS_VERSION, STATUS_SUCCESS, "good");
	assert_true(json_is_null(json_object_get(x->details, "ciphers_bad")));
	assert_non_null(x->r.warnings);
	assert_non_null(strstr(json_string_value(json_array_get(x->r.warnings, 0)),
	                       "unknown cipher suites"));
	done(x);
}

static void test_unanswered_versions_and_order(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->unanswered = 1u << TLS_PHASE_VERSIONS | 1u << TLS_PHASE_ORDER;
	f->order = TLS_ORDER_UNKNOWN;
	struct run *x = mail(f);
	expect(x, SUB_MAIL_STARTTLS_TLS_VERSION, STATUS_NOT_TESTED, "could-not-test");
	expect(x, SUB_MAIL_STARTTLS_TLS_CIPHERORDER, STATUS_NOT_TESTED, "could-not-test");
	expect(x, SUB_MAIL_STARTTLS_TLS_CIPHERS, STATUS_SUCCESS, "good");
	done(x);
}

static void test_unanswered_groups_only_warns(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->unanswered = 1u << TLS_PHASE_GROUPS;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_SUCCESS, "good");
	assert_int_equal(x->r.cat[CAT_WEB_HTTPS].obtained_points,
	                 x->r.cat[CAT_WEB_HTTPS].max_points);
	assert_int_equal(json_array_size(x->r.warnings), 1);
	done(x);
}

static void test_status_request_breaks_warns(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->cert.status_request_breaks = true;
	struct run *x = web(f);
	expect(x, SUB_WEB_HTTPS_CERT_CHAIN, STATUS_SUCCESS, "good");
	assert_non_null(strstr(json_string_value(json_array_get(x->r.warnings, 0)), "OCSP staple"));
	done(x);
}

/* ---- details (§5.4) ----------------------------------------------------- */

static void test_details_web_keys(void **s)
{
	(void)s;
	struct run *x = web(perfect());
	const char *keys[] = { "kex_params_bad", "kex_params_phase_out", "ciphers_bad", "ciphers_phase_out",
	                       "cipher_order", "cipher_order_violation", "protocols_bad", "protocols_phase_out",
	                       "compression", "secure_reneg", "client_reneg", "zero_rtt", "ocsp_stapling",
	                       "kex_hash_func", "extended_master_secret", "cert_chain", "cert_trusted",
	                       "cert_trust_error", "cert_trust_error_subject",
	                       "cert_pubkey_bad", "cert_pubkey_phase_out", "cert_signature_bad",
	                       "cert_signature_phase_out", "cert_hostmatch_bad" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (!json_object_get(x->details, keys[i]))
			fail_msg("missing details key %s", keys[i]);
	assert_int_equal(json_object_size(x->details), sizeof(keys) / sizeof(*keys));
	assert_true(json_is_false(json_object_get(x->details, "compression")));
	assert_true(json_is_true(json_object_get(x->details, "secure_reneg")));
	assert_string_equal(dstr(x, "ocsp_stapling"), "good");
	assert_string_equal(dstr(x, "kex_hash_func"), "good");
	done(x);
}

static void test_details_null_is_fine(void **s)
{
	(void)s;
	struct report r;
	struct tls_scan_facts *f = perfect();
	report_init(&r, TEST_WEB, "www.example.nl");
	assert_int_equal(tls_evaluate(f, TLS_RULES_WEB, &r, NULL), 130);
	report_release(&r);
	tls_scan_facts_release(f);
	free(f);
}

/* ---- mail (§3.10) ------------------------------------------------------- */

static void test_mail_perfect_120(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->zero_rtt = TLS_ZERO_RTT_NA;
	f->ocsp = TLS_OCSP_NOT_TESTED;
	struct run *x = mail(f);
	expect(x, SUB_MAIL_STARTTLS_TLS_AVAILABLE, STATUS_SUCCESS, "good");
	assert_int_equal(points(x, SUB_MAIL_STARTTLS_TLS_AVAILABLE), 10);
	/* 12 scored subtests x 10 (DANE is the caller's) */
	assert_int_equal(x->points, 120);
	score_mail(x);
	assert_int_equal(x->r.cat[CAT_MAIL_STARTTLS].max_points, 120);
	assert_int_equal(x->r.cat[CAT_MAIL_STARTTLS].obtained_points, 120);
	/* every mail subtest with points was promoted (§2.2 was_tested) */
	const enum subtest_id promoted[] = {
		SUB_MAIL_STARTTLS_TLS_AVAILABLE, SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, SUB_MAIL_STARTTLS_TLS_CIPHERS,
		SUB_MAIL_STARTTLS_TLS_CIPHERORDER, SUB_MAIL_STARTTLS_TLS_VERSION, SUB_MAIL_STARTTLS_TLS_COMPRESS,
		SUB_MAIL_STARTTLS_TLS_SECRENEG, SUB_MAIL_STARTTLS_CERT_PUBKEY, SUB_MAIL_STARTTLS_CERT_SIG,
		SUB_MAIL_STARTTLS_TLS_0RTT, SUB_MAIL_STARTTLS_TLS_KEYEXCHANGEHASH,
		SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET,
	};
	for (size_t i = 0; i < sizeof(promoted) / sizeof(*promoted); i++)
		assert_int_equal(score_subtest_worst(&x->r, promoted[i]), STATUS_FAIL);
	assert_int_equal(score_subtest_worst(&x->r, SUB_MAIL_STARTTLS_CERT_CHAIN), STATUS_INFO);
	assert_int_equal(score_subtest_worst(&x->r, SUB_MAIL_STARTTLS_CERT_DOMAIN), STATUS_INFO);
	/* DANE and CAA untouched */
	assert_false(x->r.sub[SUB_MAIL_STARTTLS_DANE_EXIST].evaluated);
	assert_false(x->r.sub[SUB_MAIL_STARTTLS_TLS_CAA].evaluated);
	done(x);
}

static void test_mail_zero_rtt_na(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->zero_rtt = TLS_ZERO_RTT_BAD;   /* never probed for mail; ignored anyway */
	struct run *x = mail(f);
	expect(x, SUB_MAIL_STARTTLS_TLS_0RTT, STATUS_SUCCESS, "na");
	assert_int_equal(points(x, SUB_MAIL_STARTTLS_TLS_0RTT), 10);
	assert_string_equal(dstr(x, "zero_rtt"), "na");
	done(x);
}

static void test_mail_no_ocsp(void **s)
{
	(void)s;
	struct run *x = mail(perfect());
	assert_null(json_object_get(x->details, "ocsp_stapling"));
	assert_false(x->r.sub[SUB_WEB_HTTPS_TLS_OCSP].evaluated);
	for (int id = SUB_WEB_IPV6_NS_ADDRESS; id <= SUB_WEB_NS_RPKI_VALID; id++)
		assert_false(x->r.sub[id].evaluated);
	assert_int_equal(json_object_size(x->details), 23);
	done(x);
}

static void test_mail_cert_trust_info(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	test_cert_chain(&f->cert, "www.example.nl", "www.example.nl", false);
	struct run *x = mail(f);
	expect(x, SUB_MAIL_STARTTLS_CERT_CHAIN, STATUS_INFO, "bad");
	assert_int_equal(x->points, 120);   /* informational */
	assert_int_equal(json_integer_value(json_object_get(x->details, "cert_trusted")), 20);
	done(x);
}

static void test_mail_hostmatch_info(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->cert.hostmatch = false;
	strcpy(f->cert.names, "mx.other.example");
	struct run *x = mail(f);
	expect(x, SUB_MAIL_STARTTLS_CERT_DOMAIN, STATUS_INFO, "bad");
	assert_int_equal(x->points, 120);
	assert_true(arr_has(darr(x, "cert_hostmatch_bad"), "mx.other.example"));
	done(x);
}

static void test_mail_pubkey_bad_scored(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	cert(&f->cert.chain[0], "mx.example.nl", "RSA", 1024, "", "sha1WithRSAEncryption", false);
	struct run *x = mail(f);
	expect(x, SUB_MAIL_STARTTLS_CERT_PUBKEY, STATUS_FAIL, "bad");
	expect(x, SUB_MAIL_STARTTLS_CERT_SIG, STATUS_FAIL, "bad");
	assert_int_equal(x->points, 100);
	done(x);
}

static void test_mail_no_cert_pubkey_unscored(void **s)
{
	(void)s;
	/* §8 item 12: mail loses nothing for pubkey/signature without a certificate */
	struct tls_scan_facts *f = perfect();
	test_cert_clear(&f->cert);
	struct run *x = mail(f);
	expect(x, SUB_MAIL_STARTTLS_CERT_CHAIN, STATUS_NOT_TESTED, "could-not-test");
	assert_int_equal(score_subtest_worst(&x->r, SUB_MAIL_STARTTLS_CERT_PUBKEY), STATUS_INFO);
	assert_int_equal(score_subtest_worst(&x->r, SUB_MAIL_STARTTLS_CERT_SIG), STATUS_INFO);
	assert_int_equal(x->points, 100);
	score_mail(x);
	assert_int_equal(x->r.cat[CAT_MAIL_STARTTLS].max_points, 100);
	assert_int_equal(x->r.cat[CAT_MAIL_STARTTLS].percentage, 100);
	done(x);
}

static void test_mail_unreachable_max_10(void **s)
{
	(void)s;
	struct tls_scan_facts *f = perfect();
	f->reach = TLS_REACH_NO_STARTTLS;   /* §8 item 27: unreachable, not "no STARTTLS" */
	struct run *x = mail(f);
	expect(x, SUB_MAIL_STARTTLS_TLS_AVAILABLE, STATUS_ERROR, "other");
	assert_int_equal(x->points, 0);
	for (int id = SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE; id <= SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET; id++)
		assert_false(x->r.sub[id].evaluated);
	score_mail(x);
	/* §4.1: "10 if every MX is unreachable/untestable" */
	assert_int_equal(x->r.cat[CAT_MAIL_STARTTLS].max_points, 10);
	assert_int_equal(x->r.cat[CAT_MAIL_STARTTLS].percentage, 0);
	assert_int_equal(x->r.cat[CAT_MAIL_STARTTLS].status, STATUS_ERROR);
	done(x);
}

static void test_mail_tls13_only_ems_unscored(void **s)
{
	(void)s;
	struct tls_scan_facts *f = tls13_only();
	struct run *x = mail(f);
	expect(x, SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET, STATUS_NOT_TESTED, "na-no-tls-1-2");
	assert_int_equal(x->points, 110);
	score_mail(x);
	/* §4.1: -10 when no MX supports TLS 1.2 */
	assert_int_equal(x->r.cat[CAT_MAIL_STARTTLS].max_points, 110);
	done(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kex_class_none_and_unknown_good),
		cmocka_unit_test(test_kex_class_groups),
		cmocka_unit_test(test_kex_class_dh),
		cmocka_unit_test(test_kex_label),
		cmocka_unit_test(test_pubkey_class_table),
		cmocka_unit_test(test_signature_class_table),
		cmocka_unit_test(test_perfect_web_all_good),
		cmocka_unit_test(test_points_sum_perfect_web_130),
		cmocka_unit_test(test_score_perfect_web_150),
		cmocka_unit_test(test_score_tls13_only_140),
		cmocka_unit_test(test_score_phase_out_warnings_keep_100),
		cmocka_unit_test(test_points_sum_bad_subtests_subtract),
		cmocka_unit_test(test_points_sum_matches_subtest_fields),
		cmocka_unit_test(test_unreachable_only_first_subtest),
		cmocka_unit_test(test_unreachable_ssl2_only),
		cmocka_unit_test(test_fs_x25519_good),
		cmocka_unit_test(test_fs_ffdhe2048_bad),
		cmocka_unit_test(test_fs_ffdhe3072_phase_out),
		cmocka_unit_test(test_fs_custom_dh_bad),
		cmocka_unit_test(test_fs_secp224r1_phase_out),
		cmocka_unit_test(test_fs_unknown_curve_bad),
		cmocka_unit_test(test_fs_bad_wins_over_phase_out),
		cmocka_unit_test(test_fs_labels_deduplicated),
		cmocka_unit_test(test_fs_none_is_na),
		cmocka_unit_test(test_fs_unknown_key_not_judged),
		cmocka_unit_test(test_fs_extra_suites_ignored),
		cmocka_unit_test(test_ciphers_cbc_sha1_bad),
		cmocka_unit_test(test_ciphers_static_rsa_bad),
		cmocka_unit_test(test_ciphers_tls13_ccm8_bad),
		cmocka_unit_test(test_ciphers_phase_out_keeps_points),
		cmocka_unit_test(test_ciphers_unknown_code_bad),
		cmocka_unit_test(test_ciphers_ssl2_spec_bad),
		cmocka_unit_test(test_ciphers_tech_only_bad_and_phase_out),
		cmocka_unit_test(test_ciphers_enum_aborted_warns),
		cmocka_unit_test(test_ciphers_extra_tls13_ignored),
		cmocka_unit_test(test_order_violation_tech),
		cmocka_unit_test(test_order_na_passes_with_points),
		cmocka_unit_test(test_order_good),
		cmocka_unit_test(test_version_tls10_fails),
		cmocka_unit_test(test_version_tls11_and_ssl3_fail),
		cmocka_unit_test(test_version_phase_out_list_empty),
		cmocka_unit_test(test_version_tech_lists_affected_versions),
		cmocka_unit_test(test_compression_bad),
		cmocka_unit_test(test_compression_unknown_good),
		cmocka_unit_test(test_secure_reneg_bad),
		cmocka_unit_test(test_client_reneg_zero_not_allowed),
		cmocka_unit_test(test_client_reneg_low_limit_info),
		cmocka_unit_test(test_client_reneg_too_high_capped_info),
		cmocka_unit_test(test_client_reneg_not_tested),
		cmocka_unit_test(test_cert_not_obtained_could_not_test),
		cmocka_unit_test(test_cert_untrusted_fails_web),
		cmocka_unit_test(test_cert_trusted_details),
		cmocka_unit_test(test_pubkey_rsa2048_phase_out),
		cmocka_unit_test(test_pubkey_rsa1024_bad),
		cmocka_unit_test(test_pubkey_ec_secp224r1_phase_out_with_curve),
		cmocka_unit_test(test_pubkey_dsa_bad),
		cmocka_unit_test(test_pubkey_trust_root_excluded),
		cmocka_unit_test(test_pubkey_private_root_checked),
		cmocka_unit_test(test_signature_rsassa_pss_bad),
		cmocka_unit_test(test_signature_sha1_bad),
		cmocka_unit_test(test_signature_sha224_phase_out),
		cmocka_unit_test(test_hostmatch_bad_tech_lists_names),
		cmocka_unit_test(test_zero_rtt_no_tls13_good),
		cmocka_unit_test(test_zero_rtt_accepted_fails),
		cmocka_unit_test(test_ocsp_not_in_cert_not_tested),
		cmocka_unit_test(test_ocsp_not_stapled_info_ok),
		cmocka_unit_test(test_ocsp_not_trusted_warning),
		cmocka_unit_test(test_kex_hash_sha224_phase_out_10_points),
		cmocka_unit_test(test_kex_hash_sha1_bad),
		cmocka_unit_test(test_kex_hash_unknown_not_scored),
		cmocka_unit_test(test_ems_no_tls12_unscored),
		cmocka_unit_test(test_ems_not_supported_fails),
		cmocka_unit_test(test_ems_supported_details),
		cmocka_unit_test(test_tls13_only_everything_na_or_good),
		cmocka_unit_test(test_details_web_keys),
		cmocka_unit_test(test_details_null_is_fine),
		cmocka_unit_test(test_mail_perfect_120),
		cmocka_unit_test(test_mail_zero_rtt_na),
		cmocka_unit_test(test_mail_no_ocsp),
		cmocka_unit_test(test_mail_cert_trust_info),
		cmocka_unit_test(test_mail_hostmatch_info),
		cmocka_unit_test(test_mail_pubkey_bad_scored),
		cmocka_unit_test(test_mail_no_cert_pubkey_unscored),
		cmocka_unit_test(test_mail_unreachable_max_10),
		cmocka_unit_test(test_mail_tls13_only_ems_unscored),
		cmocka_unit_test(test_tls13_only_secure_reneg_unknown_is_good),
		cmocka_unit_test(test_unanswered_enumeration_could_not_test),
		cmocka_unit_test(test_unanswered_versions_and_order),
		cmocka_unit_test(test_unanswered_groups_only_warns),
		cmocka_unit_test(test_status_request_breaks_warns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
