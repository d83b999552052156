/* prefix.c -- see prefix.h. */
#include "net/prefix.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

unsigned prefix_family_bits(int family)
{
	return family == AF_INET ? 32 : family == AF_INET6 ? 128 : 0;
}

/* Clear every bit of `addr` after the first `len` (of `bits`). */
static void mask_bits(uint8_t *addr, unsigned len, unsigned bits)
{
	unsigned full = len / 8, rest = len % 8;

	if (rest)
		addr[full++] &= (uint8_t)(0xffu << (8 - rest));
	if (full < bits / 8)
		memset(addr + full, 0, bits / 8 - full);
}

static bool has_host_bits(const uint8_t *addr, unsigned len, unsigned bits)
{
	uint8_t copy[16];

	memcpy(copy, addr, bits / 8);
	mask_bits(copy, len, bits);
	return memcmp(copy, addr, bits / 8) != 0;
}

int prefix_parse(const char *s, struct prefix *out, const char **why)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	const char *dummy;
	size_t alen;
	unsigned len = 0, bits, digits = 0;

	if (!why)
		why = &dummy;
	memset(out, 0, sizeof(*out));
	if (!slash) {
		*why = "no prefix length";
		return -1;
	}
	alen = (size_t)(slash - s);
	if (alen == 0 || alen >= sizeof(addr)) {
		*why = "bad address";
		return -1;
	}
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, out->addr) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, addr, out->addr) == 1)
		out->family = AF_INET6;
	else {
		*why = "bad address";
		return -1;
	}
	bits = prefix_family_bits(out->family);
	for (const char *d = slash + 1; *d; d++) {
		if (*d < '0' || *d > '9' || ++digits > 3) {
			*why = "bad prefix length";
			return -1;
		}
		len = len * 10 + (unsigned)(*d - '0');
	}
	if (digits == 0 || len > bits) {
		*why = "bad prefix length";
		return -1;
	}
	if (has_host_bits(out->addr, len, bits)) {
		*why = "host bits set after the prefix length";
		return -1;
	}
	out->len = (uint8_t)len;
	return 0;
}

void prefix_from_netaddr(const struct netaddr *addr, unsigned len, struct prefix *out)
{
	unsigned bits = prefix_family_bits(addr->family);

	memset(out, 0, sizeof(*out));
	out->family = addr->family;
	if (addr->family == AF_INET)
		memcpy(out->addr, &addr->a.v4, 4);
	else if (addr->family == AF_INET6)
		memcpy(out->addr, &addr->a.v6, 16);
	if (len > bits)
		len = bits;
	mask_bits(out->addr, len, bits);
	out->len = (uint8_t)len;
}

const char *prefix_str(const struct prefix *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (len == 0)
		return buf;
	if (!inet_ntop(p->family, p->addr, a, sizeof(a)))
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%s/%u", a, (unsigned)p->len);
	return buf;
}

bool prefix_covers(const struct prefix *outer, const struct prefix *inner)
{
	unsigned full, rest;

	if (outer->family != inner->family || outer->len > inner->len)
		return false;
	full = outer->len / 8;
	rest = outer->len % 8;
	if (memcmp(outer->addr, inner->addr, full) != 0)
		return false;
	if (rest) {
		uint8_t m = (uint8_t)(0xffu << (8 - rest));
		if ((outer->addr[full] & m) != (inner->addr[full] & m))
			return false;
	}
	return true;
}
