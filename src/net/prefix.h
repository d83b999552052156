/*
 * prefix.h -- an IP prefix (address + length), as found in routes and VRPs.
 *
 * Shared by the RIS whois client (net/whois), the RPSL parser (checks/rpsl)
 * and origin validation (checks/vrp). Pure: no I/O.
 */
#ifndef INETCHECK_NET_PREFIX_H
#define INETCHECK_NET_PREFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/guard.h"

/* "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128" plus NUL */
#define PREFIX_STRLEN 50

struct prefix {
	int family;          /* AF_INET or AF_INET6 */
	uint8_t len;         /* 0..32 (IPv4) or 0..128 (IPv6) */
	uint8_t addr[16];    /* network byte order, host bits zero; IPv4 uses addr[0..3] */
};

/* Maximum length for a family: 32, 128, or 0 for an unknown family. */
unsigned prefix_family_bits(int family);

/*
 * Parse "192.0.2.0/24" or "2001:db8::/32" (the length is required; host bits
 * must be zero, as in RPSL routes and VRPs). Returns 0, or -1 with a short
 * reason in *why (static string; `why` may be NULL).
 */
int prefix_parse(const char *s, struct prefix *out, const char **why);

/* `addr` with everything after `len` bits cleared (len clamped to the family's width). */
void prefix_from_netaddr(const struct netaddr *addr, unsigned len, struct prefix *out);

/* Text form "192.0.2.0/24" into `buf` (PREFIX_STRLEN is enough); returns `buf`. */
const char *prefix_str(const struct prefix *p, char *buf, size_t len);

/* Does `outer` cover `inner` (same family, outer->len <= inner->len, same leading bits)? */
bool prefix_covers(const struct prefix *outer, const struct prefix *inner);

/* Bit `i` (0 = most significant) of the address. */
static inline unsigned prefix_bit(const uint8_t *addr, unsigned i)
{
	return (addr[i >> 3] >> (7 - (i & 7))) & 1u;
}

#endif
