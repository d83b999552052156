/*
 * tlsrpt.h -- SMTP TLS Reporting policy record (RFC 8460 §3): record
 * selection, grammar, rua URI checks and a pure judgement for the
 * informational "Beyond internet.nl" section.
 *
 * Pure: the TXT strings of _smtp._tls.<domain> come in as a txt_set (spf.h),
 * filled by the caller's lookup. No DNS, no clock, no globals.
 */
#ifndef INETCHECK_CHECKS_TLSRPT_H
#define INETCHECK_CHECKS_TLSRPT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "checks/spf.h"
#include "core/result.h"

/* A record that parsed: its rua URIs in the order written (all rua= fields). */
struct tlsrpt_record {
	char **rua;               /* owned; free with tlsrpt_record_free */
	size_t n_rua;
};

/*
 * Parse one TXT record with the ABNF of RFC 8460 §3: %s"v=TLSRPTv1" (case
 * sensitive), fields separated by *WSP ";" *WSP, an optional trailing
 * separator, extension fields name=value (name 1-32 of ALPHA/DIGIT/_/-/.,
 * value %x21-3A/%x3C/%x3E-7E), and a required rua= list of URIs separated by
 * *WSP "," *WSP. Each URI must be mailto: or https: (tlsrpt_uri_is_valid).
 * Returns 0 and fills `out`, or -1 with `out` empty and `*reason` one of
 * "syntax", "no-rua", "bad-uri" (or "internal" when out of memory).
 */
int tlsrpt_record_parse(const char *record, struct tlsrpt_record *out, const char **reason);
void tlsrpt_record_free(struct tlsrpt_record *rec);

/*
 * True when `uri` is a rua destination RFC 8460 §3 allows: "mailto:" (scheme
 * caseless) + one addr-spec local@host with an optional ?hfields part, or
 * "https://" + an authority with a host (name, IPv4 or [literal]) and an
 * optional port, path, query and fragment. ',' and '!' must be
 * percent-encoded (§3), so a DMARC-style "!size" suffix is refused.
 */
bool tlsrpt_uri_is_valid(const char *uri);

/*
 * Index of the single string that starts case-insensitively with
 * "v=TLSRPTv1" followed by ';', whitespace or the end; -1 when none, -2 when
 * more than one (RFC 8460 §3: not exactly one record = no TLSRPT). `*n_found`
 * (may be NULL) gets the count. Selection is caseless so that "V=tlsrptv1;..."
 * is reported as invalid rather than absent.
 */
int tlsrpt_select_record(const struct txt_set *txt, size_t *n_found);

enum tlsrpt_status {
	TLSRPT_GOOD,              /* exactly one record, valid, with rua */
	TLSRPT_ABSENT,            /* no record (or NXDOMAIN / NODATA) */
	TLSRPT_INVALID,           /* `reason` says why */
	TLSRPT_NOT_TESTED,        /* the TXT lookup failed */
};

/* "good", "absent", "invalid", "not-tested". */
const char *tlsrpt_status_name(enum tlsrpt_status s);

struct tlsrpt_result {
	enum tlsrpt_status status;
	const char *reason;       /* static: "syntax", "no-rua", "bad-uri", "several-records",
	                           * "dns" (not tested); NULL when good or absent */
	size_t n_found;           /* strings selected as TLSRPT records */
	struct tlsrpt_record rec; /* the rua URIs when good, else empty */
};

/*
 * Judge the TXT answer for _smtp._tls.<domain>: `lookup_rc` is DNS_LOOKUP_*
 * (NXDOMAIN and NODATA are "absent", ERROR is "not tested"), `txt` its
 * strings (read only when DNS_LOOKUP_OK; may be NULL otherwise).
 * Returns 0, or -1 when out of memory. Free with tlsrpt_result_free.
 */
int tlsrpt_judge(int lookup_rc, const struct txt_set *txt, struct tlsrpt_result *out);
void tlsrpt_result_free(struct tlsrpt_result *r);

/*
 * The informational judgement of the "Beyond internet.nl" section: good ->
 * STATUS_SUCCESS "good"; absent -> STATUS_INFO "absent"; invalid ->
 * STATUS_FAIL "invalid"; lookup failure -> STATUS_NOT_TESTED "not-tested".
 * `*details` (new reference, caller json_decref's) holds "status", "reason"
 * (or null), "records" (every selected string) and "rua" (the URIs).
 * Returns 0, or -1 when out of memory (`*details` NULL).
 */
int tlsrpt_evaluate(int lookup_rc, const struct txt_set *txt, enum status *status,
                    const char **verdict, json_t **details);

#endif
