/*
 * vrp.h -- Validated ROA Payloads and RFC 6811 route origin validation
 * (spec §3.5 step 3, §3.11; issue 7 part 2).
 *
 * A VRP set is loaded from the file a relying party exported, in any of four
 * formats, detected from the first byte (shared/notes/mini-internet.md §6):
 *   - rpki-client JSON  {"roas":[{"asn":64496,"prefix":"192.0.2.0/24","maxLength":24,"ta":"ripe","expires":1700000000}]}
 *   - Routinator JSON   {"roas":[{"asn":"AS64496","prefix":"192.0.2.0/24","maxLength":24,"ta":"ripe"}]}
 *   - rpki-client CSV   ASN,IP Prefix,Max Length,Trust Anchor,Expires   (rows "AS64496,192.0.2.0/24,24,ripe,1700000000")
 *   - Routinator CSV    ASN,IP Prefix,Max Length,Trust Anchor           (asn with or without "AS")
 * Other members of the JSON document ("metadata", "bgpsec_keys", a ROA's
 * "source", ...) are skipped; "max_length" is accepted for "maxLength".
 * The VRPs go into a prefix tree (a path-compressed binary trie per address
 * family, nodes in one array) so that validation visits only the prefixes on
 * the route's path. A loaded set is read-only and may be shared by any number
 * of threads. Parsed through the cursor (core/cursor.h), fuzzed by
 * fuzz/fuzz_vrp.c; bench/vrp-load.sh times a full-size load.
 */
#ifndef INETCHECK_CHECKS_VRP_H
#define INETCHECK_CHECKS_VRP_H

#include <stddef.h>
#include <stdint.h>

#include "core/deadline.h"
#include "core/error.h"
#include "net/guard.h"
#include "net/prefix.h"

/* RFC 6811 validation state; the reason of an invalid one as Routinator names it. */
enum rov_state {
	ROV_NOT_FOUND = 0,      /* no VRP covers the route */
	ROV_VALID,              /* a covering VRP has the origin and a long enough maxLength */
	ROV_INVALID_AS,         /* covered, but no covering VRP has the origin ("as") */
	ROV_INVALID_LENGTH,     /* a covering VRP has the origin, but its maxLength is too short ("length") */
};

/* One VRP: origin AS, prefix, maximum length. */
struct vrp {
	uint32_t asn;
	struct prefix prefix;
	uint8_t max_len;
};

#define VRP_MATCH_MAX 16

/* Largest VRP file read: a full set is about 80 MB (rpki-client JSON, 2026). */
#define VRP_FILE_MAX_BYTES ((uint64_t)512 << 20)

/*
 * What validation found, shaped like Routinator's /api/v1/validity answer:
 * the number of covering VRPs in each of its three lists, and (up to
 * VRP_MATCH_MAX of) the VRPs of the list internet.nl shows for the state:
 * "matched" when valid, "unmatched_<reason>" when invalid, none when not-found.
 */
struct vrp_match {
	size_t matched, unmatched_as, unmatched_length;
	size_t n;                          /* VRPs in vrps[] */
	struct vrp vrps[VRP_MATCH_MAX];
};

struct vrp_set;

/*
 * Load the VRP file at `path` (format detected as above; a UTF-8 BOM is
 * skipped). Returns a set to release with vrp_free(), or NULL with a reason in
 * `err` naming the file, the line (and for JSON the "roas" index) and what is
 * wrong, e.g. "vrps.json:12: roas[10]: prefix \"192.0.2.1/24\": host bits set
 * after the prefix length". Duplicate VRPs (same asn, prefix, maxLength, e.g.
 * from two trust anchors) are kept once. An empty "roas" list is a valid, empty set.
 * Only a regular file of at most VRP_FILE_MAX_BYTES is read (no pipe, no device),
 * and reading stops with an error at `deadline`.
 */
struct vrp_set *vrp_load(const char *path, deadline_t deadline, struct error *err);

/* The same from `len` bytes in memory; `name` only appears in error messages. */
struct vrp_set *vrp_load_buffer(const char *name, const void *data, size_t len, struct error *err);

void vrp_free(struct vrp_set *set);

/* Number of distinct VRPs in the set. */
size_t vrp_count(const struct vrp_set *set);

/*
 * The i-th distinct VRP of the set into `out`: the IPv4 ones first, each
 * family in (prefix, asn, maxLength) order. Returns 0, or -1 when i >=
 * vrp_count(). For tests and fuzz/fuzz_vrp.c, which compare validation with a
 * linear scan over every VRP.
 */
int vrp_get(const struct vrp_set *set, size_t i, struct vrp *out);

/*
 * RFC 6811 origin validation of the route (`asn`, `route`), classified exactly
 * as Routinator's /api/v1/validity does (internet.nl's relying party, spec
 * §3.5 step 3): each VRP whose prefix contains the route's prefix (covers) is
 * put in one list -- unmatched_length when route->len > its maxLength, else
 * unmatched_as when its asn differs from `asn`, else matched. Valid if matched
 * is non-empty; otherwise invalid if any VRP covers -- reason "as" when
 * unmatched_as is non-empty, else "length" -- otherwise not-found. AS0 VRPs get
 * no special treatment (Routinator gives them none). `out` (may be NULL)
 * receives the details.
 */
enum rov_state vrp_validate(const struct vrp_set *set, uint32_t asn, const struct prefix *route,
                            struct vrp_match *out);

/*
 * The existence check for an address without routes (spec §3.5 step 3, the
 * AS0 trick): how many VRPs cover the /32 or /128 of `addr` (any asn, any
 * maxLength). The first one found goes into `first` when non-NULL and the
 * count is not 0. The address is taken as is (an IPv4-mapped IPv6 address is
 * looked up as IPv6, as internet.nl does).
 */
size_t vrp_covered(const struct vrp_set *set, const struct netaddr *addr, struct vrp *first);

/* "valid", "invalid (as)", "invalid (length)" or "not-found" (spec §5.4 `rov_state`). */
const char *rov_state_str(enum rov_state state);

#endif
