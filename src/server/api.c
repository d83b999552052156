/*
 * api.c -- the batch API v2 of `inetcheck serve` (spec §5; issue 18): requests of many
 * domains by HTTP Basic users, their status, cancellation, the results documents of
 * §5.3/§5.4 built once in a background thread, the report metadata of §5.5, and our
 * OpenAPI document (src/server/openapi.yaml, built into the binary).
 *
 * Where spec §5 leaves a detail open, internet.nl's interface/batch is the reference:
 * error messages, the "done" status inside the results documents, progress counting
 * done and error domains, results of a cancelled request refused as "not yet done".
 */
#include "server/server.h"

#include <ctype.h>
#include <idn2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/rand.h>

#include "core/domain.h"
#include "report/catalog.h"
#include "store/store.h"

#define API_VERSION "2.7.0"      /* spec §5: on every JSON reply */
#define API_MAX_DOMAINS 10000    /* per request; the body cap (max_body) limits too */
#define API_BUILD_QUEUE 64       /* requests waiting for their documents */
#define API_PREFIX "/api/batch/"
#define API_V2 "/api/batch/v2/"

/* The OpenAPI document (generated from openapi.yaml by gen-embed.py). */
extern const char api_openapi_yaml[];
extern const size_t api_openapi_yaml_len;

/* ---- state: the report builder thread and the metadata document ---- */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool started;
	atomic_bool stop;
	char *db;
	char *public_url;                 /* without a trailing '/' */
	char queue[API_BUILD_QUEUE][33];  /* request ids waiting, oldest first */
	size_t queued;
	char building[33];                /* the one being built, "" when none */
	char *metadata;                   /* the §5.5 reply, built once */
	size_t metadata_len;
} api = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

/* ---- replies ---- */

static int api_error(struct srv_req *rq, unsigned status, const char *label, const char *msg)
{
	return srv_reply_json(rq, status, json_pack("{s:{s:s, s:s}, s:s}", "error", "label", label,
	                                            "msg", msg, "api_version", API_VERSION));
}

static int bad_request(struct srv_req *rq, const char *msg)
{
	return api_error(rq, 400, "bad-request", msg);
}

static int server_error(struct srv_req *rq, const char *msg)
{
	return api_error(rq, 500, "server-error",
	                 msg ? msg : "General server error. Please report this if it keeps happening");
}

static int unknown_request(struct srv_req *rq)
{
	return api_error(rq, 404, "unknown-request", "This request_id does not exist for the user.");
}

static int invalid_url(struct srv_req *rq)
{
	return api_error(rq, 400, "invalid-url",
	                 "Make sure you are using a valid URL and the current batch API version (2)");
}

static int not_allowed(struct srv_req *rq, const char *allow)
{
	srv_add_header(rq, "Allow", allow);
	return api_error(rq, 405, "bad-request", "This method is not allowed on this URL.");
}

/* 200 with `doc` and api_version added (spec §5). */
static int api_reply(struct srv_req *rq, json_t *doc)
{
	if (!doc)
		return server_error(rq, NULL);
	json_object_set_new(doc, "api_version", json_string(API_VERSION));
	return srv_reply_json(rq, 200, doc);
}

/* ---- the Request object (spec §5.1) ---- */

/* ISO 8601 in UTC as internet.nl writes it (Python's isoformat():
 * "2026-12-05T13:00:00.123000+00:00", no fraction when it is zero); null for 0. */
static json_t *iso_date(int64_t ms)
{
	if (ms <= 0)
		return json_null();
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char buf[64];
	gmtime_r(&t, &tm);
	size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	int us = (int)(ms % 1000) * 1000;
	if (us)
		snprintf(buf + n, sizeof buf - n, ".%06d+00:00", us);
	else
		snprintf(buf + n, sizeof buf - n, "+00:00");
	return json_string(buf);
}

/* The API status of a request row: done without both documents is "generating". */
static const char *api_status(const struct store_request *r)
{
	if (!strcmp(r->status, "done"))
		return r->reports ? "done" : "generating";
	if (!strcmp(r->status, "running") || !strcmp(r->status, "live"))
		return "running";
	if (!strcmp(r->status, "registering") || !strcmp(r->status, "cancelled"))
		return r->status;
	return "error";
}

static json_t *request_json(const struct store_request *r)
{
	return json_pack("{s:s, s:o, s:o, s:s, s:s, s:s}", "name", r->name, "submit_date",
	                 iso_date(r->created), "finished_date", iso_date(r->finished),
	                 "request_type", r->test, "status", api_status(r), "request_id", r->rid);
}

static int count_finished(void *arg, const char *domain, const char *state,
                          const struct store_row *row)
{
	(void)domain;
	(void)row;
	if (!strcmp(state, "done") || !strcmp(state, "error"))
		(*(int *)arg)++;
	return 0;
}

/* ?progress=true: "done/total" and num_domains. internet.nl counts done and error
 * domains; the store's count also has cancelled ones, so a cancelled request is
 * counted again. -1 on a store error. */
static int add_progress(struct store *st, const struct store_request *r, json_t *obj,
                        struct error *err)
{
	int finished = r->finished_jobs;
	if (!strcmp(r->status, "cancelled")) {
		finished = 0;
		if (store_request_jobs(st, r->id, false, count_finished, &finished, err) < 0)
			return -1;
	}
	char progress[48];
	snprintf(progress, sizeof progress, "%d/%d", finished, r->total);
	json_object_set_new(obj, "progress", json_string(progress));
	json_object_set_new(obj, "num_domains", json_integer(r->total));
	return 0;
}

