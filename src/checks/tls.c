/*
 * tls.c -- the rules of spec §3.3.3-§3.3.4 (classes), §3.3.8 (web subtests) and
 * §3.10 (mail subtests) over the facts of one TLS server, plus the §5.4
 * technical keys in internet.nl's value shapes. Pure: no I/O, no clock.
 *
 * Shapes of the technical keys follow internet.nl's checks/tasks/tls
 * (evaluation.py, scan.py) and checks/models.py get_web_api_details():
 *   kex_params_*         list of "ECDH-<curve>" / "DH-<bits>" (a set there: deduplicated)
 *   ciphers_*            list of IANA suite names (sslyze CipherSuite.name)
 *   cipher_order         "good" | "bad" | "na" (CipherOrderStatus.name)
 *   cipher_order_violation [picked IANA name, expected IANA name] or []
 *   protocols_*          list of "TLS 1.0"-style names (TlsVersionEnum.name reformatted)
 *   compression, secure_reneg  booleans
 *   client_reneg         TLSClientInitiatedRenegotiationStatus.name
 *   zero_rtt, ocsp_stapling, kex_hash_func, extended_master_secret  enum .name strings
 *   cert_chain           list of subject CNs, "-" when a certificate has none
 *   cert_trusted         0 (trusted) or 20 (X509 errno stand-in, §8 item 38)
 *   cert_trust_error     inetcheck addition: the web-PKI check that failed (webpki.h
 *                        tokens), null when trusted; cert_trust_error_subject: the CN
 *                        of the certificate it failed on, null when none
 *   cert_pubkey_*        list of "<CN>: <type>-<bits>[, curve: <curve>]"
 *   cert_signature_*     object CN -> signature algorithm name
 *   cert_hostmatch_bad   list of the leaf's CNs + SAN DNS names + SAN IPs
 *
 * Tech (the report's tables, issue 16): rows of strings holding what was found,
 * without the server; the per-server caller's servers_merge() puts the server's
 * address or name in front, so each row matches the subtest's columns
 * (src/report/texts_web.c, texts_mail.c).
 */
#include "checks/tls.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checks/webpki.h"
#include "report/catalog.h"

/* ---- §3.3.3 classes ---------------------------------------------------- */

enum tls_class tls_kex_class(const struct tls_kex *k)
{
	const struct tls_group *g;

	switch (k->type) {
	case TLS_KEX_ECDHE:
		/* spec §3.3.3: curves not in the table are insufficient */
		g = tls_group_find(k->group);
		return g ? g->cls : TLS_CLASS_INSUFFICIENT;
	case TLS_KEX_DHE:
		/* spec §3.3.3: phase-out only for g=2 with ffdhe3072..8192, no "good" DH */
		return tls_dh_class(k->dh, k->dh_g2);
	case TLS_KEX_NONE:
	case TLS_KEX_UNKNOWN:
		break;
	}
	return TLS_CLASS_GOOD;   /* no key seen: nothing to judge */
}

/* spec §3.3.3: the named curves a certificate key may use. */
static const char *const cert_curves_good[] = {
	"secp256r1", "secp384r1", "secp521r1",
	"brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1",
	/* OpenSSL's own spellings of the NIST curves, in case the probe uses them */
	"prime256v1", "P-256", "P-384", "P-521",
};

static bool name_in(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(name, list[i]))
			return true;
	return false;
}

enum tls_class tls_pubkey_class(const struct tls_cert_info *c)
{
	if (!strcasecmp(c->key_type, "RSA")) {
		/* spec §3.3.3: >= 3072 good, 2048..3071 phase-out, smaller insufficient */
		if (c->key_bits >= 3072)
			return TLS_CLASS_GOOD;
		return c->key_bits >= 2048 ? TLS_CLASS_PHASE_OUT : TLS_CLASS_INSUFFICIENT;
	}
	if (!strcasecmp(c->key_type, "EC")) {
		if (name_in(c->curve, cert_curves_good, sizeof(cert_curves_good) / sizeof(*cert_curves_good)))
			return TLS_CLASS_GOOD;
		/* spec §3.3.3: secp224r1 phase-out, any other curve insufficient */
		if (!strcasecmp(c->curve, "secp224r1") || !strcasecmp(c->curve, "P-224"))
			return TLS_CLASS_PHASE_OUT;
		return TLS_CLASS_INSUFFICIENT;
	}
	if (!strcasecmp(c->key_type, "Ed25519") || !strcasecmp(c->key_type, "Ed448"))
		return TLS_CLASS_GOOD;
	return TLS_CLASS_INSUFFICIENT;   /* DSA, unknown */
}

/* spec §3.3.3 certificate signature algorithms (OpenSSL long names). */
static const char *const sig_sufficient[] = {
	"sha256WithRSAEncryption", "sha384WithRSAEncryption", "sha512WithRSAEncryption",
	"ecdsa-with-SHA256", "ecdsa-with-SHA384", "ecdsa-with-SHA512",
	"ED25519", "ED448",
};
static const char *const sig_phase_out[] = {
	"sha224WithRSAEncryption", "ecdsa-with-SHA224",
};

