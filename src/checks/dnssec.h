/*
 * dnssec.h -- web_dnssec (spec §3.2) and mail_dnssec (§3.8).
 */
#ifndef INETCHECK_CHECKS_DNSSEC_H
#define INETCHECK_CHECKS_DNSSEC_H

#include "checks/check.h"
#include "checks/mx.h"
#include "core/result.h"

struct dnssec_name_facts {
	char name[256];
	enum dnssec_status status;    /* of the "guaranteed accurate" SOA lookup */
	char why_bogus[512];
};

struct dnssec_facts {
	enum test_kind kind;
	struct dnssec_name_facts domain;
	const struct mx_list *mx_list;   /* mail only */
	struct dnssec_name_facts mx[MX_MAX];
	size_t n_mx;
};

/* Map one guaranteed-accurate SOA answer to a DNSSEC status (§3.2): NOERROR
 * (with or without records) -> its security; bogus -> bogus; NXDOMAIN, timeout,
 * SERVFAIL -> error. Pure. */
enum dnssec_status dnssec_classify(const struct dns_answer *soa);

/* Points of §3.2: secure 10, insecure 2, bogus and error 0. */
int dnssec_points(enum dnssec_status s);

void dnssec_probe(const struct check_ctx *ctx, enum test_kind kind, const char *domain,
                  const struct mx_list *mx, struct dnssec_facts *f);
void dnssec_evaluate(const struct dnssec_facts *f, struct report *r);

#endif
