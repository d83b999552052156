/*
 * conn.h -- the connection test (spec §3.12): does the visitor's own connection
 * use IPv6, and does their DNS resolver validate DNSSEC? Categories conn_ipv6 and
 * conn_dnssec of the test TEST_CONN.
 *
 * Facts vs rules (STYLE rule 6): whoever serves the test (its DNS responder for the
 * test zones and its HTTP endpoints) records what it observed for one test id in a
 * struct conn_facts; the functions below judge it without any I/O. Addresses in
 * the facts are the full ones, as observed: conn_evaluate() shows them anonymised
 * (IPv4 /16, IPv6 /32, reverse names cut to their last three labels), and a caller
 * that keeps facts beyond the test anonymises them with the same functions.
 */
#ifndef INETCHECK_CHECKS_CONN_H
#define INETCHECK_CHECKS_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/oui.h"
#include "core/result.h"
#include "net/guard.h"

#define CONN_MAX_RESOLVERS 16
#define CONN_AS_NAME_MAX 128
#define CONN_REVERSE_MAX 256

/* The autonomous system an address is announced from, as far as it is known. */
struct conn_as {
	uint32_t number;                 /* 0: unknown */
	char name[CONN_AS_NAME_MAX];     /* its holder ("Example Networks B.V."); "": unknown */
};

/* The visitor's address of one family, as a test endpoint saw it. */
struct conn_client {
	bool recorded;                   /* a request of this family arrived from `addr` */
	struct netaddr addr;             /* full address (anonymised only when shown) */
	char reverse[CONN_REVERSE_MAX];  /* its PTR name, no trailing dot; "": none or unknown */
	struct conn_as as;
};

/* A resolver that asked the test zones' name server for one of this test's names. */
struct conn_resolver {
	struct netaddr addr;
	struct conn_as as;
};

/* What the privacy subtest needs, taken from the full client IPv6 address before it
 * is anonymised (conn_privacy_observe): the lookup result, not the address. */
struct conn_privacy {
	bool eui64;                      /* the interface id is a modified EUI-64 (ff:fe) */
	bool vendor_known;               /* ... and its MAC's OUI is assigned to a vendor */
};

struct conn_facts {
	/* Which of the test's requests arrived (spec §3.12 "server-side recording"): */
	bool ns6_reached;      /* a name under test-ns6-signed (name servers on IPv6 only) */
	bool aaaa_reached;     /* the name with only an AAAA record */
	bool literal_reached;  /* the literal IPv6 address, no DNS involved */
	bool bogus_reached;    /* the name with deliberately broken signatures: the
	                        * resolver does not validate */
	/* v4.recorded: the name with only an A record was reached (necessarily over
	 * IPv4), from v4.addr. v6.recorded: some request came over IPv6 (the AAAA-only
	 * name or the literal address), from v6.addr. */
	struct conn_client v4, v6;
	struct conn_privacy privacy;     /* meaningful when v6.recorded */
	struct conn_resolver resolvers[CONN_MAX_RESOLVERS];
	size_t n_resolvers;
	size_t resolvers_dropped;        /* seen beyond the array, not listed */
};

/* ---- filling the facts (for the caller; no I/O) ---- */

/* Add a resolver once (an address already listed only gains a missing AS); when the
 * array is full it is counted in resolvers_dropped. `as` may be NULL. */
void conn_add_resolver(struct conn_facts *f, const struct netaddr *addr, const struct conn_as *as);

/* True if the interface id (low 64 bits) of `a` is a modified EUI-64 built from a
 * MAC address: bytes 11 and 12 are ff fe (RFC 4291 appendix A). */
bool conn_eui64(const struct in6_addr *a);
/* The OUI of the MAC inside such an interface id: bytes 8..10 with the
 * universal/local bit (0x02 of byte 8) flipped back. */
uint32_t conn_eui64_oui(const struct in6_addr *a);
/* The privacy facts of client address `a`: EUI-64, and if so whether `ouis` knows
 * its vendor (`ouis` NULL: no vendor is known). */
void conn_privacy_observe(const struct in6_addr *a, const struct oui_table *ouis,
                          struct conn_privacy *out);

/* ---- anonymisation (what may be stored and shown, spec §3.12) ---- */

/* `a` reduced to its network: IPv4 to /16, IPv6 to /32 (port 0). */
void conn_anonymise(const struct netaddr *a, struct netaddr *out);
/* The same as text, without a prefix length ("192.0.0.0", "2001:db8::"), into `buf`;
 * "" for an unknown family. Returns `buf`. */
const char *conn_anonymise_address(const struct netaddr *a, char *buf, size_t len);
/* A reverse name with every label but the last three replaced by one "[…]", as
 * internet.nl does: "a.b.host.isp.nl" -> "[…].host.isp.nl". A name of three labels
 * or fewer still loses its first ("isp.nl" -> "[…].nl"); a trailing dot is kept;
 * NULL or "" gives "". Truncated to fit `len`. Returns `buf`. */
const char *conn_anonymise_reverse(const char *name, char *buf, size_t len);

/* ---- rules (pure, spec §3.12) ---- */

/* One subtest's outcome: not tested (tested false, verdict NULL, points POINTS_NULL)
 * or a status with verdict "good" / "bad" and its points. */
struct conn_result {
	bool tested;
	enum status status;
	const char *verdict;
	int points;
};

/* resolver_conn: a test-ns6-signed name was reached -> passed/good (20), else
 * failed/bad (0). */
struct conn_result conn_rule_resolver_conn(const struct conn_facts *f);
/* dns_conn: the AAAA-only name was reached -> passed/good (60), else failed/bad (0). */
struct conn_result conn_rule_dns_conn(const struct conn_facts *f);
/* connection: only when an IPv6 client address was recorded: the literal IPv6
 * address was reached -> passed/good (20), else failed/bad (0); else not tested. */
struct conn_result conn_rule_connection(const struct conn_facts *f);
/* privacy: only when an IPv6 client address was recorded: a modified EUI-64 of a
 * known vendor's MAC -> warning/bad, else passed/good; else not tested. */
struct conn_result conn_rule_privacy(const struct conn_facts *f);
/* ipv4_conn: an IPv4 client address was recorded -> passed/good, else info/bad. */
struct conn_result conn_rule_ipv4_conn(const struct conn_facts *f);
/* validation: the bogus name was reached -> failed/bad (0); not reached while the
 * A-only or the AAAA-only name was -> passed/good (100); otherwise not tested. */
struct conn_result conn_rule_validation(const struct conn_facts *f);

/* Scores: IPv6 = 60 (AAAA-only name) + 20 (literal address, with an IPv6 client
 * recorded) + 20 (IPv6-only name servers); DNSSEC = 100 when validation is good,
 * else 0; overall = int((IPv6 + DNSSEC) / 2), clamped to 0..100. */
int conn_score_ipv6(const struct conn_facts *f);
int conn_score_dnssec(const struct conn_facts *f);
int conn_score_overall(int ipv6, int dnssec);

/*
 * Judge the facts into `r`, which report_init(r, TEST_CONN, test_id) prepared: the
 * six subtests with their points and tables (client addresses and resolvers
 * anonymised), r->technical (the same, for --json), both categories implemented.
 * Then score_report(r) gives the category scores, icons (passed iff 100) and the
 * overall, equal to the conn_score_* functions.
 */
void conn_evaluate(const struct conn_facts *f, struct report *r);

#endif