enum tls_class tls_signature_class(const char *sig_alg)
{
	if (!sig_alg)
		return TLS_CLASS_INSUFFICIENT;
	if (name_in(sig_alg, sig_sufficient, sizeof(sig_sufficient) / sizeof(*sig_sufficient)))
		return TLS_CLASS_SUFFICIENT;
	if (name_in(sig_alg, sig_phase_out, sizeof(sig_phase_out) / sizeof(*sig_phase_out)))
		return TLS_CLASS_PHASE_OUT;
	/* spec §8 item 23: RSASSA-PSS, SHA-1, MD5, ... are not listed: insufficient */
	return TLS_CLASS_INSUFFICIENT;
}

const char *tls_kex_label(const struct tls_kex *k, char *buf, size_t len)
{
	const struct tls_group *g;

	if (!len)
		return buf;
	switch (k->type) {
	case TLS_KEX_ECDHE:
		g = tls_group_find(k->group);
		if (g && g->kind == TLS_GROUP_FFDHE)
			snprintf(buf, len, "DH-%d", g->bits);   /* TLS 1.3 ffdhe key share */
		else if (g)
			snprintf(buf, len, "ECDH-%s", g->name);
		else
			snprintf(buf, len, "ECDH-0x%04x", k->group);
		break;
	case TLS_KEX_DHE:
		snprintf(buf, len, "DH-%d", k->dh_bits);
		break;
	case TLS_KEX_UNKNOWN:
		snprintf(buf, len, "unknown");
		break;
	case TLS_KEX_NONE:
	default:
		snprintf(buf, len, "none");
		break;
	}
	return buf;
}

/* ---- helpers ----------------------------------------------------------- */

/* The subtests of one kind of server; NONE for a subtest the kind lacks. */
#define SUB_NONE SUB_COUNT
struct tls_subs {
	enum subtest_id exists, kex, ciphers, order, version, compress, secreneg, clientreneg,
	                chain, pubkey, sig, domain, zero_rtt, ocsp, kexhash, ems;
};

static const struct tls_subs web_subs = {
	SUB_WEB_HTTPS_HTTP_AVAILABLE, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, SUB_WEB_HTTPS_TLS_CIPHERS,
	SUB_WEB_HTTPS_TLS_CIPHERORDER, SUB_WEB_HTTPS_TLS_VERSION, SUB_WEB_HTTPS_TLS_COMPRESS,
	SUB_WEB_HTTPS_TLS_SECRENEG, SUB_WEB_HTTPS_TLS_CLIENTRENEG, SUB_WEB_HTTPS_CERT_CHAIN,
	SUB_WEB_HTTPS_CERT_PUBKEY, SUB_WEB_HTTPS_CERT_SIG, SUB_WEB_HTTPS_CERT_DOMAIN,
	SUB_WEB_HTTPS_TLS_0RTT, SUB_WEB_HTTPS_TLS_OCSP, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH,
	SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET,
};

static const struct tls_subs mail_subs = {
	SUB_MAIL_STARTTLS_TLS_AVAILABLE, SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, SUB_MAIL_STARTTLS_TLS_CIPHERS,
	SUB_MAIL_STARTTLS_TLS_CIPHERORDER, SUB_MAIL_STARTTLS_TLS_VERSION, SUB_MAIL_STARTTLS_TLS_COMPRESS,
	SUB_MAIL_STARTTLS_TLS_SECRENEG, SUB_MAIL_STARTTLS_TLS_CLIENTRENEG, SUB_MAIL_STARTTLS_CERT_CHAIN,
	SUB_MAIL_STARTTLS_CERT_PUBKEY, SUB_MAIL_STARTTLS_CERT_SIG, SUB_MAIL_STARTTLS_CERT_DOMAIN,
	SUB_MAIL_STARTTLS_TLS_0RTT, SUB_NONE, SUB_MAIL_STARTTLS_TLS_KEYEXCHANGEHASH,
	SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET,
};

size_t tls_rules_subtests(enum tls_rules rules, enum subtest_id out[TLS_SUBTESTS_MAX])
{
	const struct tls_subs *s = rules == TLS_RULES_MAIL ? &mail_subs : &web_subs;
	const enum subtest_id all[] = { s->exists, s->kex, s->ciphers, s->order, s->version,
	                                s->compress, s->secreneg, s->clientreneg, s->chain, s->pubkey,
	                                s->sig, s->domain, s->zero_rtt, s->ocsp, s->kexhash, s->ems };
	size_t n = 0;

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (all[i] != SUB_NONE)
			out[n++] = all[i];
	return n;
}

/* Per-evaluation state: where results go and whether the mail was_tested
 * promotion applies (§2.2, catalog.c: mail subtests with points start INFO). */
struct tls_ctx {
	const struct tls_scan_facts *f;
	const struct tls_subs *s;
	bool mail;
	struct report *r;
	json_t *details;   /* may be NULL */
};

/* Set status, verdict and (>= 0) points; promote to FAIL when asked (§2.2 was_tested). */
static void put(struct tls_ctx *c, enum subtest_id id, enum status st, const char *verdict,
                int points, bool promote)
{
	if (id == SUB_NONE)
		return;
	result_set(c->r, id, st, verdict);
	if (points >= 0)
		result_set_points(c->r, id, points);
	if (promote)
		result_set_worst(c->r, id, STATUS_FAIL);
}

