/*
 * resolver.h -- DNS facts through libunbound (shared/DESIGN.md "DNS").
 *
 * One resolver per process, shared by all threads: full recursion from root
 * hints (libunbound's built-in IANA hints unless a file is given) and DNSSEC
 * validation from a trust anchor (Debian's dns-root-data key unless a file is
 * given). It never judges: it returns typed records, the rcode and the DNSSEC
 * status of the answer.
 *
 * CD bit (spec §1.4): libunbound always validates. A query "with CD" returns the
 * data even when it is bogus (security = DNSSEC_BOGUS). A query "without CD"
 * turns a bogus answer into SERVFAIL with no records, as a validating resolver
 * does for a stub without CD.
 */
#ifndef INETCHECK_DNS_RESOLVER_H
#define INETCHECK_DNS_RESOLVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "core/deadline.h"
#include "core/error.h"
#include "dns/overlay.h"

enum {
	DNS_TYPE_A = 1,
	DNS_TYPE_NS = 2,
	DNS_TYPE_CNAME = 5,
	DNS_TYPE_SOA = 6,
	DNS_TYPE_MX = 15,
	DNS_TYPE_TXT = 16,
	DNS_TYPE_AAAA = 28,
	DNS_TYPE_TLSA = 52,
	DNS_TYPE_SVCB = 64,   /* RFC 9460 */
	DNS_TYPE_HTTPS = 65,  /* RFC 9460 §9 */
	DNS_TYPE_CAA = 257,
};

enum {
	DNS_RCODE_NOERROR = 0,
	DNS_RCODE_SERVFAIL = 2,
	DNS_RCODE_NXDOMAIN = 3,
};

enum dnssec_status {
	DNSSEC_SECURE,
	DNSSEC_INSECURE,
	DNSSEC_BOGUS,
	DNSSEC_ERROR,   /* no usable answer: timeout, SERVFAIL not caused by validation */
};

/* SvcParamKeys of RFC 9460 §14.3.2 that dns_rr_parse decodes. */
enum {
	SVC_KEY_MANDATORY = 0,
	SVC_KEY_ALPN = 1,
	SVC_KEY_NO_DEFAULT_ALPN = 2,
	SVC_KEY_PORT = 3,
	SVC_KEY_IPV4HINT = 4,
	SVC_KEY_ECH = 5,
	SVC_KEY_IPV6HINT = 6,
};

/*
 * The rdata of an SVCB or HTTPS record (RFC 9460 §2.2). priority 0 is AliasMode.
 * Arrays are malloc'd (NULL when the key is absent) and freed by dns_rr_free.
 */
struct dns_svcb {
	uint16_t priority;
	char target[256];              /* TargetName; "" = "." (root) */
	uint16_t *mandatory;           /* key 0: the listed keys, in wire order */
	size_t n_mandatory;
	char **alpn;                   /* key 1: alpn-ids, each NUL-terminated, \DDD escaped */
	size_t n_alpn;
	bool no_default_alpn;          /* key 2 */
	bool has_port;                 /* key 3 */
	uint16_t port;
	struct in_addr *ipv4hint;      /* key 4 */
	size_t n_ipv4hint;
	bool has_ech;                  /* key 5: ECHConfigList, kept as its length only */
	size_t ech_len;
	struct in6_addr *ipv6hint;     /* key 6 */
	size_t n_ipv6hint;
	uint16_t *keys;                /* every SvcParamKey present, increasing (unknown ones too) */
	size_t n_keys;
};

/* One typed resource record. Names are presentation form, lowercase, no trailing dot. */
struct dns_rr {
	uint16_t type;
	uint32_t ttl;
	union {
		struct in_addr a;
		struct in6_addr aaaa;
		char name[256];                       /* NS, CNAME */
		struct { uint16_t preference; char exchange[256]; } mx;  /* exchange "" = root "." */
		struct { char *text; size_t len; } txt; /* strings of one record concatenated (§1.4),
		                                         * NUL-terminated; non-printables escaped \DDD */
		struct {
			char mname[256], rname[256];
			uint32_t serial, refresh, retry, expire, minimum;
		} soa;
		struct { uint8_t usage, selector, mtype; uint8_t *data; size_t len; } tlsa;
		struct { uint8_t flags; char tag[256]; uint8_t *value; size_t len; } caa;
		struct dns_svcb svcb;                 /* SVCB and HTTPS */
		/* TLSA data and CAA value are malloc'd (NULL when empty); CAA value is also
		 * NUL-terminated for convenience; a CAA tag's non-printables are \DDD */
	} u;
};

/*
 * Parse the rdata of one record of `type` (wire format, names uncompressed, as
 * libunbound returns it) into `out`, ttl 0. Pure: no I/O, used by the resolver
 * and fuzzed (fuzz/fuzz_rdata.c). Returns 0, or -1 for truncated or malformed
 * rdata (trailing bytes included) or an unsupported type; on -1 `out` owns
 * nothing. Release what it owns with dns_rr_free().
 */
int dns_rr_parse(uint16_t type, const uint8_t *rdata, size_t len, struct dns_rr *out);
/* Free what one record owns (TXT text, TLSA data, CAA value, SVCB/HTTPS arrays);
 * not `rr` itself. */
void dns_rr_free(struct dns_rr *rr);

