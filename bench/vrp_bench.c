/*
 * vrp_bench.c -- time loading a VRP file and validating routes against it
 * (checks/vrp.h; run by bench/vrp-load.sh, see bench/README.md "VRP load").
 *
 *   vrp_bench FILE [VALIDATIONS]
 *
 * Loads FILE with vrp_load() three times, each into a fresh set (the one
 * before is freed), and keeps the best wall time: reading, parsing, sorting
 * and building the prefix tree. Then it validates VALIDATIONS (default
 * 1 000 000) routes: half of them derived from VRPs of the set (a prefix at
 * or up to one bit past the VRP's maxLength inside it, with the VRP's origin
 * or another), half random (IPv4 /24 or, one in seven, IPv6 /48 in 2000::/3),
 * all generated before the clock starts. Prints one line of key=value pairs:
 * vrps, load_ms, rss_mb (maximum resident set after the loads), validate_ms,
 * ns_per_validation and how many routes got each state.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "checks/vrp.h"

#define LOAD_RUNS 3

static uint64_t rng_state = 0x5eed6811u;

static uint64_t rng(void)
{
	/* xorshift64*: the same routes on every run */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct route {
	uint32_t asn;
	struct prefix prefix;
};

/* `len` bits of `addr` (random after the first `keep` bits) as a route prefix. */
static void make_prefix(int family, uint8_t *addr, unsigned keep, unsigned len, struct prefix *out)
{
	struct netaddr a = { .family = family };
	unsigned bits = family == AF_INET ? 32 : 128;

	for (unsigned i = keep; i < bits; i++)
		if (rng() & 1)
			addr[i / 8] |= (uint8_t)(0x80u >> (i % 8));
		else
			addr[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
	if (family == AF_INET)
		memcpy(&a.a.v4, addr, 4);
	else
		memcpy(&a.a.v6, addr, 16);
	prefix_from_netaddr(&a, len, out);
}

static void make_route(const struct vrp_set *set, struct route *r)
{
	uint8_t addr[16] = { 0 };
	size_t n = vrp_count(set);

	if (n && (rng() & 1)) {
		struct vrp v;
		unsigned bits, top, len;
		(void)vrp_get(set, (size_t)(rng() % n), &v);
		bits = prefix_family_bits(v.prefix.family);
		top = v.max_len < bits ? v.max_len + 1u : bits;
		len = v.prefix.len + (unsigned)(rng() % (top - v.prefix.len + 1));
		memcpy(addr, v.prefix.addr, 16);
		make_prefix(v.prefix.family, addr, v.prefix.len, len, &r->prefix);
		r->asn = rng() % 10 < 7 ? v.asn : (uint32_t)(rng() % 400000);
	} else if (rng() % 7) {
		addr[0] = (uint8_t)(1 + rng() % 223);
		make_prefix(AF_INET, addr, 8, 24, &r->prefix);
		r->asn = (uint32_t)(rng() % 400000);
	} else {
		addr[0] = 0x20;
		make_prefix(AF_INET6, addr, 3, 48, &r->prefix);
		r->asn = (uint32_t)(rng() % 400000);
	}
}

int main(int argc, char **argv)
{
	size_t validations = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000000;
	size_t states[4] = { 0 };
	struct vrp_set *set = NULL;
	struct route *routes;
	struct rusage ru;
	struct error err;
	double best = 0, t0, validate_ms;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: vrp_bench FILE [VALIDATIONS]\n");
		return 2;
	}
	for (int run = 0; run < LOAD_RUNS; run++) {
		vrp_free(set);
		t0 = now_ms();
		set = vrp_load(argv[1], deadline_in(600000), &err);
		t0 = now_ms() - t0;
		if (!set) {
			fprintf(stderr, "vrp_bench: %s\n", err.msg);
			return 1;
		}
		if (run == 0 || t0 < best)
			best = t0;
	}
	getrusage(RUSAGE_SELF, &ru);
	routes = malloc((validations ? validations : 1) * sizeof(*routes));
	if (!routes) {
		fprintf(stderr, "vrp_bench: out of memory\n");
		vrp_free(set);
		return 1;
	}
	for (size_t i = 0; i < validations; i++)
		make_route(set, &routes[i]);
	t0 = now_ms();
	for (size_t i = 0; i < validations; i++) {
		struct vrp_match m;
		states[vrp_validate(set, routes[i].asn, &routes[i].prefix, &m)]++;
	}
	validate_ms = now_ms() - t0;
	printf("vrps=%zu load_ms=%.1f rss_mb=%.1f validations=%zu validate_ms=%.1f "
	       "ns_per_validation=%.0f valid=%zu invalid_as=%zu invalid_length=%zu not_found=%zu\n",
	       vrp_count(set), best, (double)ru.ru_maxrss / 1024.0, validations, validate_ms,
	       validations ? validate_ms * 1e6 / (double)validations : 0.0, states[ROV_VALID],
	       states[ROV_INVALID_AS], states[ROV_INVALID_LENGTH], states[ROV_NOT_FOUND]);
	free(routes);
	vrp_free(set);
	return 0;
}