static void tech(struct tls_ctx *c, enum subtest_id id, json_t *t)
{
	if (id == SUB_NONE || !t) {
		json_decref(t);
		return;
	}
	result_set_tech(c->r, id, t);
}

static void detail(struct tls_ctx *c, const char *key, json_t *v)
{
	if (c->details)
		json_object_set_new(c->details, key, v);
	else
		json_decref(v);
}

/* Append `s` to the string array `a` unless already there (internet.nl keeps sets). */
static void add_unique(json_t *a, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (!strcmp(json_string_value(v), s))
			return;
	json_array_append_new(a, json_string(s));
}

/* The strings of `a` joined by ", " into `out` (a table cell holds one string). */
static void join_strings(const json_t *a, char *out, size_t len)
{
	size_t i, used = 0;
	json_t *v;

	if (len)
		out[0] = '\0';
	json_array_foreach(a, i, v) {
		if (used >= len)
			break;
		int w = snprintf(out + used, len - used, "%s%s", i ? ", " : "", json_string_value(v));
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* [label, class] pair for the per-subtest tech tables (§3.3.8 "with labels"). */
static void add_pair(json_t *a, const char *label, enum tls_class cls)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (!strcmp(json_string_value(json_array_get(v, 0)), label))
			return;
	json_array_append_new(a, json_pack("[s,s]", label, tls_class_name(cls)));
}

/* The suite table entry of an accepted suite (SSL 2.0 specs have 24-bit codes). */
static const struct tls_suite *accepted_suite(const struct tls_accepted *a)
{
	if (a->version == TLS_V_SSL20)
		return tls_suite_find_ssl2(a->code);
	return a->code <= 0xffff ? tls_suite_find((uint16_t)a->code) : NULL;
}

static const char *suite_name(uint32_t code, const struct tls_suite *s, char *buf, size_t len)
{
	if (s && s->iana && s->iana[0])
		return s->iana;
	snprintf(buf, len, code > 0xffff ? "0x%06x" : "0x%04x", (unsigned)code);
	return buf;
}

/* ---- the rules, one per subtest ---------------------------------------- */

/* Issue 14: a phase whose probes got no answer, even when asked again, may have
 * missed exactly what fails; its subtests are "could not test" (0 points; a REQ
 * subtest not tested counts against the category, §8 item 12), never a verdict
 * built on silence. True when `phase` is such a phase (the subtest is then set). */
static bool unanswered(struct tls_ctx *c, enum tls_phase phase, enum subtest_id id,
                       const char *const *keys, size_t n_keys)
{
	if (!(c->f->unanswered & (1u << phase)))
		return false;
	put(c, id, STATUS_NOT_TESTED, "could-not-test", 0, c->mail);
	/* the tables of these subtests have two cells after the server */
	tech(c, id, json_pack("[[s,s]]", "no answer from the server to some probes, even when retried", ""));
	for (size_t i = 0; i < n_keys; i++)
		detail(c, keys[i], json_null());
	return true;
}

/* The warning that names what is unknown (once per scan). */
static void warn_unanswered(struct tls_ctx *c)
{
	static const char *const names[TLS_PHASE_COUNT] = {
		[TLS_PHASE_VERSIONS] = "protocol versions",
		[TLS_PHASE_ENUMERATION] = "cipher suites",
		[TLS_PHASE_ORDER] = "cipher order",
		[TLS_PHASE_KEX_HASH] = "key-exchange hash",
		[TLS_PHASE_GROUPS] = "groups",
		[TLS_PHASE_PQ] = "post-quantum groups",
	};
	char list[256] = "";
	size_t len = 0;

	for (int p = 0; p < TLS_PHASE_COUNT; p++) {
		if (!(c->f->unanswered & (1u << p)))
			continue;
		int w = snprintf(list + len, sizeof(list) - len, "%s%s", len ? ", " : "", names[p]);
		if (w > 0 && (size_t)w < sizeof(list) - len)
			len += (size_t)w;
	}
	if (len)
		report_warn(c->r, "TLS: the server did not answer some probes even when asked again "
		            "(time-outs, resets): unknown %s", list);
}

/* §3.3.8 fs_params: the key seen per accepted suite (§3.3.2 step 4). */
static void eval_kex(struct tls_ctx *c)
{
	static const char *const keys[] = { "kex_params_bad", "kex_params_phase_out" };
	if (unanswered(c, TLS_PHASE_ENUMERATION, c->s->kex, keys, 2))
		return;

	json_t *bad = json_array(), *phase = json_array(), *table = json_array();
	enum tls_class worst = TLS_CLASS_GOOD;
	bool seen = false;
	char label[64];

	for (size_t i = 0; i < c->f->n_accepted; i++) {
		const struct tls_kex *k = &c->f->accepted[i].kex;
		if (c->f->accepted[i].extra)
			continue;
		/* internet.nl skips suites without an ephemeral key (static RSA, or the client
		 * gave up on a weak DH group): they neither count as seen nor as bad */
		if (k->type != TLS_KEX_ECDHE && k->type != TLS_KEX_DHE)
			continue;
		seen = true;
		enum tls_class cls = tls_kex_class(k);
		tls_kex_label(k, label, sizeof(label));
		if (cls >= TLS_CLASS_PHASE_OUT)   /* the table lists what is affected */
			add_pair(table, label, cls);
		if (cls == TLS_CLASS_INSUFFICIENT)
			add_unique(bad, label);
		else if (cls == TLS_CLASS_PHASE_OUT)
			add_unique(phase, label);
		if (cls > worst)
			worst = cls;
	}
	if (!seen)
		put(c, c->s->kex, STATUS_SUCCESS, "na", 10, c->mail);
	else if (worst == TLS_CLASS_INSUFFICIENT)
		put(c, c->s->kex, STATUS_FAIL, "bad", 0, c->mail);
	else if (worst == TLS_CLASS_PHASE_OUT)
		put(c, c->s->kex, STATUS_NOTICE, "phase-out", 10, c->mail);   /* §8 item 3 */
	else
		put(c, c->s->kex, STATUS_SUCCESS, "good", 10, c->mail);
	if (json_array_size(table))
		tech(c, c->s->kex, table);
	else
		json_decref(table);
	detail(c, "kex_params_bad", bad);
	detail(c, "kex_params_phase_out", phase);
}

/* §3.3.8 tls_ciphers: classes of the suites of the enumeration (not the `extra` ones). */
static void eval_ciphers(struct tls_ctx *c)
{
	static const char *const keys[] = { "ciphers_bad", "ciphers_phase_out" };
	if (unanswered(c, TLS_PHASE_ENUMERATION, c->s->ciphers, keys, 2))
		return;

	json_t *bad = json_array(), *phase = json_array(), *table = json_array();
	enum tls_class worst = TLS_CLASS_GOOD;
	char buf[16];

	for (size_t i = 0; i < c->f->n_accepted; i++) {
		const struct tls_accepted *a = &c->f->accepted[i];
		if (a->extra)
			continue;
		const struct tls_suite *s = accepted_suite(a);
		/* spec §3.3.3: anything not listed (or unknown) is insufficient */
		enum tls_class cls = s ? s->cls : TLS_CLASS_INSUFFICIENT;
		const char *name = suite_name(a->code, s, buf, sizeof(buf));
		if (cls == TLS_CLASS_INSUFFICIENT) {
			add_unique(bad, name);
			add_pair(table, name, cls);
		} else if (cls == TLS_CLASS_PHASE_OUT) {
			add_unique(phase, name);
			add_pair(table, name, cls);
		}
		if (cls > worst)
			worst = cls;
	}
	if (c->f->enum_aborted)
		report_warn(c->r, "TLS: the server chose suite 0x%04x, which was not offered; "
		            "cipher enumeration stopped there", c->f->unoffered_suite);
	if (worst == TLS_CLASS_INSUFFICIENT)
		put(c, c->s->ciphers, STATUS_FAIL, "bad", 0, c->mail);
	else if (worst == TLS_CLASS_PHASE_OUT)
		put(c, c->s->ciphers, STATUS_NOTICE, "phase-out", 10, c->mail);
	else
		put(c, c->s->ciphers, STATUS_SUCCESS, "good", 10, c->mail);
	if (json_array_size(table))
		tech(c, c->s->ciphers, table);
	else
		json_decref(table);
	detail(c, "ciphers_bad", bad);
	detail(c, "ciphers_phase_out", phase);
}

/* §3.3.4 cipher order, from the probe's verdict-free order facts. */
static void eval_order(struct tls_ctx *c)
{
	static const char *const keys[] = { "cipher_order", "cipher_order_violation" };
	if (unanswered(c, TLS_PHASE_ENUMERATION, c->s->order, keys, 2) ||
	    unanswered(c, TLS_PHASE_ORDER, c->s->order, keys, 2))
		return;

	json_t *violation = json_array();
	const char *name = "good";
	char b0[16], b1[16];

	switch (c->f->order) {
	case TLS_ORDER_BAD: {
		const char *picked = suite_name(c->f->order_violation[0],
		                                tls_suite_find(c->f->order_violation[0]), b0, sizeof(b0));
		const char *expected = suite_name(c->f->order_violation[1],
		                                  tls_suite_find(c->f->order_violation[1]), b1, sizeof(b1));
		json_array_append_new(violation, json_string(picked));
		json_array_append_new(violation, json_string(expected));
		put(c, c->s->order, STATUS_FAIL, "bad", 0, c->mail);
		/* §3.3.8: tech [preferred, expected] */
		tech(c, c->s->order, json_pack("[[s,s]]", picked, expected));
		name = "bad";
		break;
	}
	case TLS_ORDER_NA:
		/* §3.3.4: TLS 1.3-only, only good suites, or the order handshake failed */
		put(c, c->s->order, STATUS_SUCCESS, "na", 10, c->mail);
		name = "na";
		break;
	case TLS_ORDER_GOOD:
		put(c, c->s->order, STATUS_SUCCESS, "good", 10, c->mail);
		break;
	case TLS_ORDER_UNKNOWN:
		/* the order probes got no answer (their phase is marked unanswered above) */
		put(c, c->s->order, STATUS_NOT_TESTED, "could-not-test", 0, c->mail);
		name = "unknown";
		break;
	}
	detail(c, "cipher_order", json_string(name));
	detail(c, "cipher_order_violation", violation);
}

/* §3.3.8 tls_version: any insufficient version fails; the phase-out list is empty (§8 item 15). */
static void eval_version(struct tls_ctx *c)
{
	static const char *const keys[] = { "protocols_bad", "protocols_phase_out" };
	if (unanswered(c, TLS_PHASE_VERSIONS, c->s->version, keys, 2))
		return;

	json_t *bad = json_array(), *phase = json_array(), *table = json_array();
	bool any_bad = false;

	for (int v = TLS_V_COUNT - 1; v >= 0; v--) {
		if (!c->f->version[v])
			continue;
		enum tls_class cls = tls_version_class((enum tls_version)v);
		const char *name = tls_version_name((enum tls_version)v);
		if (cls >= TLS_CLASS_PHASE_OUT)   /* the table lists what is affected */
			json_array_append_new(table, json_pack("[s,s]", name, tls_class_name(cls)));
		if (cls == TLS_CLASS_INSUFFICIENT) {
			json_array_append_new(bad, json_string(name));
			any_bad = true;
		} else if (cls == TLS_CLASS_PHASE_OUT) {
			json_array_append_new(phase, json_string(name));
		}
	}
	if (any_bad)
		put(c, c->s->version, STATUS_FAIL, "bad", 0, c->mail);
	else
		put(c, c->s->version, STATUS_SUCCESS, "good", 10, c->mail);
	if (json_array_size(table))
		tech(c, c->s->version, table);   /* §3.3.8: the affected versions with their class */
	else
		json_decref(table);
	detail(c, "protocols_bad", bad);
	detail(c, "protocols_phase_out", phase);
}

/* §3.3.4 TLS compression and secure renegotiation (sslyze results). */
static void eval_compression_reneg(struct tls_ctx *c)
{
	const struct tls_scan_facts *f = c->f;

	/* internet.nl scores compression good when sslyze gave no result (scan.py
	 * compression_score), so only a negotiated method fails */
	if (f->compression == TLS_TRI_YES)
		put(c, c->s->compress, STATUS_FAIL, "bad", 0, c->mail);
	else
		put(c, c->s->compress, STATUS_SUCCESS, "good", 10, c->mail);
	tech(c, c->s->compress, json_pack("[[s]]", f->compression == TLS_TRI_YES ? "yes"
	                                         : f->compression == TLS_TRI_NO ? "no" : "unknown"));
	detail(c, "compression", f->compression == TLS_TRI_UNKNOWN ? json_null()
	                         : json_boolean(f->compression == TLS_TRI_YES));

	/* internet.nl treats a missing renegotiation result as "not supported" (scan.py:
	 * TLSRenegotiationEvaluation(supports_secure_renegotiation=False, ...)) */
	/* §3.3.4: a TLS 1.3-only server (no renegotiation at all) counts as supported */
	bool legacy = f->version[TLS_V_SSL30] || f->version[TLS_V_TLS10] ||
	              f->version[TLS_V_TLS11] || f->version[TLS_V_TLS12];
	bool secure = f->secure_reneg == TLS_TRI_YES || !legacy;
	if (secure)
		put(c, c->s->secreneg, STATUS_SUCCESS, "good", 10, c->mail);
	else
		put(c, c->s->secreneg, STATUS_FAIL, "bad", 0, c->mail);
	tech(c, c->s->secreneg, json_pack("[[s]]", !legacy ? "not applicable (TLS 1.3 only)"
	                                         : secure ? "yes" : "no"));
	detail(c, "secure_reneg", json_boolean(secure));

	/* §3.3.4: 0 not allowed, 1..10 low limit, >= 11 too high (asks FAIL, capped
	 * to INFO by the OPT level, §2.2) -- never scored (§8 item 20) */
	const char *name;
	if (f->client_reneg < 0) {
		detail(c, "client_reneg", json_null());
		return;
	}
	if (f->client_reneg == 0) {
		result_set(c->r, c->s->clientreneg, STATUS_SUCCESS, "not-allowed");
		name = "not_allowed";
	} else if (f->client_reneg <= 10) {
		result_set(c->r, c->s->clientreneg, STATUS_INFO, "allowed-with-low-limit");
		name = "allowed_with_low_limit";
	} else {
		result_set(c->r, c->s->clientreneg, STATUS_FAIL, "allowed-with-too-high-limit");
		name = "allowed_with_too_high_limit";
	}
	tech(c, c->s->clientreneg, json_pack("[[s]]", name));   /* the report words it (texts_term) */
	detail(c, "client_reneg", json_string(name));
}

static const char *cert_cn(const struct tls_cert_info *ci)
{
	return ci->cn[0] ? ci->cn : "-";   /* internet.nl get_common_name() */
}

/* §3.3.4 trust, §3.3.3 public keys and signatures, §3.3.4 host match. */
static void eval_cert(struct tls_ctx *c)
{
	const struct tls_cert_facts *cf = &c->f->cert;

	if (!cf->obtained) {
		/* §3.3.8: could-not-test; pubkey/signature/hostmatch stay not tested
		 * (web: REQ, so they count as failures, §8 item 12; mail: never promoted) */
		result_set(c->r, c->s->chain, STATUS_NOT_TESTED, "could-not-test");
		/* say why (issue 15 item 9: a 1.4 MB chain gave no reason) */
		tech(c, c->s->chain, json_pack("[[s,s]]", "", cf->error[0] ? cf->error
		                                              : "no TLS handshake completed"));
		const char *keys[] = { "cert_chain", "cert_trusted", "cert_trust_error",
		                       "cert_trust_error_subject", "cert_pubkey_bad", "cert_pubkey_phase_out",
		                       "cert_signature_bad", "cert_signature_phase_out", "cert_hostmatch_bad" };
		for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
			detail(c, keys[i], json_null());
		return;
	}

	if (cf->status_request_breaks)
		report_warn(c->r, "TLS: the server aborts a handshake that asks for an OCSP staple "
		            "(status_request); the certificate was read without asking");

	json_t *chain = json_array();
	json_t *pk_bad = json_array(), *pk_phase = json_array(), *pk_table = json_array();
	json_t *sig_bad = json_object(), *sig_phase = json_object(), *sig_table = json_array();
	enum tls_class pk_worst = TLS_CLASS_GOOD, sig_worst = TLS_CLASS_GOOD;
	size_t n = cf->n < TLS_CHAIN_MAX ? cf->n : TLS_CHAIN_MAX;

	for (size_t i = 0; i < n; i++) {
		const struct tls_cert_info *ci = &cf->chain[i];
		const char *cn = cert_cn(ci);
		json_array_append_new(chain, json_string(cn));
		/* §3.3.3, §8 item 25: trust-store roots are not judged */
		if (ci->trust_root)
			continue;

		enum tls_class pk = tls_pubkey_class(ci);
		if (pk >= TLS_CLASS_PHASE_OUT) {
			char key[200], line[400];
			int len = snprintf(key, sizeof(key), "%s-%d", ci->key_type, ci->key_bits);
			if (ci->curve[0] && len > 0 && (size_t)len < sizeof(key))
				snprintf(key + len, sizeof(key) - (size_t)len, ", curve: %s", ci->curve);
			snprintf(line, sizeof(line), "%s: %s", cn, key);
			json_array_append_new(pk == TLS_CLASS_INSUFFICIENT ? pk_bad : pk_phase, json_string(line));
			/* web [CN, key, class]; mail has one "affected public key" column */
			json_array_append_new(pk_table, c->mail ? json_pack("[s,s]", line, tls_class_name(pk))
			                                        : json_pack("[s,s,s]", cn, key, tls_class_name(pk)));
		}
		if (pk > pk_worst)
			pk_worst = pk;

		enum tls_class sig = tls_signature_class(ci->sig_alg);
		if (sig >= TLS_CLASS_PHASE_OUT) {
			/* internet.nl: mapping CN -> algorithm */
			json_object_set_new(sig == TLS_CLASS_INSUFFICIENT ? sig_bad : sig_phase, cn,
			                    json_string(ci->sig_alg));
			json_array_append_new(sig_table, json_pack("[s,s,s]", cn, ci->sig_alg, tls_class_name(sig)));
		}
		if (sig > sig_worst)
			sig_worst = sig;
	}

	/* trust: web REQ (§3.3.8), mail informational (§3.10); the verdict of the
	 * web-PKI server verifier internet.nl uses (§8 item 45), for the tested name */
	struct webpki_result trust;
	bool trusted = webpki_verify(cf->pool, cf->peer_name, cf->checked_at,
	                             WEBPKI_MAX_DEPTH_DEFAULT, &trust) == WEBPKI_OK;
	if (trusted)
		put(c, c->s->chain, STATUS_SUCCESS, "good", c->mail ? -1 : 10, false);
	else
		put(c, c->s->chain, c->mail ? STATUS_INFO : STATUS_FAIL, "bad", c->mail ? -1 : 0, false);
	if (!trusted) {
		/* §3.3.8: tech is the chain's CNs; the failed check (token, the certificate
		 * it failed on, what it means) as the reason */
		char cns[1024], line[1400];
		join_strings(chain, cns, sizeof(cns));
		if (trust.cert >= 0 && cf->pool != NULL && (size_t)trust.cert < cf->pool->n &&
		    cf->pool->cert[trust.cert].cn[0])
			snprintf(line, sizeof(line), "%s (%s): %s", webpki_error_token(trust.error),
			         cf->pool->cert[trust.cert].cn, webpki_error_text(trust.error));
		else
			snprintf(line, sizeof(line), "%s: %s", webpki_error_token(trust.error),
			         webpki_error_text(trust.error));
		tech(c, c->s->chain, json_pack("[[s,s]]", cns, line));
	}

	if (pk_worst == TLS_CLASS_INSUFFICIENT)
		put(c, c->s->pubkey, STATUS_FAIL, "bad", 0, c->mail);
	else if (pk_worst == TLS_CLASS_PHASE_OUT)
		put(c, c->s->pubkey, STATUS_NOTICE, "phase-out", 10, c->mail);
	else
		put(c, c->s->pubkey, STATUS_SUCCESS, "good", 10, c->mail);
	if (json_array_size(pk_table))
		tech(c, c->s->pubkey, pk_table);
	else
		json_decref(pk_table);

	if (sig_worst == TLS_CLASS_INSUFFICIENT)
		put(c, c->s->sig, STATUS_FAIL, "bad", 0, c->mail);
	else if (sig_worst == TLS_CLASS_PHASE_OUT)
		put(c, c->s->sig, STATUS_NOTICE, "phase-out", 10, c->mail);
	else
		put(c, c->s->sig, STATUS_SUCCESS, "good", 10, c->mail);
	if (json_array_size(sig_table))
		tech(c, c->s->sig, sig_table);
	else
		json_decref(sig_table);

	/* host match: §3.3.4 (SAN only); web REQ, mail informational (§3.10: the DANE-TA
	 * hack that forces failed/bad is the mail caller's, it knows the TLSA records) */
	json_t *names = json_array();
	if (cf->hostmatch) {
		put(c, c->s->domain, STATUS_SUCCESS, "good", c->mail ? -1 : 10, false);
	} else {
		char buf[sizeof(cf->names)];
		char *save = NULL;
		memcpy(buf, cf->names, sizeof(buf));
		buf[sizeof(buf) - 1] = '\0';
		for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			while (*tok == ' ')
				tok++;
			size_t tl = strlen(tok);
			while (tl && tok[tl - 1] == ' ')
				tok[--tl] = '\0';
			if (tl)
				add_unique(names, tok);
		}
		put(c, c->s->domain, c->mail ? STATUS_INFO : STATUS_FAIL, "bad", c->mail ? -1 : 0, false);
		char joined[2048];
		join_strings(names, joined, sizeof(joined));
		tech(c, c->s->domain, json_pack("[[s]]", joined));
	}

	detail(c, "cert_chain", chain);
	detail(c, "cert_trusted", json_integer(trusted ? 0 : 20));   /* §8 item 38 */
	/* inetcheck addition: which web-PKI check failed, and on which certificate */
	detail(c, "cert_trust_error", trusted ? json_null() : json_string(webpki_error_token(trust.error)));
	detail(c, "cert_trust_error_subject",
	       trusted || trust.cert < 0 || cf->pool == NULL || (size_t)trust.cert >= cf->pool->n
	       ? json_null() : json_string(cf->pool->cert[trust.cert].cn));
	detail(c, "cert_pubkey_bad", pk_bad);
	detail(c, "cert_pubkey_phase_out", pk_phase);
	detail(c, "cert_signature_bad", sig_bad);
	detail(c, "cert_signature_phase_out", sig_phase);
	detail(c, "cert_hostmatch_bad", names);
}

