/*
 * conndns.h -- the authoritative DNS side of the connection test (spec §3.12,
 * issue 20 item 1): a small responder for the zones test-ns-signed.B and
 * test-ns6-signed.B of a base domain B, run inside `inetcheck serve`.
 *
 * Each zone holds SOA, NS (ns.<zone>: A and AAAA in test-ns-signed, AAAA only in
 * test-ns6-signed), DNSKEY, and the test names
 *   <id>.a.conn.<zone>      -> A only
 *   <id>.aaaa.conn.<zone>   -> AAAA only
 *   <id>.a-aaaa.conn.<zone> -> A and AAAA
 *   <id>.bogus.conn.<zone>  -> A and AAAA without RRSIGs (deliberately bogus: a
 *                              validating resolver answers SERVFAIL)
 * where <id> is 32 hex digits; any other name under a zone is NXDOMAIN, names
 * outside both zones are REFUSED. Every query for a name under a zone is reported
 * to a callback with the querier's address: the visitor's resolver.
 *
 * Design decision: online signing. internet.nl serves these zones from unbound
 * auth-zones with wildcards, signed weekly by a cron job (ldns-keygen and
 * ldns-signzone). Here the one ECDSA P-256 key (algorithm 13, flags 257: one key
 * signs as KSK and ZSK, a CSK) lives in a PEM file and every answer is signed when
 * it is sent: an exact-name RRset with a fresh RRSIG (inception now - 1 h,
 * expiration now + 7 d, so every signature is "re-signed before expiry" by
 * construction), and denial of existence by minimally covering NSEC records made
 * per query (RFC 4470 "white lies"): NODATA carries the NSEC of the name itself
 * (next name \000.<qname>), NXDOMAIN an NSEC covering only the next closer name
 * and one covering only the wildcard at the closest encloser. Why: no zone files,
 * no re-signing job that can silently stop, no wildcard expansion proofs (an
 * answer for <id>.a.conn is a plain signed RRset, not a synthesized wildcard the
 * validator must prove with an extra NSEC), and the NSEC chain never lets anyone
 * walk the zone. ECDSA P-256 signatures are small (64 bytes) and cheap (tens of
 * microseconds), so answers stay under 1232 bytes and one thread keeps up.
 * The operator publishes in B the NS, glue and the DS records that
 * conndns_ds_records() prints; the key never changes unless the file does.
 *
 * Queries are parsed only through the bounds-checked cursor (core/cursor.h):
 * hostile input gets FORMERR or no answer at all. UDP answers honour EDNS0 (the
 * DO bit decides whether RRSIGs and NSECs are sent; an answer larger than the
 * advertised size, capped at 1232, or 512 without EDNS, is sent empty with TC);
 * TCP takes length-prefixed queries, a few connections at a time, each closed
 * after an idle timeout. Names are matched case-insensitively; the question is
 * echoed as received (0x20 kept).
 */
#ifndef INETCHECK_SERVER_CONNDNS_H
#define INETCHECK_SERVER_CONNDNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "net/guard.h"

/* One query for a name under the zones, as the callback sees it. */
struct conndns_query {
	char id[33];              /* the test id, lowercase hex; "" unless the name is
	                           * exactly <id>.<kind>.conn.<zone> */
	const char *kind;         /* "a", "aaaa", "a-aaaa", "bogus"; "" when id is "" */
	bool ns6;                 /* under test-ns6-signed.B (else test-ns-signed.B) */
	uint16_t qtype;
	bool tcp;
	struct netaddr source;    /* the querier (the visitor's resolver), port included */
};

/* Called for every query under the zones, whatever the answer (NXDOMAIN too),
 * from the responder's thread (or conndns_answer's caller): keep it short, and
 * never call conndns_stop from it. `q` lives until the callback returns. */
typedef void conndns_seen_fn(void *arg, const struct conndns_query *q);

struct conndns_config {
	const char *base;         /* B, e.g. "internet.nl" (letters, digits, '-', '_';
	                           * at most 128 octets in wire form) */
	const char *key_file;     /* PEM ECDSA P-256 private key (conndns_key_create) */
	const char *answer_v4;    /* A and AAAA of the test names: the test's HTTP server */
	const char *answer_v6;
	const char *ns_v4;        /* A of ns.test-ns-signed.B, AAAA of both ns.<zone>
	                           * (this responder's public addresses); NULL: answer_v4 */
	const char *ns_v6;        /* NULL: answer_v6 */
	const char *const *listen;/* NULL-terminated "ADDR:PORT" / "[ADDR]:PORT" literals,
	                           * UDP and TCP on each; port 0 takes a free port, the
	                           * same for both (conndns_port). NULL or empty: no
	                           * sockets and no thread, conndns_answer only */
	int tcp_max;              /* TCP connections at once, all addresses (0: 16) */
	int tcp_timeout_ms;       /* an idle TCP connection is closed after (0: 10000) */
	conndns_seen_fn *seen;    /* NULL: nobody is told */
	void *seen_arg;
};

struct conndns;

/*
 * Load the key, bind every listen address (UDP + TCP) and start one thread that
 * answers them all. NULL after `err` (bad config, unreadable or non-P-256 key,
 * address in use); nothing is left open then.
 */
struct conndns *conndns_start(const struct conndns_config *c, struct error *err);
/* The port listen address `i` was bound to (the real one when 0 was asked); 0
 * past the last. */
unsigned short conndns_port(const struct conndns *d, size_t i);
/* Stop the thread (within one poll round), close every socket, free all. NULL ok. */
void conndns_stop(struct conndns *d);

/*
 * The answer to one DNS message `query` from `source` (over TCP when `tcp`) into
 * `out` (`outlen` bytes: 512..65535 useful); the callback runs here for names
 * under the zones (with a zeroed source when `source` is NULL). Returns the
 * answer's length, or 0 when nothing is to be sent (not a query, shorter than a
 * header, or `out` too small). Used by the thread, the tests and
 * fuzz/fuzz_conndns.c; safe from any thread.
 */
size_t conndns_answer(struct conndns *d, const uint8_t *query, size_t len,
                      const struct netaddr *source, bool tcp, uint8_t *out, size_t outlen);

/*
 * Create `path` (mode 0600, never overwriting) with a new ECDSA P-256 key in PEM.
 * An existing file is kept when it holds such a key. 0, or -1 after `err`.
 */
int conndns_key_create(const char *path, struct error *err);

/*
 * The DS records (SHA-256, digest type 2) that the operator publishes in B for
 * both delegations, as two zone-file lines
 *   "test-ns-signed.B. 3600 IN DS <tag> 13 2 <HEX>\n" and the test-ns6-signed one
 * into `out` (NUL-terminated; about 220 bytes for a short B). 0, or -1 after
 * `err` (key, base, or `out` too small).
 */
int conndns_ds_records(const char *key_file, const char *base, char *out, size_t outlen,
                       struct error *err);

#endif