static bool want_progress(struct srv_req *rq)
{
	const char *p = srv_query(rq, "progress");
	return p && !strcasecmp(p, "true");
}

/* ---- the results documents (spec §5.3, §5.4), built in the background ---- */

/* Ask for the documents of request `rid` (done, without them yet): queued once. */
static void build_request(const char *rid)
{
	pthread_mutex_lock(&api.lock);
	bool known = api.started && !strcmp(api.building, rid);
	for (size_t i = 0; i < api.queued && !known; i++)
		known = !strcmp(api.queue[i], rid);
	if (api.started && !known && api.queued < API_BUILD_QUEUE) {
		snprintf(api.queue[api.queued++], sizeof api.queue[0], "%s", rid);
		pthread_cond_signal(&api.wake);
	}
	pthread_mutex_unlock(&api.lock);
}

struct build {
	FILE *results, *technical;
	const char *test;
	bool first;
};

/* `key` (an A-label) as its U-label (spec §5.3: keys are U-labels), JSON-quoted. */
static void write_key(FILE *out, const char *domain)
{
	char *u = NULL;
	json_t *key = NULL;
	if (idn2_to_unicode_8z8z(domain, &u, 0) == IDN2_OK && u)
		key = json_string(u);
	if (!key)
		key = json_string(domain);
	json_dumpf(key, out, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(key);
	idn2_free(u);
}

/* One domain of both documents, from its stored --json document. */
static int build_domain(void *arg, const char *domain, const char *state,
                        const struct store_row *row)
{
	struct build *b = arg;
	if (atomic_load(&api.stop))
		return -1;
	json_t *doc = NULL, *res = NULL, *tech = NULL;
	if (row && !strcmp(state, "done") && !strcmp(row->status, "ok") && row->doc)
		doc = json_loads(row->doc, 0, NULL);
	if (doc && json_is_object(doc)) {
		char url[1024];
		snprintf(url, sizeof url, "%s/%s/%s/%lld/", api.public_url,
		         !strcmp(b->test, "mail") ? "mail" : "site", domain, (long long)row->id);
		json_t *scoring = json_object_get(doc, "scoring");
		json_t *pct = scoring ? json_object_get(scoring, "percentage") : NULL;
		json_t *results = json_object_get(doc, "results");
		json_t *pct_value = pct ? json_incref(pct) : json_integer(row->percentage);
		res = json_pack("{s:s, s:{s:s}, s:{s:o}, s:O*}", "status", "ok", "report", "url", url,
		                "scoring", "percentage", pct_value, "results", results);
		/* §5.4: the technical details beside "status", as internet.nl merges them */
		tech = json_pack("{s:s}", "status", "ok");
		json_t *technical = json_object_get(doc, "technical");
		if (tech && json_is_object(technical))
			json_object_update(tech, technical);
	}
	if (!res || !tech) {   /* an error, or not done: §5.3 "error → no other keys" */
		json_decref(res);
		json_decref(tech);
		res = json_pack("{s:s}", "status", "error");
		tech = json_pack("{s:s}", "status", "error");
	}
	json_decref(doc);
	if (!b->first) {
		fputc(',', b->results);
		fputc(',', b->technical);
	}
	b->first = false;
	write_key(b->results, domain);
	fputc(':', b->results);
	json_dumpf(res, b->results, JSON_COMPACT);
	write_key(b->technical, domain);
	fputc(':', b->technical);
	json_dumpf(tech, b->technical, JSON_COMPACT);
	json_decref(res);
	json_decref(tech);
	return 0;
}

/* Build and store both documents of request `rid`, streaming: one domain's JSON at
 * a time, so 10 000 domains never sit in memory as objects. */
static void build_reports(struct store *st, const char *rid)
{
	struct error err = { "" };
	struct store_request r;
	char *res_buf = NULL, *tech_buf = NULL;
	size_t res_len = 0, tech_len = 0;
	struct build b = { NULL, NULL, NULL, true };
	int found = store_request_find(st, rid, NULL, &r, &err);
	if (found != 1) {
		if (found < 0)
			fprintf(stderr, "inetcheck serve: results of %s: %s\n", rid, err.msg);
		return;
	}
	if (strcmp(r.status, "done") || r.reports)
		return;
	b.test = r.test;
	b.results = open_memstream(&res_buf, &res_len);
	b.technical = open_memstream(&tech_buf, &tech_len);
	json_t *req = request_json(&r);
	if (!b.results || !b.technical || !req)
		goto out;
	/* internet.nl writes "done" into the documents while the request still shows
	 * "generating": they are served only once it is done */
	json_object_set_new(req, "status", json_string("done"));
	char *req_text = json_dumps(req, JSON_COMPACT);
	if (!req_text)
		goto out;
	fprintf(b.results, "{\"api_version\":\"%s\",\"request\":%s,\"domains\":{", API_VERSION,
	        req_text);
	fprintf(b.technical, "{\"api_version\":\"%s\",\"request\":%s,\"domains\":{", API_VERSION,
	        req_text);
	free(req_text);
	if (store_request_jobs(st, r.id, true, build_domain, &b, &err) < 0) {
		if (!atomic_load(&api.stop))
			fprintf(stderr, "inetcheck serve: results of %s: %s\n", rid, err.msg);
		goto out;
	}
	fputs("}}", b.results);
	fputs("}}", b.technical);
	bool ok = !ferror(b.results) && !ferror(b.technical);
	ok = fclose(b.results) == 0 && ok;
	ok = fclose(b.technical) == 0 && ok;
	b.results = b.technical = NULL;
	if (!ok) {
		fprintf(stderr, "inetcheck serve: results of %s: out of memory\n", rid);
		goto out;
	}
	/* results first: "done" needs both, so a stop in between rebuilds both */
	if (store_report_put(st, r.id, "results", res_buf, &err) < 0 ||
	    store_report_put(st, r.id, "technical", tech_buf, &err) < 0)
		fprintf(stderr, "inetcheck serve: results of %s: %s\n", rid, err.msg);
out:
	json_decref(req);
	if (b.results)
		fclose(b.results);
	if (b.technical)
		fclose(b.technical);
	free(res_buf);
	free(tech_buf);
}

static void *builder_main(void *arg)
{
	(void)arg;
	struct store *st = NULL;
	pthread_mutex_lock(&api.lock);
	for (;;) {
		while (!atomic_load(&api.stop) && api.queued == 0)
			pthread_cond_wait(&api.wake, &api.lock);
		if (atomic_load(&api.stop))
			break;
		snprintf(api.building, sizeof api.building, "%s", api.queue[0]);
		memmove(api.queue[0], api.queue[1], (api.queued - 1) * sizeof api.queue[0]);
		api.queued--;
		char rid[33];
		memcpy(rid, api.building, sizeof rid);
		pthread_mutex_unlock(&api.lock);
		if (!st) {
			struct error err = { "" };
			st = store_open(api.db, &err);
			if (!st)
				fprintf(stderr, "inetcheck serve: results: %s\n", err.msg);
		}
		if (st)
			build_reports(st, rid);
		pthread_mutex_lock(&api.lock);
		api.building[0] = '\0';
	}
	pthread_mutex_unlock(&api.lock);
	if (st)
		store_close(st);
	return NULL;
}

/* ---- /metadata/report (spec §5.5) ---- */

/* The report hierarchy: category → section → test, with internet.nl's translation
 * keys (interface/batch REPORT_METADATA_*_MAP). A NULL section: the test is a direct
 * child of its category (web DNSSEC has no sections). Every catalog subtest has a row
 * (checked by api_init). */
static const struct meta_row {
	enum category_id cat;
	const char *section, *section_key;
	const char *test, *key;
} meta_rows[] = {
	{ CAT_WEB_IPV6, "web_ipv6_nameservers", "domain-mail ipv6 name-servers", "web_ipv6_ns_address", "web-mail ipv6 ns-AAAA" },
	{ CAT_WEB_IPV6, "web_ipv6_nameservers", "domain-mail ipv6 name-servers", "web_ipv6_ns_reach", "web-mail ipv6 ns-reach" },
	{ CAT_WEB_IPV6, "web_ipv6_webserver", "domain ipv6 web-server", "web_ipv6_ws_address", "web ipv6 web-AAAA" },
	{ CAT_WEB_IPV6, "web_ipv6_webserver", "domain ipv6 web-server", "web_ipv6_ws_reach", "web ipv6 web-reach" },
	{ CAT_WEB_IPV6, "web_ipv6_webserver", "domain ipv6 web-server", "web_ipv6_ws_similar", "web ipv6 web-ipv46" },
	{ CAT_WEB_DNSSEC, NULL, NULL, "web_dnssec_exist", "web dnnsec exists" },
	{ CAT_WEB_DNSSEC, NULL, NULL, "web_dnssec_valid", "web dnnsec valid" },
	{ CAT_WEB_HTTPS, "web_https_http", "domain tls https", "web_https_http_available", "web tls https-exists" },
	{ CAT_WEB_HTTPS, "web_https_http", "domain tls https", "web_https_http_redirect", "web tls https-forced" },
	{ CAT_WEB_HTTPS, "web_https_http", "domain tls https", "web_https_http_compress", "web tls http-compression" },
	{ CAT_WEB_HTTPS, "web_https_http", "domain tls https", "web_https_http_hsts", "web tls https-hsts" },
	{ CAT_WEB_HTTPS, "web_https_tls", "domain tls tls", "web_https_tls_version", "web tls version" },
	{ CAT_WEB_HTTPS, "web_https_tls", "domain tls tls", "web_https_tls_ciphers", "web tls ciphers" },
	{ CAT_WEB_HTTPS, "web_https_tls", "domain tls tls", "web_https_tls_cipherorder", "web tls cipher-order" },
	{ CAT_WEB_HTTPS, "web_https_tls", "domain tls tls", "web_https_tls_keyexchange", "web tls fs-params" },
	{ CAT_WEB_HTTPS, "web_https_tls", "domain tls tls", "web_https_tls_keyexchangehash", "web tls kex-hash-func" },
	{ CAT_WEB_HTTPS, "web_https_tls", "domain tls tls", "web_https_tls_compress", "web tls compression" },
	{ CAT_WEB_HTTPS, "web_https_tls", "domain tls tls", "web_https_tls_secreneg", "web tls renegotiation-secure" },
	{ CAT_WEB_HTTPS, "web_https_tls", "domain tls tls", "web_https_tls_clientreneg", "web tls renegotiation-client" },
	{ CAT_WEB_HTTPS, "web_https_tls", "domain tls tls", "web_https_tls_0rtt", "web tls zero-rtt" },
	{ CAT_WEB_HTTPS, "web_https_tls", "domain tls tls", "web_https_tls_ocsp", "web tls ocsp-stapling" },
	{ CAT_WEB_HTTPS, "web_https_tls", "domain tls tls", "web_https_tls_extendedmastersecret", "web tls extended-master-secret" },
	{ CAT_WEB_HTTPS, "web_https_certificate", "domain-mail tls certificate", "web_https_cert_chain", "web tls cert-trust" },
	{ CAT_WEB_HTTPS, "web_https_certificate", "domain-mail tls certificate", "web_https_cert_pubkey", "web tls cert-pubkey" },
	{ CAT_WEB_HTTPS, "web_https_certificate", "domain-mail tls certificate", "web_https_cert_sig", "web tls cert-signature" },
	{ CAT_WEB_HTTPS, "web_https_certificate", "domain-mail tls certificate", "web_https_cert_domain", "web tls cert-hostmatch" },
	{ CAT_WEB_HTTPS, "web_https_certificate", "domain-mail tls certificate", "web_https_tls_caa", "web tls caa" },
	{ CAT_WEB_HTTPS, "web_https_dane", "domain-mail tls dane", "web_https_dane_exist", "web tls dane-exists" },
	{ CAT_WEB_HTTPS, "web_https_dane", "domain-mail tls dane", "web_https_dane_valid", "web tls dane-valid" },
	{ CAT_WEB_APPSECPRIV, "web_appsecpriv_http_headers", "domain appsecpriv http-headers", "web_appsecpriv_x_frame_options", "web appsecpriv http-x-frame" },
	{ CAT_WEB_APPSECPRIV, "web_appsecpriv_http_headers", "domain appsecpriv http-headers", "web_appsecpriv_x_content_type_options", "web appsecpriv http-x-content" },
	{ CAT_WEB_APPSECPRIV, "web_appsecpriv_http_headers", "domain appsecpriv http-headers", "web_appsecpriv_csp", "web appsecpriv http-csp" },
	{ CAT_WEB_APPSECPRIV, "web_appsecpriv_http_headers", "domain appsecpriv http-headers", "web_appsecpriv_referrer_policy", "web appsecpriv http-referrer-policy" },
	{ CAT_WEB_APPSECPRIV, "web_appsecpriv_http_headers", "domain appsecpriv http-headers", "web_appsecpriv_securitytxt", "web appsecpriv http-securitytxt" },
	{ CAT_WEB_RPKI, "web_rpki", "domain rpki web-server", "web_rpki_exists", "web rpki exists" },
	{ CAT_WEB_RPKI, "web_rpki", "domain rpki web-server", "web_rpki_valid", "web rpki valid" },
	{ CAT_WEB_RPKI, "web_ns_rpki", "domain-mail rpki name-servers", "web_ns_rpki_exists", "web-mail rpki ns-exists" },
	{ CAT_WEB_RPKI, "web_ns_rpki", "domain-mail rpki name-servers", "web_ns_rpki_valid", "web-mail rpki ns-valid" },
	{ CAT_MAIL_IPV6, "mail_ipv6_nameservers", "domain-mail ipv6 name-servers", "mail_ipv6_ns_address", "web-mail ipv6 ns-AAAA" },
	{ CAT_MAIL_IPV6, "mail_ipv6_nameservers", "domain-mail ipv6 name-servers", "mail_ipv6_ns_reach", "web-mail ipv6 ns-reach" },
	{ CAT_MAIL_IPV6, "mail_ipv6_mailserver", "mail ipv6 mail-servers", "mail_ipv6_mx_address", "mail ipv6 mx-AAAA" },
	{ CAT_MAIL_IPV6, "mail_ipv6_mailserver", "mail ipv6 mail-servers", "mail_ipv6_mx_reach", "mail ipv6 mx-reach" },
	{ CAT_MAIL_DNSSEC, "mail_dnssec_domain", "mail dnssec domain", "mail_dnssec_mailto_exist", "mail dnnsec exists" },
	{ CAT_MAIL_DNSSEC, "mail_dnssec_domain", "mail dnssec domain", "mail_dnssec_mailto_valid", "mail dnnsec valid" },
	{ CAT_MAIL_DNSSEC, "mail_dnssec_mailservers", "mail dnssec mail-servers", "mail_dnssec_mx_exist", "mail dnnsec mx-exists" },
	{ CAT_MAIL_DNSSEC, "mail_dnssec_mailservers", "mail dnssec mail-servers", "mail_dnssec_mx_valid", "mail dnnsec mx-valid" },
	{ CAT_MAIL_AUTH, "mail_auth_dmarc", "mail auth dmarc", "mail_auth_dmarc_exist", "mail auth dmarc" },
	{ CAT_MAIL_AUTH, "mail_auth_dmarc", "mail auth dmarc", "mail_auth_dmarc_policy", "mail auth dmarc-policy" },
	{ CAT_MAIL_AUTH, "mail_auth_dkim", "mail auth dkim", "mail_auth_dkim_exist", "mail auth dkim" },
	{ CAT_MAIL_AUTH, "mail_auth_spf", "mail auth spf", "mail_auth_spf_exist", "mail auth spf" },
	{ CAT_MAIL_AUTH, "mail_auth_spf", "mail auth spf", "mail_auth_spf_policy", "mail auth spf-policy" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_tls", "mail tls starttls", "mail_starttls_tls_available", "mail tls starttls-exists" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_tls", "mail tls starttls", "mail_starttls_tls_version", "mail tls version" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_tls", "mail tls starttls", "mail_starttls_tls_ciphers", "mail tls ciphers" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_tls", "mail tls starttls", "mail_starttls_tls_cipherorder", "mail tls cipher-order" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_tls", "mail tls starttls", "mail_starttls_tls_keyexchange", "mail tls fs-params" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_tls", "mail tls starttls", "mail_starttls_tls_keyexchangehash", "mail tls kex-hash-func" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_tls", "mail tls starttls", "mail_starttls_tls_compress", "mail tls compression" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_tls", "mail tls starttls", "mail_starttls_tls_secreneg", "mail tls renegotiation-secure" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_tls", "mail tls starttls", "mail_starttls_tls_clientreneg", "mail tls renegotiation-client" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_tls", "mail tls starttls", "mail_starttls_tls_0rtt", "mail tls zero-rtt" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_tls", "mail tls starttls", "mail_starttls_tls_extendedmastersecret", "mail tls extended-master-secret" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_certificate", "domain-mail tls certificate", "mail_starttls_cert_chain", "mail tls cert-trust" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_certificate", "domain-mail tls certificate", "mail_starttls_cert_pubkey", "mail tls cert-pubkey" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_certificate", "domain-mail tls certificate", "mail_starttls_cert_sig", "mail tls cert-signature" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_certificate", "domain-mail tls certificate", "mail_starttls_cert_domain", "mail tls cert-hostmatch" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_certificate", "domain-mail tls certificate", "mail_starttls_tls_caa", "mail tls caa" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_dane", "domain-mail tls dane", "mail_starttls_dane_exist", "mail tls dane-exists" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_dane", "domain-mail tls dane", "mail_starttls_dane_valid", "mail tls dane-valid" },
	{ CAT_MAIL_STARTTLS, "mail_starttls_dane", "domain-mail tls dane", "mail_starttls_dane_rollover", "mail tls dane-rollover" },
	{ CAT_MAIL_RPKI, "mail_rpki", "mail rpki mail-servers", "mail_rpki_exists", "mail rpki exists" },
	{ CAT_MAIL_RPKI, "mail_rpki", "mail rpki mail-servers", "mail_rpki_valid", "mail rpki valid" },
	{ CAT_MAIL_RPKI, "mail_ns_rpki", "domain-mail rpki name-servers", "mail_ns_rpki_exists", "web-mail rpki ns-exists" },
	{ CAT_MAIL_RPKI, "mail_ns_rpki", "domain-mail rpki name-servers", "mail_ns_rpki_valid", "web-mail rpki ns-valid" },
	{ CAT_MAIL_RPKI, "mail_mx_ns_rpki", "domain-mail rpki mx-name-servers", "mail_mx_ns_rpki_exists", "mail rpki mx-ns-exists" },
	{ CAT_MAIL_RPKI, "mail_mx_ns_rpki", "domain-mail rpki mx-name-servers", "mail_mx_ns_rpki_valid", "mail rpki mx-ns-valid" },
};

static const char *const category_keys[CAT_COUNT] = {
	[CAT_WEB_IPV6] = "siteipv6", [CAT_WEB_DNSSEC] = "sitednssec", [CAT_WEB_HTTPS] = "sitetls",
	[CAT_WEB_APPSECPRIV] = "siteappsecpriv", [CAT_WEB_RPKI] = "siterpki",
	[CAT_MAIL_IPV6] = "mailipv6", [CAT_MAIL_DNSSEC] = "maildnssec", [CAT_MAIL_AUTH] = "mailauth",
	[CAT_MAIL_STARTTLS] = "mailtls", [CAT_MAIL_RPKI] = "mailrpki",
};

/* The status a verdict token goes with (§5.5 status_verdict_map). The catalog lists
 * the tokens, not their statuses: "good" and "na" pass, "phase-out" warns, a test
 * that could not run is not tested, anything else is the subtest's requirement level
 * (§2.2: failed, warning or info). */
static const char *verdict_status(const struct catalog_subtest *s, const char *token)
{
	if (!strcmp(token, "good") || !strcmp(token, "na"))
		return "passed";
	if (!strcmp(token, "phase-out"))
		return "warning";
	if (!strcmp(token, "could-not-test") || !strncmp(token, "na-", 3) ||
	    !strcmp(token, "not-tested"))
		return "not_tested";
	return status_api_name(s->worst);
}

static json_t *status_verdict_map(const struct catalog_subtest *s)
{
	json_t *map = json_object();
	char tokens[256], *save = NULL;
	snprintf(tokens, sizeof tokens, "%s", s->verdicts ? s->verdicts : "");
	for (char *t = strtok_r(tokens, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		const char *st = verdict_status(s, t);
		json_t *list = json_object_get(map, st);
		if (!list) {
			list = json_array();
			json_object_set_new(map, st, list);
		}
		/* §2.6: the two generic keys are given whole */
		json_array_append_new(list, json_string(!strcmp(t, "could-not-test")
		                                        ? "detail verdict could-not-test" : t));
	}
	json_t *nt = json_object_get(map, "not_tested");
	if (!nt) {
		nt = json_array();
		json_object_set_new(map, "not_tested", nt);
	}
	json_array_append_new(nt, json_string("detail verdict not-tested"));
	return map;
}

static json_t *hierarchy_of(enum test_kind kind, json_t *data)
{
	json_t *list = json_array();
	enum category_id cats[5];
	size_t ncat = catalog_categories_of(kind, cats);
	for (size_t c = 0; c < ncat; c++) {
		const struct catalog_category *cat = catalog_category(cats[c]);
		json_t *children = json_array(), *section_children = NULL;
		const char *section = NULL;
		for (size_t i = 0; i < sizeof meta_rows / sizeof meta_rows[0]; i++) {
			const struct meta_row *m = &meta_rows[i];
			if (m->cat != cats[c])
				continue;
			const struct catalog_subtest *s = catalog_find_subtest(m->test);
			if (!s)
				continue;
			json_t *test = json_pack("{s:s}", "name", m->test);
			json_object_set_new(data, m->test,
			                    json_pack("{s:s, s:s, s:o}", "type", "test", "translation_key",
			                              m->key, "status_verdict_map", status_verdict_map(s)));
			if (!m->section) {
				json_array_append_new(children, test);
				continue;
			}
			if (!section || strcmp(section, m->section)) {
				section = m->section;
				section_children = json_array();
				json_array_append_new(children, json_pack("{s:s, s:o}", "name", m->section,
				                                          "children", section_children));
				/* a section named as its category (web_rpki, mail_rpki) keeps the
				 * category's entry in `data` */
				if (!json_object_get(data, m->section) && strcmp(m->section, cat->api_name))
					json_object_set_new(data, m->section,
					                    json_pack("{s:s, s:s}", "type", "section",
					                              "translation_key", m->section_key));
			}
			json_array_append_new(section_children, test);
		}
		json_object_set_new(data, cat->api_name,
		                    json_pack("{s:s, s:s}", "type", "category", "translation_key",
		                              category_keys[cats[c]]));
		json_array_append_new(list, json_pack("{s:s, s:o}", "name", cat->api_name,
		                                      "children", children));
	}
	return list;
}

/* The §5.5 reply as text; checks that every catalog subtest has its row. */
static char *metadata_build(struct error *err)
{
	for (int id = 0; id < SUB_COUNT; id++) {
		const struct catalog_subtest *s = catalog_subtest((enum subtest_id)id);
		bool found = false;
		if (!catalog_in_batch_api((enum subtest_id)id))
			continue;
		for (size_t i = 0; i < sizeof meta_rows / sizeof meta_rows[0] && !found; i++)
			found = !strcmp(meta_rows[i].test, s->api_name) && meta_rows[i].cat == s->category;
		if (!found) {
			error_set(err, "batch API metadata: subtest %s has no section", s->api_name);
			return NULL;
		}
	}
	json_t *data = json_object();
	json_t *web = hierarchy_of(TEST_WEB, data), *mail = hierarchy_of(TEST_MAIL, data);
	json_t *doc = json_pack("{s:{s:o, s:{s:o, s:o}}, s:s}", "report", "data", data, "hierarchy",
	                        "web", web, "mail", mail, "api_version", API_VERSION);
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (!text)
		error_set(err, "batch API metadata: out of memory");
	return text;
}

/* ---- the endpoints (spec §5.1) ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A uniform index below n (n > 0), from OpenSSL's generator. */
static size_t random_below(size_t n)
{
	uint64_t r = 0;
	if (RAND_bytes((unsigned char *)&r, sizeof r) != 1)
		r = (uint64_t)random();
	return (size_t)(r % n);
}

/* `s` cut to at most `max` bytes without splitting a UTF-8 sequence. */
static void utf8_cut(char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	s[n] = '\0';
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* POST /requests: register a request (spec §5.1, §5.2). */
static int post_requests(struct srv_req *rq, const char *user)
{
	size_t len = 0;
	const char *body = srv_body(rq, &len);
	json_t *in = body ? json_loadb(body, len, 0, NULL) : NULL;
	char **list = NULL;
	size_t n = 0;
	int rc;
	if (!in || !json_is_object(in)) {
		rc = bad_request(rq, "Problem parsing json. Did you supply a 'type' and 'domains'?");
		goto out;
	}
	json_t *type = json_object_get(in, "type"), *domains = json_object_get(in, "domains");
	json_t *jname = json_object_get(in, "name");
	if (!json_is_string(type) || !*json_string_value(type)) {
		rc = bad_request(rq, "'type' is missing from the request.");
		goto out;
	}
	if (!json_is_array(domains) || json_array_size(domains) == 0) {
		rc = bad_request(rq, "'domains' is missing from the request.");
		goto out;
	}
	const char *test = NULL;
	if (!strcasecmp(json_string_value(type), "web"))
		test = "web";
	else if (!strcasecmp(json_string_value(type), "mail"))
		test = "mail";
	else {
		rc = bad_request(rq, "'type' is not one of the expected values.");
		goto out;
	}
	if (jname && !json_is_string(jname)) {
		rc = bad_request(rq, "'name' is not a string.");
		goto out;
	}
	if (json_array_size(domains) > API_MAX_DOMAINS) {
		char msg[96];
		snprintf(msg, sizeof msg, "Too many domains: at most %d in one request.",
		         API_MAX_DOMAINS);
		rc = bad_request(rq, msg);
		goto out;
	}
	char name[256];
	snprintf(name, sizeof name, "%s", jname ? json_string_value(jname) : "no-name");
	utf8_cut(name, sizeof name - 1);

	/* §5.2: each entry stripped and validated as for a single test (URL → host,
	 * IDNA A-label, the domain regex); invalid ones are dropped without a word */
	list = calloc(json_array_size(domains), sizeof *list);
	if (!list) {
		rc = server_error(rq, "Problem parsing domains.");
		goto out;
	}
	size_t i;
	json_t *d;
	json_array_foreach(domains, i, d) {
		char norm[256];
		if (!json_is_string(d) ||
		    domain_normalise(json_string_value(d), !strcmp(test, "mail"), norm, sizeof norm,
		                     NULL) < 0)
			continue;
		if (!(list[n] = strdup(norm))) {
			rc = server_error(rq, "Problem parsing domains.");
			goto out;
		}
		n++;
	}
	/* de-duplicated, sorted, then shuffled: a cheap way not to test the same servers
	 * at the same moment (§5.2) */
	if (n > 1)
		qsort(list, n, sizeof *list, cmp_str);
	size_t kept = 0;
	for (i = 0; i < n; i++) {
		if (kept && !strcmp(list[kept - 1], list[i])) {
			free(list[i]);
			continue;
		}
		list[kept++] = list[i];
	}
	n = kept;
	for (i = n; i > 1; i--) {
		size_t j = random_below(i);
		char *t = list[i - 1];
		list[i - 1] = list[j];
		list[j] = t;
	}
	struct store_request r;
	struct error err = { "" };
	if (store_request_create(srv_store(rq), STORE_API, user, test, name,
	                         (const char *const *)list, n, &r, &err) < 0) {
		fprintf(stderr, "inetcheck serve: new request of %s: %s\n", user, err.msg);
		rc = server_error(rq, "Problem registering the request.");
		goto out;
	}
	srv_poke(rq);
	rc = api_reply(rq, json_pack("{s:o}", "request", request_json(&r)));
out:
	free_list(list, n);
	json_decref(in);
	return rc;
}

struct list_ctx {
	struct store_request *rows;
	size_t n, cap;
};

static int collect_request(void *arg, const struct store_request *r)
{
	struct list_ctx *l = arg;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct store_request *grown = realloc(l->rows, cap * sizeof *grown);
		if (!grown)
			return -1;
		l->rows = grown;
		l->cap = cap;
	}
	l->rows[l->n++] = *r;
	return 0;
}

/* GET /requests: the user's requests, newest first (?limit, default 10, 0 = all). */
static int get_requests(struct srv_req *rq, const char *user)
{
	int limit = 10;
	const char *q = srv_query(rq, "limit");
	if (q) {
		char *end;
		long v = strtol(q, &end, 10);
		if (!*q || *end || v < 0 || v > 1000000)
			return bad_request(rq, "'limit' is not a non-negative integer.");
		limit = (int)v;
	}
	bool progress = want_progress(rq);
	struct store *st = srv_store(rq);
	struct list_ctx l = { NULL, 0, 0 };
	struct error err = { "" };
	if (store_request_list(st, user, limit, collect_request, &l, &err) < 0) {
		free(l.rows);
		fprintf(stderr, "inetcheck serve: requests of %s: %s\n", user, err.msg);
		return server_error(rq, NULL);
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < l.n; i++) {
		json_t *o = request_json(&l.rows[i]);
		if (progress && o && add_progress(st, &l.rows[i], o, &err) < 0) {
			json_decref(o);
			json_decref(arr);
			free(l.rows);
			return server_error(rq, NULL);
		}
		json_array_append_new(arr, o);
		/* a done request seen without its documents gets them built (its status
		 * would otherwise stay "generating" for a client that only lists) */
		if (!strcmp(l.rows[i].status, "done") && !l.rows[i].reports)
			build_request(l.rows[i].rid);
	}
	free(l.rows);
	return api_reply(rq, json_pack("{s:o}", "requests", arr));
}

/* The request of the user: 1, or the reply already made (404 / 500) with rc. */
static int find_request(struct srv_req *rq, const char *rid, const char *user,
                        struct store_request *r, int *rc)
{
	struct error err = { "" };
	int found = store_request_find(srv_store(rq), rid, user, r, &err);
	if (found == 1)
		return 1;
	if (found < 0) {
		fprintf(stderr, "inetcheck serve: request %s: %s\n", rid, err.msg);
		*rc = server_error(rq, NULL);
	} else {
		*rc = unknown_request(rq);
	}
	return 0;
}

/* GET /requests/{id}: a done request without its documents starts their building. */
static int get_request(struct srv_req *rq, const char *rid, const char *user)
{
	struct store_request r;
	int rc;
	if (!find_request(rq, rid, user, &r, &rc))
		return rc;
	json_t *o = request_json(&r);
	struct error err = { "" };
	if (o && want_progress(rq) && add_progress(srv_store(rq), &r, o, &err) < 0) {
		json_decref(o);
		return server_error(rq, NULL);
	}
	if (!strcmp(r.status, "done") && !r.reports)
		build_request(r.rid);
	return api_reply(rq, json_pack("{s:o}", "request", o));
}

/* PATCH /requests/{id}: only {"status": "cancelled"} (spec §5.1). */
static int patch_request(struct srv_req *rq, const char *rid, const char *user)
{
	struct store_request r;
	int rc;
	if (!find_request(rq, rid, user, &r, &rc))
		return rc;
	size_t len = 0;
	const char *body = srv_body(rq, &len);
	json_t *in = body ? json_loadb(body, len, 0, NULL) : NULL;
	if (!in || !json_is_object(in)) {
		json_decref(in);
		return bad_request(rq, "Problem parsing json. Did you supply a 'status'?");
	}
	json_t *status = json_object_get(in, "status");
	if (!json_is_string(status) || !*json_string_value(status))
		rc = bad_request(rq, "'status' is missing from the request.");
	else if (strcasecmp(json_string_value(status), "cancelled"))
		rc = bad_request(rq, "'status' does not have one of the supported values: "
		                     "['cancelled'].");
	else
		rc = 0;
	json_decref(in);
	if (rc)
		return rc;
	struct error err = { "" };
	int done = store_request_cancel(srv_store(rq), rid, user, &r, &err);
	if (done < 0) {
		fprintf(stderr, "inetcheck serve: cancel %s: %s\n", rid, err.msg);
		return server_error(rq, "Problem cancelling the batch request.");
	}
	if (done == 0)
		return unknown_request(rq);
	return api_reply(rq, json_pack("{s:o}", "request", request_json(&r)));
}

/* GET /requests/{id}/results and /results_technical (spec §5.3, §5.4). A cancelled
 * request has no results: it is not `done` (internet.nl answers the same). */
static int get_results(struct srv_req *rq, const char *rid, const char *user, const char *kind)
{
	struct store_request r;
	int rc;
	if (!find_request(rq, rid, user, &r, &rc))
		return rc;
	if (strcmp(r.status, "done"))
		return bad_request(rq, "The request is not yet `done`.");
	if (!r.reports) {
		build_request(r.rid);
		return bad_request(rq, "Report is being generated.");
	}
	char *doc = NULL;
	struct error err = { "" };
	int got = store_report_get(srv_store(rq), r.id, kind, &doc, &err);
	if (got < 0) {
		fprintf(stderr, "inetcheck serve: results of %s: %s\n", rid, err.msg);
		return server_error(rq, "Report could not be generated.");
	}
	if (got == 0) {
		build_request(r.rid);
		return bad_request(rq, "Report is being generated.");
	}
	return srv_reply(rq, 200, "application/json", doc, strlen(doc));
}

int api_handle(struct srv_req *rq)
{
	const char *path = srv_path(rq), *method = srv_method(rq);
	bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	if (!strcmp(path, API_PREFIX "openapi.yaml")) {   /* no authentication (§5.1) */
		if (!get)
			return not_allowed(rq, "GET");
		return srv_reply_static(rq, 200, "application/yaml; charset=utf-8", api_openapi_yaml,
		                        api_openapi_yaml_len);
	}
	/* everything else is for API users only, unknown URLs included (as internet.nl) */
	const char *user = srv_user(rq);
	if (!user)
		return srv_reply_unauthorized(rq);
	if (strncmp(path, API_V2, strlen(API_V2)))
		return invalid_url(rq);
	char rest[256];
	if (snprintf(rest, sizeof rest, "%s", path + strlen(API_V2)) >= (int)sizeof rest)
		return invalid_url(rq);
	size_t len = strlen(rest);
	if (len && rest[len - 1] == '/')   /* one trailing slash is the same URL */
		rest[--len] = '\0';

	if (!strcmp(rest, "requests")) {
		if (get)
			return get_requests(rq, user);
		if (!strcmp(method, "POST"))
			return post_requests(rq, user);
		return not_allowed(rq, "GET, POST");
	}
	if (!strcmp(rest, "metadata/report")) {
		if (!get)
			return not_allowed(rq, "GET");
		if (!api.metadata)
			return server_error(rq, NULL);
		return srv_reply_static(rq, 200, "application/json", api.metadata, api.metadata_len);
	}
	if (!strncmp(rest, "requests/", 9)) {
		char *id = rest + 9, *slash = strchr(id, '/');
		const char *sub = slash ? slash + 1 : NULL;
		if (slash)
			*slash = '\0';
		if (sub && strcmp(sub, "results") && strcmp(sub, "results_technical"))
			return invalid_url(rq);
		if (!sub && !get && strcmp(method, "PATCH"))
			return not_allowed(rq, "GET, PATCH");
		if (sub && !get)
			return not_allowed(rq, "GET");
		if (!store_rid_valid(id))
			return unknown_request(rq);
		if (!sub)
			return get ? get_request(rq, id, user) : patch_request(rq, id, user);
		return get_results(rq, id, user, !strcmp(sub, "results") ? "results" : "technical");
	}
	return invalid_url(rq);
}

/* ---- start and stop ---- */

int api_init(const struct server_config *c, struct error *err)
{
	api_shutdown();
	if (!(api.metadata = metadata_build(err)))
		return -1;
	api.metadata_len = strlen(api.metadata);
	char url[512];
	if (c->public_url && *c->public_url)
		snprintf(url, sizeof url, "%s", c->public_url);
	else
		snprintf(url, sizeof url, "http://%s", c->listen ? c->listen : "127.0.0.1:8080");
	size_t n = strlen(url);
	while (n && url[n - 1] == '/')
		url[--n] = '\0';
	api.public_url = strdup(url);
	api.db = strdup(c->db ? c->db : "inetcheck.sqlite");
	if (!api.public_url || !api.db) {
		api_shutdown();
		return error_set(err, "out of memory");
	}
	atomic_store(&api.stop, false);
	api.queued = 0;
	api.building[0] = '\0';
	if (pthread_create(&api.thread, NULL, builder_main, NULL) != 0) {
		api_shutdown();
		return error_set(err, "cannot start the results thread");
	}
	pthread_mutex_lock(&api.lock);
	api.started = true;
	pthread_mutex_unlock(&api.lock);
	return 0;
}

void api_shutdown(void)
{
	pthread_mutex_lock(&api.lock);
	bool started = api.started;
	api.started = false;
	atomic_store(&api.stop, true);
	pthread_cond_broadcast(&api.wake);
	pthread_mutex_unlock(&api.lock);
	if (started)
		pthread_join(api.thread, NULL);
	free(api.metadata);
	free(api.public_url);
	free(api.db);
	api.metadata = api.public_url = api.db = NULL;
	api.metadata_len = 0;
	api.queued = 0;
}
