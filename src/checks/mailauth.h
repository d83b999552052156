/*
 * mailauth.h -- the mail_auth category: DMARC, DKIM and SPF (spec §3.9).
 * The grammars and policy rules are in spf.c and dmarc.c (pure, over a TXT
 * lookup callback); this module gives them the resolver and maps their
 * results onto the five subtests.
 */
#ifndef INETCHECK_CHECKS_MAILAUTH_H
#define INETCHECK_CHECKS_MAILAUTH_H

#include "checks/check.h"
#include "checks/dmarc.h"
#include "checks/spf.h"
#include "core/result.h"

#define MAILAUTH_DKIM_SELECTORS_MAX 16

struct mailauth_facts {
	int dkim_rc;                  /* DNS_LOOKUP_* of TXT _domainkey.<domain> */
	struct spf_result spf;
	struct dmarc_result dmarc;
	/* beyond internet.nl (issue 22) */
	int tlsrpt_rc;                /* DNS_LOOKUP_* of TXT _smtp._tls.<domain> */
	struct txt_set tlsrpt;
	size_t n_selectors;           /* --dkim-selector: TXT <selector>._domainkey.<domain> */
	struct { const char *selector; int rc; struct txt_set txt; } selectors[MAILAUTH_DKIM_SELECTORS_MAX];
};

/* TXT lookups through the resolver (CD, spec §1.4), as txt_lookup_fn wants. */
int mailauth_txt_lookup(void *check_ctx, const char *name, struct txt_set *out);

void mailauth_probe(const struct check_ctx *ctx, const char *domain, struct mailauth_facts *f);
/* Set the five subtests, the custom result and the technical details. Pure. */
void mailauth_evaluate(const struct mailauth_facts *f, struct report *r);
void mailauth_facts_free(struct mailauth_facts *f);

#endif
