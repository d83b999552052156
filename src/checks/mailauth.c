/* mailauth.c -- mail_auth: DMARC, DKIM and SPF (spec §3.9). */
#include "checks/mailauth.h"

#include "checks/dkimkey.h"
#include "checks/tlsrpt.h"

#include <libpsl.h>
#include <stdio.h>
#include <string.h>

#include "core/jsonutil.h"

int mailauth_txt_lookup(void *check_ctx, const char *name, struct txt_set *out)
{
	const struct check_ctx *ctx = check_ctx;
	struct dns_answer ans = {0};
	int rc;

	resolver_query(ctx->res, name, DNS_TYPE_TXT, RESOLVER_CD, ctx->deadline, &ans);
	if (dns_answer_failed(&ans))
		rc = DNS_LOOKUP_ERROR;
	else if (ans.rcode == DNS_RCODE_NXDOMAIN)
		rc = DNS_LOOKUP_NXDOMAIN;
	else if (ans.n == 0)
		rc = DNS_LOOKUP_NODATA;
	else
		rc = DNS_LOOKUP_OK;
	for (size_t i = 0; rc == DNS_LOOKUP_OK && i < ans.n; i++)
		if (txt_set_add(out, ans.rr[i].u.txt.text) < 0)
			rc = DNS_LOOKUP_ERROR;
	dns_answer_free(&ans);
	return rc;
}

void mailauth_probe(const struct check_ctx *ctx, const char *domain, struct mailauth_facts *f)
{
	char name[300];
	struct txt_set txt = {0};
	/* the newest Public Suffix List on the system (Debian's publicsuffix), else built in */
	psl_ctx_t *psl = psl_latest(NULL);

	memset(f, 0, sizeof(*f));
	/* §3.9 DKIM: NOERROR (even NODATA, an empty non-terminal) = available */
	snprintf(name, sizeof(name), "_domainkey.%s", domain);
	f->dkim_rc = mailauth_txt_lookup((void *)ctx, name, &txt);
	txt_set_clear(&txt);
	spf_check(domain, mailauth_txt_lookup, (void *)ctx, &f->spf);
	dmarc_check(domain, psl, mailauth_txt_lookup, (void *)ctx, &f->dmarc);
	psl_free(psl);
	/* beyond internet.nl (issue 22): TLS-RPT (RFC 8460 §3) and the keys of given selectors */
	snprintf(name, sizeof(name), "_smtp._tls.%s", domain);
	f->tlsrpt_rc = mailauth_txt_lookup((void *)ctx, name, &f->tlsrpt);
	for (const char *const *s = ctx->dkim_selectors; s && *s && f->n_selectors < MAILAUTH_DKIM_SELECTORS_MAX;
	     s++) {
		snprintf(name, sizeof(name), "%s._domainkey.%s", *s, domain);
		f->selectors[f->n_selectors].selector = *s;
		f->selectors[f->n_selectors].rc = mailauth_txt_lookup((void *)ctx, name,
		                                                      &f->selectors[f->n_selectors].txt);
		f->n_selectors++;
	}
}

void mailauth_facts_free(struct mailauth_facts *f)
{
	spf_result_free(&f->spf);
	dmarc_result_free(&f->dmarc);
	txt_set_clear(&f->tlsrpt);
	for (size_t i = 0; i < f->n_selectors; i++)
		txt_set_clear(&f->selectors[i].txt);
}

static json_t *string_list(const char *s)
{
	return s ? json_pack("[s]", s) : json_array();
}

/* Table rows [domain, record] of each string of `records` (issue 16). */
static json_t *record_rows(const char *domain, const json_t *records)
{
	json_t *rows = json_array(), *v;
	size_t i;

	json_array_foreach(records, i, v)
		json_array_append_new(rows, json_pack("[s,O]", domain, v));
	return rows;
}

