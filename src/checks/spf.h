/*
 * spf.h -- SPF grammar and internet.nl's SPF policy walk (spec §1.4, §3.9).
 *
 * Pure: no sockets, no clock, no globals. Every DNS question goes through a
 * txt_lookup_fn supplied by the caller (the probe wires it to the resolver;
 * tests use an in-memory table). The syntax rules are those of internet.nl's
 * pyparsing grammar (checks/tasks/spf_parser.py), which is RFC 7208 §12 with
 * its own edges; the walk is checks/tasks/mail.py spf_check_policy, quirks
 * included (spec §8 item 34).
 *
 * This header also holds the TXT lookup interface shared with dmarc.h.
 */
#ifndef INETCHECK_CHECKS_SPF_H
#define INETCHECK_CHECKS_SPF_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* ---- TXT lookup interface (shared by spf and dmarc) ---- */

/* Outcome of one TXT lookup. */
enum {
	DNS_LOOKUP_OK = 0,       /* answer with at least one TXT record */
	DNS_LOOKUP_NXDOMAIN = 1,
	DNS_LOOKUP_NODATA = 2,   /* name exists, no TXT (dnspython's NoAnswer) */
	DNS_LOOKUP_ERROR = 3,    /* SERVFAIL, timeout, invalid name, ... */
};

/*
 * The TXT records of one name: one NUL-terminated string per record, the
 * record's character-strings concatenated without separator and escaped as
 * dnspython does (spec §1.4: '"' and '\' get a backslash, bytes outside
 * 0x20..0x7e become \DDD), so they never contain NUL.
 */
struct txt_set {
	char **strings;          /* owned by the set */
	size_t n, cap;
};

/* Append a copy of `s`. 0, or -1 when out of memory. */
int txt_set_add(struct txt_set *set, const char *s);
/* Free the strings and empty the set (it can be reused). */
void txt_set_clear(struct txt_set *set);

/*
 * Look up the TXT records of `name` (presentation form, as written in the
 * record, possibly with a trailing dot; a name that is not a valid DNS name
 * must give DNS_LOOKUP_ERROR). Fill `out` (empty on entry) with txt_set_add
 * and return one of DNS_LOOKUP_*; `out` is only read after DNS_LOOKUP_OK.
 * internet.nl queries TXT with the CD bit set (spec §1.4).
 */
typedef int (*txt_lookup_fn)(void *ctx, const char *name, struct txt_set *out);

/* ---- grammar ---- */

#define SPF_POLICY_MAX_LOOKUPS 10   /* spec §3.9: starting budget of the walk */

enum spf_term_kind {
	SPF_TERM_ALL,
	SPF_TERM_INCLUDE,
	SPF_TERM_A,
	SPF_TERM_MX,
	SPF_TERM_PTR,
	SPF_TERM_IP4,
	SPF_TERM_IP6,
	SPF_TERM_EXISTS,
	SPF_TERM_REDIRECT,        /* redirect= with a valid domain-spec */
	SPF_TERM_EXP,             /* exp= with a valid domain-spec */
	SPF_TERM_MODIFIER,        /* any other name=value (the value must pass the domain-spec check) */
};

/* One term of a parsed record: its text is record[off .. off+len). */
struct spf_term {
	enum spf_term_kind kind;
	char qualifier;           /* '+', '-', '~', '?' or 0 when absent (mechanisms only) */
	size_t off, len;
	size_t target_off, target_len;  /* domain-spec of include/a/mx/ptr/exists/redirect/exp;
	                                 * target_len 0 when absent */
};

struct spf_record {
	struct spf_term *terms;   /* owned; free with spf_record_free */
	size_t n_terms;
};

/*
 * Parse `record` (NUL-terminated) with internet.nl's grammar: "v=spf1"
 * (case-insensitive), then terms separated by one or more spaces, optional
 * trailing spaces. Returns 0 and fills `out`, or -1 on a syntax error (or
 * out of memory) with `out` empty. Never reads past the terminator.
 */
int spf_record_parse(const char *record, struct spf_record *out);
void spf_record_free(struct spf_record *rec);

/* True when `record` parses (spf_record_parse without keeping the terms). */
bool spf_record_is_valid(const char *record);

