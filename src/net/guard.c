/*
 * guard.c -- the target guard (see guard.h).
 *
 * The special-purpose ranges are one table per family, after the IANA IPv4
 * and IPv6 Special-Purpose Address Registries (RFC 6890 and successors). The
 * most specific (longest) matching prefix names the range. IPv4-mapped IPv6
 * addresses (::ffff:0:0/96) and the NAT64 well-known prefix (64:ff9b::/96)
 * are judged by the IPv4 address they embed.
 */
#include "net/guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct special_range {
	uint8_t prefix[16];   /* network byte order; 4 bytes used for IPv4 */
	unsigned len;         /* prefix length in bits */
	const char *article;  /* "a" or "an", for the refusal message */
	const char *name;
};

/* IANA IPv4 Special-Purpose Address Registry (plus multicast and 240/4). */
static const struct special_range special_v4[] = {
	{ {0, 0, 0, 0},         8,  "a",  "this-network" },                 /* RFC 791 */
	{ {10, 0, 0, 0},        8,  "a",  "private-use" },                  /* RFC 1918 */
	{ {100, 64, 0, 0},      10, "a",  "shared (carrier-grade NAT)" },   /* RFC 6598 */
	{ {127, 0, 0, 0},       8,  "a",  "loopback" },                     /* RFC 1122 */
	{ {169, 254, 0, 0},     16, "a",  "link-local" },                   /* RFC 3927 */
	{ {172, 16, 0, 0},      12, "a",  "private-use" },                  /* RFC 1918 */
	{ {192, 0, 0, 0},       24, "an", "IETF protocol assignment" },     /* RFC 6890 */
	{ {192, 0, 2, 0},       24, "a",  "documentation (TEST-NET-1)" },   /* RFC 5737 */
	{ {192, 88, 99, 0},     24, "a",  "6to4 relay anycast" },           /* RFC 7526 */
	{ {192, 168, 0, 0},     16, "a",  "private-use" },                  /* RFC 1918 */
	{ {198, 18, 0, 0},      15, "a",  "benchmarking" },                 /* RFC 2544 */
	{ {198, 51, 100, 0},    24, "a",  "documentation (TEST-NET-2)" },   /* RFC 5737 */
	{ {203, 0, 113, 0},     24, "a",  "documentation (TEST-NET-3)" },   /* RFC 5737 */
	{ {224, 0, 0, 0},       4,  "a",  "multicast" },                    /* RFC 5771 */
	{ {240, 0, 0, 0},       4,  "a",  "reserved" },                     /* RFC 1112 */
	{ {255, 255, 255, 255}, 32, "a",  "limited broadcast" },            /* RFC 919 */
};

/* IANA IPv6 Special-Purpose Address Registry (plus multicast and site-local). */
static const struct special_range special_v6[] = {
	{ {0},                                   128, "an", "unspecified" },              /* RFC 4291 */
	{ {[15] = 1},                            128, "a",  "loopback" },                 /* RFC 4291 */
	{ {0},                                   96,  "an", "IPv4-compatible (deprecated)" }, /* RFC 4291 */
	{ {0x00, 0x64, 0xff, 0x9b, 0x00, 0x01},  48,  "a",  "local-use IPv4/IPv6 translation" }, /* RFC 8215 */
	{ {0x01, 0x00},                          64,  "a",  "discard-only" },             /* RFC 6666 */
	{ {0x20, 0x01},                          23,  "an", "IETF protocol assignment" }, /* RFC 2928 */
	{ {0x20, 0x01},                          32,  "a",  "Teredo" },                   /* RFC 4380 */
	{ {0x20, 0x01, 0x00, 0x02},              48,  "a",  "benchmarking" },             /* RFC 5180 */
	{ {0x20, 0x01, 0x00, 0x10},              28,  "an", "ORCHID (deprecated)" },      /* RFC 4843 */
	{ {0x20, 0x01, 0x00, 0x20},              28,  "an", "ORCHIDv2" },                 /* RFC 7343 */
	{ {0x20, 0x01, 0x0d, 0xb8},              32,  "a",  "documentation" },            /* RFC 3849 */
	{ {0x20, 0x02},                          16,  "a",  "6to4" },                     /* RFC 3056 */
	{ {0x3f, 0xff, 0x00, 0x00},              20,  "a",  "documentation" },            /* RFC 9637 */
	{ {0x5f, 0x00},                          16,  "a",  "segment routing (SRv6) SID" }, /* RFC 9602 */
	{ {0xfc, 0x00},                          7,   "a",  "unique local (ULA)" },       /* RFC 4193 */
	{ {0xfe, 0x80},                          10,  "a",  "link-local" },               /* RFC 4291 */
	{ {0xfe, 0xc0},                          10,  "a",  "site-local (deprecated)" },  /* RFC 3879 */
	{ {0xff, 0x00},                          8,   "a",  "multicast" },                /* RFC 4291 */
};

/* Prefixes whose last 32 bits are an IPv4 address judged on its own. */
static const struct {
	uint8_t prefix[12];
} embeds_v4[] = {
	{ {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff} },                   /* ::ffff:0:0/96, RFC 4291 */
	{ {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0} },               /* 64:ff9b::/96, RFC 6052 */
};

/* Set once by main before any thread starts; read-only afterwards. */
static bool allow_private;

void guard_allow_private(bool allow)
{
	allow_private = allow;
}

