/* https.c -- web_https (spec §3.3) and web_appsecpriv (§3.4): probe, then rules. */
#include "checks/https.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/csp.h"
#include "checks/servers.h"
#include "checks/tls.h"
#include "core/jsonutil.h"
#include "core/parallel.h"
#include "core/text.h"
#include "net/http.h"
#include "report/catalog.h"

/* §3.3.5: what the HTTP client offers, so that any compression shows */
#define HTTPS_ACCEPT_ENCODING "br, compress, deflate, exi, gzip, pack200-gzip, x-compress, x-gzip, zstd"

/* ------------------------------------------------------------------ helpers */

/* §5.4 value lists: the merged header split on ',' with whitespace trimmed
 * (as internet.nl's get_multiple_values_from_header). */
static json_t *header_values(const char *value)
{
	json_t *list = json_array();
	struct text t;
	size_t start = 0;

	if (!value)
		return list;
	t = (struct text){ value, strlen(value) };
	for (size_t i = 0; i <= t.len; i++) {
		if (txt_at(&t, i) != ',' && txt_at(&t, i) != -1)
			continue;
		size_t b = start, e = i;
		while (b < e && (txt_at(&t, b) == ' ' || txt_at(&t, b) == '\t'))
			b++;
		while (e > b && (txt_at(&t, e - 1) == ' ' || txt_at(&t, e - 1) == '\t'))
			e--;
		json_array_append_new(list, json_stringn(t.s + b, e - b));
		start = i + 1;
	}
	return list;
}

static const char *family_key(const struct netaddr *a)
{
	return a->family == AF_INET6 ? "ipv6" : "ipv4";
}

/* §5.4: webservers.<family of the tested address> */
static json_t *webserver_json(struct report *r, const struct https_server *s)
{
	return json_child(json_child(r->technical, "webservers"), family_key(&s->addr));
}

static bool server_reachable(const struct https_server *s)
{
	return s->tls.reach == TLS_REACH_OK;
}

static const char *redirect_name(enum https_redirect rd)
{
	switch (rd) {
	case HTTPS_REDIRECT_GOOD:
		return "good";
	case HTTPS_REDIRECT_BAD:
		return "bad";
	case HTTPS_REDIRECT_NO_HTTP:
		return "no_http";
	case HTTPS_REDIRECT_NO_HTTPS:
		return "no_https";
	case HTTPS_REDIRECT_NOT_TESTED:
		break;
	}
	return NULL;
}

/* A one-value tech table; servers_merge() puts the server's address in front. */
static json_t *tech_value(const char *text)
{
	return json_pack("[[s]]", text);
}

/* ------------------------------------------------------------------ web_https rules */

