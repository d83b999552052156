/*
 * dmarc.h -- DMARC grammar, record discovery and policy rules of internet.nl,
 * plus the non-sending-domain rule of mail_auth (spec §3.9, §8 items 32-33).
 *
 * Pure: DNS goes through the txt_lookup_fn of spf.h, the organisational
 * domain through libpsl. The grammar is internet.nl's pyparsing grammar
 * (checks/tasks/dmarc_parser.py); the rules follow checks/tasks/mail.py.
 */
#ifndef INETCHECK_CHECKS_DMARC_H
#define INETCHECK_CHECKS_DMARC_H

#include <stdbool.h>
#include <stddef.h>

#include <libpsl.h>

#include "checks/spf.h"

enum dmarc_request {
	DMARC_REQUEST_NONE,
	DMARC_REQUEST_QUARANTINE,
	DMARC_REQUEST_REJECT,
};

/* A record that parsed. Tag values are lowercased where the grammar is caseless. */
struct dmarc_record {
	bool has_p, has_sp, has_np;
	enum dmarc_request p, sp, np;
	char psd;                 /* 'y', 'n', 'u' or 0 when absent */
	char t;                   /* 'y', 'n' or 0 when absent */
	char adkim, aspf;         /* 'r', 's' or 0 */
	bool has_rua, has_ruf, has_ri, has_fo, has_rf, has_pct;
	unsigned pct;             /* 0..999 as written */
	/*
	 * Report hosts as internet.nl derives them (_dmarc_get_ru_host): rua then
	 * ruf, for every URI without "//" authority: the part after '@' and before
	 * '!', lowercased, trailing dots stripped. Owned; free with dmarc_record_free.
	 */
	char **hosts;
	size_t n_hosts;
};

/*
 * Parse `record` with the strict grammar of spec §3.9: "v=DMARC1" (key
 * caseless, value case-sensitive), ";", p= first if present, then the other
 * tags in any order at most once each. Returns 0 and fills `out`, or -1 on a
 * syntax error (or out of memory) with `out` empty. Never reads past the NUL.
 */
int dmarc_record_parse(const char *record, struct dmarc_record *out);
void dmarc_record_free(struct dmarc_record *rec);
bool dmarc_record_is_valid(const char *record);

/*
 * Index of the single string starting case-insensitively with "v=dmarc1",
 * -1 when none, -2 when more than one. `*n_found` (may be NULL) gets the count.
 */
int dmarc_select_record(const struct txt_set *txt, size_t *n_found);

/*
 * Organisational domain of `domain` (lowercase, no trailing dot) by the PSL:
 * a pointer into `domain`, or "" when it has none (it is a public suffix).
 * `psl` NULL means psl_builtin().
 */
const char *dmarc_org_domain(const psl_ctx_t *psl, const char *domain);

enum dmarc_policy_status {
	DMARC_POLICY_VALID,
	DMARC_POLICY_INVALID_SYNTAX,
	DMARC_POLICY_INVALID_P_SP,
	DMARC_POLICY_INVALID_EXTERNAL,
};

/* The technical-output token, e.g. "invalid_p_sp" (spec §5.4). */
const char *dmarc_policy_status_name(enum dmarc_policy_status s);

/*
 * Policy sufficiency (spec §3.9): the effective request is sp= for an
 * org-domain record when present, else p=; missing or none -> invalid_p_sp;
 * quarantine with t=y -> invalid_p_sp. `rec` NULL = the record did not parse.
 */
enum dmarc_policy_status dmarc_policy_sufficiency(const struct dmarc_record *rec,
                                                  bool is_org_domain);

/*
 * External destination authorisation: `txt` holds the TXT strings of
 * <D>._report._dmarc.<host>; authorised iff exactly one of them parses as a
 * DMARC record (so "v=DMARC1" without ';' does not).
 */
bool dmarc_external_authorised(const struct txt_set *txt);

/* Points of the two subtests (spec §3.9). */
#define DMARC_POINTS_PASS 10
#define DMARC_POINTS_PARTIAL 2
#define DMARC_POINTS_FAIL 0

/* The whole DMARC part of mail_auth for one domain. */
struct dmarc_result {
	int lookup_rc;            /* DNS_LOOKUP_* of the last _dmarc query made */
	bool available;           /* exactly one record found */
	int points;               /* dmarc (exist): 10 or 0 */
	size_t n_found;           /* v=DMARC1 strings at the last name queried */
	struct txt_set found;     /* those strings (technical "records", also when several) */
	char *record;             /* owned; NULL when not available */
	char *org_domain;         /* owned; the org domain when the fallback was taken
	                           * ("record_org_domain"), else NULL */
	char *policy_domain;      /* owned; D, where the record was found (NULL if none) */
	enum dmarc_policy_status policy_status;   /* meaningful only when available */
	int policy_points;        /* dmarc_policy: 10 / 2 / 0 (0 when not available) */
	char *unauthorised_host;  /* owned; the first external host not authorised, or NULL */
};

/*
 * Discover and judge the DMARC record of `domain` (A-label): TXT
 * _dmarc.<domain>; on none/NXDOMAIN/NODATA, TXT _dmarc.<org domain> (flagged
 * org_domain even when the org domain is the domain itself, as internet.nl
 * does); then syntax, sufficiency and external destinations. `psl` NULL =
 * psl_builtin(). Returns 0, or -1 when out of memory.
 */
int dmarc_check(const char *domain, const psl_ctx_t *psl, txt_lookup_fn lookup, void *ctx,
                struct dmarc_result *out);
void dmarc_result_free(struct dmarc_result *r);

/*
 * The DMARC half of the non-sending-domain pattern (case-sensitive regexes of
 * internet.nl): ^v=DMARC1;\ *p=reject;? ; for an org-domain record
 * v=DMARC1;(?:.*sp=reject|\ *p=reject(?!.*sp=)) anchored at the start.
 */
bool dmarc_matches_non_sending_pattern(const char *record, bool is_org_domain);

/* DKIM "available" from the TXT lookup of _domainkey.<domain> (spec §3.9, §8 item 31):
 * any answer or NODATA; NXDOMAIN and errors are not. */
bool dmarc_dkim_available(int lookup_rc);

/*
 * The non-sending-domain rule (spec §3.9; also the batch custom result
 * mail_non_sending_domain): DKIM not available, DMARC available and valid and
 * matching its pattern, SPF available and valid and matching its pattern.
 */
bool dmarc_is_non_sending_domain(bool dkim_available, const struct dmarc_result *dmarc,
                                 const struct spf_result *spf);

#endif