/* §3.3.4 0-RTT (web; mail always na, §3.10) and OCSP stapling (web only). */
static void eval_zero_rtt_ocsp(struct tls_ctx *c)
{
	if (c->mail) {
		put(c, c->s->zero_rtt, STATUS_SUCCESS, "na", 10, true);
		tech(c, c->s->zero_rtt, json_pack("[[s]]", "not applicable"));
		detail(c, "zero_rtt", json_string("na"));
		return;
	}
	/* §8 item 21: no TLS 1.3 is "good", not "na" */
	if (c->f->zero_rtt == TLS_ZERO_RTT_BAD) {
		put(c, c->s->zero_rtt, STATUS_FAIL, "bad", 0, false);
		tech(c, c->s->zero_rtt, json_pack("[[s]]", "yes"));
		detail(c, "zero_rtt", json_string("bad"));
	} else {
		put(c, c->s->zero_rtt, STATUS_SUCCESS, "good", 10, false);
		tech(c, c->s->zero_rtt, json_pack("[[s]]", "no"));
		detail(c, "zero_rtt", json_string("good"));
	}

	/* §3.3.8 ocsp_stapling: REC, never scored (§8 item 22) */
	switch (c->f->ocsp) {
	case TLS_OCSP_NOT_TESTED:
		detail(c, "ocsp_stapling", json_null());
		break;
	case TLS_OCSP_NOT_IN_CERT:
		result_set(c->r, c->s->ocsp, STATUS_NOT_TESTED, "not-in-cert");
		tech(c, c->s->ocsp, json_pack("[[s]]", "no OCSP responder in the certificate"));
		detail(c, "ocsp_stapling", json_string("not_in_cert"));
		break;
	case TLS_OCSP_OK:
		result_set(c->r, c->s->ocsp, STATUS_INFO, "ok");
		tech(c, c->s->ocsp, json_pack("[[s]]", "no"));
		detail(c, "ocsp_stapling", json_string("ok"));
		break;
	case TLS_OCSP_GOOD:
		result_set(c->r, c->s->ocsp, STATUS_SUCCESS, "good");
		tech(c, c->s->ocsp, json_pack("[[s]]", "yes"));
		detail(c, "ocsp_stapling", json_string("good"));
		break;
	case TLS_OCSP_NOT_TRUSTED:
		result_set(c->r, c->s->ocsp, STATUS_NOTICE, "bad");
		tech(c, c->s->ocsp, json_pack("[[s]]", "yes, but the response is not valid"));
		detail(c, "ocsp_stapling", json_string("not_trusted"));
		break;
	}
}