/* §3.3.8 https_forced, https_hsts, http_compression of one reachable server. */
static void eval_http(const struct https_server *s, struct report *r, json_t *details)
{
	const char *rd = redirect_name(s->redirect);

	switch (s->redirect) {
	case HTTPS_REDIRECT_GOOD:
		result_set(r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_SUCCESS, "good");
		break;
	case HTTPS_REDIRECT_NO_HTTP:
		/* §3.3.5 step 2: nothing on port 80 is as good as a redirect */
		result_set(r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_SUCCESS, "other");
		break;
	case HTTPS_REDIRECT_NO_HTTPS:
		/* §3.3.8: not tested, 0 points, and not mandatory for the icon (§2.5 step 1) */
		result_set(r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_NOT_TESTED, "no-https");
		r->sub[SUB_WEB_HTTPS_HTTP_REDIRECT].override_mandatory = OVERRIDE_FALSE;
		break;
	case HTTPS_REDIRECT_BAD:
		result_set(r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_FAIL, "bad");
		break;
	case HTTPS_REDIRECT_NOT_TESTED:
		break;
	}
	if (s->redirect != HTTPS_REDIRECT_NOT_TESTED) {
		result_set_points(r, SUB_WEB_HTTPS_HTTP_REDIRECT, s->redirect == HTTPS_REDIRECT_GOOD ||
		                  s->redirect == HTTPS_REDIRECT_NO_HTTP ? 10 : 0);
		result_set_tech(r, SUB_WEB_HTTPS_HTTP_REDIRECT, tech_value(
			s->redirect == HTTPS_REDIRECT_GOOD ? "yes" :
			s->redirect == HTTPS_REDIRECT_NO_HTTP ? "no HTTP on port 80" :
			s->redirect == HTTPS_REDIRECT_NO_HTTPS ? "no HTTPS" : "no"));
	}
	if (details)
		json_object_set_new(details, "https_redirect", rd ? json_string(rd) : json_null());

	/* §3.3.5 HSTS: >= 1 year 10, shorter 2, absent/unparsable 0 */
	switch (s->hsts) {
	case HSTS_GOOD:
		result_set(r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_SUCCESS, "good");
		result_set_points(r, SUB_WEB_HTTPS_HTTP_HSTS, 10);
		break;
	case HSTS_SHORT:
		result_set(r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_FAIL, "other");
		result_set_points(r, SUB_WEB_HTTPS_HTTP_HSTS, 2);
		break;
	case HSTS_BAD:
		result_set(r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_FAIL, "bad");
		result_set_points(r, SUB_WEB_HTTPS_HTTP_HSTS, 0);
		break;
	}
	result_set_tech(r, SUB_WEB_HTTPS_HTTP_HSTS,
	                tech_value(s->hsts_value ? s->hsts_value : s->https_ok ? "none" : "not tested"));
	if (details) {
		/* §8 item 38: hsts is a boolean: present and parsable */
		json_object_set_new(details, "hsts", json_boolean(s->hsts != HSTS_BAD));
		json_object_set_new(details, "hsts_policies", header_values(s->hsts_value));
	}

	/* §3.3.5: Content-Encoding present (or the GET failed) → info/bad, unscored */
	if (s->http_compression)
		result_set(r, SUB_WEB_HTTPS_HTTP_COMPRESS, STATUS_INFO, "bad");
	else
		result_set(r, SUB_WEB_HTTPS_HTTP_COMPRESS, STATUS_SUCCESS, "good");
	result_set_tech(r, SUB_WEB_HTTPS_HTTP_COMPRESS, tech_value(s->http_compression ? "yes" : "no"));
	if (details)
		json_object_set_new(details, "http_compression", json_boolean(s->http_compression));
}

/* §3.3.6 / §3.3.8 dane_exists (OPT) and dane_valid (REC). */
static void eval_dane(const struct https_server *s, struct report *r, json_t *details)
{
	const struct dane_facts *d = &s->dane;
	json_t *records = json_array(), *rows = json_array();

	for (size_t i = 0; i < d->n; i++) {
		json_array_append_new(records, json_string(d->records[i].text));
		json_array_append_new(rows, json_pack("[s]", d->records[i].text));
	}
	if (d->exists) {
		result_set(r, SUB_WEB_HTTPS_DANE_EXIST, STATUS_SUCCESS, "good");
		result_set_tech(r, SUB_WEB_HTTPS_DANE_EXIST, rows);
		rows = NULL;
		if (d->status == DANE_VALIDATED)
			result_set(r, SUB_WEB_HTTPS_DANE_VALID, STATUS_SUCCESS, "good");
		else
			result_set(r, SUB_WEB_HTTPS_DANE_VALID, STATUS_NOTICE, "bad");
		result_set_tech(r, SUB_WEB_HTTPS_DANE_VALID, tech_value(dane_status_name(d->status)));
	} else if (d->status == DANE_NONE_BOGUS) {
		result_set(r, SUB_WEB_HTTPS_DANE_EXIST, STATUS_INFO, "bogus");
	} else {
		result_set(r, SUB_WEB_HTTPS_DANE_EXIST, STATUS_INFO, "bad");
	}
	json_decref(rows);
	if (details) {
		json_object_set_new(details, "dane_status", json_string(dane_status_name(d->status)));
		json_object_set_new(details, "dane_records", records);
	} else {
		json_decref(records);
	}
}

