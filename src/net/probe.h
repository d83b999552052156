/*
 * probe.h -- small network observations used by the IPv6 category (spec §3.1):
 * TCP reachability of a port and a direct DNS query to a name server address.
 * Each call checks the address with the target guard first and honours its
 * deadline. They observe; they never judge.
 */
#ifndef INETCHECK_NET_PROBE_H
#define INETCHECK_NET_PROBE_H

#include <stdbool.h>

#include "core/deadline.h"
#include "net/guard.h"

enum probe_outcome {
	PROBE_OK,        /* connected / got a DNS response */
	PROBE_FAILED,    /* refused, unreachable, timed out */
	PROBE_REFUSED,   /* the target guard refused the address */
};

/*
 * TCP connect to `addr` (port taken from addr->port) with a deadline; the
 * connection is closed at once. Non-blocking connect + poll.
 */
enum probe_outcome probe_tcp_connect(const struct netaddr *addr, deadline_t deadline);

/*
 * Send a DNS query (type NS for `qname`, CD flag and EDNS0 set, random ID) over
 * UDP to `addr` port 53; retry over TCP if the reply is truncated. Any
 * well-formed DNS response with our ID and question = reachable (spec §3.1,
 * §8 item 30: even REFUSED counts). The reply is parsed through the cursor.
 */
enum probe_outcome probe_dns_query(const struct netaddr *addr, const char *qname, deadline_t deadline);

#endif
