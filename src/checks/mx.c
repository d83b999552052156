/* mx.c -- MX discovery and Null MX states (spec §3.6). */
#include "checks/mx.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *mx_state_name(enum mx_state s)
{
	switch (s) {
	case MX_HAS_MX: return "has_mx";
	case MX_NO_MX: return "no_mx";
	case MX_NULL_MX: return "null_mx";
	case MX_NO_NULL_MX: return "no_null_mx";
	case MX_NULL_MX_WITH_OTHER_MX: return "null_mx_with_other_mx";
	case MX_NULL_MX_WITHOUT_A_AAAA: return "null_mx_without_a_aaaa";
	}
	return "no_mx";
}

bool mx_spf_is_reject_all(const char *spf)
{
	const char *p;
	if (!spf || strncasecmp(spf, "v=spf1", 6) != 0)
		return false;
	p = spf + 6;
	if (!isspace((unsigned char)*p))
		return false;
	while (isspace((unsigned char)*p))
		p++;
	if (strncasecmp(p, "-all", 4) != 0)
		return false;
	p += 4;
	while (isspace((unsigned char)*p))
		p++;
	return *p == '\0';
}

const char *mx_spf_select(const struct dns_answer *txt)
{
	const char *found = NULL;
	for (size_t i = 0; i < txt->n; i++) {
		const char *t = txt->rr[i].u.txt.text;
		if (txt->rr[i].type != DNS_TYPE_TXT || !t || strncasecmp(t, "v=spf1", 6) != 0)
			continue;
		if (found)
			return NULL;      /* two or more: none (§1.4) */
		found = t;
	}
	return found;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

void mx_evaluate(const struct mx_facts *f, struct mx_list *out)
{
	char (*names)[256] = NULL;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < f->n_mx; i++) {
		/* spec §3.6: only preference 0 with exchange "." is a Null MX */
		if (f->mx[i].u.mx.preference == 0 && f->mx[i].u.mx.exchange[0] == '\0') {
			if (f->n_mx > 1)
				out->state = MX_NULL_MX_WITH_OTHER_MX;
			else if (!f->has_address)
				out->state = MX_NULL_MX_WITHOUT_A_AAAA;
			else
				out->state = MX_NULL_MX;
			return;
		}
	}
	names = calloc(f->n_mx ? f->n_mx : 1, sizeof(*names));
	if (!names) {
		out->state = MX_NO_MX;
		return;
	}
	for (size_t i = 0; i < f->n_mx; i++) {
		char name[256];
		/* quirk §3.6: "." with a non-zero preference is a server named "." */
		snprintf(name, sizeof(name), "%s", f->mx[i].u.mx.exchange[0] ? f->mx[i].u.mx.exchange : ".");
		for (char *c = name; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (strcmp(name, "localhost") == 0)
			continue;                 /* §3.6: localhost exchanges are ignored */
		bool dup = false;
		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(names[j], name) == 0;
		if (!dup)
			memcpy(names[n++], name, sizeof(name));
	}
	if (n == 0) {
		out->state = f->has_address && mx_spf_is_reject_all(f->spf) ? MX_NO_NULL_MX : MX_NO_MX;
		free(names);
		return;
	}
	qsort(names, n, sizeof(*names), cmp_name);
	out->state = MX_HAS_MX;
	out->n_total = n;
	out->n = n < MX_MAX ? n : MX_MAX;
	memcpy(out->names, names, out->n * sizeof(*names));
	free(names);
}

int mx_discover(struct resolver *res, const char *domain, deadline_t deadline, struct mx_list *out)
{
	struct dns_answer mx = {0}, a = {0}, aaaa = {0}, txt = {0};
	struct mx_facts f = {0};

	resolver_query(res, domain, DNS_TYPE_MX, RESOLVER_CD, deadline, &mx);
	resolver_query(res, domain, DNS_TYPE_A, RESOLVER_CD, deadline, &a);
	resolver_query(res, domain, DNS_TYPE_AAAA, RESOLVER_CD, deadline, &aaaa);
	resolver_query(res, domain, DNS_TYPE_TXT, RESOLVER_CD, deadline, &txt);
	f.mx = mx.rr;                  /* errors leave n == 0: "treated as no MX" */
	f.n_mx = mx.n;
	f.has_address = a.n > 0 || aaaa.n > 0;
	f.spf = mx_spf_select(&txt);
	mx_evaluate(&f, out);
	dns_answer_free(&mx);
	dns_answer_free(&a);
	dns_answer_free(&aaaa);
	dns_answer_free(&txt);
	return 0;
}

const char *mx_state_result(enum mx_state st, enum subtest_id id, const char *no_mx_verdict,
                            struct report *r)
{
	switch (st) {
	case MX_NO_MX:
		result_set(r, id, STATUS_NOT_TESTED, no_mx_verdict);
		return "no-mx";
	case MX_NULL_MX:
		result_set(r, id, STATUS_NOT_TESTED, "null-mx");
		return "null-mx";
	case MX_NO_NULL_MX:
		result_set(r, id, STATUS_INFO, "no-null-mx");
		return "no-null-mx";
	case MX_NULL_MX_WITH_OTHER_MX:
		result_force(r, id, STATUS_NOTICE, "null-mx-with-other-mx");   /* past the cap, §2.2 */
		return "null-mx-with-other-mx";
	case MX_NULL_MX_WITHOUT_A_AAAA:
		result_force(r, id, STATUS_INFO, "null-mx-without-a-aaaa");
		return "null-mx-without-a-aaaa";
	case MX_HAS_MX:
		break;
	}
	return NULL;
}