/* One server alone into `tmp` (§2.4: folded into the domain's report by the caller). */
static void eval_server(const struct https_facts *f, const struct https_server *s, struct report *tmp,
                        json_t *details)
{
	tls_evaluate(&s->tls, TLS_RULES_WEB, tmp, details);
	if (!server_reachable(s))
		return;
	eval_http(s, tmp, details);
	/* §3.13: no certificate → CAA and DANE not tested (the cert task did not run) */
	if (s->tls.cert.obtained) {
		eval_dane(s, tmp, details);
		caa_evaluate(&f->caa, SUB_WEB_HTTPS_TLS_CAA, tmp, details);
	}
}

/* §5.3 custom tls_1_3_support (derived, §8 item 40): "no" without servers;
 * "undetermined" if any server is unreachable; else "yes", since web 0-RTT is
 * never "na" (a server without TLS 1.3 is 0-RTT "good", §8 item 21). */
static const char *tls13_support(const struct https_facts *f)
{
	if (f->no_address || f->n == 0)
		return "no";
	for (size_t i = 0; i < f->n; i++)
		if (!server_reachable(&f->servers[i]))
			return "undetermined";
	return "yes";
}

void https_evaluate(const struct https_facts *f, struct report *r)
{
	struct category_result *cat = &r->cat[CAT_WEB_HTTPS];
	struct report *tmp[HTTPS_SERVERS_MAX];
	size_t n_tmp = 0;
	char buf[64];

	cat->implemented = true;
	json_object_set_new(r->custom, "tls_1_3_support", json_string(tls13_support(f)));
	if (f->no_address || f->n == 0) {
		/* §3.3.8: no A/AAAA at all → https_exists failed/bad; the rest not tested */
		result_set(r, SUB_WEB_HTTPS_HTTP_AVAILABLE, STATUS_FAIL, "bad");
		result_set_tech(r, SUB_WEB_HTTPS_HTTP_AVAILABLE,
		                json_pack("[[s,s]]", f->domain, "no (no A or AAAA record)"));
		cat->points = 0;
		return;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct https_server *s = &f->servers[i];
		json_t *ws = webserver_json(r, s);
		json_t *details = json_object();

		tmp[n_tmp] = calloc(1, sizeof(*tmp[n_tmp]));
		if (!tmp[n_tmp]) {
			json_decref(details);
			continue;
		}
		report_init(tmp[n_tmp], TEST_WEB, f->domain);
		eval_server(f, s, tmp[n_tmp], details);
		servers_merge(r, tmp[n_tmp], CAT_WEB_HTTPS, n_tmp == 0, netaddr_str(&s->addr, buf, sizeof(buf)));
		n_tmp++;

		/* §5.4: the TLS block of the tested address's family */
		json_object_set_new(ws, "https_enabled", json_boolean(server_reachable(s)));
		json_object_set_new(ws, "server_reachable",
		                    json_boolean(s->tls.reach != TLS_REACH_TCP_FAILED &&
		                                 s->tls.reach != TLS_REACH_REFUSED));
		json_object_set_new(ws, "tested_address", json_string(netaddr_str(&s->addr, buf, sizeof(buf))));
		if (server_reachable(s))
			json_object_set_new(ws, "details", details);
		else
			json_decref(details);

		if (!server_reachable(s)) {
			/* §2.5 step 5 / §8 item 5: one unreachable address → "unreachable" */
			cat->text_verdict = "unreachable";
			if (s->refused)
				report_warn(r, "not contacting %s (%s): special-purpose address; use --allow-private to test it",
				            buf, f->domain);
		}
	}
	/* §2.4: category points = minimum over servers of their sums */
	cat->points = servers_min_points(r, (const struct report *const *)tmp, n_tmp, CAT_WEB_HTTPS);
	for (size_t i = 0; i < n_tmp; i++) {
		report_release(tmp[i]);
		free(tmp[i]);
	}
}

