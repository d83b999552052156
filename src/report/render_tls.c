/*
 * render_tls.c -- `inetcheck tls` output: the scan facts of one TLS server and
 * the TLS subtests tls_evaluate() set, as JSON (stable, for machines) and as
 * text (aligned, colour only on a tty, STYLE rule 13). Renderers compute
 * nothing but the TLS-only score, which is the §2.3/§4.1 arithmetic over the
 * subtests of one server.
 */
#include "report/render.h"
#include "report/view.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/tls.h"
#include "checks/webpki.h"
#include "report/catalog.h"
#include "report/score.h"
#include "tls/scan.h"
#include "tls/suite.h"

/* §2.3: a subtest counts when its effective requirement level is FAIL and it has
 * a score field (the same rule score.c applies per category). */
static bool subtest_counts(const struct report *r, enum subtest_id id)
{
	return score_subtest_worst(r, id) == STATUS_FAIL && catalog_subtest(id)->max_points > 0;
}

/* Points of a subtest's score field; NULL (not run) counts as 0 (§2.3). */
static int subtest_points(const struct report *r, enum subtest_id id)
{
	const struct subtest_result *s = &r->sub[id];
	return s->evaluated && s->points > 0 ? s->points : 0;
}

void render_tls_score(const struct report *r, bool mail, struct tls_score *out)
{
	enum subtest_id ids[TLS_SUBTESTS_MAX];
	size_t n = tls_rules_subtests(mail ? TLS_RULES_MAIL : TLS_RULES_WEB, ids);

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		if (!subtest_counts(r, ids[i]))
			continue;
		out->max_points += catalog_subtest(ids[i])->max_points;
		out->points += subtest_points(r, ids[i]);
	}
	out->percentage = score_percentage(out->max_points, out->points);
}

/* ---------------------------------------------------------------- names */

/* Display names of §3.3.3, also when the suite tables are not there. */
static const char *version_name(enum tls_version v)
{
	static const char *const fallback[TLS_V_COUNT] = {
		"SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3",
	};
	const char *s = tls_version_name(v);
	if ((unsigned)v >= TLS_V_COUNT)
		return "?";
	return s && strcmp(s, "?") ? s : fallback[v];
}

static const char *class_name(enum tls_class c)
{
	const char *s = tls_class_name(c);
	return s ? s : "insufficient";
}

static const struct tls_suite *suite_of(const struct tls_accepted *a)
{
	if (a->version == TLS_V_SSL20)
		return tls_suite_find_ssl2(a->code);
	return a->code <= 0xffff ? tls_suite_find((uint16_t)a->code) : NULL;
}

static const char *suite_code(const struct tls_accepted *a, char *buf, size_t len)
{
	if (a->version == TLS_V_SSL20)
		snprintf(buf, len, "0x%06x", (unsigned)a->code);
	else
		snprintf(buf, len, "0x%04x", (unsigned)a->code);
	return buf;
}

/* §3.3.3: unknown code points are insufficient. */
static enum tls_class suite_class(const struct tls_accepted *a, const struct tls_suite *s)
{
	if (s)
		return s->cls;
	return a->version == TLS_V_SSL20 || a->code > 0xffff ? TLS_CLASS_INSUFFICIENT :
	       tls_suite_class((uint16_t)a->code);
}

/* The IANA name of a TLS code point, or its hex code when unknown. */
static const char *suite_iana16(uint16_t code, char *buf, size_t len)
{
	const struct tls_suite *s = tls_suite_find(code);
	if (s && s->iana && *s->iana)
		return s->iana;
	snprintf(buf, len, "0x%04x", code);
	return buf;
}

/* Key exchange label ("ECDH-X25519", "DH-3072"), NULL when none was observed. */
static const char *kex_label(const struct tls_kex *k, char *buf, size_t len)
{
	if (k->type != TLS_KEX_ECDHE && k->type != TLS_KEX_DHE)
		return NULL;
	return tls_kex_label(k, buf, len);
}

static const char *group_name(uint16_t code, char *buf, size_t len)
{
	const struct tls_group *g = tls_group_find(code);
	if (g && g->name)
		return g->name;
	snprintf(buf, len, "0x%04x", code);
	return buf;
}

