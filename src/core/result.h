/*
 * result.h -- the report model: what evaluation functions produce and what the
 * scorer and renderers consume (shared/DESIGN.md "one direction for data").
 *
 * Subtests and categories are named here only by enum; their report keys, batch
 * API names, requirement levels and points live in one table, report/catalog.c.
 * Evaluation code (src/checks) sets the *requested* status, verdict token and
 * points of a subtest; report/score.c applies the catalog's requirement level
 * (status capping, spec §2.2), computes category verdicts (§2.5) and
 * percentages (§4).
 */
#ifndef INETCHECK_CORE_RESULT_H
#define INETCHECK_CORE_RESULT_H

#include <stdbool.h>
#include <jansson.h>

/* spec §2.1: ordered by "badness" rank, 0 = worst. */
enum status {
	STATUS_ERROR = 0,
	STATUS_FAIL,
	STATUS_NOTICE,
	STATUS_INFO,
	STATUS_NOT_TESTED,
	STATUS_GOOD_NOT_TESTED,
	STATUS_SUCCESS,
};

/* The connection test (spec §3.12) judges the visitor's own connection and resolver,
 * interactively only: it has no batch API names and no domain. */
enum test_kind { TEST_WEB, TEST_MAIL, TEST_CONN };

enum category_id {
	CAT_WEB_IPV6,
	CAT_WEB_DNSSEC,
	CAT_WEB_HTTPS,
	CAT_WEB_APPSECPRIV,
	CAT_WEB_RPKI,
	CAT_MAIL_IPV6,
	CAT_MAIL_DNSSEC,
	CAT_MAIL_AUTH,
	CAT_MAIL_STARTTLS,
	CAT_MAIL_RPKI,
	CAT_CONN_IPV6,
	CAT_CONN_DNSSEC,
	/* beyond internet.nl's test set (issue 22): informational, never scored */
	CAT_WEB_BEYOND,
	CAT_MAIL_BEYOND,
	CAT_COUNT
};

