/* dnssec.c -- web_dnssec (spec §3.2) and mail_dnssec (§3.8). */
#include "checks/dnssec.h"

#include <stdio.h>
#include <string.h>

#include "core/jsonutil.h"
#include "core/parallel.h"

enum dnssec_status dnssec_classify(const struct dns_answer *soa)
{
	if (soa->timeout)
		return DNSSEC_ERROR;
	if (soa->security == DNSSEC_BOGUS && soa->rcode != DNS_RCODE_NXDOMAIN)
		return DNSSEC_BOGUS;
	if (soa->rcode != DNS_RCODE_NOERROR)
		return DNSSEC_ERROR;   /* §3.2: any exception (NXDOMAIN, SERVFAIL, ...) */
	if (soa->security == DNSSEC_SECURE)
		return DNSSEC_SECURE;
	if (soa->security == DNSSEC_INSECURE)
		return DNSSEC_INSECURE;
	return DNSSEC_ERROR;
}

int dnssec_points(enum dnssec_status s)
{
	return s == DNSSEC_SECURE ? 10 : s == DNSSEC_INSECURE ? 2 : 0;
}

/* Table rows of one name. Web (§3.2): exist [name, status], valid [name, status,
 * validation error]; mail (§3.8): exist [name, signed yes|no], valid [name, status
 * with unbound's reason]. */
static void name_exist_row(json_t *rows, const struct dnssec_name_facts *n, bool mail)
{
	const char *signed_ = n->status == DNSSEC_SECURE || n->status == DNSSEC_BOGUS ? "yes"
	                    : n->status == DNSSEC_INSECURE ? "no" : dnssec_status_name(n->status);
	json_array_append_new(rows, json_pack("[s,s]", n->name, mail ? signed_ : dnssec_status_name(n->status)));
}

static void name_valid_row(json_t *rows, const struct dnssec_name_facts *n, bool mail)
{
	char status[1024];

	if (!mail) {
		json_array_append_new(rows, json_pack("[s,s,s]", n->name, dnssec_status_name(n->status),
		                                      n->why_bogus));
		return;
	}
	snprintf(status, sizeof(status), "%s%s%s%s", dnssec_status_name(n->status),
	         n->why_bogus[0] ? " (" : "", n->why_bogus, n->why_bogus[0] ? ")" : "");
	json_array_append_new(rows, json_pack("[s,s]", n->name, status));
}

/* §3.2 table, for the domain itself (web, and mail's mailto_* subtests). */
static void evaluate_domain(const struct dnssec_name_facts *d, struct report *r,
                            enum subtest_id exist, enum subtest_id valid, bool mail)
{
	json_t *lines = json_array(), *valid_rows = json_array();
	name_exist_row(lines, d, mail);
	name_valid_row(valid_rows, d, mail);
	switch (d->status) {
	case DNSSEC_SECURE:
		result_set(r, exist, STATUS_SUCCESS, "good");
		result_set(r, valid, STATUS_SUCCESS, "good");
		break;
	case DNSSEC_BOGUS:
		result_set(r, exist, STATUS_SUCCESS, "good");
		result_set(r, valid, STATUS_FAIL, "bad");
		break;
	case DNSSEC_INSECURE:
		/* dnssec_valid stays not_tested (a failure for the icon), 2 points */
		result_set(r, exist, STATUS_FAIL, "bad");
		break;
	case DNSSEC_ERROR:
		result_set(r, exist, STATUS_FAIL, "resolver-error");
		break;
	}
	if (d->status == DNSSEC_SECURE || d->status == DNSSEC_BOGUS)
		result_set_tech(r, valid, valid_rows);   /* shows unbound's reason */
	else
		json_decref(valid_rows);
	result_set_tech(r, exist, lines);
	result_set_points(r, valid, dnssec_points(d->status));
	json_object_set_new(json_child(json_child(r->technical, "domain"), "dnssec"), "status",
	                    json_string(dnssec_status_name(d->status)));
}

/* Worst-over-servers aggregation of §2.4: ties go to the later server. */
static void aggregate(enum status *st, const char **verdict, bool *any,
                      enum status s, const char *v)
{
	if (!*any || !status_worse(*st, s)) {
		*st = s;
		*verdict = v;
	}
	*any = true;
}

