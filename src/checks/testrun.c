/* testrun.c -- see testrun.h. */
#include "checks/testrun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/dnssec.h"
#include "checks/https.h"
#include "checks/ipv6.h"
#include "checks/mailauth.h"
#include "checks/mtasts_probe.h"
#include "checks/mx.h"
#include "checks/rpki.h"
#include "checks/starttls.h"
#include "core/parallel.h"
#include "net/guard.h"

struct probes {
	const struct check_ctx *ctx;
	const struct testrun_options *o;
	enum test_kind kind;
	const char *domain;
	const struct mx_list *mx;
	const struct rpki_config *rpki;
	struct ipv6_facts ipv6;
	struct dnssec_facts dnssec;
	struct mailauth_facts mailauth;
	struct mtasts_lookup mtasts;   /* mail only, beyond internet.nl (issue 22) */
	struct https_facts https;      /* web only */
	struct starttls_facts starttls; /* mail only */
	struct rpki_facts rpki_facts;
};

/* The categories' probes run side by side (shared/DESIGN.md "Concurrency"). */
static void probe_category(void *arg, size_t i)
{
	struct probes *p = arg;
	const char *name = NULL;
	switch (i) {
	case 0:
		ipv6_probe(p->ctx, p->kind, p->domain, p->mx, &p->ipv6);
		name = "ipv6";
		break;
	case 1:
		dnssec_probe(p->ctx, p->kind, p->domain, p->mx, &p->dnssec);
		name = "dnssec";
		break;
	case 2:
		if (p->kind == TEST_MAIL) {
			mailauth_probe(p->ctx, p->domain, &p->mailauth);
			mtasts_probe(p->ctx, p->domain, &p->mtasts);
			name = "auth";
		} else {
			https_probe(p->ctx, p->domain, &p->https);   /* web_https + web_appsecpriv */
			name = "https";
		}
		break;
	case 3:
		rpki_probe(p->ctx, p->rpki, p->kind, p->domain, p->mx, &p->rpki_facts);
		name = "rpki";
		break;
	case 4:
		/* mail only. internet.nl sleeps 5 s first so that its IPv6 probe's port-25
		 * connects are over (§3.10); ours are single TCP connects lasting
		 * milliseconds, to the IPv6 addresses, while the scan normally uses IPv4:
		 * the scan starts at once. */
		starttls_probe(p->ctx, p->domain, p->mx, &p->starttls);
		name = "starttls";
		break;
	}
	if (name != NULL && p->o->on_probe != NULL)
		p->o->on_probe(p->o->probe_arg, name);
}

/*
 * issue 18 item 4: a tester on the Internet never reaches into its own network. A
 * web name whose every address is special-purpose (loopback, private, link-local,
 * ULA, ...) is not tested at all: without --allow-private the guard would refuse
 * each connection anyway, and "unreachable" would hide the reason. 1 (and `why`)
 * when so, else 0.
 */
static int only_special(const struct dns_answer *a, const struct dns_answer *aaaa,
                        char *why, size_t len)
{
	const struct dns_answer *ans[2] = { a, aaaa };
	size_t total = 0, special = 0;

	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < ans[k]->n; i++) {
			const struct dns_rr *rr = &ans[k]->rr[i];
			struct netaddr na = { .family = rr->type == DNS_TYPE_A ? AF_INET : AF_INET6 };
			if (rr->type != DNS_TYPE_A && rr->type != DNS_TYPE_AAAA)
				continue;
			if (rr->type == DNS_TYPE_A)
				na.a.v4 = rr->u.a;
			else
				na.a.v6 = rr->u.aaaa;
			total++;
			if (guard_check(&na, special ? NULL : why, len) < 0)
				special++;
		}
	return total > 0 && special == total;
}

/*
 * spec §3.13 interactive pre-checks: a web domain must have an A or AAAA
 * record (CD query); for mail, SOA must not give NXDOMAIN, SERVFAIL or a
 * timeout (NODATA is fine; bogus passes via CD).
 */
static int precheck(const struct check_ctx *ctx, enum test_kind kind, const char *domain,
                    struct report *r)
{
	struct dns_answer a = {0}, aaaa = {0}, soa = {0};
	int rc = 0;