/* §3.3.4 key-exchange hash ("REQ once run") and EMS ("REQ if TLS 1.2"). */
static void eval_kexhash_ems(struct tls_ctx *c)
{
	const struct tls_scan_facts *f = c->f;

	switch (f->kex_hash) {
	case TLS_KEX_HASH_GOOD:
		put(c, c->s->kexhash, STATUS_SUCCESS, "good", 10, true);
		tech(c, c->s->kexhash, json_pack("[[s]]", c->mail ? "good" : "no"));
		detail(c, "kex_hash_func", json_string("good"));
		break;
	case TLS_KEX_HASH_PHASE_OUT:
		/* §8 item 19: SHA-224 accepted is a warning without point loss */
		put(c, c->s->kexhash, STATUS_NOTICE, "phase-out", 10, true);
		tech(c, c->s->kexhash, json_pack("[[s]]", c->mail ? "phase_out" : "yes, SHA-224 (phase out)"));
		detail(c, "kex_hash_func", json_string("phase_out"));
		break;
	case TLS_KEX_HASH_BAD:
		put(c, c->s->kexhash, STATUS_FAIL, "bad", 0, true);
		tech(c, c->s->kexhash, json_pack("[[s]]", c->mail ? "bad" : "yes"));
		detail(c, "kex_hash_func", json_string("bad"));
		break;
	case TLS_KEX_HASH_UNKNOWN:
		/* not run: stays INFO and not tested, so neither scored nor failed (§2.2) */
		detail(c, "kex_hash_func", json_string("unknown"));
		break;
	}

	if (!f->version[TLS_V_TLS12] || f->ems == TLS_EMS_NA_NO_TLS12) {
		/* §3.3.8: no TLS 1.2 -> not_tested/na-no-tls-1-2, unscored (140 max, §3.3). The
		 * score field still holds 10 (internet.nl's evaluation default), which counts
		 * when another server of the domain makes EMS required (§2.4 summary fields). */
		result_set(c->r, c->s->ems, STATUS_NOT_TESTED, "na-no-tls-1-2");
		result_set_points(c->r, c->s->ems, 10);
		tech(c, c->s->ems, json_pack("[[s]]", "not applicable (no TLS 1.2)"));
		detail(c, "extended_master_secret", json_string("na_no_tls_1_2"));
	} else if (f->ems == TLS_EMS_SUPPORTED) {
		put(c, c->s->ems, STATUS_SUCCESS, "good", 10, true);
		tech(c, c->s->ems, json_pack("[[s]]", "supported"));
		detail(c, "extended_master_secret", json_string("supported"));
	} else if (f->ems == TLS_EMS_NOT_SUPPORTED) {
		put(c, c->s->ems, STATUS_FAIL, "bad", 0, true);
		tech(c, c->s->ems, json_pack("[[s]]", "not_supported"));
		detail(c, "extended_master_secret", json_string("not_supported"));
	} else {
		detail(c, "extended_master_secret", json_string("unknown"));
	}
}