static void evaluate_mx(const struct dnssec_facts *f, struct report *r)
{
	enum status ex_st = STATUS_SUCCESS, va_st = STATUS_SUCCESS;
	const char *ex_v = "good", *va_v = "good";
	bool ex_any = false, va_any = false;
	int points = dnssec_points(f->domain.status);
	json_t *lines = json_array(), *valid_rows = json_array();
	json_t *mailservers = json_child(r->technical, "receiving_mailservers");

	for (size_t i = 0; i < f->n_mx; i++) {
		const struct dnssec_name_facts *m = &f->mx[i];
		char key[260];
		int p = dnssec_points(m->status);

		snprintf(key, sizeof(key), "%s.", m->name);
		json_object_set_new(json_child(json_child(mailservers, key), "dnssec"), "status",
		                    json_string(dnssec_status_name(m->status)));
		name_exist_row(lines, m, true);
		name_valid_row(valid_rows, m, true);
		points = p < points ? p : points;   /* §3.8: min over domain and MX */
		switch (m->status) {
		case DNSSEC_SECURE:
			aggregate(&ex_st, &ex_v, &ex_any, STATUS_SUCCESS, "good");
			aggregate(&va_st, &va_v, &va_any, STATUS_SUCCESS, "good");
			break;
		case DNSSEC_BOGUS:
			aggregate(&ex_st, &ex_v, &ex_any, STATUS_SUCCESS, "good");
			aggregate(&va_st, &va_v, &va_any, STATUS_FAIL, "bad");
			break;
		case DNSSEC_INSECURE:
			aggregate(&ex_st, &ex_v, &ex_any, STATUS_FAIL, "bad");
			aggregate(&va_st, &va_v, &va_any, STATUS_NOT_TESTED, "not-tested");
			break;
		case DNSSEC_ERROR:
			aggregate(&ex_st, &ex_v, &ex_any, STATUS_FAIL, "resolver-error");
			aggregate(&va_st, &va_v, &va_any, STATUS_NOT_TESTED, "not-tested");
			break;
		}
	}
	/* required once tested (§3.8) */
	result_set_worst(r, SUB_MAIL_DNSSEC_MX_EXIST, STATUS_FAIL);
	result_set_worst(r, SUB_MAIL_DNSSEC_MX_VALID, STATUS_FAIL);
	result_set(r, SUB_MAIL_DNSSEC_MX_EXIST, ex_st, ex_v);
	result_set_tech(r, SUB_MAIL_DNSSEC_MX_EXIST, lines);
	if (va_st != STATUS_NOT_TESTED) {
		result_set(r, SUB_MAIL_DNSSEC_MX_VALID, va_st, va_v);
		result_set_tech(r, SUB_MAIL_DNSSEC_MX_VALID, valid_rows);
	} else {
		json_decref(valid_rows);
	}
	result_set_points(r, SUB_MAIL_DNSSEC_MAILTO_VALID, points);
}

void dnssec_evaluate(const struct dnssec_facts *f, struct report *r)
{
	if (f->kind == TEST_WEB) {
		evaluate_domain(&f->domain, r, SUB_WEB_DNSSEC_EXIST, SUB_WEB_DNSSEC_VALID, false);
		r->cat[CAT_WEB_DNSSEC].implemented = true;
		return;
	}
	evaluate_domain(&f->domain, r, SUB_MAIL_DNSSEC_MAILTO_EXIST, SUB_MAIL_DNSSEC_MAILTO_VALID, true);
	if (f->mx_list && f->mx_list->state == MX_HAS_MX) {
		evaluate_mx(f, r);
	} else {
		result_set_worst(r, SUB_MAIL_DNSSEC_MX_EXIST, STATUS_NOTICE);
		result_set_worst(r, SUB_MAIL_DNSSEC_MX_VALID, STATUS_INFO);
		mx_state_result(f->mx_list ? f->mx_list->state : MX_NO_MX, SUB_MAIL_DNSSEC_MX_EXIST,
		                "no-mailservers", r);
	}
	r->cat[CAT_MAIL_DNSSEC].implemented = true;
}

struct probe_all {
	const struct check_ctx *ctx;
	struct dnssec_name_facts *names[MX_MAX + 1];
};

static void probe_one(void *arg, size_t i)
{
	struct probe_all *pa = arg;
	struct dnssec_name_facts *n = pa->names[i];
	struct dns_answer soa = {0};

	resolver_query_accurate(pa->ctx->res, n->name, DNS_TYPE_SOA, pa->ctx->deadline, &soa);
	n->status = dnssec_classify(&soa);
	if (n->status == DNSSEC_BOGUS)
		snprintf(n->why_bogus, sizeof(n->why_bogus), "%s", soa.why_bogus);
	dns_answer_free(&soa);
}

void dnssec_probe(const struct check_ctx *ctx, enum test_kind kind, const char *domain,
                  const struct mx_list *mx, struct dnssec_facts *f)
{
	struct probe_all pa = { .ctx = ctx };
	size_t n = 0;

	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->mx_list = mx;
	snprintf(f->domain.name, sizeof(f->domain.name), "%s", domain);
	pa.names[n++] = &f->domain;
	if (kind == TEST_MAIL && mx && mx->state == MX_HAS_MX) {
		for (size_t i = 0; i < mx->n; i++) {
			snprintf(f->mx[i].name, sizeof(f->mx[i].name), "%s", mx->names[i]);
			pa.names[n++] = &f->mx[i];
		}
		f->n_mx = mx->n;
	}
	parallel_for(n, ctx->max_threads, probe_one, &pa);
}
