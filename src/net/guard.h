/*
 * guard.h -- the target guard (shared/DESIGN.md "Safety", after zmap's blocklist).
 *
 * Every address is checked here before any connection. Special-purpose ranges
 * (IANA IPv4/IPv6 special-purpose registries: loopback, RFC 1918, CGN, ULA,
 * link-local, documentation, multicast, benchmarking, unspecified, ...) are
 * refused unless private targets were allowed (`--allow-private`).
 * Callers connect to the very address they checked (no second resolution).
 */
#ifndef INETCHECK_NET_GUARD_H
#define INETCHECK_NET_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* An address of either family, with a port (0 when not relevant). */
struct netaddr {
	int family;                      /* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} a;
	unsigned short port;
};

/* Allow special-purpose targets process-wide (set once by main before any probe). */
void guard_allow_private(bool allow);

/*
 * 0 if `addr` may be contacted; -1 otherwise, with a short reason written
 * into `why` (e.g. "127.0.0.1 is a loopback address; use --allow-private").
 */
int guard_check(const struct netaddr *addr, char *why, size_t whylen);

/*
 * The special-purpose ranges as CIDR text ("10.0.0.0/8", "fc00::/7"), for
 * components that must be told them rather than ask (libunbound's
 * do-not-query-address). Writes entry `i` into `buf`; returns -1 past the last
 * entry. The list is generated from the guard's one table: every IPv4 range,
 * every IPv6 range, and every IPv4 range again inside the IPv6 prefixes that
 * embed IPv4 (::ffff:0:0/96, 64:ff9b::/96), since guard_check judges those by
 * the IPv4 address they carry.
 */
int guard_special_prefix(size_t i, char *buf, size_t len);

/* Name of the special-purpose range `addr` is in, or NULL for a global address. */
const char *guard_special_range(const struct netaddr *addr);

/* Same family, address and port. */
bool netaddr_equal(const struct netaddr *a, const struct netaddr *b);
/* Text form without port ("192.0.2.1", "2001:db8::1"); returns `buf`. */
const char *netaddr_str(const struct netaddr *addr, char *buf, size_t len);
/* Parse a literal IPv4 or IPv6 address; 0 on success. */
int netaddr_parse(const char *s, struct netaddr *out);
/* Fill a sockaddr for `addr` (port included); returns its length (0 for an unknown family). */
socklen_t netaddr_sockaddr(const struct netaddr *addr, struct sockaddr_storage *ss);
/* The reverse: an AF_INET/AF_INET6 sockaddr of `salen` bytes into `out` (port included);
 * 0 on success, -1 for another family or a short length. */
int netaddr_from_sockaddr(const struct sockaddr *sa, socklen_t salen, struct netaddr *out);

#endif
