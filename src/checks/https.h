/*
 * https.h -- the web_https category (spec §3.3: servers of §3.3.1, TLS of
 * §3.3.2-§3.3.4 through tls/scan.h and checks/tls.h, HTTP checks of §3.3.5,
 * DANE §3.3.6, CAA §3.3.7, subtests §3.3.8) and web_appsecpriv (§3.4), which
 * is measured on the same servers and the same first HTTPS response.
 * https_probe does all I/O; the *_evaluate functions are pure.
 */
#ifndef INETCHECK_CHECKS_HTTPS_H
#define INETCHECK_CHECKS_HTTPS_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/caa.h"
#include "checks/check.h"
#include "checks/dane.h"
#include "checks/headers.h"
#include "checks/httpsrr.h"
#include "checks/securitytxt.h"
#include "core/result.h"
#include "net/guard.h"
#include "tls/scan.h"

#define HTTPS_SERVERS_MAX 2   /* §3.3.1: the first A and the first AAAA */

enum https_redirect {
	HTTPS_REDIRECT_NOT_TESTED = 0,
	HTTPS_REDIRECT_GOOD,      /* first target https on the same host */
	HTTPS_REDIRECT_BAD,
	HTTPS_REDIRECT_NO_HTTP,   /* nothing answered on port 80: passed/other, 10 points */
	HTTPS_REDIRECT_NO_HTTPS,  /* GET https://name/ failed: not_tested/no-https, 0, non-mandatory */
};

/* One tested address. */
struct https_server {
	struct netaddr addr;          /* port 443 */
	bool refused;                 /* the target guard refused it (unreachable) */
	struct tls_scan_facts tls;    /* §3.3.2 */
	/* §3.3.5: one GET https://name/ without following redirects */
	bool https_ok;                /* that GET got a response */
	enum https_redirect redirect;
	enum hsts_state hsts;
	long long hsts_max_age;       /* -1 when absent/unparsable */
	char *hsts_value;             /* merged Strict-Transport-Security, owned, NULL = absent */
	bool http_compression;        /* Content-Encoding present (or the GET failed) */
	/* §3.4: headers of the same response (merged with ", "), owned, NULL = absent */
	char *x_frame_options, *x_content_type_options, *csp, *referrer_policy;
	struct sectxt_result securitytxt;
	struct dane_facts dane;       /* TLSA of _443._tcp.<name>, validated against this server's chain */
};

struct https_facts {
	char domain[256];
	bool no_address;              /* neither A nor AAAA: https_exists failed/bad */
	size_t n;                     /* servers tested (first A, first AAAA; in that order) */
	struct https_server servers[HTTPS_SERVERS_MAX];
	struct caa_result caa;        /* CAA of the tested name (§3.3.7) */
	struct httpsrr_lookup httpsrr; /* its HTTPS records, for web_beyond (issue 22 item 5) */
};

/* Probe everything of both categories: servers in parallel (TLS scan with up to
 * ctx->max_threads connections each), HTTP checks, security.txt, DANE, CAA, and
 * the HTTPS records (RFC 9460) for web_beyond (httpsrr_report judges them). */
void https_probe(const struct check_ctx *ctx, const char *domain, struct https_facts *f);

/*
 * web_https (§3.3.8): per server tls_evaluate() plus the HTTP, CAA and DANE
 * subtests; aggregated over servers as §2.4 (worst status per subtest, ties to
 * the later server; category points = min over servers of the summed points;
 * any unreachable server: text verdict "unreachable"); custom tls_1_3_support
 * (§5.3, §8 item 40); technical webservers.ipv4/ipv6 tls details (§5.4).
 */
void https_evaluate(const struct https_facts *f, struct report *r);

/* web_appsecpriv (§3.4, §3.4.1, §3.4.2): per server, worst over servers, never
 * scored; technical security-option keys of §5.4. */
void appsecpriv_evaluate(const struct https_facts *f, struct report *r);

void https_facts_free(struct https_facts *f);

#endif
