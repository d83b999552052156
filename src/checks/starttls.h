/*
 * starttls.h -- the mail_starttls category (spec §3.10): every MX of §3.6 (at
 * most 10), one address each, a STARTTLS TLS scan (tls/scan.h, one connection
 * at a time per MX, MX side by side), DANE for SMTP (_25._tcp.<mx>, §3.3.6),
 * CAA of each MX name (§3.3.7); the rules of checks/tls.h per MX, folded over
 * MX as §2.4 says. starttls_probe does all I/O; starttls_evaluate is pure.
 */
#ifndef INETCHECK_CHECKS_STARTTLS_H
#define INETCHECK_CHECKS_STARTTLS_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/caa.h"
#include "checks/check.h"
#include "checks/dane.h"
#include "checks/mx.h"
#include "core/result.h"
#include "dns/resolver.h"
#include "net/guard.h"
#include "tls/scan.h"

#define STARTTLS_PORT 25

/* What became of one MX (§3.10; internet.nl's server_reachable / could_not_test). */
enum starttls_state {
	STARTTLS_OK,           /* TLS negotiated after STARTTLS */
	STARTTLS_UNREACHABLE,  /* no address, refused, TCP or SMTP failure, no STARTTLS, no TLS
	                        * version (§3.10, §8 item 27): error/other */
	STARTTLS_UNTESTABLE,   /* the test's deadline passed first: error/could-not-test */
};

/* One MX. */
struct starttls_server {
	char name[256];               /* lowercase, no trailing dot (mx.h) */
	bool has_addr;                /* the name resolved to an address */
	struct netaddr addr;          /* §3.10: the last IPv4 address, else the first IPv6 */
	bool refused;                 /* the target guard refused the address */
	bool timed_out;               /* the test's deadline passed before this MX was done */
	struct tls_scan_facts tls;    /* reach says why when not OK */
	struct dane_facts dane;       /* _25._tcp.<name>, usages 2 and 3 only */
	struct caa_result caa;        /* CAA of the MX name */
};

struct starttls_facts {
	char domain[256];
	enum mx_state mx_state;       /* §3.6 */
	size_t n;                     /* MX tested (mx_list order: alphabetical) */
	struct starttls_server servers[MX_MAX];
};

/* The state of one MX from its facts. */
enum starttls_state starttls_server_state(const struct starttls_server *s);

/*
 * §3.10 target address, pure: from the A and AAAA answers for the MX name, the
 * last IPv4 address if there is any, else the first IPv6 one (port 25). False
 * when neither has an address.
 */
bool starttls_pick_address(const struct dns_answer *a, const struct dns_answer *aaaa,
                           struct netaddr *out);

/* Probe every MX of `mx` in parallel (nothing unless mx->state is MX_HAS_MX). */
void starttls_probe(const struct check_ctx *ctx, const char *domain, const struct mx_list *mx,
                    struct starttls_facts *f);

/*
 * mail_starttls (§3.10): per MX tls_evaluate(TLS_RULES_MAIL) plus DANE
 * (dane_exists and dane_valid share the score field dane_score, §8 item 11),
 * dane_rollover, the DANE-TA host-name rule, mail_caa; folded over MX (§2.4:
 * worst status, min of sums); the §3.6 states without MX; text verdicts
 * (unreachable, untestable, no-mx, null-mx, no-null-mx, null-mx-with-other-mx,
 * null-mx-without-a-aaaa); custom tls_1_3_support and
 * mail_servers_testable_status (§5.3); technical receiving_mailservers.<mx>.
 * {server_reachable, starttls_enabled, server_testable, details} (§5.4).
 */
void starttls_evaluate(const struct starttls_facts *f, struct report *r);

void starttls_facts_free(struct starttls_facts *f);

#endif
