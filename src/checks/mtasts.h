/*
 * mtasts.h -- SMTP MTA Strict Transport Security (RFC 8461): the _mta-sts TXT
 * record (§3.1), the policy file (§3.2), the fetch rules (§3.3), MX pattern
 * matching (§4.1) and a pure overall judgement for the informational
 * "Beyond internet.nl" section.
 *
 * Pure: the probe fills struct mtasts_fetch_facts and the TXT/MX answers;
 * nothing here touches a socket or the clock. The policy body is untrusted
 * and read only through core/cursor.h; fuzzed by fuzz/fuzz_mtasts.c.
 */
#ifndef INETCHECK_CHECKS_MTASTS_H
#define INETCHECK_CHECKS_MTASTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "checks/spf.h"
#include "core/result.h"

/* RFC 8461 §3.3: "a suggested maximum policy size is 64 kilobytes"; we take 64 KiB. */
#define MTASTS_POLICY_MAX_BYTES 65536
/* RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year). */
#define MTASTS_MAX_AGE_MAX 31557600u

/* ---- the TXT record (§3.1) ---- */

struct mtasts_record {
	char id[33];              /* 1-32 ALPHA/DIGIT */
};

/*
 * Parse one TXT record with the ABNF of RFC 8461 §3.1: %s"v=STSv1", fields
 * separated by *WSP ";" *WSP (optional trailing separator), a required
 * %s"id=" 1*32(ALPHA / DIGIT), extension fields name=value. Of several id=
 * fields the first counts (by analogy with the §3.2 duplicate rule; §3.1 is
 * silent). Returns 0 and fills `out`, or -1 with `*reason` one of "syntax",
 * "no-id", "bad-id".
 */
int mtasts_record_parse(const char *record, struct mtasts_record *out, const char **reason);

/*
 * Index of the single string starting case-insensitively with "v=STSv1"
 * followed by ';', whitespace or the end; -1 when none, -2 when several
 * (§3.1: not exactly one record = no MTA-STS). `*n_found` may be NULL.
 */
int mtasts_select_record(const struct txt_set *txt, size_t *n_found);

/* ---- the policy file (§3.2) ---- */

enum mtasts_mode {
	MTASTS_MODE_ENFORCE,
	MTASTS_MODE_TESTING,
	MTASTS_MODE_NONE,
};

/* "enforce", "testing", "none". */
const char *mtasts_mode_name(enum mtasts_mode m);

struct mtasts_policy {
	enum mtasts_mode mode;
	uint32_t max_age;         /* 0..MTASTS_MAX_AGE_MAX */
	char **mx;                /* owned; the mx patterns as written, in order */
	size_t n_mx;
};

/*
 * Parse a policy body of `len` bytes (any bytes) with the ABNF of RFC 8461
 * §3.2: lines terminated by LF or CRLF (the last terminator optional, no
 * empty lines), each `name ":" *WSP value *WSP` with keys case-sensitive;
 * "version: STSv1" must be the first line; mode is enforce|testing|none;
 * max_age is 1-10 digits up to MTASTS_MAX_AGE_MAX; each mx is ["*."] Domain;
 * at least one mx unless mode is none; unknown keys are ignored if
 * well-formed (value: visible ASCII, inner SP, UTF-8). Of a repeated key
 * other than mx only the first counts (§3.2: "all entries except for the
 * first SHALL be ignored"), so a later "mode: bogus" is ignored too.
 * Returns 0 and fills `out` (free with mtasts_policy_free), or -1 with `out`
 * empty, `*reason` one of "too-large", "syntax", "no-version",
 * "version-not-first", "bad-version", "no-mode", "bad-mode", "no-max-age",
 * "bad-max-age", "no-mx", "bad-mx", "internal" (out of memory) and `*line`
 * (may be NULL) the 1-based line of the error, 0 when not about one line.
 */
int mtasts_policy_parse(const void *body, size_t len, struct mtasts_policy *out,
                        const char **reason, size_t *line);
void mtasts_policy_free(struct mtasts_policy *p);

/* ---- MX matching (§4.1) ---- */

/*
 * True if the MX host name `mx_name` matches the policy's mx `pattern`:
 * ASCII case-insensitive, one trailing dot on either side ignored; a
 * pattern "*.rest" matches exactly one extra leftmost label ("*.example.com"
 * matches "mx.example.com", not "a.b.example.com" nor "example.com").
 */
bool mtasts_mx_matches(const char *pattern, const char *mx_name);

/* True if `mx_name` matches at least one mx pattern of `policy`. */
bool mtasts_mx_covered(const struct mtasts_policy *policy, const char *mx_name);

/*
 * Count the `mx_names` (n of them) no pattern of `policy` matches; when
 * `not_covered` is not NULL, not_covered[i] is set for each of them.
 */
size_t mtasts_mx_not_covered(const struct mtasts_policy *policy, const char *const *mx_names,
                             size_t n, bool *not_covered);

/* ---- the fetch of https://mta-sts.<domain>/.well-known/mta-sts.txt (§3.3) ---- */

enum mtasts_http_outcome {
	MTASTS_HTTP_RESPONSE,     /* an HTTP response was received (status below) */
	MTASTS_HTTP_NO_HOST,      /* mta-sts.<domain> has no address (NXDOMAIN / NODATA) */
	MTASTS_HTTP_UNREACHABLE,  /* timeout, refused, reset, TLS failure other than the
	                           * certificate: "could not test", never a verdict */
};