static void evaluate_dmarc(const struct dmarc_result *d, struct report *r, json_t *tech)
{
	/* the DMARC table names the domain the record was found for */
	const char *at = d->policy_domain ? d->policy_domain : r->domain;

	json_t *records = json_array();
	for (size_t i = 0; i < d->found.n; i++)
		json_array_append_new(records, json_string(d->found.strings[i]));
	json_object_set_new(tech, "records", records);   /* §3.9: all of them if several */
	json_object_set_new(tech, "record_org_domain",
	                    d->org_domain ? json_string(d->org_domain) : json_null());
	result_set_points(r, SUB_MAIL_AUTH_DMARC_EXIST, d->points);
	result_set_points(r, SUB_MAIL_AUTH_DMARC_POLICY, d->policy_points);
	if (!d->available) {
		/* no record (or several): dmarc_policy stays not_tested with 0 points */
		result_set(r, SUB_MAIL_AUTH_DMARC_EXIST, STATUS_FAIL, "bad");
		if (d->n_found > 1)
			result_set_tech(r, SUB_MAIL_AUTH_DMARC_EXIST, record_rows(r->domain, records));
		return;
	}
	result_set(r, SUB_MAIL_AUTH_DMARC_EXIST, STATUS_SUCCESS, "good");
	json_t *own = string_list(d->record);
	result_set_tech(r, SUB_MAIL_AUTH_DMARC_EXIST, record_rows(at, own));
	json_object_set_new(tech, "policy_status", json_string(dmarc_policy_status_name(d->policy_status)));
	switch (d->policy_status) {
	case DMARC_POLICY_VALID:
		result_set(r, SUB_MAIL_AUTH_DMARC_POLICY, STATUS_SUCCESS, "good");
		break;
	case DMARC_POLICY_INVALID_SYNTAX:
		result_set(r, SUB_MAIL_AUTH_DMARC_POLICY, STATUS_FAIL, "bad");
		break;
	case DMARC_POLICY_INVALID_P_SP:
		result_set(r, SUB_MAIL_AUTH_DMARC_POLICY, STATUS_FAIL, "policy");
		break;
	case DMARC_POLICY_INVALID_EXTERNAL:
		/* §3.9: only a warning, the points stay */
		result_set(r, SUB_MAIL_AUTH_DMARC_POLICY, STATUS_NOTICE, "external");
		break;
	}
	json_t *lines = record_rows(at, own);
	json_decref(own);
	if (d->unauthorised_host) {
		char line[512];
		snprintf(line, sizeof(line), "report destination %s has not authorised %s",
		         d->unauthorised_host, d->policy_domain ? d->policy_domain : "this domain");
		json_array_append_new(lines, json_pack("[s,s]", d->unauthorised_host, line));
	}
	result_set_tech(r, SUB_MAIL_AUTH_DMARC_POLICY, lines);
}

/* The rows of the lookup tree (issue 22 item 4), depth-first: the name indented by its
 * depth (and why it was not walked), how it was reached, its own lookups, its branch's
 * total and void lookups. */
static void tree_rows(const json_t *node, int depth, json_t *rows)
{
	const char *err = json_string_value(json_object_get(node, "error"));
	const char *via = json_string_value(json_object_get(node, "via"));
	char name[600], own[24], total[24], voids[24];
	const json_t *child;
	size_t i;

	if (depth > SPF_RFC_WALK_MAX_DEPTH + 1)
		return;
	snprintf(name, sizeof(name), "%*s%s%s%s%s", 2 * depth, "",
	         json_string_value(json_object_get(node, "domain")), err ? " (" : "", err ? err : "",
	         err ? ")" : "");
	snprintf(own, sizeof(own), "%lld", (long long)json_integer_value(json_object_get(node, "lookups")));
	snprintf(total, sizeof(total), "%lld", (long long)json_integer_value(json_object_get(node, "total")));
	snprintf(voids, sizeof(voids), "%lld",
	         (long long)json_integer_value(json_object_get(node, "void_lookups")));
	json_array_append_new(rows, json_pack("[s,s,s,s,s]", name, via ? via : "", own, total, voids));
	json_array_foreach(json_object_get(node, "children"), i, child)
		tree_rows(child, depth + 1, rows);
}

/* mail_beyond_spf_lookups (issue 22 item 4): RFC 7208 §4.6.4 as written, not internet.nl's
 * walk: at most 10 lookups, at most 2 void lookups. Informational, never scored. */
static void evaluate_spf_lookups(const struct spf_result *s, struct report *r)
{
	const struct spf_policy *p = &s->policy;
	json_t *rows = json_array();

	r->cat[CAT_MAIL_BEYOND].implemented = true;
	if (!s->available) {
		result_set(r, SUB_MAIL_BEYOND_SPF_LOOKUPS, STATUS_NOT_TESTED, "not-tested");
		json_decref(rows);
		return;
	}
	if (p->rfc_lookups > 10)
		result_set(r, SUB_MAIL_BEYOND_SPF_LOOKUPS, STATUS_FAIL, "too-many-lookups");
	else if (p->rfc_void_lookups > 2)
		result_set(r, SUB_MAIL_BEYOND_SPF_LOOKUPS, STATUS_NOTICE, "too-many-void");
	else
		result_set(r, SUB_MAIL_BEYOND_SPF_LOOKUPS, STATUS_SUCCESS, "good");
	if (p->rfc_tree)
		tree_rows(p->rfc_tree, 0, rows);
	result_set_tech(r, SUB_MAIL_BEYOND_SPF_LOOKUPS, rows);
}