/* ------------------------------------------------------------------ web_appsecpriv rules */

static json_t *msg_list_csp(const struct csp_result *c)
{
	json_t *list = json_array();
	for (size_t i = 0; i < c->n_failures; i++)
		json_array_append_new(list, json_pack("{s:s, s:{}}", "msgid", c->failures[i], "context"));
	return list;
}

static json_t *sectxt_msgs(const struct sectxt_msg *m, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *ctx = json_object();
		if (m[i].line > 0)
			json_object_set_new(ctx, "line_no", json_integer(m[i].line));
		if (m[i].context[0])
			json_object_set_new(ctx, strcmp(m[i].code, "no_security_txt_other") == 0 ?
			                    "status_code" : "context", json_string(m[i].context));
		json_array_append_new(list, json_pack("{s:s, s:o}", "msgid", m[i].code, "context", ctx));
	}
	return list;
}

/* Table rows of security.txt messages: ["code (line N)", "error"|"recommendation"]. */
static void sectxt_lines(json_t *lines, const char *kind, const struct sectxt_msg *m, size_t n)
{
	char line[700];
	for (size_t i = 0; i < n; i++) {
		if (m[i].line > 0)
			snprintf(line, sizeof(line), "%s (line %d)", m[i].code, m[i].line);
		else if (m[i].context[0])
			snprintf(line, sizeof(line), "%s (%s)", m[i].code, m[i].context);
		else
			snprintf(line, sizeof(line), "%s", m[i].code);
		json_array_append_new(lines, json_pack("[s,s]", line, kind));
	}
}

/* §3.4 table: the five subtests of one server whose HTTPS GET succeeded. */
static void eval_appsecpriv_server(const struct https_facts *f, const struct https_server *s,
                                   struct report *tmp, json_t *details)
{
	struct csp_result csp;
	char msgid[512];
	enum referrer_class rc;
	const struct sectxt_result *st = &s->securitytxt;
	json_t *lines;

	/* X-Frame-Options (OPT) */
	bool xfo = x_frame_options_good(s->x_frame_options);
	result_set(tmp, SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, xfo ? STATUS_SUCCESS : STATUS_INFO,
	           xfo ? "good" : "bad");
	result_set_tech(tmp, SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS,
	                tech_value(s->x_frame_options ? s->x_frame_options : "none"));

	/* X-Content-Type-Options (REC) */
	bool xcto = x_content_type_options_good(s->x_content_type_options);
	result_set(tmp, SUB_WEB_APPSECPRIV_X_CONTENT_TYPE_OPTIONS, xcto ? STATUS_SUCCESS : STATUS_NOTICE,
	           xcto ? "good" : "bad");
	result_set_tech(tmp, SUB_WEB_APPSECPRIV_X_CONTENT_TYPE_OPTIONS,
	                tech_value(s->x_content_type_options ? s->x_content_type_options : "none"));

	/* Content-Security-Policy (REC), §3.4.1 */
	memset(&csp, 0, sizeof(csp));
	csp_evaluate(s->csp, f->domain, &csp);
	result_set(tmp, SUB_WEB_APPSECPRIV_CSP, csp.good ? STATUS_SUCCESS : STATUS_NOTICE,
	           csp.good ? "good" : "bad");
	lines = json_array();
	json_array_append_new(lines, json_pack("[s]", csp.found ? "policy-found" : "no-policy-found"));
	for (size_t i = 0; i < csp.n_failures; i++)
		json_array_append_new(lines, json_pack("[s]", csp.failures[i]));
	result_set_tech(tmp, SUB_WEB_APPSECPRIV_CSP, lines);

