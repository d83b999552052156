/*
 * httpsrr_probe.c -- see httpsrr.h: the DNS lookups behind web_beyond_https_rr
 * (issue 22 item 5) and the subtest they give. The rules are httpsrr.c's.
 */
#include "checks/httpsrr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonutil.h"

/* The A and AAAA records of names[i] into addr_rr[i]; -1 when a lookup failed. */
static int probe_addrs(struct resolver *res, deadline_t deadline, struct httpsrr_lookup *l,
                       size_t i)
{
	struct dns_answer a = {0}, aaaa = {0};
	int rc = 0;

	resolver_query(res, l->names[i], DNS_TYPE_A, RESOLVER_CD, deadline, &a);
	resolver_query(res, l->names[i], DNS_TYPE_AAAA, RESOLVER_CD, deadline, &aaaa);
	if (dns_answer_failed(&a) || dns_answer_failed(&aaaa)) {
		rc = -1;
		goto out;
	}
	if (a.n + aaaa.n > 0) {
		/* A and AAAA own no memory: plain copies */
		l->addr_rr[i] = calloc(a.n + aaaa.n, sizeof(struct dns_rr));
		if (!l->addr_rr[i]) {
			rc = -1;
			goto out;
		}
		for (size_t k = 0; k < a.n; k++)
			if (a.rr[k].type == DNS_TYPE_A)
				l->addr_rr[i][l->n_addr_rr[i]++] = a.rr[k];
		for (size_t k = 0; k < aaaa.n; k++)
			if (aaaa.rr[k].type == DNS_TYPE_AAAA)
				l->addr_rr[i][l->n_addr_rr[i]++] = aaaa.rr[k];
	}
out:
	dns_answer_free(&a);
	dns_answer_free(&aaaa);
	return rc;
}

static bool names_have(const struct httpsrr_lookup *l, const char *name)
{
	for (size_t i = 0; i < l->n_names; i++)
		if (strcmp(l->names[i], name) == 0)
			return true;
	return false;
}

void httpsrr_probe(struct resolver *res, const char *name, deadline_t deadline,
                   struct httpsrr_lookup *out)
{
	memset(out, 0, sizeof(*out));
	out->probed = true;
	/* names need no normalising here: the tested domain is an A-label already, and the
	 * resolver gives canonical and target names lowercase without the trailing dot */
	snprintf(out->name, sizeof(out->name), "%s", name);
	resolver_query(res, out->name, DNS_TYPE_HTTPS, RESOLVER_CD, deadline, &out->https);
	if (dns_answer_failed(&out->https)) {
		out->dns_failed = true;
		snprintf(out->failed_name, sizeof(out->failed_name), "%s", out->name);
		return;
	}
	if (out->https.n == 0)
		return;
	/* RFC 9460 §2.5.2: "." is the owner name, the name after CNAMEs */
	if (out->https.canonname[0])
		snprintf(out->name, sizeof(out->name), "%s", out->https.canonname);
	snprintf(out->names[out->n_names++], sizeof(out->names[0]), "%s", out->name);
	for (size_t i = 0; i < out->https.n && out->n_names < HTTPSRR_NAMES_MAX; i++) {
		const struct dns_svcb *s = &out->https.rr[i].u.svcb;

		if (out->https.rr[i].type != DNS_TYPE_HTTPS || s->priority == 0 || !s->target[0])
			continue;
		if (!names_have(out, s->target))
			snprintf(out->names[out->n_names++], sizeof(out->names[0]), "%s", s->target);
	}
	for (size_t i = 0; i < out->n_names; i++)
		if (probe_addrs(res, deadline, out, i) < 0) {
			out->dns_failed = true;
			snprintf(out->failed_name, sizeof(out->failed_name), "%s", out->names[i]);
			return;
		}
}

void httpsrr_lookup_free(struct httpsrr_lookup *l)
{
	if (!l->probed)
		return;
	dns_answer_free(&l->https);
	for (size_t i = 0; i < HTTPSRR_NAMES_MAX; i++) {
		free(l->addr_rr[i]);
		l->addr_rr[i] = NULL;
		l->n_addr_rr[i] = 0;
	}
	l->probed = false;
}

