/*
 * mtasts_probe.c -- see mtasts_probe.h: the DNS lookup and the HTTPS fetch behind
 * mail_beyond_mta_sts (issue 22 item 1, RFC 8461), and the subtest they give with the
 * MX certificates the mail_starttls scan already holds. The rules are mtasts.c's.
 */
#include "checks/mtasts_probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/mailauth.h"
#include "checks/webpki.h"
#include "core/jsonutil.h"
#include "net/http.h"
#include "tls/truststore.h"

/* The record decides whether senders fetch at all (§3.3: a valid record first). */
static bool record_valid(const struct mtasts_lookup *l)
{
	struct mtasts_record rec;
	const char *reason;
	int idx;

	if (l->txt_rc != DNS_LOOKUP_OK || (idx = mtasts_select_record(&l->txt, NULL)) < 0)
		return false;
	return mtasts_record_parse(l->txt.strings[idx], &rec, &reason) == 0;
}

/* The first address of `type` in `ans` into `out`; false when there is none. */
static bool first_addr(const struct dns_answer *ans, uint16_t type, struct netaddr *out)
{
	for (size_t i = 0; i < ans->n; i++) {
		if (ans->rr[i].type != type)
			continue;
		memset(out, 0, sizeof(*out));
		out->family = type == DNS_TYPE_A ? AF_INET : AF_INET6;
		if (type == DNS_TYPE_A)
			out->a.v4 = ans->rr[i].u.a;
		else
			out->a.v6 = ans->rr[i].u.aaaa;
		out->port = 443;
		return true;
	}
	return false;
}

/* The facts of one answered GET: the response as received, nothing judged. 0 / -1 (OOM). */
static int keep_response(struct mtasts_lookup *l, const struct http_response *resp)
{
	const char *ct = http_header_get(resp, "content-type");
	struct mtasts_fetch_facts *f = &l->fetch;

	f->outcome = MTASTS_HTTP_RESPONSE;
	f->cert_valid = true;
	f->http_status = resp->status;
	f->redirected = resp->status >= 300 && resp->status < 400 && resp->first_location != NULL;
	if (ct && !(l->content_type = strdup(ct)))
		return -1;
	f->content_type = l->content_type;
	if (resp->body_len > 0) {
		if (!(l->body = malloc(resp->body_len)))
			return -1;
		memcpy(l->body, resp->body, resp->body_len);
	}
	f->body = l->body;
	f->body_len = resp->body_len;
	/* the HTTP layer kept MAX + 1 bytes: one more than the limit means larger still */
	f->body_truncated = resp->body_len > MTASTS_POLICY_MAX_BYTES;
	return 0;
}

/* GET the policy from `addr`: 1 when this address settled it (an answer, a certificate
 * refused), 0 when it did not answer (try the next), -1 out of memory. */
static int fetch_from(const struct check_ctx *ctx, struct mtasts_lookup *l, const struct netaddr *addr,
                      void *store)
{
	struct http_request req = {
		.url = l->url,
		.addr = addr,
		.follow_redirects = false,               /* §3.3: a 3xx MUST NOT be followed */
		.max_body = MTASTS_POLICY_MAX_BYTES + 1, /* §3.3: 64 KiB, and one byte to see more */
		.deadline = ctx->deadline,
		.verify_store = store,                   /* §3.3: a valid certificate is required */
	};
	struct http_response resp;
	int rc = 0;

	netaddr_str(addr, l->address, sizeof(l->address));
	if (http_get(&req, &resp) == 0) {
		rc = keep_response(l, &resp) < 0 ? -1 : 1;
	} else if (resp.cert_invalid) {
		l->fetch.outcome = MTASTS_HTTP_RESPONSE;
		l->fetch.cert_valid = false;
		snprintf(l->error, sizeof(l->error), "%s", resp.error);
		rc = 1;
	} else {
		snprintf(l->error, sizeof(l->error), "%s", resp.error);
	}
	http_response_free(&resp);
	return rc;
}