	/* Referrer-Policy (REC), §3.4 and §8 item 41 */
	msgid[0] = '\0';
	rc = referrer_policy_evaluate(s->referrer_policy, msgid, sizeof(msgid));
	switch (rc) {
	case REFERRER_GOOD:
		result_set(tmp, SUB_WEB_APPSECPRIV_REFERRER_POLICY, STATUS_SUCCESS, "good");
		break;
	case REFERRER_RECOMMENDATIONS:
		result_set(tmp, SUB_WEB_APPSECPRIV_REFERRER_POLICY, STATUS_INFO, "recommendations");
		break;
	case REFERRER_BAD:
		result_set(tmp, SUB_WEB_APPSECPRIV_REFERRER_POLICY, STATUS_NOTICE, "bad");
		break;
	}
	result_set_tech(tmp, SUB_WEB_APPSECPRIV_REFERRER_POLICY,
	                tech_value(msgid[0] ? msgid : s->referrer_policy ? s->referrer_policy : "none"));

	/* security.txt (REC), §3.4.2 step 5 */
	if (st->found && st->n_errors == 0 && st->n_recommendations == 0)
		result_set(tmp, SUB_WEB_APPSECPRIV_SECURITYTXT, STATUS_SUCCESS, "good");
	else if (!st->found || st->n_errors > 0)
		result_set(tmp, SUB_WEB_APPSECPRIV_SECURITYTXT, STATUS_NOTICE, "bad");
	else
		result_set(tmp, SUB_WEB_APPSECPRIV_SECURITYTXT, STATUS_INFO, "recommendations");
	lines = json_array();
	sectxt_lines(lines, "error", st->errors, st->n_errors);
	sectxt_lines(lines, "recommendation", st->recommendations, st->n_recommendations);
	if (json_array_size(lines) == 0)
		json_array_append_new(lines, json_pack("[s,s]", st->found ? "found" : "not-found",
		                                       st->found ? "good" : "error"));
	result_set_tech(tmp, SUB_WEB_APPSECPRIV_SECURITYTXT, lines);

	if (!details)
		return;
	/* §5.4 security-option keys, in internet.nl's value shapes */
	json_object_set_new(details, "content_security_policy_enabled", json_boolean(csp.good));
	json_object_set_new(details, "content_security_policy_values", header_values(s->csp));
	json_object_set_new(details, "content_security_policy_errors", msg_list_csp(&csp));
	json_object_set_new(details, "referrer_policy_enabled",
	                    json_boolean(s->referrer_policy && rc != REFERRER_BAD));
	json_object_set_new(details, "referrer_policy_values", header_values(s->referrer_policy));
	json_object_set_new(details, "referrer_policy_errors", rc == REFERRER_BAD ?
	                    json_pack("[{s:s, s:{}}]", "msgid", msgid, "context") : json_array());
	json_object_set_new(details, "referrer_policy_recommendations", rc == REFERRER_RECOMMENDATIONS ?
	                    json_pack("[{s:s, s:{}}]", "msgid", msgid, "context") : json_array());
	json_object_set_new(details, "x_content_type_options_enabled", json_boolean(xcto));
	json_object_set_new(details, "x_content_type_options_values", header_values(s->x_content_type_options));
	json_object_set_new(details, "x_frame_options_enabled", json_boolean(xfo));
	json_object_set_new(details, "x_frame_options_values", header_values(s->x_frame_options));
	json_object_set_new(details, "securitytxt_enabled", json_boolean(st->found));
	json_object_set_new(details, "securitytxt_errors", sectxt_msgs(st->errors, st->n_errors));
	json_object_set_new(details, "securitytxt_recommendations",
	                    sectxt_msgs(st->recommendations, st->n_recommendations));
	json_object_set_new(details, "securitytxt_found_host",
	                    st->found_host[0] ? json_string(st->found_host) : json_null());
}

