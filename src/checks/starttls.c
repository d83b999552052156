/* starttls.c -- mail_starttls (spec §3.10): probe every MX, then the rules. */
#include "checks/starttls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/servers.h"
#include "checks/tls.h"
#include "core/jsonutil.h"
#include "core/parallel.h"
#include "report/catalog.h"
#include "tls/scanmemo.h"

#define SUB_EXISTS SUB_MAIL_STARTTLS_TLS_AVAILABLE

/* ------------------------------------------------------------------ facts helpers */

enum starttls_state starttls_server_state(const struct starttls_server *s)
{
	/* §3.10: no result before the time limit → could not test; a server that
	 * refused our connections (421 on connect) even after the backoff → the same
	 * (issue 17: internet.nl's "could not test", never a verdict, STYLE rule 3) */
	if (s->timed_out || s->tls.rate_limited)
		return STARTTLS_UNTESTABLE;
	/* §3.10: name resolution fails, nothing negotiated (incl. no STARTTLS) → unreachable */
	if (!s->has_addr || s->refused || s->tls.reach != TLS_REACH_OK)
		return STARTTLS_UNREACHABLE;
	return STARTTLS_OK;
}

bool starttls_pick_address(const struct dns_answer *a, const struct dns_answer *aaaa,
                           struct netaddr *out)
{
	bool found = false;

	memset(out, 0, sizeof(*out));
	out->port = STARTTLS_PORT;
	/* the last IPv4 address of the answer (internet.nl: sslyze keeps getaddrinfo's
	 * last AF_INET result) */
	for (size_t i = 0; a && i < a->n; i++) {
		if (a->rr[i].type != DNS_TYPE_A)
			continue;
		out->family = AF_INET;
		out->a.v4 = a->rr[i].u.a;
		found = true;
	}
	if (found)
		return true;
	for (size_t i = 0; aaaa && i < aaaa->n; i++) {
		if (aaaa->rr[i].type != DNS_TYPE_AAAA)
			continue;
		out->family = AF_INET6;
		out->a.v6 = aaaa->rr[i].u.aaaa;
		return true;
	}
	return false;
}

/* ------------------------------------------------------------------ rules */

/* §3.10 dane_exists / dane_valid (REQ, both score the shared field dane_score:
 * 10 when validated, else 0, §8 item 11) and dane_rollover (OPT). */
static void eval_dane(const struct dane_facts *d, struct report *r, json_t *details)
{
	int dane_score = d->exists && d->status == DANE_VALIDATED ? 10 : 0;
	json_t *records = json_array(), *rows = json_array();

	for (size_t i = 0; i < d->n; i++) {
		json_array_append_new(records, json_string(d->records[i].text));
		json_array_append_new(rows, json_pack("[s]", d->records[i].text));
	}

	/* §2.2 was_tested: dane_exists is required once a server was scanned */
	result_set_worst(r, SUB_MAIL_STARTTLS_DANE_EXIST, STATUS_FAIL);
	result_set_points(r, SUB_MAIL_STARTTLS_DANE_EXIST, dane_score);
	if (d->exists) {
		result_set(r, SUB_MAIL_STARTTLS_DANE_EXIST, STATUS_SUCCESS, "good");
		result_set_tech(r, SUB_MAIL_STARTTLS_DANE_EXIST, rows);
		rows = NULL;
		/* dane_valid is required only when records exist */
		result_set_worst(r, SUB_MAIL_STARTTLS_DANE_VALID, STATUS_FAIL);
		result_set_points(r, SUB_MAIL_STARTTLS_DANE_VALID, dane_score);
		if (d->status == DANE_VALIDATED)
			result_set(r, SUB_MAIL_STARTTLS_DANE_VALID, STATUS_SUCCESS, "good");
		else
			result_set(r, SUB_MAIL_STARTTLS_DANE_VALID, STATUS_FAIL, "bad");
		result_set_tech(r, SUB_MAIL_STARTTLS_DANE_VALID, json_pack("[[s]]", dane_status_name(d->status)));
		/* rollover: ≥2 usage-3, or usage 3 + usage 2 (§3.3.6); OPT, so "bad" shows info */
		if (d->rollover)
			result_set(r, SUB_MAIL_STARTTLS_DANE_ROLLOVER, STATUS_SUCCESS, "good");
		else
			result_set(r, SUB_MAIL_STARTTLS_DANE_ROLLOVER, STATUS_FAIL, "bad");
		result_set_tech(r, SUB_MAIL_STARTTLS_DANE_ROLLOVER, json_pack("[[s]]", d->rollover ? "yes" : "no"));
	} else if (d->status == DANE_NONE_BOGUS) {
		result_set(r, SUB_MAIL_STARTTLS_DANE_EXIST, STATUS_FAIL, "bogus");
		result_set_tech(r, SUB_MAIL_STARTTLS_DANE_EXIST, json_pack("[[s]]", "bogus"));
	} else {
		result_set(r, SUB_MAIL_STARTTLS_DANE_EXIST, STATUS_FAIL, "bad");
		result_set_tech(r, SUB_MAIL_STARTTLS_DANE_EXIST, json_pack("[[s]]", "no TLSA records"));
	}
	json_decref(rows);
	if (details) {
		/* §5.4 mail details: dane_status, dane_records, dane_rollover */
		json_object_set_new(details, "dane_status", json_string(dane_status_name(d->status)));
		json_object_set_new(details, "dane_records", records);
		json_object_set_new(details, "dane_rollover", json_boolean(d->exists && d->rollover));
	} else {
		json_decref(records);
	}
}