/* Sum of the points of this server's scored subtests: required after the
 * promotions above, with a score field (§2.3), the min-of-sums input (§2.4). */
static int scored_points(const struct tls_ctx *c)
{
	const struct tls_subs *s = c->s;
	const enum subtest_id ids[] = {
		s->exists, s->kex, s->ciphers, s->order, s->version, s->compress, s->secreneg,
		s->clientreneg, s->chain, s->pubkey, s->sig, s->domain, s->zero_rtt, s->ocsp,
		s->kexhash, s->ems,
	};
	size_t n = sizeof(ids) / sizeof(*ids);
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		enum subtest_id id = ids[i];
		if (id == SUB_NONE)
			continue;
		const struct subtest_result *sr = &c->r->sub[id];
		enum status worst = sr->worst_set ? sr->worst : catalog_subtest(id)->worst;
		if (worst != STATUS_FAIL || catalog_subtest(id)->max_points <= 0)
			continue;
		if (sr->points > 0)
			sum += sr->points;
	}
	return sum;
}

int tls_evaluate(const struct tls_scan_facts *f, enum tls_rules rules, struct report *r,
                 json_t *details)
{
	struct tls_ctx c = {
		.f = f,
		.s = rules == TLS_RULES_MAIL ? &mail_subs : &web_subs,
		.mail = rules == TLS_RULES_MAIL,
		.r = r,
		.details = json_is_object(details) ? details : NULL,
	};

	if (f->reach != TLS_REACH_OK) {
		/* §3.3.8 / §3.10: unreachable -> error/other (an override past the cap, §2.2);
		 * everything else stays not tested. Mail: starttls_exists still counts its
		 * 10 points in the maximum (§4.1 "10 if every MX is unreachable"). */
		result_force(r, c.s->exists, STATUS_ERROR, "other");
		if (c.mail) {
			result_set_worst(r, c.s->exists, STATUS_FAIL);
			result_set_points(r, c.s->exists, 0);
		}
		char why[sizeof(f->reach_detail) + 8];
		snprintf(why, sizeof(why), "no (%s)", f->reach_detail[0] ? f->reach_detail : "not reachable");
		tech(&c, c.s->exists, json_pack("[[s]]", why));
		return 0;
	}

	/* web https_exists has no score field; mail starttls_exists is 10 once tested */
	put(&c, c.s->exists, STATUS_SUCCESS, "good", c.mail ? 10 : -1, c.mail);
	tech(&c, c.s->exists, json_pack("[[s]]", "yes"));
	warn_unanswered(&c);
	eval_kex(&c);
	eval_ciphers(&c);
	eval_order(&c);
	eval_version(&c);
	eval_compression_reneg(&c);
	eval_cert(&c);
	eval_zero_rtt_ocsp(&c);
	eval_kexhash_ems(&c);
	return scored_points(&c);
}