/* The strings of JSON array `a` joined by ", " into `out`; "-" when empty. */
static void join_strings(const json_t *a, char *out, size_t outlen)
{
	const json_t *v;
	size_t i, len = 0;

	out[0] = '\0';
	json_array_foreach(a, i, v) {
		int w = snprintf(out + len, outlen - len, "%s%s", i ? ", " : "",
		                 json_string_value(v) ? json_string_value(v) : "");
		if (w < 0 || (size_t)w >= outlen - len)
			break;
		len += (size_t)w;
	}
	if (!out[0])
		snprintf(out, outlen, "-");
}

/* One table row per record of the details (Record, Target, ALPN, ECH, Hints). */
static json_t *record_rows(const json_t *details)
{
	json_t *rows = json_array();
	const json_t *rec;
	size_t i;
	json_int_t malformed = json_integer_value(json_object_get(details, "malformed"));

	json_array_foreach(json_object_get(details, "records"), i, rec) {
		char record[48], alpn[256], ech[48], hints[512], addrs[400];
		const char *h = json_string_value(json_object_get(rec, "hints"));
		json_t *all = json_array();

		snprintf(record, sizeof(record), "%lld %s",
		         (long long)json_integer_value(json_object_get(rec, "priority")),
		         json_string_value(json_object_get(rec, "mode")));
		join_strings(json_object_get(rec, "alpn"), alpn, sizeof(alpn));
		if (json_is_true(json_object_get(rec, "ech")))
			snprintf(ech, sizeof(ech), "yes (%lld bytes)",
			         (long long)json_integer_value(json_object_get(rec, "ech_length")));
		else
			snprintf(ech, sizeof(ech), "no");
		json_array_extend(all, json_object_get(rec, "ipv4hint"));
		json_array_extend(all, json_object_get(rec, "ipv6hint"));
		join_strings(all, addrs, sizeof(addrs));
		json_decref(all);
		if (h == NULL || strcmp(h, "none") == 0)
			snprintf(hints, sizeof(hints), "none");
		else
			snprintf(hints, sizeof(hints), "%s: %s", h, addrs);
		json_array_append_new(rows, json_pack("[s,s,s,s,s]", record,
		                      json_string_value(json_object_get(rec, "target")), alpn, ech, hints));
	}
	if (malformed > 0) {
		char what[48];
		snprintf(what, sizeof(what), "%lld malformed", (long long)malformed);
		json_array_append_new(rows, json_pack("[s,s,s,s,s]", what, "-", "-", "-", "-"));
	}
	return rows;
}

void httpsrr_report(const struct httpsrr_lookup *l, struct report *r)
{
	struct httpsrr_addrs addrs[HTTPSRR_NAMES_MAX];
	struct httpsrr_facts f = {0};
	const char *verdict = NULL;
	json_t *details = NULL;
	enum status st;

	r->cat[CAT_WEB_BEYOND].implemented = true;
	if (!l->probed || l->dns_failed) {
		/* no answer is no verdict (STYLE rule 3) */
		json_t *why = json_pack("{s:s,s:s}", "name", l->name, "error",
		                        l->probed ? "DNS lookup failed" : "not probed");
		result_set(r, SUB_WEB_BEYOND_HTTPS_RR, STATUS_NOT_TESTED, "not-tested");
		if (l->probed)
			json_object_set_new(why, "failed_name", json_string(l->failed_name));
		json_object_set_new(json_child(r->technical, "domain"), "https_rr", why);
		return;
	}
	for (size_t i = 0; i < l->n_names; i++) {
		addrs[i].name = l->names[i];
		addrs[i].rr = l->addr_rr[i];
		addrs[i].n = l->n_addr_rr[i];
	}
	f.name = l->name;
	f.https = l->https.rr;
	f.n_https = l->https.n;
	f.n_malformed = l->https.n_malformed;
	f.addrs = addrs;
	f.n_addrs = l->n_names;
	st = httpsrr_evaluate(&f, &verdict, &details);
	result_set(r, SUB_WEB_BEYOND_HTTPS_RR, st, verdict);
	if (details) {
		if (json_array_size(json_object_get(details, "records")) > 0 ||
		    json_integer_value(json_object_get(details, "malformed")) > 0)
			result_set_tech(r, SUB_WEB_BEYOND_HTTPS_RR, record_rows(details));
		json_object_set_new(json_child(r->technical, "domain"), "https_rr", details);
	}
}
