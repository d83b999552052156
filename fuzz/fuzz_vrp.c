/*
 * fuzz_vrp.c -- libFuzzer target for the VRP loader and origin validation
 * (checks/vrp.h).
 *
 * The input is a VRP file in any of the four formats. When it does not load,
 * the error must name it ("fuzz:") and be printable ASCII. When it loads:
 *   - vrp_get() gives exactly vrp_count() VRPs, each well formed (host bits
 *     zero, prefix length <= maxLength <= the family's bits) and in strictly
 *     increasing (family, prefix, asn, maxLength) order: sorted, no duplicates;
 *   - the set written back as a CSV file loads to the same VRPs;
 *   - routes derived from the VRPs (at the prefix length, at maxLength and one
 *     bit past it, with the VRP's origin and another) and from the input's own
 *     bytes validate exactly as a linear scan over every VRP says: the state,
 *     the three counts and the listed VRPs; vrp_covered() counts as the scan.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/vrp.h"
#include "vrp_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ROUTES_PER_VRP_MAX 48   /* VRPs whose derived routes are checked */
#define RANDOM_ROUTES      32

static int vrp_cmp(const struct vrp *a, const struct vrp *b)
{
	int c;

	if (a->prefix.family != b->prefix.family)
		return a->prefix.family == AF_INET ? -1 : 1;
	if ((c = memcmp(a->prefix.addr, b->prefix.addr, sizeof(a->prefix.addr))) != 0)
		return c;
	if (a->prefix.len != b->prefix.len)
		return a->prefix.len < b->prefix.len ? -1 : 1;
	if (a->asn != b->asn)
		return a->asn < b->asn ? -1 : 1;
	return (int)a->max_len - (int)b->max_len;
}

static void check_route(const struct vrp_set *set, uint32_t asn, const struct prefix *route)
{
	static struct vrp_match got, want;
	struct netaddr a = { .family = route->family };
	struct prefix host;
	struct vrp first;
	size_t covered;

	if (vrp_validate(set, asn, route, &got) != vrp_scan_validate(set, asn, route, &want) ||
	    got.matched != want.matched || got.unmatched_as != want.unmatched_as ||
	    got.unmatched_length != want.unmatched_length || got.n != want.n ||
	    memcmp(got.vrps, want.vrps, got.n * sizeof(got.vrps[0])) != 0)
		abort();
	if (vrp_validate(set, asn, route, NULL) != vrp_validate(set, asn, route, &got))
		abort();
	/* vrp_covered: every VRP covering the host route of the prefix's address */
	if (route->family == AF_INET)
		memcpy(&a.a.v4, route->addr, 4);
	else
		memcpy(&a.a.v6, route->addr, 16);
	prefix_from_netaddr(&a, 128, &host);
	(void)vrp_scan_validate(set, 0, &host, &want);
	covered = want.matched + want.unmatched_as + want.unmatched_length;
	if (vrp_covered(set, &a, &first) != covered)
		abort();
}

/* `v`'s prefix cut or extended to `len` bits, the new bits from `bits`. */
static void derive(const struct vrp *v, unsigned len, uint64_t bits, struct prefix *out)
{
	struct netaddr a = { .family = v->prefix.family };
	uint8_t addr[16];

	memcpy(addr, v->prefix.addr, 16);
	for (unsigned i = v->prefix.len; i < len && i < 128; i++)
		if ((bits >> (i % 64)) & 1)
			addr[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	if (a.family == AF_INET)
		memcpy(&a.a.v4, addr, 4);
	else
		memcpy(&a.a.v6, addr, 16);
	prefix_from_netaddr(&a, len, out);
}

/* The set as a Routinator CSV file, which must load to the same VRPs. */
static void check_round_trip(const struct vrp_set *set)
{
	size_t n = vrp_count(set), cap = 64 + n * 80, len = 0;
	char *csv = malloc(cap), buf[PREFIX_STRLEN];
	struct vrp_set *again;
	struct error err;
	struct vrp a, b;

	if (!csv)
		abort();
	len += (size_t)snprintf(csv, cap, "ASN,IP Prefix,Max Length,Trust Anchor\n");
	for (size_t i = 0; vrp_get(set, i, &a) == 0; i++)
		len += (size_t)snprintf(csv + len, cap - len, "AS%u,%s,%u,x\n", (unsigned)a.asn,
		                        prefix_str(&a.prefix, buf, sizeof(buf)), (unsigned)a.max_len);
	if (len >= cap)
		abort();
	again = vrp_load_buffer("again", csv, len, &err);
	if (!again || vrp_count(again) != n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (vrp_get(set, i, &a) < 0 || vrp_get(again, i, &b) < 0 || vrp_cmp(&a, &b) != 0)
			abort();
	vrp_free(again);
	free(csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vrp_set *set;
	struct error err;
	struct vrp v, prev;
	uint64_t h = 1469598103934665603ull;
	size_t n;

	set = vrp_load_buffer("fuzz", data, size, &err);
	if (!set) {
		/* the message names the file and quotes the input as printable ASCII */
		if (strncmp(err.msg, "fuzz:", 5) != 0)
			abort();
		for (size_t i = 0; err.msg[i]; i++)
			if ((unsigned char)err.msg[i] < 0x20 || (unsigned char)err.msg[i] > 0x7e)
				abort();
		return 0;
	}
	n = vrp_count(set);
	for (size_t i = 0; i < n; i++) {
		struct prefix p;
		unsigned bits;
		if (vrp_get(set, i, &v) < 0)
			abort();
		bits = prefix_family_bits(v.prefix.family);
		derive(&v, v.prefix.len, 0, &p);
		if (bits == 0 || v.prefix.len > v.max_len || v.max_len > bits ||
		    memcmp(&p, &v.prefix, sizeof(p)) != 0)
			abort();
		if (i > 0 && vrp_cmp(&prev, &v) >= 0)
			abort();
		prev = v;
	}
	if (vrp_get(set, n, &v) != -1)
		abort();
	check_round_trip(set);
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211ull;
	for (size_t i = 0; i < n && i < ROUTES_PER_VRP_MAX; i++) {
		unsigned bits, lens[4];
		struct prefix p;
		(void)vrp_get(set, i, &v);
		bits = prefix_family_bits(v.prefix.family);
		lens[0] = v.prefix.len;
		lens[1] = v.max_len;
		lens[2] = v.max_len < bits ? v.max_len + 1u : bits;
		lens[3] = v.prefix.len > 0 ? v.prefix.len - 1u : 0;
		for (int k = 0; k < 4; k++) {
			h = h * 6364136223846793005ull + 1442695040888963407ull;
			derive(&v, lens[k], h, &p);
			check_route(set, v.asn, &p);
			check_route(set, v.asn + 1, &p);
		}
	}
	/* routes from the input's bytes: near a VRP when there is one */
	for (int r = 0; r < RANDOM_ROUTES; r++) {
		struct prefix p;
		unsigned len;
		h = h * 6364136223846793005ull + 1442695040888963407ull;
		if (n) {
			(void)vrp_get(set, (size_t)(h >> 33) % n, &v);
		} else {
			memset(&v, 0, sizeof(v));
			v.prefix.family = h & 1 ? AF_INET6 : AF_INET;
		}
		len = (unsigned)(h >> 20) % (prefix_family_bits(v.prefix.family) + 1);
		v.prefix.len = 0;       /* every bit from h */
		derive(&v, len, h ^ (h >> 29), &p);
		check_route(set, (uint32_t)(h >> 40) % 4, &p);
	}
	vrp_free(set);
	return 0;
}