void appsecpriv_evaluate(const struct https_facts *f, struct report *r)
{
	char buf[64];

	r->cat[CAT_WEB_APPSECPRIV].implemented = true;
	for (size_t i = 0; i < f->n; i++) {
		const struct https_server *s = &f->servers[i];
		struct report *tmp = calloc(1, sizeof(*tmp));
		json_t *details = NULL;

		if (!tmp)
			continue;
		report_init(tmp, TEST_WEB, f->domain);
		/* §5.4: the details object exists only for reachable HTTPS servers */
		if (server_reachable(s))
			details = json_object_get(webserver_json(r, s), "details");
		/* §3.4: if the HTTPS GET failed, all five stay not tested */
		if (server_reachable(s) && s->https_ok)
			eval_appsecpriv_server(f, s, tmp, json_is_object(details) ? details : NULL);
		/* README "Target guard": every refused address is named, redirect targets too */
		if (s->securitytxt.refused[0])
			report_warn(r, "security.txt of %s: not following a redirect, %s", f->domain,
			            s->securitytxt.refused);
		servers_merge(r, tmp, CAT_WEB_APPSECPRIV, i == 0, netaddr_str(&s->addr, buf, sizeof(buf)));
		report_release(tmp);
		free(tmp);
	}
}

/* ------------------------------------------------------------------ probe */

struct probe_run {
	const struct check_ctx *ctx;
	struct https_facts *f;
};

/* §3.3.5 one GET https://name/ without redirects: HSTS, compression, headers. */
static void probe_https_get(const struct check_ctx *ctx, const char *domain, struct https_server *s)
{
	char url[300];
	struct http_response resp = {0};
	struct http_request req = {
		.url = url,
		.addr = &s->addr,
		.follow_redirects = false,
		.accept_encoding = HTTPS_ACCEPT_ENCODING,
		.max_body = 64 * 1024,
		.deadline = ctx->deadline,
	};

	snprintf(url, sizeof(url), "https://%s/", domain);
	s->hsts = HSTS_BAD;
	s->hsts_max_age = -1;
	if (http_get(&req, &resp) == 0 && resp.ok) {
		s->https_ok = true;
		s->hsts_value = http_header_merged(&resp, "Strict-Transport-Security");
		s->hsts = hsts_evaluate(s->hsts_value, &s->hsts_max_age);
		s->http_compression = http_header_get(&resp, "Content-Encoding") != NULL;
		s->x_frame_options = http_header_merged(&resp, "X-Frame-Options");
		s->x_content_type_options = http_header_merged(&resp, "X-Content-Type-Options");
		s->csp = http_header_merged(&resp, "Content-Security-Policy");
		s->referrer_policy = http_header_merged(&resp, "Referrer-Policy");
	} else {
		/* §3.3.5: GET failed → HSTS off, compression on */
		s->http_compression = true;
	}
	http_response_free(&resp);
}

/* §3.3.5 HTTPS redirect steps 1-3. */
static void probe_redirect(const struct check_ctx *ctx, const char *domain, struct https_server *s)
{
	char url[300];
	struct http_response resp = {0};
	struct netaddr a80 = s->addr;
	struct http_request req = {
		.url = url,
		.addr = &a80,
		.follow_redirects = false,
		.max_body = 16 * 1024,
		.deadline = ctx->deadline,
	};

	if (!s->https_ok) {
		s->redirect = HTTPS_REDIRECT_NO_HTTPS;
		return;
	}
	a80.port = 80;
	snprintf(url, sizeof(url), "http://%s/", domain);
	if (http_get(&req, &resp) != 0 || !resp.ok) {
		s->redirect = HTTPS_REDIRECT_NO_HTTP;
	} else {
		/* the first redirect target, or the plain response's own (http) URL */
		const char *target = resp.first_location ? resp.first_location : url;
		s->redirect = redirect_target_good(target, domain) ? HTTPS_REDIRECT_GOOD : HTTPS_REDIRECT_BAD;
	}
	http_response_free(&resp);
}