/* The outcome of one query. */
struct dns_answer {
	int rcode;                   /* as libunbound reports it (bogus without CD: SERVFAIL) */
	bool timeout;                /* the deadline passed before an answer */
	enum dnssec_status security; /* of this answer (also of NXDOMAIN/NODATA) */
	char why_bogus[512];         /* unbound's reason when security == DNSSEC_BOGUS */
	char canonname[256];         /* name after following CNAMEs ("" when none) */
	size_t n;                    /* records of the queried type */
	size_t n_malformed;          /* records of the type whose rdata did not parse (skipped) */
	struct dns_rr *rr;           /* owned; free with dns_answer_free() */
};

struct resolver_config {
	const char *root_hints;   /* zone-file root hints; NULL = libunbound's built-in IANA hints */
	const char *trust_anchor; /* DS or DNSKEY records in zone-file format; NULL = default file */
	int query_timeout_ms;     /* per query; 0 = 5000 (spec §9: DNS lifetime 5 s) */
	/* CIDR prefixes libunbound must never send to (the target guard's special-purpose
	 * ranges unless --allow-private), NULL-terminated; NULL = any address, loopback too */
	const char *const *do_not_query;
	/* issue 21 (dns/overlay.h): addresses the connecting probes use instead of a
	 * name's A/AAAA records (copied), and zone files answered as if published (read
	 * at start-up: the caller may release them once resolver_new returned) */
	const struct dns_override *overrides;
	size_t n_overrides;
	const struct dns_overlay *overlays;
	size_t n_overlays;
};

#define RESOLVER_DEFAULT_TRUST_ANCHOR "/usr/share/dns/root.key"

struct resolver;

/*
 * The addresses of the A and AAAA records of a root hints file (zone-file format),
 * as text, into `addrs` (malloc'd array of `*n` entries, free with free(); NULL when
 * none). For checks libunbound does not make: a file without any is unusable, and
 * the caller may compare them with the target guard. 0, or -1 with `err` naming the
 * file when it cannot be read, is not a regular file or is larger than 1 MiB.
 */
/*
 * A trust anchor file must hold at least one DS or DNSKEY record: libunbound accepts
 * an empty or comment-only file and then validates nothing (every answer "insecure").
 * 0, or -1 with `err` naming the file (also when unreadable or not a regular file).
 */
int resolver_trust_anchor_check(const char *path, struct error *err);

int resolver_root_hints_addresses(const char *path, char (**addrs)[INET6_ADDRSTRLEN], size_t *n,
                                  struct error *err);

/* Create the shared resolver. NULL with `err` set on failure (bad file, ...). */
struct resolver *resolver_new(const struct resolver_config *cfg, struct error *err);
void resolver_free(struct resolver *res);

/* Query flags. */
#define RESOLVER_CD 0x1       /* return bogus data instead of SERVFAIL (spec §1.4) */

/*
 * Resolve `name` (A-label, with or without trailing dot) for `type`. Always
 * fills `ans` (free it with dns_answer_free), waiting at most until `deadline`
 * or the configured per-query timeout. Returns 0 when an answer (including
 * NXDOMAIN/SERVFAIL) arrived, -1 on timeout or internal error (`ans->timeout`
 * or `ans->security == DNSSEC_ERROR` then say which; rcode is then SERVFAIL and
 * n is 0). Records whose rdata is malformed are skipped and counted in
 * `ans->n_malformed`. Safe from many threads.
 */
int resolver_query(struct resolver *res, const char *name, uint16_t type, int flags,
                   deadline_t deadline, struct dns_answer *ans);

/*
 * The addresses a probe connects to for `name` on `port` (0: any port), `type` A or
 * AAAA: those of a --resolve override when one applies (an answer with rcode NOERROR,
 * security insecure, NODATA when the override has none of the family), else
 * resolver_query(). Only probes that connect ask this way (issue 21): every other
 * lookup sees the real records.
 */
int resolver_query_connect(struct resolver *res, const char *name, unsigned port, uint16_t type,
                           int flags, deadline_t deadline, struct dns_answer *ans);

/*
 * The "guaranteed accurate" lookup of spec §1.4 (SOA for DNSSEC, TLSA for DANE):
 * query without CD; if that SERVFAILs, query with CD and, if that yields an
 * answer, classify it DNSSEC_BOGUS. Otherwise as resolver_query.
 */
int resolver_query_accurate(struct resolver *res, const char *name, uint16_t type,
                            deadline_t deadline, struct dns_answer *ans);

void dns_answer_free(struct dns_answer *ans);

/* True when the answer has no records of the type but the name exists (NODATA). */
bool dns_answer_nodata(const struct dns_answer *ans);

/* True when the lookup gave no usable answer: a timeout, or an rcode other than
 * NOERROR and NXDOMAIN (SERVFAIL, REFUSED, ...). NXDOMAIN and NODATA are answers. */
bool dns_answer_failed(const struct dns_answer *ans);

/*
 * Name-server discovery of spec §3.1: query NS (with CD) for `name`; while the
 * answer is empty (NODATA, NXDOMAIN, SERVFAIL, timeout), strip the leftmost
 * label and retry, never querying a single label (the TLD). NS names are
 * returned in `ns` (owned array of `*n` strings of 256 bytes, free with free()).
 * Because libunbound follows CNAMEs, a CNAME'd name yields the target's NS.
 * The names are sorted (strcmp), not in the rotating order of the answer.
 * Returns 0 (also when nothing was found: `*n` == 0, `*ns` NULL), -1 on an
 * invalid name or out of memory.
 */
int resolver_find_ns(struct resolver *res, const char *name, deadline_t deadline,
                     char (**ns)[256], size_t *n);

const char *dnssec_status_name(enum dnssec_status s); /* "secure", "insecure", "bogus", "dnserror" */

#endif