/* mail_beyond_tls_rpt (issue 22 item 2): the _smtp._tls record (tlsrpt.c). */
static void evaluate_tlsrpt(const struct mailauth_facts *f, struct report *r)
{
	enum status st;
	const char *verdict;
	json_t *details = NULL, *rows = json_array(), *v;
	size_t i;
	char name[300];

	if (tlsrpt_evaluate(f->tlsrpt_rc, &f->tlsrpt, &st, &verdict, &details) < 0) {
		result_set(r, SUB_MAIL_BEYOND_TLS_RPT, STATUS_NOT_TESTED, "not-tested");
		json_decref(rows);
		return;
	}
	result_set(r, SUB_MAIL_BEYOND_TLS_RPT, st, verdict);
	snprintf(name, sizeof(name), "_smtp._tls.%s", r->domain);
	json_array_foreach(json_object_get(details, "records"), i, v)
		json_array_append_new(rows, json_pack("[s,O]", name, v));
	json_array_foreach(json_object_get(details, "rua"), i, v)
		json_array_append_new(rows, json_pack("[s,O]", "rua", v));
	result_set_tech(r, SUB_MAIL_BEYOND_TLS_RPT, rows);
	json_object_set_new(json_child(r->technical, "domain"), "tls_rpt", details);
}

/* mail_beyond_dkim_keys (issue 22 item 3): the key records of --dkim-selector (dkimkey.c);
 * without a selector internet.nl's DKIM test is all there is. */
static void evaluate_dkim_keys(const struct mailauth_facts *f, struct report *r)
{
	struct dkimkey_selector sel[MAILAUTH_DKIM_SELECTORS_MAX * 4];
	size_t n = 0, errors = 0;
	enum status st;
	const char *verdict;
	json_t *details = NULL, *rows = json_array(), *d;
	size_t i;

	if (f->n_selectors == 0) {
		result_set(r, SUB_MAIL_BEYOND_DKIM_KEYS, STATUS_NOT_TESTED, "no-selector");
		json_decref(rows);
		return;
	}
	/* one entry per TXT string, at most as many as `sel` holds: a selector with many
	 * strings must not push the next ones past its end */
	for (size_t k = 0; k < f->n_selectors && n < sizeof(sel) / sizeof(sel[0]); k++) {
		const struct txt_set *t = &f->selectors[k].txt;
		if (f->selectors[k].rc == DNS_LOOKUP_ERROR) {
			errors++;      /* could not look: never a verdict */
			continue;
		}
		if (f->selectors[k].rc != DNS_LOOKUP_OK || t->n == 0) {
			sel[n++] = (struct dkimkey_selector){ f->selectors[k].selector, NULL, 0 };
			continue;
		}
		for (size_t j = 0; j < t->n && n < sizeof(sel) / sizeof(sel[0]); j++)
			sel[n++] = (struct dkimkey_selector){ f->selectors[k].selector, t->strings[j],
			                                      strlen(t->strings[j]) };
	}
	if (n == 0) {
		result_set(r, SUB_MAIL_BEYOND_DKIM_KEYS, STATUS_NOT_TESTED, "not-tested");
		json_decref(rows);
		return;
	}
	st = dkimkey_evaluate_selectors(sel, n, &verdict, &details);
	result_set(r, SUB_MAIL_BEYOND_DKIM_KEYS, st, verdict);
	json_array_foreach(json_object_get(details, "selectors"), i, d) {
		char bits[24] = "";
		json_int_t b = json_integer_value(json_object_get(d, "bits"));
		const char *type = json_string_value(json_object_get(d, "key_type"));
		if (b > 0)
			snprintf(bits, sizeof(bits), "%lld", (long long)b);
		json_array_append_new(rows, json_pack("[s,s,s,s]",
			json_string_value(json_object_get(d, "selector")) ? json_string_value(json_object_get(d, "selector")) : "",
			json_is_false(json_object_get(d, "found")) ? "(no record)" : type ? type : "",
			bits, json_string_value(json_object_get(d, "verdict")) ? json_string_value(json_object_get(d, "verdict")) : ""));
	}
	if (errors)
		json_object_set_new(details, "lookup_errors", json_integer((json_int_t)errors));
	result_set_tech(r, SUB_MAIL_BEYOND_DKIM_KEYS, rows);
	json_object_set_new(json_child(r->technical, "domain"), "dkim_keys", details);
}