/* Every subtest of every test, grouped by category in catalog order (spec §3). */
enum subtest_id {
	/* web_ipv6 (§3.1) */
	SUB_WEB_IPV6_NS_ADDRESS,
	SUB_WEB_IPV6_NS_REACH,
	SUB_WEB_IPV6_WS_ADDRESS,
	SUB_WEB_IPV6_WS_REACH,
	SUB_WEB_IPV6_WS_SIMILAR,
	/* web_dnssec (§3.2) */
	SUB_WEB_DNSSEC_EXIST,
	SUB_WEB_DNSSEC_VALID,
	/* web_https (§3.3.8) */
	SUB_WEB_HTTPS_HTTP_AVAILABLE,
	SUB_WEB_HTTPS_HTTP_REDIRECT,
	SUB_WEB_HTTPS_HTTP_HSTS,
	SUB_WEB_HTTPS_HTTP_COMPRESS,
	SUB_WEB_HTTPS_TLS_KEYEXCHANGE,
	SUB_WEB_HTTPS_TLS_CIPHERS,
	SUB_WEB_HTTPS_TLS_CIPHERORDER,
	SUB_WEB_HTTPS_TLS_VERSION,
	SUB_WEB_HTTPS_TLS_COMPRESS,
	SUB_WEB_HTTPS_TLS_SECRENEG,
	SUB_WEB_HTTPS_TLS_CLIENTRENEG,
	SUB_WEB_HTTPS_CERT_CHAIN,
	SUB_WEB_HTTPS_CERT_PUBKEY,
	SUB_WEB_HTTPS_CERT_SIG,
	SUB_WEB_HTTPS_CERT_DOMAIN,
	SUB_WEB_HTTPS_TLS_CAA,
	SUB_WEB_HTTPS_DANE_EXIST,
	SUB_WEB_HTTPS_DANE_VALID,
	SUB_WEB_HTTPS_TLS_0RTT,
	SUB_WEB_HTTPS_TLS_OCSP,
	SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH,
	SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET,
	/* web_appsecpriv (§3.4) */
	SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS,
	SUB_WEB_APPSECPRIV_X_CONTENT_TYPE_OPTIONS,
	SUB_WEB_APPSECPRIV_CSP,
	SUB_WEB_APPSECPRIV_REFERRER_POLICY,
	SUB_WEB_APPSECPRIV_SECURITYTXT,
	/* web_rpki (§3.5) */
	SUB_WEB_RPKI_EXISTS,
	SUB_WEB_RPKI_VALID,
	SUB_WEB_NS_RPKI_EXISTS,
	SUB_WEB_NS_RPKI_VALID,
	/* mail_ipv6 (§3.7) */
	SUB_MAIL_IPV6_NS_ADDRESS,
	SUB_MAIL_IPV6_NS_REACH,
	SUB_MAIL_IPV6_MX_ADDRESS,
	SUB_MAIL_IPV6_MX_REACH,
	/* mail_dnssec (§3.8) */
	SUB_MAIL_DNSSEC_MAILTO_EXIST,
	SUB_MAIL_DNSSEC_MAILTO_VALID,
	SUB_MAIL_DNSSEC_MX_EXIST,
	SUB_MAIL_DNSSEC_MX_VALID,
	/* mail_auth (§3.9) */
	SUB_MAIL_AUTH_DMARC_EXIST,
	SUB_MAIL_AUTH_DMARC_POLICY,
	SUB_MAIL_AUTH_DKIM_EXIST,
	SUB_MAIL_AUTH_SPF_EXIST,
	SUB_MAIL_AUTH_SPF_POLICY,
	/* mail_starttls (§3.10) */
	SUB_MAIL_STARTTLS_TLS_AVAILABLE,
	SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE,
	SUB_MAIL_STARTTLS_TLS_CIPHERS,
	SUB_MAIL_STARTTLS_TLS_CIPHERORDER,
	SUB_MAIL_STARTTLS_TLS_VERSION,
	SUB_MAIL_STARTTLS_TLS_COMPRESS,
	SUB_MAIL_STARTTLS_TLS_SECRENEG,
	SUB_MAIL_STARTTLS_TLS_CLIENTRENEG,
	SUB_MAIL_STARTTLS_CERT_CHAIN,
	SUB_MAIL_STARTTLS_CERT_PUBKEY,
	SUB_MAIL_STARTTLS_CERT_SIG,
	SUB_MAIL_STARTTLS_CERT_DOMAIN,
	SUB_MAIL_STARTTLS_TLS_CAA,
	SUB_MAIL_STARTTLS_DANE_EXIST,
	SUB_MAIL_STARTTLS_DANE_VALID,
	SUB_MAIL_STARTTLS_DANE_ROLLOVER,
	SUB_MAIL_STARTTLS_TLS_0RTT,
	SUB_MAIL_STARTTLS_TLS_KEYEXCHANGEHASH,
	SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET,
	/* mail_rpki (§3.11) */
	SUB_MAIL_RPKI_EXISTS,
	SUB_MAIL_RPKI_VALID,
	SUB_MAIL_NS_RPKI_EXISTS,
	SUB_MAIL_NS_RPKI_VALID,
	SUB_MAIL_MX_NS_RPKI_EXISTS,
	SUB_MAIL_MX_NS_RPKI_VALID,
	/* conn_ipv6 (§3.12) */
	SUB_CONN_IPV6_RESOLVER_CONN,
	SUB_CONN_IPV6_DNS_CONN,
	SUB_CONN_IPV6_CONNECTION,
	SUB_CONN_IPV6_PRIVACY,
	SUB_CONN_IPV6_IPV4_CONN,
	/* conn_dnssec (§3.12) */
	SUB_CONN_DNSSEC_VALIDATION,
	/* web_beyond (issue 22): not internet.nl's, informational */
	SUB_WEB_BEYOND_HTTPS_RR,
	/* mail_beyond (issue 22): not internet.nl's, informational */
	SUB_MAIL_BEYOND_SPF_LOOKUPS,
	SUB_MAIL_BEYOND_TLS_RPT,
	SUB_MAIL_BEYOND_DKIM_KEYS,
	SUB_MAIL_BEYOND_MTA_STS,
	SUB_COUNT
};