static void probe_server(const struct check_ctx *ctx, const char *domain, struct https_server *s)
{
	char why[160];
	struct tls_scan_opts o = {
		.addr = s->addr,
		.sni = domain,
		.ca_file = ctx->ca_file,
		.max_conns = 0,
		.deadline = ctx->deadline,
		.web = true,
	};

	s->hsts = HSTS_BAD;
	s->hsts_max_age = -1;
	if (guard_check(&s->addr, why, sizeof(why)) < 0) {
		s->refused = true;
		s->tls.reach = TLS_REACH_REFUSED;
		snprintf(s->tls.reach_detail, sizeof(s->tls.reach_detail), "%s", why);
		return;
	}
	tls_scan(&o, &s->tls);
	if (s->tls.reach != TLS_REACH_OK)
		return;
	probe_https_get(ctx, domain, s);
	probe_redirect(ctx, domain, s);
	securitytxt_probe(domain, &s->addr, ctx->deadline, &s->securitytxt);
	/* §3.3.6: TLSA of _443._tcp.<name>, validated against this server's chain */
	dane_lookup(ctx->res, domain, 443, false, ctx->deadline, &s->dane);
	dane_validate(&s->dane, s->tls.cert.chain_pem, ctx->ca_file);
}

static void probe_job(void *arg, size_t i)
{
	struct probe_run *p = arg;

	if (i < p->f->n)
		probe_server(p->ctx, p->f->domain, &p->f->servers[i]);
	else if (i == p->f->n)
		caa_probe(p->ctx->res, p->f->domain, p->ctx->deadline, &p->f->caa);   /* §3.3.7: once */
	else   /* beyond internet.nl (issue 22 item 5): DNS only, beside the servers */
		httpsrr_probe(p->ctx->res, p->f->domain, p->ctx->deadline, &p->f->httpsrr);
}

void https_probe(const struct check_ctx *ctx, const char *domain, struct https_facts *f)
{
	struct dns_answer a = {0}, aaaa = {0};
	struct probe_run p = { ctx, f };

	memset(f, 0, sizeof(*f));
	snprintf(f->domain, sizeof(f->domain), "%s", domain);

	/* §3.3.1: only the first A and the first AAAA, as returned (or of a --resolve
	 * override: the addresses connected to, issue 21) */
	resolver_query_connect(ctx->res, domain, 443, DNS_TYPE_A, RESOLVER_CD, ctx->deadline, &a);
	resolver_query_connect(ctx->res, domain, 443, DNS_TYPE_AAAA, RESOLVER_CD, ctx->deadline, &aaaa);
	for (size_t i = 0; i < a.n; i++) {
		if (a.rr[i].type != DNS_TYPE_A)
			continue;
		f->servers[f->n].addr.family = AF_INET;
		f->servers[f->n].addr.a.v4 = a.rr[i].u.a;
		f->servers[f->n].addr.port = 443;
		f->n++;
		break;
	}
	for (size_t i = 0; i < aaaa.n; i++) {
		if (aaaa.rr[i].type != DNS_TYPE_AAAA)
			continue;
		f->servers[f->n].addr.family = AF_INET6;
		f->servers[f->n].addr.a.v6 = aaaa.rr[i].u.aaaa;
		f->servers[f->n].addr.port = 443;
		f->n++;
		break;
	}
	dns_answer_free(&a);
	dns_answer_free(&aaaa);
	if (f->n == 0) {
		f->no_address = true;
		return;
	}
	/* servers side by side, plus the CAA and the HTTPS record lookups */
	parallel_for(f->n + 2, (int)f->n + 2, probe_job, &p);
}

void https_facts_free(struct https_facts *f)
{
	httpsrr_lookup_free(&f->httpsrr);
	for (size_t i = 0; i < f->n && i < HTTPS_SERVERS_MAX; i++) {
		struct https_server *s = &f->servers[i];
		tls_scan_facts_release(&s->tls);
		free(s->hsts_value);
		free(s->x_frame_options);
		free(s->x_content_type_options);
		free(s->csp);
		free(s->referrer_policy);
		dane_facts_free(&s->dane);
		s->hsts_value = s->x_frame_options = s->x_content_type_options = NULL;
		s->csp = s->referrer_policy = NULL;
	}
}