/*
 * Pick the SPF record from the TXT strings of a name: the index of the single
 * string starting case-insensitively with "v=spf1", or -1 when there is none
 * or more than one (spec §1.4).
 */
int spf_select_record(const struct txt_set *txt);

/* ---- internet.nl's policy walk ---- */

enum spf_policy_status {
	SPF_POLICY_VALID,
	SPF_POLICY_INVALID_SYNTAX,
	SPF_POLICY_MAX_DNS_LOOKUPS,
	SPF_POLICY_INVALID_ALL,
	SPF_POLICY_INVALID_INCLUDE,
	SPF_POLICY_INVALID_REDIRECT,
};

/* The technical-output token, e.g. "max_dns_lookups" (spec §5.4). */
const char *spf_policy_status_name(enum spf_policy_status s);

/* One entry of discovered_records_bad. */
struct spf_bad_record {
	char *domain;             /* owned; as queried (lowercased from the term) */
	char *record;             /* owned; NULL when the name had no single SPF record */
};

struct spf_policy {
	enum spf_policy_status status;
	int points;               /* spf_policy points: 10 valid, 2 partial, 0 fail */
	/*
	 * Every failing (domain, record) pair in internet.nl's order: innermost
	 * (newest) first, the tested record last. This is the batch API's
	 * discovered_records_bad; the web report shows it reversed.
	 */
	struct spf_bad_record *bad;
	size_t n_bad;
	/*
	 * RFC 7208 §4.6.4 count: include, a, mx, ptr, exists and redirect (when
	 * there is no all), recursively through includes and the redirect;
	 * macro targets are not followed. For the technical output only.
	 */
	int rfc_lookups;
	bool rfc_lookups_capped;  /* stopped at SPF_RFC_WALK_MAX_RECORDS or depth */
	/* RFC 7208 §4.6.4 void lookups: include/redirect targets that gave NXDOMAIN or no
	 * TXT (a, mx and exists are not queried: they are counted, not resolved) */
	int rfc_void_lookups;
	/* the walk as a tree (issue 22 item 4: which include costs what), owned; see
	 * rfc_count in spf.c for its shape; NULL when out of memory */
	json_t *rfc_tree;
};

#define SPF_RFC_WALK_MAX_RECORDS 64
#define SPF_RFC_WALK_MAX_DEPTH 16

/*
 * Run the §3.9 walk on `record` found at `domain`, fetching include and
 * redirect targets through `lookup`. Fills `out` (free with
 * spf_policy_free). Returns 0, or -1 when out of memory.
 */
int spf_policy_evaluate(const char *domain, const char *record, txt_lookup_fn lookup, void *ctx,
                        struct spf_policy *out);
void spf_policy_free(struct spf_policy *p);

/* The whole SPF part of mail_auth for one domain. */
struct spf_result {
	int lookup_rc;            /* DNS_LOOKUP_* of the TXT query at the domain */
	bool available;           /* exactly one v=spf1 record */
	int points;               /* spf (exist) points: 10 or 0 */
	char *record;             /* owned; the record, NULL when not available */
	struct spf_policy policy; /* meaningful only when available */
};

/*
 * Look up TXT at `domain`, select the record (spec §1.4) and, if there is
 * one, evaluate its policy. Returns 0, or -1 when out of memory.
 */
int spf_check(const char *domain, txt_lookup_fn lookup, void *ctx, struct spf_result *out);
void spf_result_free(struct spf_result *r);

/*
 * The SPF half of the non-sending-domain pattern (spec §3.9):
 * ^v=spf1 +(exp=\S+ +)?-all;?( +exp=\S+)?$ , case-sensitive, where \S is
 * "not a space" as in internet.nl's regex.
 */
bool spf_matches_non_sending_pattern(const char *record);

/*
 * Python's ipaddress.IPv6Address acceptance, as internet.nl's grammars use it
 * (ip6: here, URI hosts in dmarc.c): an address inet_pton accepts, with an
 * optional non-empty "%scope" and no second '%'; `s` need not be terminated.
 */
bool spf_ipv6_address_ok(const char *s, size_t len);

#endif
