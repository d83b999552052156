/*
 * whois.h -- one query to a RIS-style whois server (spec §3.5 step 2, §9).
 *
 * TCP to the server, send "-L <query>\n", read until the server closes.
 * Limits are internet.nl's: connect 3 s, each read 8 s, at most 1 MiB of
 * answer; the caller's deadline caps them all. The server is infrastructure
 * the user named (--bgp-whois) or riswhois.ripe.net, not a test target: the
 * target guard does not apply to it.
 */
#ifndef INETCHECK_NET_WHOIS_H
#define INETCHECK_NET_WHOIS_H

#include <stddef.h>
#include <stdint.h>

#include "core/deadline.h"
#include "core/error.h"
#include "net/guard.h"

#define WHOIS_DEFAULT_HOST "riswhois.ripe.net"
#define WHOIS_DEFAULT_PORT 43
#define WHOIS_CONNECT_TIMEOUT_MS 3000
#define WHOIS_READ_TIMEOUT_MS 8000
#define WHOIS_MAX_ANSWER (1024 * 1024)

/* A server as the user gave it: host name or address literal, and port. */
struct whois_server {
	char host[256];
	unsigned short port;
};

/*
 * Parse "HOST", "HOST:PORT", "IPV4:PORT", "[IPV6]:PORT" or a bare IPv6
 * literal (no port) into `out` (port 43 when none is given). Returns 0, or -1
 * with a reason in `err` (empty host, bad or zero port, over-long name,
 * unbalanced brackets).
 */
int whois_server_parse(const char *arg, struct whois_server *out, struct error *err);

/* What the server sent: `len` bytes (NUL-terminated for convenience), malloc'd. */
struct whois_answer {
	uint8_t *data;
	size_t len;
};

/*
 * Connect to `addr` (its port is used), send "-L <query>\n" and read the whole
 * answer into `out`. Returns 0; or -1 with a reason in `err` ("connect to
 * 192.0.2.1:43: Connection refused", "... timed out", "answer over 1048576
 * bytes", ...) and `out` empty. `query` must be an address literal (checked).
 */
int whois_query(const struct netaddr *addr, const char *query, deadline_t deadline,
                struct whois_answer *out, struct error *err);

void whois_answer_free(struct whois_answer *a);

/*
 * A batch asks the same questions for many domains hosted alike (issue 17): keep up
 * to `max_answers` successful answers, per server and question, for the rest of the
 * process, so that whois_query answers them again without a connection (RIS limits
 * its clients, and the answers do not change within a batch). When the cache is full
 * it is emptied and filled anew, so memory stays bounded. 0 (the default): no cache,
 * every query asks the server. Call before the queries start.
 */
void whois_cache_configure(size_t max_answers);

#endif
