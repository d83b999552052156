/*
 * probe.h -- small network observations used by the IPv6 category (spec §3.1):
 * TCP reachability of a port and a direct DNS query to a name server address.
 * Each call checks the address with the target guard first and honours its
 * deadline. They observe; they never judge.
 */
#ifndef INETCHECK_NET_PROBE_H
#define INETCHECK_NET_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/deadline.h"
#include "net/guard.h"

enum probe_outcome {
	PROBE_OK,        /* connected / got a DNS response */
	PROBE_FAILED,    /* refused, unreachable, timed out */
	PROBE_REFUSED,   /* the target guard refused the address */
	PROBE_BUSY,      /* no connection-budget slot came in time (our limit, issue 17):
	                  * nothing was tried, never read as "unreachable" */
};

/*
 * TCP connect to `addr` (port taken from addr->port) with a deadline; the
 * connection is closed at once. Non-blocking connect + poll.
 */
enum probe_outcome probe_tcp_connect(const struct netaddr *addr, deadline_t deadline);
/*
 * probe_tcp_connect for a test (issue 17): wait for a slot of the connection budget
 * (net/budget.h) until `wait_dl` (PROBE_BUSY when none came), then connect within
 * `timeout_ms` from then (0: by wait_dl). probe_tcp_connect reports BUSY as FAILED.
 */
enum probe_outcome probe_tcp_connect_within(const struct netaddr *addr, deadline_t wait_dl,
                                            int timeout_ms);

/*
 * Send a DNS query (type NS for `qname`, CD flag and EDNS0 set, random ID) over
 * UDP to `addr` port 53; retry over TCP if the reply is truncated. Any
 * well-formed DNS response with our ID and question = reachable (spec §3.1,
 * §8 item 30: even REFUSED counts). The reply is parsed through the cursor.
 * The port is addr->port when non-zero, else 53 (tests use a loopback port).
 * Datagrams that do not answer our query are ignored until the deadline;
 * an ICMP error (ECONNREFUSED, unreachable) fails at once.
 */
enum probe_outcome probe_dns_query(const struct netaddr *addr, const char *qname, deadline_t deadline);

/* Wait until `fd` is ready for `events` (POLLIN/POLLOUT) or the deadline passes,
 * retrying on EINTR: 1 ready, 0 timed out, -1 poll error (errno set). Shared by
 * every non-blocking socket of the tester (probes, TLS connections, handshakes). */
int probe_wait_fd(int fd, short events, deadline_t deadline);

/* ---- wire helpers, exposed for unit tests and the fuzz target (no I/O) ---- */

#define DNS_TYPE_NS      2
#define DNS_EDNS_UDPSIZE 1232      /* EDNS0 buffer size we advertise (DNS flag day 2020) */
#define DNS_QUERY_MAX    512       /* enough for any query dns_query_build writes */

/*
 * Write a DNS query for `qname` (presentation form, A-labels, optional
 * trailing dot; "" or "." is the root) of type `qtype`, class IN, with `id`,
 * flags RD and CD, and one EDNS0 OPT record (UDP size 1232, DO=0) into `buf`.
 * Returns the length written, or -1 if the name is invalid (empty label,
 * label over 63 octets, name over 255 octets) or `buflen` is too small.
 */
int dns_query_build(uint8_t *buf, size_t buflen, const char *qname, uint16_t qtype, uint16_t id);

/*
 * Does `reply` (untrusted, `len` bytes) answer `query` (as built by
 * dns_query_build)? True when it is a well-formed DNS message (header,
 * question and every counted RR present, no trailing bytes) with the query's
 * ID and opcode, QR=1, and the same question (name compared
 * case-insensitively, type, class) -- or, as dnspython's is_response allows,
 * an empty question section with rcode FORMERR, SERVFAIL, NOTIMP or REFUSED.
 * Any rcode is accepted. A truncated reply (TC=1) only needs a matching header
 * and question. Returns 1 on a match (then *truncated = TC bit, if non-NULL),
 * 0 otherwise. Parses through the cursor only (STYLE rule 5).
 */
int dns_reply_matches(const uint8_t *reply, size_t len, const uint8_t *query, size_t qlen,
                      bool *truncated);

#endif