static const char *reach_name(enum tls_reach r)
{
	switch (r) {
	case TLS_REACH_OK: return "ok";
	case TLS_REACH_REFUSED: return "refused";
	case TLS_REACH_TCP_FAILED: return "tcp-failed";
	case TLS_REACH_SMTP_FAILED: return "smtp-failed";
	case TLS_REACH_NO_STARTTLS: return "no-starttls";
	case TLS_REACH_NO_TLS: return "no-tls";
	case TLS_REACH_SSL2_ONLY: return "ssl2-only";
	}
	return "tcp-failed";
}

static const char *order_name(enum tls_order o)
{
	return o == TLS_ORDER_GOOD ? "good" : o == TLS_ORDER_BAD ? "bad"
	     : o == TLS_ORDER_UNKNOWN ? "unknown" : "na";
}

static const char *ems_name(enum tls_ems e)
{
	switch (e) {
	case TLS_EMS_SUPPORTED: return "supported";
	case TLS_EMS_NOT_SUPPORTED: return "not_supported";
	case TLS_EMS_NA_NO_TLS12: return "na_no_tls_1_2";
	default: return "unknown";
	}
}

static const char *zero_rtt_name(enum tls_zero_rtt z)
{
	return z == TLS_ZERO_RTT_GOOD ? "good" : z == TLS_ZERO_RTT_BAD ? "bad" : "na";
}

/* NULL: not tested */
static const char *ocsp_name(enum tls_ocsp o)
{
	switch (o) {
	case TLS_OCSP_NOT_IN_CERT: return "not_in_cert";
	case TLS_OCSP_OK: return "ok";
	case TLS_OCSP_GOOD: return "good";
	case TLS_OCSP_NOT_TRUSTED: return "not_trusted";
	default: return NULL;
	}
}

static const char *kex_hash_name(enum tls_kex_hash h)
{
	switch (h) {
	case TLS_KEX_HASH_GOOD: return "good";
	case TLS_KEX_HASH_PHASE_OUT: return "phase_out";
	case TLS_KEX_HASH_BAD: return "bad";
	default: return "unknown";
	}
}

static json_t *tri_json(enum tls_tri t)
{
	return t == TLS_TRI_UNKNOWN ? json_null() : json_boolean(t == TLS_TRI_YES);
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* "RSA-2048", "EC-256" */
static const char *cert_key(const struct tls_cert_info *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s-%d", c->key_type[0] ? c->key_type : "unknown", c->key_bits);
	return buf;
}

/* ISO 8601 UTC, "2026-01-01T00:00:00Z" */
static const char *iso_time(time_t t, char *buf, size_t len)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, len, "?");
	return buf;
}

/* ---------------------------------------------------------------- JSON */