	if (kind == TEST_WEB) {
		char why[200];
		resolver_query(ctx->res, domain, DNS_TYPE_A, RESOLVER_CD, ctx->deadline, &a);
		resolver_query(ctx->res, domain, DNS_TYPE_AAAA, RESOLVER_CD, ctx->deadline, &aaaa);
		if (only_special(&a, &aaaa, why, sizeof(why))) {
			/* the guard's reason ends "use --allow-private to test it" */
			char *use = strstr(why, "; use --allow-private");
			if (use != NULL)
				*use = '\0';
			snprintf(r->error_msg, sizeof(r->error_msg), "%.100s points only to addresses this "
			         "tester does not connect to (%.80s)", domain, why);
			rc = -1;
		} else if (a.n == 0 && aaaa.n == 0) {
			/* SERVFAIL (a CNAME loop, a failing zone, a wrong trust anchor, no network) is
			 * not "no record": said as mail says it (issue 15) */
			if (!a.timeout && !aaaa.timeout && a.rcode == DNS_RCODE_SERVFAIL &&
			    aaaa.rcode == DNS_RCODE_SERVFAIL)
				snprintf(r->error_msg, sizeof(r->error_msg), "%s does not resolve (SERVFAIL)", domain);
			else
				snprintf(r->error_msg, sizeof(r->error_msg), "%s has no A or AAAA record%s", domain,
				         a.timeout || aaaa.timeout ? " (DNS timed out)" :
				         a.rcode == DNS_RCODE_NXDOMAIN ? " (NXDOMAIN)" : "");
			rc = -1;
		}
	} else {
		resolver_query(ctx->res, domain, DNS_TYPE_SOA, RESOLVER_CD, ctx->deadline, &soa);
		if (soa.timeout || soa.rcode != DNS_RCODE_NOERROR) {
			snprintf(r->error_msg, sizeof(r->error_msg), "%s does not resolve (%s)", domain,
			         soa.timeout ? "DNS timed out" :
			         soa.rcode == DNS_RCODE_NXDOMAIN ? "NXDOMAIN" : "SERVFAIL");
			rc = -1;
		}
	}
	dns_answer_free(&a);
	dns_answer_free(&aaaa);
	dns_answer_free(&soa);
	r->error = rc != 0;
	return rc;
}

int testrun_run(const struct testrun_options *o, enum test_kind kind, const char *domain,
                struct report *r)
{
	struct check_ctx ctx = {
		.res = o->res,
		.deadline = deadline_in((int64_t)(o->timeout_s > 0 ? o->timeout_s : TESTRUN_DEFAULT_TIMEOUT_S) * 1000),
		.max_threads = o->max_threads > 0 ? o->max_threads : 16,
		.ca_file = o->ca_file,
		.ehlo = o->ehlo,
		.memo = o->memo,
		.dkim_selectors = o->dkim_selectors,
	};
	struct mx_list mx = {0};
	static const struct rpki_config no_rpki;
	struct probes *p;

	report_init(r, kind, domain);
	if (precheck(&ctx, kind, domain, r) < 0)
		return -1;
	p = calloc(1, sizeof(*p));     /* the facts are large: keep them off the stack */
	if (!p) {
		r->error = true;
		snprintf(r->error_msg, sizeof(r->error_msg), "out of memory");
		return -1;
	}
	if (kind == TEST_MAIL)
		mx_discover(ctx.res, domain, ctx.deadline, &mx);   /* §3.6: shared by all mail probes */
	/* fields, not a compound literal: the facts are too large for the stack */
	p->ctx = &ctx;
	p->o = o;
	p->kind = kind;
	p->domain = domain;
	p->mx = kind == TEST_MAIL ? &mx : NULL;
	p->rpki = o->rpki ? o->rpki : &no_rpki;
	size_t n_probes = kind == TEST_MAIL ? 5 : 4;
	parallel_for(n_probes, (int)n_probes, probe_category, p);

	ipv6_evaluate(&p->ipv6, r);
	dnssec_evaluate(&p->dnssec, r);
	if (kind == TEST_MAIL) {
		mailauth_evaluate(&p->mailauth, r);
		mailauth_facts_free(&p->mailauth);
		starttls_evaluate(&p->starttls, r);
		/* mail_beyond, outside the score: the MX certificates come from the scan above */
		mtasts_report(&p->mtasts, &p->starttls, r);
		mtasts_lookup_free(&p->mtasts);
		starttls_facts_free(&p->starttls);
	} else {
		https_evaluate(&p->https, r);
		appsecpriv_evaluate(&p->https, r);
		httpsrr_report(&p->https.httpsrr, r);   /* web_beyond, outside the score */
		https_facts_free(&p->https);
	}
	rpki_evaluate(&p->rpki_facts, r);     /* after ipv6: extends its address lists (§5.4) */
	rpki_facts_free(&p->rpki_facts);
	free(p);
	return 0;
}
