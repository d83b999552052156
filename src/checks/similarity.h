/*
 * similarity.h -- the IPv4/IPv6 "same website" page distance (spec §3.1 step 3,
 * §8 items 36 and 39). Pure functions: no I/O, no allocation, no globals.
 *
 * Each body is cut to SIMILARITY_MAX_BODY bytes, normalised (nonce attributes
 * of <script>/<style> start tags and whole <input name="__VIEWSTATE"> elements
 * removed), and compared with difflib's quick_ratio over bytes:
 * ratio = 2*M/T, M = size of the multiset intersection of the two byte
 * strings, T = sum of their lengths (ratio 1.0 when both are empty).
 * internet.nl computes `distance = 100 - quick_ratio() * 100` as a float.
 */
#ifndef INETCHECK_CHECKS_SIMILARITY_H
#define INETCHECK_CHECKS_SIMILARITY_H

#include <stddef.h>

#define SIMILARITY_MAX_BODY 500000   /* spec §3.1 step 3, §9: bytes read per body */
#define SIMILARITY_MAX_DISTANCE 10   /* SIMHASH_MAX: points 2 if distance <= 10 */

/*
 * The distance as the float internet.nl computes (0.0 .. 100.0), bit for bit:
 * ratio = (2.0 * M) / T; distance = 100.0 - ratio * 100.0 (IEEE double, no
 * contraction). The verdict and points of §3.1 compare THIS value with
 * SIMILARITY_MAX_DISTANCE (10.4 is not <= 10). `a`/`b` may be NULL when the
 * length is 0.
 */
double similarity_distance_exact(const char *a, size_t alen, const char *b, size_t blen);

/*
 * The same distance truncated toward zero as Python's int() (what internet.nl
 * stores in its integer column and reports; 0..100). Both empty -> 0.
 * Note: int(10.4) = 10, so use similarity_distance_exact for the <= 10 test.
 */
int similarity_distance(const char *a, size_t alen, const char *b, size_t blen);

#endif