static json_t *suites_json(const struct tls_scan_facts *f)
{
	json_t *arr = json_array();
	char code[16], kbuf[64];

	for (size_t i = 0; i < f->n_accepted && i < TLS_ACCEPTED_MAX; i++) {
		const struct tls_accepted *a = &f->accepted[i];
		const struct tls_suite *s = suite_of(a);
		json_t *o = json_object();

		json_object_set_new(o, "code", json_string(suite_code(a, code, sizeof(code))));
		json_object_set_new(o, "iana", string_or_null(s && s->iana && *s->iana ? s->iana : NULL));
		json_object_set_new(o, "openssl", string_or_null(s && s->openssl && *s->openssl ? s->openssl : NULL));
		json_object_set_new(o, "version", json_string(version_name(a->version)));
		json_object_set_new(o, "class", json_string(class_name(suite_class(a, s))));
		json_object_set_new(o, "kex", string_or_null(kex_label(&a->kex, kbuf, sizeof(kbuf))));
		json_object_set_new(o, "extra", json_boolean(a->extra));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* The phases with probes that got no answer, by name. */
static json_t *unanswered_json(unsigned bits)
{
	static const char *const names[TLS_PHASE_COUNT] = {
		[TLS_PHASE_VERSIONS] = "versions", [TLS_PHASE_ENUMERATION] = "enumeration",
		[TLS_PHASE_ORDER] = "cipher_order", [TLS_PHASE_KEX_HASH] = "kex_hash",
		[TLS_PHASE_GROUPS] = "groups", [TLS_PHASE_PQ] = "pq_groups",
	};
	json_t *a = json_array();

	for (int p = 0; p < TLS_PHASE_COUNT; p++)
		if (bits & (1u << p))
			json_array_append_new(a, json_string(names[p]));
	return a;
}

static json_t *cipher_order_json(const struct tls_scan_facts *f)
{
	json_t *o = json_object();
	char b1[16], b2[16];

	json_object_set_new(o, "result", json_string(order_name(f->order)));
	if (f->order == TLS_ORDER_BAD)
		json_object_set_new(o, "violation", json_pack("[s, s]",
			suite_iana16(f->order_violation[0], b1, sizeof(b1)),
			suite_iana16(f->order_violation[1], b2, sizeof(b2))));
	json_object_set_new(o, "server_preference", tri_json(f->server_preference));
	return o;
}

static json_t *features_json(const struct tls_scan_facts *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "compression", tri_json(f->compression));
	json_object_set_new(o, "secure_renegotiation", tri_json(f->secure_reneg));
	json_object_set_new(o, "client_renegotiation",
	                    f->client_reneg < 0 ? json_null() : json_integer(f->client_reneg));
	json_object_set_new(o, "extended_master_secret", json_string(ems_name(f->ems)));
	json_object_set_new(o, "zero_rtt", json_string(zero_rtt_name(f->zero_rtt)));
	json_object_set_new(o, "ocsp_stapling", string_or_null(ocsp_name(f->ocsp)));
	json_object_set_new(o, "kex_hash_func", json_string(kex_hash_name(f->kex_hash)));
	return o;
}

/* The trust verdict tls_evaluate() put in `details` (§8 item 45): trusted, and the
 * failed check's token and certificate CN (NULL when trusted or not judged). */
static bool trust_of(const json_t *details, const char **error, const char **subject)
{
	const json_t *t = details ? json_object_get(details, "cert_trusted") : NULL;

	*error = details ? json_string_value(json_object_get(details, "cert_trust_error")) : NULL;
	*subject = details ? json_string_value(json_object_get(details, "cert_trust_error_subject"))
	                   : NULL;
	return json_is_integer(t) && json_integer_value(t) == 0;
}

static json_t *certificate_json(const struct tls_cert_facts *c, const json_t *details)
{
	json_t *o = json_object(), *chain = json_array();
	const char *error, *subject;
	bool trusted = trust_of(details, &error, &subject);
	char buf[64];

	json_object_set_new(o, "obtained", json_boolean(c->obtained));
	if (!c->obtained)
		json_object_set_new(o, "error", json_string(c->error[0] ? c->error
		                                            : "no TLS handshake completed"));
	json_object_set_new(o, "trusted", json_boolean(trusted));
	if (!trusted && error != NULL) {
		json_object_set_new(o, "trust_error", json_string(error));
		json_object_set_new(o, "trust_error_subject", string_or_null(subject));
	}
	json_object_set_new(o, "hostmatch", json_boolean(c->hostmatch));
	json_object_set_new(o, "status_request_breaks_handshake",
	                    json_boolean(c->status_request_breaks));
	for (size_t i = 0; i < c->n && i < TLS_CHAIN_MAX; i++) {
		const struct tls_cert_info *ci = &c->chain[i];
		json_t *e = json_object();

		json_object_set_new(e, "cn", json_string(ci->cn));
		json_object_set_new(e, "issuer_cn", json_string(ci->issuer_cn));
		json_object_set_new(e, "key", json_string(cert_key(ci, buf, sizeof(buf))));
		json_object_set_new(e, "curve", string_or_null(ci->curve[0] ? ci->curve : NULL));
		/* §3.3.3: a trust root is excluded from the key and signature checks */
		json_object_set_new(e, "key_class", ci->trust_root ? json_null() :
		                    json_string(class_name(tls_pubkey_class(ci))));
		json_object_set_new(e, "signature", json_string(ci->sig_alg));
		json_object_set_new(e, "signature_class", ci->trust_root ? json_null() :
		                    json_string(class_name(tls_signature_class(ci->sig_alg))));
		json_object_set_new(e, "not_before", json_string(iso_time(ci->not_before, buf, sizeof(buf))));
		json_object_set_new(e, "not_after", json_string(iso_time(ci->not_after, buf, sizeof(buf))));
		json_object_set_new(e, "sha256", json_string(ci->sha256));
		json_object_set_new(e, "trust_root", json_boolean(ci->trust_root));
		json_array_append_new(chain, e);
	}
	json_object_set_new(o, "chain", chain);
	return o;
}

static json_t *subtests_json(const struct report *r, bool mail)
{
	json_t *o = json_object();
	enum subtest_id ids[TLS_SUBTESTS_MAX];
	size_t n = tls_rules_subtests(mail ? TLS_RULES_MAIL : TLS_RULES_WEB, ids);

	for (size_t i = 0; i < n; i++) {
		const struct catalog_subtest *c = catalog_subtest(ids[i]);
		const struct subtest_result *s = &r->sub[ids[i]];
		bool counts = subtest_counts(r, ids[i]);

		/* max_points is 0 for a subtest that does not count, so the
		 * max_points of the subtests add up to score.max_points */
		json_object_set_new(o, c->key, json_pack("{s:s, s:s, s:s, s:o, s:i}",
			"name", c->api_name,
			"status", status_api_name(score_subtest_status(r, ids[i])),
			"verdict", score_subtest_verdict(r, ids[i]),
			"points", s->evaluated && s->points != POINTS_NULL ? json_integer(s->points) : json_null(),
			"max_points", counts ? c->max_points : 0));
	}
	return o;
}

json_t *render_tls_json(const struct tls_scan_facts *f, const struct report *r,
                        const json_t *details, const struct tls_target *t)
{
	json_t *doc = json_object(), *target = json_object(), *versions = json_object();
	struct tls_score sc;

	json_object_set_new(target, "host", json_string(t->host));
	json_object_set_new(target, "address", json_string(t->address));
	json_object_set_new(target, "port", json_integer(t->port));
	json_object_set_new(target, "sni", string_or_null(t->sni));
	json_object_set_new(target, "starttls", string_or_null(t->starttls));
	json_object_set_new(doc, "target", target);
	if (r->what_if)
		json_object_set(doc, "what_if", r->what_if);
	json_object_set_new(doc, "rules", json_string(t->mail ? "mail" : "web"));
	json_object_set_new(doc, "status", json_string(f->reach == TLS_REACH_OK ? "ok" : "unreachable"));
	json_object_set_new(doc, "reach", json_string(reach_name(f->reach)));
	if (f->reach != TLS_REACH_OK)
		json_object_set_new(doc, "reach_detail", json_string(f->reach_detail));

	for (int v = TLS_V_SSL20; v < TLS_V_COUNT; v++)
		json_object_set_new(versions, version_name(v), json_boolean(f->version[v]));
	json_object_set_new(doc, "versions", versions);
	json_object_set_new(doc, "suites", suites_json(f));
	/* stopped early: an unoffered suite was chosen, or probes got no answer */
	json_object_set_new(doc, "enumeration_aborted", json_boolean(f->enum_aborted ||
		(f->unanswered & (1u << TLS_PHASE_ENUMERATION))));
	if (f->enum_aborted) {
		char code[16];
		snprintf(code, sizeof(code), "0x%04x", f->unoffered_suite);
		json_object_set_new(doc, "unoffered_suite", json_string(code));
	}
	json_object_set_new(doc, "cipher_order", cipher_order_json(f));
	if (f->groups_tested) {
		json_t *g = json_array();
		char buf[16];
		for (size_t i = 0; i < f->n_groups && i < TLS_GROUPS_MAX; i++) {
			const struct tls_group *gr = tls_group_find(f->groups[i]);
			json_array_append_new(g, json_pack("{s:i, s:s, s:o}", "code", f->groups[i],
				"name", group_name(f->groups[i], buf, sizeof(buf)),
				"class", gr ? json_string(class_name(gr->cls)) : json_null()));
		}
		json_object_set_new(doc, "groups", g);
	}
	if (f->pq_tested) {
		json_t *pq = json_array();
		char buf[16];
		for (size_t i = 0; i < f->n_pq_groups && i < 8; i++)
			json_array_append_new(pq, json_string(group_name(f->pq_groups[i], buf, sizeof(buf))));
		json_object_set_new(doc, "pq_groups", pq);
	}
	json_object_set_new(doc, "features", features_json(f));
	json_object_set_new(doc, "certificate", certificate_json(&f->cert, details));
	json_object_set_new(doc, "subtests", subtests_json(r, t->mail));
	json_object_set_new(doc, "details", details ? json_deep_copy(details) : json_object());

	render_tls_score(r, t->mail, &sc);
	json_object_set_new(doc, "score", json_pack("{s:i, s:i, s:i}", "points", sc.points,
		"max_points", sc.max_points, "percentage", sc.percentage));
	json_object_set_new(doc, "connections", json_integer(f->connections));
	json_object_set_new(doc, "concurrency", json_pack("{s:i, s:i}", "start", f->conns_start,
	                                                   "final", f->conns_final));
	json_object_set_new(doc, "unanswered", unanswered_json(f->unanswered));
	json_object_set_new(doc, "timings", json_pack("{s:I, s:I, s:I, s:I, s:I}",
		"versions_ms", (json_int_t)f->timings.versions_ms,
		"enumeration_ms", (json_int_t)f->timings.enumeration_ms,
		"groups_ms", (json_int_t)f->timings.groups_ms,
		"handshakes_ms", (json_int_t)f->timings.handshakes_ms,
		"renegotiation_ms", (json_int_t)f->timings.renegotiation_ms));
	json_object_set_new(doc, "elapsed_ms", json_integer(f->elapsed_ms));
	json_object_set_new(doc, "warnings", r->warnings ? json_deep_copy(r->warnings) : json_array());
	return doc;
}

/* ---------------------------------------------------------------- text */

#define C_RED "\033[31m"
#define C_YELLOW "\033[33m"
#define C_GREEN "\033[32m"
#define C_BLUE "\033[34m"
#define C_DIM "\033[2m"
#define C_BOLD "\033[1m"
#define C_OFF "\033[0m"

static const char *class_colour(enum tls_class c)
{
	switch (c) {
	case TLS_CLASS_INSUFFICIENT: return C_RED;
	case TLS_CLASS_PHASE_OUT: return C_YELLOW;
	default: return NULL;
	}
}

static const char *status_colour(enum status st)
{
	switch (st) {
	case STATUS_SUCCESS: return C_GREEN;
	case STATUS_FAIL:
	case STATUS_ERROR: return C_RED;
	case STATUS_NOTICE: return C_YELLOW;
	case STATUS_INFO: return C_BLUE;
	default: return C_DIM;
	}
}

/* Start colour `c` (NULL: none) when colouring; returns the matching reset. */
static const char *paint(FILE *out, bool colour, const char *c)
{
	if (!colour || !c)
		return "";
	fputs(c, out);
	return C_OFF;
}

static void section(FILE *out, bool colour, const char *title)
{
	fprintf(out, "\n%s%s%s\n", colour ? C_BOLD : "", title, colour ? C_OFF : "");
}

static const char *yes_no_unknown(enum tls_tri t, const char *yes, const char *no)
{
	return t == TLS_TRI_YES ? yes : t == TLS_TRI_NO ? no : "unknown";
}

static void text_protocols(const struct tls_scan_facts *f, FILE *out, bool colour)
{
	section(out, colour, "Protocols");
	for (int v = TLS_V_TLS13; v >= TLS_V_SSL20; v--) {
		enum tls_class c = tls_version_class(v);
		const char *reset;

		fprintf(out, "  %-9s ", version_name(v));
		/* colour only what is offered: an old version not offered is fine */
		reset = paint(out, colour, f->version[v] ? class_colour(c) : NULL);
		if (f->version[v])
			fprintf(out, "%-12s %s", "offered", class_name(c));
		else
			fputs("not offered", out);
		fprintf(out, "%s\n", reset);
	}
}

static void text_suites(const struct tls_scan_facts *f, FILE *out, bool colour)
{
	int w_iana = 4, w_openssl = 7;
	char code[16], kbuf[64];

	section(out, colour, "Cipher suites");
	if (!f->n_accepted) {
		fprintf(out, "  none found\n");
		return;
	}
	for (size_t i = 0; i < f->n_accepted && i < TLS_ACCEPTED_MAX; i++) {
		const struct tls_suite *s = suite_of(&f->accepted[i]);
		int wi = s && s->iana ? (int)strlen(s->iana) : 1;
		int wo = s && s->openssl && *s->openssl ? (int)strlen(s->openssl) : 1;
		if (wi > w_iana)
			w_iana = wi;
		if (wo > w_openssl)
			w_openssl = wo;
	}
	for (int v = TLS_V_TLS13; v >= TLS_V_SSL20; v--) {
		bool header = false;
		for (size_t i = 0; i < f->n_accepted && i < TLS_ACCEPTED_MAX; i++) {
			const struct tls_accepted *a = &f->accepted[i];
			const struct tls_suite *s;
			const char *kex, *reset;
			enum tls_class c;

			if ((int)a->version != v)
				continue;
			if (!header) {
				fprintf(out, "  %s\n", version_name(v));
				header = true;
			}
			s = suite_of(a);
			c = suite_class(a, s);
			kex = kex_label(&a->kex, kbuf, sizeof(kbuf));
			reset = paint(out, colour, class_colour(c));
			fprintf(out, "    %-8s  %-*s  %-*s  ", suite_code(a, code, sizeof(code)),
			        w_iana, s && s->iana && *s->iana ? s->iana : "?",
			        w_openssl, s && s->openssl && *s->openssl ? s->openssl : "-");
			/* no trailing blanks: pad the class only when something follows */
			if (kex || a->extra)
				fprintf(out, "%-12s %s%s", class_name(c), kex ? kex : "", a->extra ? "  (extra)" : "");
			else
				fputs(class_name(c), out);
			fprintf(out, "%s\n", reset);
		}
	}
	if (f->enum_aborted)
		fprintf(out, "  enumeration stopped: the server chose 0x%04x, which was not offered\n",
		        f->unoffered_suite);
}

static void text_order(const struct tls_scan_facts *f, FILE *out, bool colour)
{
	char b1[16], b2[16];
	const char *pref = f->server_preference == TLS_TRI_YES ? "server enforces its order" :
	                   f->server_preference == TLS_TRI_NO ? "client order followed" :
	                   "server preference unknown";

	section(out, colour, "Cipher order");
	if (f->order == TLS_ORDER_BAD) {
		const char *reset = paint(out, colour, C_RED);
		fprintf(out, "  bad%s: picked %s over %s (%s)\n", reset,
		        suite_iana16(f->order_violation[0], b1, sizeof(b1)),
		        suite_iana16(f->order_violation[1], b2, sizeof(b2)), pref);
	} else {
		fprintf(out, "  %s (%s)\n", f->order == TLS_ORDER_GOOD ? "good" : "not applicable", pref);
	}
}

static void text_groups(const struct tls_scan_facts *f, FILE *out, bool colour)
{
	char buf[16];

	if (!f->groups_tested && !f->pq_tested)
		return;
	section(out, colour, "Key exchange groups");
	if (f->groups_tested) {
		fputs("  accepted      ", out);
		if (!f->n_groups)
			fputs("none", out);
		for (size_t i = 0; i < f->n_groups && i < TLS_GROUPS_MAX; i++) {
			const struct tls_group *g = tls_group_find(f->groups[i]);
			const char *reset;
			fputs(i ? ", " : "", out);
			reset = paint(out, colour, g ? class_colour(g->cls) : C_RED);
			fprintf(out, "%s%s", group_name(f->groups[i], buf, sizeof(buf)), reset);
		}
		fputc('\n', out);
	}
	if (f->pq_tested) {
		fputs("  post-quantum  ", out);
		if (!f->n_pq_groups)
			fputs("none", out);
		for (size_t i = 0; i < f->n_pq_groups && i < 8; i++)
			fprintf(out, "%s%s", i ? ", " : "", group_name(f->pq_groups[i], buf, sizeof(buf)));
		fputc('\n', out);
	}
}

static void text_features(const struct tls_scan_facts *f, FILE *out, bool colour)
{
	const char *ocsp = ocsp_name(f->ocsp);

	section(out, colour, "Features");
	fprintf(out, "  %-24s %s\n", "TLS compression", yes_no_unknown(f->compression, "yes", "no"));
	fprintf(out, "  %-24s %s\n", "secure renegotiation", yes_no_unknown(f->secure_reneg, "yes", "no"));
	if (f->client_reneg < 0)
		fprintf(out, "  %-24s %s\n", "client renegotiation", "not tested");
	else
		fprintf(out, "  %-24s %d of 11 accepted\n", "client renegotiation", f->client_reneg);
	fprintf(out, "  %-24s %s\n", "extended master secret", ems_name(f->ems));
	fprintf(out, "  %-24s %s\n", "0-RTT", f->zero_rtt == TLS_ZERO_RTT_BAD ? "accepted (bad)" :
	        f->zero_rtt == TLS_ZERO_RTT_GOOD ? "not accepted" : "n/a");
	fprintf(out, "  %-24s %s\n", "OCSP stapling", ocsp ? ocsp : "not tested");
	fprintf(out, "  %-24s %s\n", "key-exchange hash", kex_hash_name(f->kex_hash));
}

static void text_certificate(const struct tls_cert_facts *c, const json_t *details, FILE *out,
                             bool colour)
{
	char key[48], t1[32], t2[32];

	section(out, colour, "Certificate chain");
	if (!c->obtained) {
		fprintf(out, "  not obtained: %s\n", c->error[0] ? c->error : "no TLS handshake completed");
		return;
	}
	for (size_t i = 0; i < c->n && i < TLS_CHAIN_MAX; i++) {
		const struct tls_cert_info *ci = &c->chain[i];
		const char *reset;

		fprintf(out, "  [%zu] CN=%s  issuer CN=%s%s\n", i, ci->cn[0] ? ci->cn : "-",
		        ci->issuer_cn[0] ? ci->issuer_cn : "-", ci->trust_root ? "  (trust root)" : "");
		fprintf(out, "      key %s%s%s", cert_key(ci, key, sizeof(key)), ci->curve[0] ? " " : "", ci->curve);
		if (!ci->trust_root) {
			enum tls_class kc = tls_pubkey_class(ci);
			reset = paint(out, colour, class_colour(kc));
			fprintf(out, " (%s)%s", class_name(kc), reset);
		}
		fprintf(out, ", %s", ci->sig_alg);
		if (!ci->trust_root) {
			enum tls_class sc = tls_signature_class(ci->sig_alg);
			reset = paint(out, colour, class_colour(sc));
			fprintf(out, " (%s)%s", class_name(sc), reset);
		}
		fprintf(out, ", valid %s .. %s\n", iso_time(ci->not_before, t1, sizeof(t1)),
		        iso_time(ci->not_after, t2, sizeof(t2)));
	}
	const char *error, *subject;
	bool trusted = trust_of(details, &error, &subject);
	fprintf(out, "  trusted: %s", trusted ? "yes" : "no");
	if (!trusted && error != NULL)
		fprintf(out, " (%s%s%s)", error, subject ? ", " : "", subject ? subject : "");
	fprintf(out, "; host name matches: %s\n", c->hostmatch ? "yes" : "no");
	if (!trusted && error != NULL)
		fprintf(out, "  why: %s\n", webpki_token_text(error));
}

static void text_subtests(const struct report *r, bool mail, FILE *out, bool colour)
{
	enum subtest_id ids[TLS_SUBTESTS_MAX];
	size_t n = tls_rules_subtests(mail ? TLS_RULES_MAIL : TLS_RULES_WEB, ids);
	int w_title = 0, w_verdict = 0;

	section(out, colour, mail ? "Subtests (mail rules, spec 3.10)" : "Subtests (web rules, spec 3.3.8)");
	for (size_t i = 0; i < n; i++) {
		int wt = (int)strlen(catalog_subtest(ids[i])->title);
		int wv = (int)strlen(score_subtest_verdict(r, ids[i]));
		if (wt > w_title)
			w_title = wt;
		if (wv > w_verdict)
			w_verdict = wv;
	}
	for (size_t i = 0; i < n; i++) {
		enum status st = score_subtest_status(r, ids[i]);
		const char *verdict = score_subtest_verdict(r, ids[i]);
		const char *reset, *fix;

		fputs("  ", out);
		reset = paint(out, colour, status_colour(st));
		fprintf(out, "%-11s%s", status_api_name(st), reset);
		fprintf(out, "%-*s  ", w_title, catalog_subtest(ids[i])->title);
		if (subtest_counts(r, ids[i]))
			fprintf(out, "%-*s  %2d/%d", w_verdict, verdict, subtest_points(r, ids[i]),
			        catalog_subtest(ids[i])->max_points);
		else
			fputs(verdict, out);
		fputc('\n', out);
		if (st == STATUS_SUCCESS || st == STATUS_NOT_TESTED || st == STATUS_GOOD_NOT_TESTED)
			continue;
		fix = catalog_advice(ids[i], verdict);
		if (fix)
			fprintf(out, "             fix: %s\n", fix);
		if (fix && catalog_advice_how(ids[i], verdict))
			fprintf(out, "                  %s\n", catalog_advice_how(ids[i], verdict));
	}
}

void render_tls_text(const struct tls_scan_facts *f, const struct report *r,
                     const json_t *details, const struct tls_target *t, FILE *out, bool colour)
{
	struct tls_score sc;

	fprintf(out, "%s%s%s  %s port %u", colour ? C_BOLD : "", t->host, colour ? C_OFF : "",
	        t->address, t->port);
	if (t->starttls)
		fprintf(out, " (STARTTLS %s)", t->starttls);
	fprintf(out, "  SNI %s  %s rules\n", t->sni ? t->sni : "(none)", t->mail ? "mail" : "web");
	if (r->what_if) {
		json_t *lines = view_what_if(r->what_if), *w;
		size_t i;
		json_array_foreach(lines, i, w)
			fprintf(out, "%s%s\n", i ? "  - " : "", json_string_value(w));
		json_decref(lines);
	}
	if (f->reach != TLS_REACH_OK) {
		const char *reset = paint(out, colour, C_RED);
		fprintf(out, "unreachable%s: %s%s%s\n", reset, reach_name(f->reach),
		        f->reach_detail[0] ? ": " : "", f->reach_detail);
	} else {
		text_protocols(f, out, colour);
		text_suites(f, out, colour);
		text_order(f, out, colour);
		text_groups(f, out, colour);
		text_features(f, out, colour);
		text_certificate(&f->cert, details, out, colour);
	}
	text_subtests(r, t->mail, out, colour);

	render_tls_score(r, t->mail, &sc);
	fprintf(out, "\nscore %d%% (%d/%d points)  %u connection%s in %lld ms\n", sc.percentage,
	        sc.points, sc.max_points, f->connections, f->connections == 1 ? "" : "s",
	        (long long)f->elapsed_ms);
	if (f->reach == TLS_REACH_OK)
		fprintf(out, "time: versions %lld ms, enumeration %lld ms, groups %lld ms, "
		        "handshakes %lld ms, renegotiation %lld ms; connections in flight %d%s\n",
		        (long long)f->timings.versions_ms, (long long)f->timings.enumeration_ms,
		        (long long)f->timings.groups_ms, (long long)f->timings.handshakes_ms,
		        (long long)f->timings.renegotiation_ms, f->conns_final,
		        f->conns_final < f->conns_start ? " (lowered: the server serves one "
		                                          "connection at a time)" : "");
}