static bool prefix_matches(const uint8_t *addr, const uint8_t *prefix, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;

	if (memcmp(addr, prefix, whole) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (addr[whole] & mask) == (prefix[whole] & mask);
}

/* Longest matching entry of `table`, or NULL. */
static const struct special_range *range_find(const struct special_range *table, size_t n,
                                              const uint8_t *addr)
{
	const struct special_range *best = NULL;

	for (size_t i = 0; i < n; i++)
		if (prefix_matches(addr, table[i].prefix, table[i].len) &&
		    (!best || table[i].len > best->len))
			best = &table[i];
	return best;
}

static const struct special_range *range_lookup(const struct netaddr *addr)
{
	const uint8_t *b;

	if (addr->family == AF_INET) {
		b = (const uint8_t *)&addr->a.v4;
		return range_find(special_v4, sizeof(special_v4) / sizeof(special_v4[0]), b);
	}
	if (addr->family != AF_INET6)
		return NULL;
	b = addr->a.v6.s6_addr;
	for (size_t i = 0; i < sizeof(embeds_v4) / sizeof(embeds_v4[0]); i++)
		if (memcmp(b, embeds_v4[i].prefix, 12) == 0)
			return range_find(special_v4, sizeof(special_v4) / sizeof(special_v4[0]), b + 12);
	return range_find(special_v6, sizeof(special_v6) / sizeof(special_v6[0]), b);
}

const char *guard_special_range(const struct netaddr *addr)
{
	const struct special_range *r = range_lookup(addr);

	return r ? r->name : NULL;
}

#define N_V4 (sizeof(special_v4) / sizeof(special_v4[0]))
#define N_V6 (sizeof(special_v6) / sizeof(special_v6[0]))
#define N_EMBEDS (sizeof(embeds_v4) / sizeof(embeds_v4[0]))

int guard_special_prefix(size_t i, char *buf, size_t len)
{
	char text[INET6_ADDRSTRLEN];
	uint8_t v6[16];
	unsigned bits;

	if (i < N_V4) {
		inet_ntop(AF_INET, special_v4[i].prefix, text, sizeof(text));
		bits = special_v4[i].len;
	} else if (i < N_V4 + N_V6) {
		inet_ntop(AF_INET6, special_v6[i - N_V4].prefix, text, sizeof(text));
		bits = special_v6[i - N_V4].len;
	} else if (i < N_V4 + N_V6 + N_EMBEDS * N_V4) {
		size_t k = i - N_V4 - N_V6;
		const struct special_range *r = &special_v4[k % N_V4];
		memcpy(v6, embeds_v4[k / N_V4].prefix, 12);
		memcpy(v6 + 12, r->prefix, 4);
		inet_ntop(AF_INET6, v6, text, sizeof(text));
		bits = 96 + r->len;
	} else {
		return -1;
	}
	if (len)
		snprintf(buf, len, "%s/%u", text, bits);
	return 0;
}

int guard_check(const struct netaddr *addr, char *why, size_t whylen)
{
	const struct special_range *r;
	char buf[INET6_ADDRSTRLEN];

	if (addr->family != AF_INET && addr->family != AF_INET6) {
		if (why && whylen)
			snprintf(why, whylen, "unsupported address family %d", addr->family);
		return -1;
	}
	if (allow_private)
		return 0;
	r = range_lookup(addr);
	if (!r)
		return 0;
	if (why && whylen)
		snprintf(why, whylen, "%s is %s %s address (special-purpose); use --allow-private to test it",
		         netaddr_str(addr, buf, sizeof(buf)), r->article, r->name);
	return -1;
}

bool netaddr_equal(const struct netaddr *a, const struct netaddr *b)
{
	if (a->family != b->family || a->port != b->port)
		return false;
	if (a->family == AF_INET)
		return memcmp(&a->a.v4, &b->a.v4, sizeof a->a.v4) == 0;
	return memcmp(&a->a.v6, &b->a.v6, sizeof a->a.v6) == 0;
}

const char *netaddr_str(const struct netaddr *addr, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	if (!inet_ntop(addr->family, &addr->a, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

int netaddr_parse(const char *s, struct netaddr *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, s, &out->a.v4) == 1) {
		out->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &out->a.v6) == 1) {
		out->family = AF_INET6;
		return 0;
	}
	return -1;
}

socklen_t netaddr_sockaddr(const struct netaddr *addr, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (addr->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(addr->port);
		sin->sin_addr = addr->a.v4;
		return sizeof(*sin);
	}
	if (addr->family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(addr->port);
		sin6->sin6_addr = addr->a.v6;
		return sizeof(*sin6);
	}
	return 0;
}

int netaddr_from_sockaddr(const struct sockaddr *sa, socklen_t salen, struct netaddr *out)
{
	memset(out, 0, sizeof(*out));
	if (sa->sa_family == AF_INET && salen >= (socklen_t)sizeof(struct sockaddr_in)) {
		struct sockaddr_in sin;
		memcpy(&sin, sa, sizeof(sin));
		out->family = AF_INET;
		out->a.v4 = sin.sin_addr;
		out->port = ntohs(sin.sin_port);
		return 0;
	}
	if (sa->sa_family == AF_INET6 && salen >= (socklen_t)sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 sin6;
		memcpy(&sin6, sa, sizeof(sin6));
		out->family = AF_INET6;
		out->a.v6 = sin6.sin6_addr;
		out->port = ntohs(sin6.sin6_port);
		return 0;
	}
	return -1;
}