/* spec §2.5 step 1: a subtest may overwrite the category's "is mandatory" flag. */
enum override { OVERRIDE_NONE = 0, OVERRIDE_FALSE, OVERRIDE_TRUE };

/* Points value meaning "score field is NULL" (test did not run; counts as 0, §2.3). */
#define POINTS_NULL (-1)

struct subtest_result {
	bool evaluated;         /* false: stays not_tested / "not-tested" (§2.6) */
	enum status status;     /* requested status; capped by `worst` unless forced */
	bool forced;            /* bypass the cap (§2.2 "override" result paths) */
	bool worst_set;         /* `worst` replaces the catalog's requirement level */
	enum status worst;      /* was_tested promotion or NOT_TESTED removal (§2.2) */
	const char *verdict;    /* verdict token (static string), e.g. "good" */
	int points;             /* score-field value, POINTS_NULL when not run */
	enum override override_mandatory;
	json_t *tech;           /* technical details for renderers, owned; may be NULL */
};

struct category_result {
	bool implemented;       /* false: not_tested / "not-implemented", left out (§ issue 2) */
	int points;             /* >= 0: obtained points set by a per-server evaluator
	                         * (min over servers of sums, §2.4); < 0: sum of sub points */
	const char *text_verdict; /* §2.5 step 5 override ("unreachable", "no-mx", ...) or NULL */
	const char *advice;     /* optional extra fix line for the text renderer */

	/* Filled by score_report(): */
	int max_points;
	int obtained_points;
	int percentage;
	bool counted;           /* in the overall average (implemented and max > 0) */
	enum status status;     /* icon, §2.5 */
	const char *verdict;    /* text verdict: text_verdict or status token */
};

struct report {
	enum test_kind kind;
	char domain[256];       /* A-label, no trailing dot; the connection test: its test id */
	struct subtest_result sub[SUB_COUNT];
	struct category_result cat[CAT_COUNT];
	json_t *custom;         /* results.custom (§5.3), owned */
	json_t *technical;      /* §5.4 technical results, owned */
	json_t *warnings;       /* array of strings for the user (refused targets, ...), owned */
	json_t *what_if;        /* --resolve/--zone in force (issue 21): {"resolve", "zones"},
	                         * owned; NULL when the test saw only the real DNS and servers */
	int percentage;         /* overall, filled by score_report() */
	bool partial;           /* some category of this test is not implemented */
	bool error;             /* the test could not run; `error_msg` says why */
	char error_msg[256];
};

/* Initialise `r` for a test of `kind` on `domain`: every subtest unevaluated,
 * every category unimplemented, empty custom/technical objects. */
void report_init(struct report *r, enum test_kind kind, const char *domain);
/* Release everything `r` owns (not `r` itself). */
void report_release(struct report *r);

/* Set the requested status and verdict of subtest `id` (capped later, §2.2). */
void result_set(struct report *r, enum subtest_id id, enum status st, const char *verdict);
/* Same, bypassing the cap (spec §2.2 override paths). */
void result_force(struct report *r, enum subtest_id id, enum status st, const char *verdict);
/* Replace the requirement level of subtest `id` (was_tested promotion, removal). */
void result_set_worst(struct report *r, enum subtest_id id, enum status worst);
/* Set the score-field value of subtest `id`. */
void result_set_points(struct report *r, enum subtest_id id, int points);
/* Attach technical details (takes the reference `tech`). */
void result_set_tech(struct report *r, enum subtest_id id, json_t *tech);
/* Add a printf-style warning for the user (shown on stderr and in --json). */
void report_warn(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The rank order above: true if `a` is worse than `b`. */
static inline bool status_worse(enum status a, enum status b) { return a < b; }

#endif