/* One MX alone into `r` (§2.4: folded into the domain's report by the caller). */
static void eval_server(const struct starttls_server *s, struct report *r, json_t *details)
{
	switch (starttls_server_state(s)) {
	case STARTTLS_UNTESTABLE:
		/* §3.10: error/could-not-test past the cap, required, 0 points */
		result_force(r, SUB_EXISTS, STATUS_ERROR, "could-not-test");
		result_set_worst(r, SUB_EXISTS, STATUS_FAIL);
		result_set_points(r, SUB_EXISTS, 0);
		result_set_tech(r, SUB_EXISTS, json_pack("[[s]]", s->tls.rate_limited
		                ? "not tested (the server refused connections: rate limited)"
		                : "not tested (the test's time limit passed)"));
		break;
	case STARTTLS_UNREACHABLE:
		/* §3.10, §8 item 27: error/other past the cap, required, 0 points; the rest not
		 * tested (as tls_evaluate does for reach != OK, but also when only the name or
		 * the guard failed) */
		result_force(r, SUB_EXISTS, STATUS_ERROR, "other");
		result_set_worst(r, SUB_EXISTS, STATUS_FAIL);
		result_set_points(r, SUB_EXISTS, 0);
		char why[sizeof(s->tls.reach_detail) + 8];
		snprintf(why, sizeof(why), "no (%s)", !s->has_addr ? "no A or AAAA record" :
		         s->tls.reach_detail[0] ? s->tls.reach_detail : "not reachable");
		result_set_tech(r, SUB_EXISTS, json_pack("[[s]]", why));
		break;
	case STARTTLS_OK:
		tls_evaluate(&s->tls, TLS_RULES_MAIL, r, details);
		/* §3.10 DANE-TA hack: host-name mismatch with a usage-2 TLSA record is
		 * failed/bad past the cap (still unscored: the level stays INFO) */
		if (s->tls.cert.obtained && !s->tls.cert.hostmatch && s->dane.exists && s->dane.has_usage2)
			result_force(r, SUB_MAIL_STARTTLS_CERT_DOMAIN, STATUS_FAIL, "bad");
		/* §3.13: without a certificate the cert task, and with it DANE and CAA, did not run */
		if (s->tls.cert.obtained) {
			eval_dane(&s->dane, r, details);
			/* §5.4: mail details carry no CAA keys (§8 item 38) */
			caa_evaluate(&s->caa, SUB_MAIL_STARTTLS_TLS_CAA, r, NULL);
		}
		break;
	}
}

/* §5.3 tls_1_3_support (internet.nl Tls13Support): "no" without servers; any
 * unreachable or untestable MX → "undetermined"; otherwise "no", because mail
 * 0-RTT is always "na" (§8 item 40). */
static const char *tls13_support(const struct starttls_facts *f)
{
	if (f->mx_state != MX_HAS_MX || f->n == 0)
		return "no";
	for (size_t i = 0; i < f->n; i++)
		if (starttls_server_state(&f->servers[i]) != STARTTLS_OK)
			return "undetermined";
	return "no";
}

