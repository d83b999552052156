/*
 * testrun.h -- one web or mail test from a normalised domain to a filled (not
 * yet scored) report: pre-check, probes side by side, then the rules.
 */
#ifndef INETCHECK_CHECKS_TESTRUN_H
#define INETCHECK_CHECKS_TESTRUN_H

#include "checks/rpki.h"
#include "core/result.h"
#include "dns/resolver.h"

struct testrun_options {
	struct resolver *res;
	int timeout_s;        /* the whole test; 0 = TESTRUN_DEFAULT_TIMEOUT_S */
	int max_threads;      /* concurrent connections per probe; 0 = 16 */
	const char *ca_file;  /* extra trust anchors for HTTPS/STARTTLS certificates, or NULL */
	const char *ehlo;     /* EHLO name for STARTTLS, or NULL (tls/conn.h default) */
	const struct rpki_config *rpki; /* route origins and VRPs; NULL = none (RPKI errors) */
	struct scan_memo *memo; /* STARTTLS scans shared by the tests of a batch
	                         * (tls/scanmemo.h), or NULL (issue 17) */
	/* Called when a probe has finished ("ipv6", "dnssec", "https" (web_https and
	 * web_appsecpriv), "auth", "starttls", "rpki"), from the probe's thread: several
	 * may call at once. NULL: not told (issue 18, the progress page). */
	void (*on_probe)(void *arg, const char *probe);
	void *probe_arg;
	/* DKIM selectors whose keys mail_beyond_dkim_keys judges (issue 22), NULL-terminated;
	 * NULL: none (as internet.nl, which cannot know them) */
	const char *const *dkim_selectors;
};

#define TESTRUN_DEFAULT_TIMEOUT_S 120

/*
 * Run the `kind` test of `domain` into `r` (report_init is done here).
 * Returns 0 when the test ran; -1 when it could not (r->error and
 * r->error_msg say why, e.g. the domain does not exist).
 */
int testrun_run(const struct testrun_options *o, enum test_kind kind, const char *domain,
                struct report *r);

#endif