static void fetch_policy(const struct check_ctx *ctx, const char *domain, struct mtasts_lookup *l)
{
	char host[300];
	struct dns_answer a = {0}, aaaa = {0};
	struct netaddr addrs[2];
	size_t n = 0;
	X509_STORE *store;

	l->fetched = true;
	l->fetch.outcome = MTASTS_HTTP_UNREACHABLE;
	snprintf(host, sizeof(host), "mta-sts.%s", domain);
	snprintf(l->url, sizeof(l->url), "https://%s/.well-known/mta-sts.txt", host);
	resolver_query_connect(ctx->res, host, 443, DNS_TYPE_A, RESOLVER_CD, ctx->deadline, &a);
	resolver_query_connect(ctx->res, host, 443, DNS_TYPE_AAAA, RESOLVER_CD, ctx->deadline, &aaaa);
	if (first_addr(&a, DNS_TYPE_A, &addrs[n]))
		n++;
	if (first_addr(&aaaa, DNS_TYPE_AAAA, &addrs[n]))
		n++;
	if (n == 0) {
		/* no address: the host is missing, unless we could not look (never a verdict) */
		if (dns_answer_failed(&a) || dns_answer_failed(&aaaa))
			snprintf(l->error, sizeof(l->error), "the DNS lookup of the host failed");
		else
			l->fetch.outcome = MTASTS_HTTP_NO_HOST;
		goto out;
	}
	if (!(store = truststore_get1(ctx->ca_file))) {
		snprintf(l->error, sizeof(l->error), "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		int rc = fetch_from(ctx, l, &addrs[i], store);
		if (rc != 0) {
			if (rc < 0) {
				l->fetch.outcome = MTASTS_HTTP_UNREACHABLE;
				snprintf(l->error, sizeof(l->error), "out of memory");
			}
			break;
		}
	}
	X509_STORE_free(store);
out:
	dns_answer_free(&a);
	dns_answer_free(&aaaa);
}

void mtasts_probe(const struct check_ctx *ctx, const char *domain, struct mtasts_lookup *out)
{
	char name[300];

	memset(out, 0, sizeof(*out));
	out->probed = true;
	snprintf(name, sizeof(name), "_mta-sts.%s", domain);
	out->txt_rc = mailauth_txt_lookup((void *)ctx, name, &out->txt);
	if (record_valid(out))
		fetch_policy(ctx, domain, out);
}

void mtasts_lookup_free(struct mtasts_lookup *l)
{
	txt_set_clear(&l->txt);
	free(l->content_type);
	free(l->body);
	memset(l, 0, sizeof(*l));
}

/* ---- the subtest ---- */

/* One MX's certificate as the STARTTLS scan saw it, judged as mail_starttls_cert_trust
 * judges it (webpki, the MX name, the time the chain came). */
static struct mtasts_mx_cert mx_cert_of(const struct starttls_server *s)
{
	const struct tls_cert_facts *cf = &s->tls.cert;
	struct webpki_result res;
	enum webpki_error e;

	if (starttls_server_state(s) != STARTTLS_OK || !cf->obtained || cf->pool == NULL)
		return (struct mtasts_mx_cert){ MTASTS_MX_CERT_UNKNOWN, NULL };
	e = webpki_verify(cf->pool, cf->peer_name, cf->checked_at, WEBPKI_MAX_DEPTH_DEFAULT, &res);
	if (e == WEBPKI_OK)
		return (struct mtasts_mx_cert){ MTASTS_MX_CERT_VALID, NULL };
	return (struct mtasts_mx_cert){ MTASTS_MX_CERT_INVALID, webpki_error_token(e) };
}

/* The Value cell of the policy fetch: words for people (report/texts.c terms). */
static const char *fetch_cell(const char *status)
{
	static const struct { const char *status, *cell; } cells[] = {
		{ "good", "fetched" },
		{ "unreachable", "unreachable" },
		{ "no-host", "no address" },
		{ "cert-invalid", "certificate not valid" },
		{ "redirect", "redirect, not followed" },
		{ "no-policy", "not found (404)" },
		{ "http-status", "HTTP status other than 200" },
		{ "content-type", "content type not text/plain" },
		{ "too-large", "larger than 64 KiB" },
		{ "syntax", "syntax error" },
	};
	for (size_t i = 0; status && i < sizeof(cells) / sizeof(cells[0]); i++)
		if (strcmp(cells[i].status, status) == 0)
			return cells[i].cell;
	return "not fetched";
}

static void row(json_t *rows, const char *name, const char *value)
{
	json_array_append_new(rows, json_pack("[s,s]", name, value ? value : ""));
}

static json_t *table(const struct mtasts_lookup *l, const char *domain, json_t *details,
                     const char *const *mx, const struct mtasts_mx_cert *certs, size_t n_mx)
{
	json_t *rows = json_array(), *v;
	char name[300];
	size_t i;

	snprintf(name, sizeof(name), "_mta-sts.%s", domain);
	if (json_array_size(json_object_get(details, "records")) == 0)
		row(rows, name, "none");
	json_array_foreach(json_object_get(details, "records"), i, v)
		row(rows, name, json_string_value(v));
	if (!l->fetched)
		return rows;
	/* the host, not the whole URL (in the details): the Name column stays readable */
	snprintf(name, sizeof(name), "mta-sts.%s", domain);
	row(rows, name, fetch_cell(json_string_value(json_object_get(details, "policy_fetch"))));
	if (json_is_string(json_object_get(details, "mode"))) {
		char age[24];
		snprintf(age, sizeof(age), "%lld", (long long)json_integer_value(json_object_get(details, "max_age")));
		row(rows, "mode", json_string_value(json_object_get(details, "mode")));
		row(rows, "max_age", age);
	}
	json_array_foreach(json_object_get(details, "mx_patterns"), i, v)
		row(rows, "mx", json_string_value(v));
	if (!json_is_array(json_object_get(details, "mx_not_covered")))
		return rows;
	for (size_t k = 0; k < n_mx; k++) {
		bool covered = true;
		json_array_foreach(json_object_get(details, "mx_not_covered"), i, v)
			if (strcmp(json_string_value(v), mx[k]) == 0)
				covered = false;
		row(rows, mx[k], !covered ? "not covered" :
		                 certs[k].state == MTASTS_MX_CERT_VALID ? "covered, certificate valid" :
		                 certs[k].state == MTASTS_MX_CERT_INVALID ? "covered, certificate not valid" :
		                 "covered, certificate not checked");
	}
	return rows;
}

void mtasts_report(const struct mtasts_lookup *l, const struct starttls_facts *st, struct report *r)
{
	const char *mx[MX_MAX];
	struct mtasts_mx_cert certs[MX_MAX];
	size_t n_mx = 0;
	struct mtasts_facts facts = {0};
	struct mtasts_judgement j;

	r->cat[CAT_MAIL_BEYOND].implemented = true;
	if (!l->probed) {
		result_set(r, SUB_MAIL_BEYOND_MTA_STS, STATUS_NOT_TESTED, "not-tested");
		return;
	}
	/* §3.6 MX only: no MX, Null MX and the broken states leave nothing to cover */
	if (st->mx_state == MX_HAS_MX)
		for (size_t i = 0; i < st->n && n_mx < MX_MAX; i++, n_mx++) {
			mx[n_mx] = st->servers[i].name;
			certs[n_mx] = mx_cert_of(&st->servers[i]);
		}
	facts.txt_rc = l->txt_rc;
	facts.txt = &l->txt;
	facts.fetch = l->fetched ? &l->fetch : NULL;
	facts.mx_known = st->mx_state == MX_HAS_MX;
	facts.mx_names = mx;
	facts.n_mx = n_mx;
	facts.mx_cert = certs;
	if (mtasts_evaluate(&facts, &j) < 0) {
		result_set(r, SUB_MAIL_BEYOND_MTA_STS, STATUS_NOT_TESTED, "not-tested");
		return;
	}
	result_set(r, SUB_MAIL_BEYOND_MTA_STS, j.status, j.verdict);
	result_set_tech(r, SUB_MAIL_BEYOND_MTA_STS, table(l, r->domain, j.details, mx, certs, n_mx));
	if (l->fetched) {
		json_object_set_new(j.details, "url", json_string(l->url));
		json_object_set_new(j.details, "address", l->address[0] ? json_string(l->address) : json_null());
		json_object_set_new(j.details, "content_type",
		                    l->content_type ? json_string(l->content_type) : json_null());
		json_object_set_new(j.details, "error", l->error[0] ? json_string(l->error) : json_null());
	}
	json_object_set_new(json_child(r->technical, "domain"), "mta_sts", j.details);
}