/* §5.3 mail_servers_testable_status, from the summary starttls_exists verdict. */
static const char *testable_status(const struct report *r)
{
	const struct subtest_result *s = &r->sub[SUB_EXISTS];
	const char *v = s->evaluated && s->verdict ? s->verdict : "";

	if (!strcmp(v, "other-2"))
		return "no_mx";
	if (!strcmp(v, "could-not-test"))
		return "untestable";
	if (!strcmp(v, "other"))
		return "unreachable";
	return "ok";
}

void starttls_evaluate(const struct starttls_facts *f, struct report *r)
{
	struct category_result *cat = &r->cat[CAT_MAIL_STARTTLS];
	struct report *tmp[MX_MAX];
	size_t n_tmp = 0;
	json_t *mailservers = json_child(r->technical, "receiving_mailservers");
	const char *v;

	cat->implemented = true;
	json_object_set_new(r->custom, "tls_1_3_support", json_string(tls13_support(f)));
	if (f->mx_state != MX_HAS_MX || f->n == 0) {
		/* §3.6 table; not scored: nothing is promoted, so the maximum is 0 and the
		 * category leaves the average */
		cat->text_verdict = mx_state_result(f->mx_state == MX_HAS_MX ? MX_NO_MX : f->mx_state,
		                                    SUB_EXISTS, "other-2", r);
		cat->points = 0;
		json_object_set_new(r->custom, "mail_servers_testable_status", json_string(testable_status(r)));
		return;
	}
	for (size_t i = 0; i < f->n && i < MX_MAX; i++) {
		const struct starttls_server *s = &f->servers[i];
		enum starttls_state st = starttls_server_state(s);
		json_t *ms, *details = json_object();
		char key[260];

		tmp[n_tmp] = calloc(1, sizeof(*tmp[n_tmp]));
		if (!tmp[n_tmp]) {
			json_decref(details);
			continue;
		}
		report_init(tmp[n_tmp], TEST_MAIL, f->domain);
		eval_server(s, tmp[n_tmp], details);
		servers_merge(r, tmp[n_tmp], CAT_MAIL_STARTTLS, n_tmp == 0, s->name);
		n_tmp++;

		/* §5.4 receiving_mailservers.<mx>. (internet.nl _get_mail_tls_info) */
		snprintf(key, sizeof(key), "%s.", s->name);
		ms = json_child(mailservers, key);
		json_object_set_new(ms, "server_reachable", json_boolean(st != STARTTLS_UNREACHABLE));
		json_object_set_new(ms, "starttls_enabled", json_boolean(st == STARTTLS_OK));
		json_object_set_new(ms, "server_testable", json_boolean(st != STARTTLS_UNTESTABLE));
		if (s->has_addr) {
			/* an inetcheck addition: which address of the MX was tested (§3.10) */
			char buf[64];
			json_object_set_new(ms, "tested_address", json_string(netaddr_str(&s->addr, buf, sizeof(buf))));
		}
		if (st == STARTTLS_OK)
			json_object_set_new(ms, "details", details);
		else
			json_decref(details);
		if (s->tls.rate_limited) {
			/* issue 17: only present when true, so other documents stay as they were */
			char buf[64];
			json_object_set_new(ms, "rate_limited", json_true());
			report_warn(r, "rate_limited: %s (%s) refused our connections (421 on connect or a "
			            "hang-up before the banner) even after backing off; not tested",
			            s->name, netaddr_str(&s->addr, buf, sizeof(buf)));
		}
		if (s->refused) {
			char buf[64];
			report_warn(r, "not contacting %s (%s): special-purpose address; use --allow-private to test it",
			            netaddr_str(&s->addr, buf, sizeof(buf)), s->name);
		}
	}
	/* §2.4: category points = minimum over MX of their sums over the summary's fields */
	cat->points = servers_min_points(r, (const struct report *const *)tmp, n_tmp, CAT_MAIL_STARTTLS);
	for (size_t i = 0; i < n_tmp; i++) {
		report_release(tmp[i]);
		free(tmp[i]);
	}
	/* §2.5 step 5: the text verdict follows the summary starttls_exists verdict */
	v = r->sub[SUB_EXISTS].evaluated ? r->sub[SUB_EXISTS].verdict : NULL;
	if (v && !strcmp(v, "other"))
		cat->text_verdict = "unreachable";
	else if (v && !strcmp(v, "could-not-test"))
		cat->text_verdict = "untestable";
	json_object_set_new(r->custom, "mail_servers_testable_status", json_string(testable_status(r)));
}

