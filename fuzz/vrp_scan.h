/*
 * vrp_scan.h -- the reference answer of vrp_validate() (checks/vrp.h): a linear
 * scan over every VRP in vrp_get() order, which puts the covering VRPs of a
 * route in the tree's order (shortest first), classified as Routinator does.
 * The oracle of fuzz/fuzz_vrp.c and tests/unit/test_vrp.c.
 */
#ifndef INETCHECK_FUZZ_VRP_SCAN_H
#define INETCHECK_FUZZ_VRP_SCAN_H

#include <string.h>

#include "checks/vrp.h"

static inline enum rov_state vrp_scan_validate(const struct vrp_set *set, uint32_t asn,
                                               const struct prefix *route, struct vrp_match *m)
{
	struct vrp lists[3][VRP_MATCH_MAX];
	size_t count[3] = { 0, 0, 0 }, list;
	struct vrp v;

	memset(m, 0, sizeof(*m));
	for (size_t i = 0; vrp_get(set, i, &v) == 0; i++) {
		if (!prefix_covers(&v.prefix, route))
			continue;
		list = route->len > v.max_len ? 2 : v.asn != asn ? 1 : 0;
		if (count[list] < VRP_MATCH_MAX)
			lists[list][count[list]] = v;
		count[list]++;
	}
	m->matched = count[0];
	m->unmatched_as = count[1];
	m->unmatched_length = count[2];
	list = count[0] ? 0 : count[1] ? 1 : count[2] ? 2 : 3;
	if (list == 3)
		return ROV_NOT_FOUND;
	m->n = count[list] < VRP_MATCH_MAX ? count[list] : VRP_MATCH_MAX;
	memcpy(m->vrps, lists[list], m->n * sizeof(m->vrps[0]));
	return list == 0 ? ROV_VALID : list == 1 ? ROV_INVALID_AS : ROV_INVALID_LENGTH;
}

#endif