/* What the probe observed; nothing here is judged by the probe. */
struct mtasts_fetch_facts {
	enum mtasts_http_outcome outcome;
	bool cert_valid;          /* chain trusted and valid for the DNS-ID mta-sts.<domain> */
	bool redirected;          /* a 3xx with Location was answered (and not followed) */
	long http_status;         /* the status of the (first, unfollowed) response */
	const char *content_type; /* the Content-Type header value; NULL when absent */
	const uint8_t *body;      /* the body read, at most MTASTS_POLICY_MAX_BYTES + 1 bytes */
	size_t body_len;
	bool body_truncated;      /* the probe stopped reading: the body is larger still */
};

/*
 * True if `value` is the media type text/plain (RFC 8461 §3.2: senders
 * SHOULD validate it), caseless, with optional whitespace and parameters
 * (";charset=utf-8"; §3.2 ignores parameters other than charset).
 */
bool mtasts_content_type_ok(const char *value);

struct mtasts_fetch_result {
	const char *status;       /* static: "good", "unreachable", "no-host", "cert-invalid",
	                           * "redirect", "no-policy" (404), "http-status" (other non-200),
	                           * "content-type", "too-large", "syntax" (see policy_reason) */
	const char *policy_reason; /* mtasts_policy_parse's reason when status is "syntax" */
	size_t policy_line;
	bool has_policy;          /* status "good": `policy` is filled */
	struct mtasts_policy policy;
};

/*
 * Judge one policy fetch by §3.3 in this order: unreachable, no-host,
 * cert-invalid (the certificate MUST be valid for mta-sts.<domain>),
 * redirect (3xx MUST NOT be followed), no-policy (404), http-status (only
 * 200 counts), content-type (text/plain, §3.2), too-large (64 KiB, §3.3),
 * then the §3.2 syntax.
 * Returns 0, or -1 when out of memory. Free with mtasts_fetch_result_free.
 */
int mtasts_fetch_judge(const struct mtasts_fetch_facts *f, struct mtasts_fetch_result *out);
void mtasts_fetch_result_free(struct mtasts_fetch_result *r);

/* ---- the overall judgement ---- */

/* One MX's STARTTLS certificate as the mail_starttls scan saw it (no second scan). */
enum mtasts_mx_cert_state {
	MTASTS_MX_CERT_UNKNOWN,   /* not scanned, unreachable, no STARTTLS, no chain */
	MTASTS_MX_CERT_VALID,     /* trusted and valid for the MX name */
	MTASTS_MX_CERT_INVALID,   /* not: a sender applying the policy refuses the MX (§4.2) */
};

struct mtasts_mx_cert {
	enum mtasts_mx_cert_state state;
	const char *error;        /* INVALID: why (a webpki token such as "hostname-mismatch") */
};

/* Everything the probe collects for one mail domain. */
struct mtasts_facts {
	int txt_rc;                          /* DNS_LOOKUP_* of TXT _mta-sts.<domain> */
	const struct txt_set *txt;           /* its strings (read only when DNS_LOOKUP_OK) */
	const struct mtasts_fetch_facts *fetch; /* NULL when the policy was not fetched */
	bool mx_known;                       /* the MX names below are the domain's MX set */
	const char *const *mx_names;         /* the MX hosts (RFC 5321 §5.1 implicit MX: the
	                                      * domain itself) */
	size_t n_mx;
	const struct mtasts_mx_cert *mx_cert; /* per mx_names entry, or NULL (all unknown) */
};

/*
 * The informational judgement, first match wins:
 *   TXT lookup failed              -> STATUS_NOT_TESTED "not-tested" (reason "dns")
 *   no record                      -> STATUS_INFO       "absent"      (not used)
 *   record invalid / several       -> STATUS_FAIL       "record-invalid"
 *   not fetched / unreachable      -> STATUS_NOT_TESTED "not-tested" (reason "not-fetched",
 *                                                                      "unreachable")
 *   other fetch problem            -> STATUS_FAIL       "policy-unavailable"
 *   policy syntax                  -> STATUS_FAIL       "policy-invalid"
 *   mode none                      -> STATUS_INFO       "mode-none" (MTA-STS switched off)
 *   an MX not covered, enforce     -> STATUS_FAIL       "mx-not-covered" (senders refuse it)
 *   an MX not covered, testing     -> STATUS_NOTICE     "mx-not-covered"
 *   a covered MX's certificate
 *   invalid (§4.2), enforce        -> STATUS_FAIL       "mx-cert-invalid"
 *   the same, testing              -> STATUS_NOTICE     "mx-cert-invalid"
 *   mode testing                   -> STATUS_NOTICE     "mode-testing" (reported, not enforced)
 *   otherwise (enforce, covered)   -> STATUS_SUCCESS    "good"
 * `details` (new reference) holds "verdict", "reason", "records", "record_status",
 * "id", "policy_fetch", "http_status", "policy_reason", "policy_line", "mode",
 * "max_age", "mx_patterns", "mx_not_covered", "mx_cert_invalid" ([{"mx", "error"}]; these
 * two null when not judged).
 */
struct mtasts_judgement {
	enum status status;
	const char *verdict;      /* static token above */
	const char *reason;       /* static; the record/fetch/policy reason or NULL */
	json_t *details;          /* owned: json_decref */
};

/* Fill `out` from `facts`. Returns 0, or -1 when out of memory (out->details NULL). */
int mtasts_evaluate(const struct mtasts_facts *facts, struct mtasts_judgement *out);

#endif