/* ------------------------------------------------------------------ probe */

struct probe_run {
	const struct check_ctx *ctx;
	struct starttls_facts *f;
};

/* §3.10 one MX: address, STARTTLS scan, then DANE and CAA of the MX name. */
static void probe_server(const struct check_ctx *ctx, struct starttls_server *s)
{
	struct dns_answer a = {0}, aaaa = {0};
	char why[160];
	struct tls_scan_opts o = {
		.sni = s->name,
		.starttls = TLS_STARTTLS_SMTP,
		.ehlo = ctx->ehlo,
		.ca_file = ctx->ca_file,
		.max_conns = 0,                 /* TLS_SCAN_CONNS_MAIL: one at a time (§9) */
		.deadline = ctx->deadline,
		.web = false,                   /* no 0-RTT, no OCSP (§3.10) */
	};

	/*
	 * §3.10: internet.nl resolves the MX with the system resolver, which is its
	 * validating unbound: query without CD, so a bogus name does not resolve
	 * (unreachable), as there. A --resolve override for port 25 stands in (issue 21).
	 */
	resolver_query_connect(ctx->res, s->name, STARTTLS_PORT, DNS_TYPE_A, 0, ctx->deadline, &a);
	resolver_query_connect(ctx->res, s->name, STARTTLS_PORT, DNS_TYPE_AAAA, 0, ctx->deadline, &aaaa);
	s->has_addr = starttls_pick_address(&a, &aaaa, &s->addr);
	dns_answer_free(&a);
	dns_answer_free(&aaaa);
	if (!s->has_addr) {
		s->tls.reach = TLS_REACH_TCP_FAILED;
		snprintf(s->tls.reach_detail, sizeof(s->tls.reach_detail), "no A or AAAA record");
		s->timed_out = deadline_expired(ctx->deadline);
		return;
	}
	if (guard_check(&s->addr, why, sizeof(why)) < 0) {
		s->refused = true;
		s->tls.reach = TLS_REACH_REFUSED;
		snprintf(s->tls.reach_detail, sizeof(s->tls.reach_detail), "%s", why);
		return;
	}
	o.addr = s->addr;
	/* issue 17: one scan per (MX name, address) per batch, shared by every domain */
	scan_memo_scan(ctx->memo, s->name, &o, &s->tls);
	if (s->tls.reach == TLS_REACH_OK) {
		/* §3.3.6 (mail): _25._tcp.<mx>, usages 0/1 ignored; validated on the served chain */
		dane_lookup(ctx->res, s->name, STARTTLS_PORT, true, ctx->deadline, &s->dane);
		dane_validate(&s->dane, s->tls.cert.chain_pem, ctx->ca_file);
		caa_probe(ctx->res, s->name, ctx->deadline, &s->caa);   /* §3.3.7: each MX name */
	}
	/* §3.10: a scan cut short by the test's time limit is "could not test", and so is
	 * one a rate-limiting server would not let finish (issue 17) */
	s->timed_out = s->tls.incomplete || deadline_expired(ctx->deadline);
}

static void probe_job(void *arg, size_t i)
{
	struct probe_run *p = arg;
	probe_server(p->ctx, &p->f->servers[i]);
}

void starttls_probe(const struct check_ctx *ctx, const char *domain, const struct mx_list *mx,
                    struct starttls_facts *f)
{
	struct probe_run p = { ctx, f };

	memset(f, 0, sizeof(*f));
	snprintf(f->domain, sizeof(f->domain), "%s", domain);
	f->mx_state = mx ? mx->state : MX_NO_MX;
	if (!mx || mx->state != MX_HAS_MX)
		return;
	for (size_t i = 0; i < mx->n && i < MX_MAX; i++)
		snprintf(f->servers[f->n++].name, sizeof(f->servers[0].name), "%s", mx->names[i]);
	/* §3.10: every MX side by side, one connection at a time each */
	parallel_for(f->n, (int)f->n, probe_job, &p);
}

void starttls_facts_free(struct starttls_facts *f)
{
	for (size_t i = 0; i < f->n && i < MX_MAX; i++) {
		tls_scan_facts_release(&f->servers[i].tls);
		dane_facts_free(&f->servers[i].dane);
	}
}