static void evaluate_spf(const struct spf_result *s, struct report *r, json_t *tech)
{
	json_object_set_new(tech, "records", string_list(s->record));
	result_set_points(r, SUB_MAIL_AUTH_SPF_EXIST, s->points);
	if (!s->available) {
		result_set(r, SUB_MAIL_AUTH_SPF_EXIST, STATUS_FAIL, "bad");
		result_set_points(r, SUB_MAIL_AUTH_SPF_POLICY, 0);
		json_object_set_new(tech, "discovered_records_bad", json_array());
		return;
	}
	result_set(r, SUB_MAIL_AUTH_SPF_EXIST, STATUS_SUCCESS, "good");
	const char *record = s->record ? s->record : "";
	result_set_tech(r, SUB_MAIL_AUTH_SPF_EXIST, json_pack("[[s,s]]", r->domain, record));

	/* the policy table: the domain's record, then each bad record it includes */
	const struct spf_policy *p = &s->policy;
	json_t *bad = json_array(), *lines = json_pack("[[s,s]]", r->domain, record);
	for (size_t i = 0; i < p->n_bad; i++) {
		json_array_append_new(bad, json_pack("[s,s?]", p->bad[i].domain, p->bad[i].record));
		json_array_append_new(lines, json_pack("[s,s]", p->bad[i].domain,
		                      p->bad[i].record ? p->bad[i].record : "(no SPF record)"));
	}
	json_object_set_new(tech, "discovered_records_bad", bad);
	json_object_set_new(tech, "policy_status", json_string(spf_policy_status_name(p->status)));
	/* beyond internet.nl: the true RFC 7208 §4.6.4 count (issue 3, part 1) */
	json_object_set_new(tech, "rfc_dns_lookups", json_integer(p->rfc_lookups));
	/* issue 22 item 4: where the lookups come from, and the void ones (RFC 7208 §4.6.4) */
	json_object_set_new(tech, "rfc_void_lookups", json_integer(p->rfc_void_lookups));
	if (p->rfc_tree)
		json_object_set(tech, "rfc_tree", p->rfc_tree);
	result_set_points(r, SUB_MAIL_AUTH_SPF_POLICY, p->points);
	switch (p->status) {
	case SPF_POLICY_VALID:
		result_set(r, SUB_MAIL_AUTH_SPF_POLICY, STATUS_SUCCESS, "good");
		break;
	case SPF_POLICY_INVALID_SYNTAX:
		result_set(r, SUB_MAIL_AUTH_SPF_POLICY, STATUS_FAIL, "bad");
		break;
	case SPF_POLICY_MAX_DNS_LOOKUPS:
		result_set(r, SUB_MAIL_AUTH_SPF_POLICY, STATUS_FAIL, "max-lookups");
		break;
	case SPF_POLICY_INVALID_ALL:
		result_set(r, SUB_MAIL_AUTH_SPF_POLICY, STATUS_FAIL, "all");
		break;
	case SPF_POLICY_INVALID_INCLUDE:
		result_set(r, SUB_MAIL_AUTH_SPF_POLICY, STATUS_FAIL, "include");
		break;
	case SPF_POLICY_INVALID_REDIRECT:
		result_set(r, SUB_MAIL_AUTH_SPF_POLICY, STATUS_FAIL, "redirect");
		break;
	}
	/* the true RFC 7208 lookup count is no row of this table: it is in the JSON
	 * (technical.domain.spf.rfc_dns_lookups) */
	result_set_tech(r, SUB_MAIL_AUTH_SPF_POLICY, lines);
}

void mailauth_evaluate(const struct mailauth_facts *f, struct report *r)
{
	json_t *domain = json_child(r->technical, "domain");
	bool dkim = dmarc_dkim_available(f->dkim_rc);
	bool non_sending = dmarc_is_non_sending_domain(dkim, &f->dmarc, &f->spf);

	evaluate_dmarc(&f->dmarc, r, json_child(domain, "dmarc"));
	evaluate_spf(&f->spf, r, json_child(domain, "spf"));
	evaluate_spf_lookups(&f->spf, r);
	evaluate_tlsrpt(f, r);
	evaluate_dkim_keys(f, r);

	json_object_set_new(json_child(domain, "dkim"), "discovered", json_boolean(dkim));
	if (non_sending) {
		/* §3.9 non-sending domain: DKIM removed from scoring with 10 points */
		result_set(r, SUB_MAIL_AUTH_DKIM_EXIST, STATUS_NOT_TESTED, "no-email");
		result_set_worst(r, SUB_MAIL_AUTH_DKIM_EXIST, STATUS_NOT_TESTED);
		result_set_points(r, SUB_MAIL_AUTH_DKIM_EXIST, 10);
	} else {
		result_set(r, SUB_MAIL_AUTH_DKIM_EXIST, dkim ? STATUS_SUCCESS : STATUS_FAIL, dkim ? "good" : "bad");
		result_set_points(r, SUB_MAIL_AUTH_DKIM_EXIST, dkim ? 10 : 0);
	}
	json_object_set_new(r->custom, "mail_non_sending_domain", json_boolean(non_sending));
	r->cat[CAT_MAIL_AUTH].implemented = true;
}
