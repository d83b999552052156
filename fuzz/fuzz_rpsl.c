/*
 * fuzz_rpsl.c -- libFuzzer target for the RIS whois answer parser (checks/rpsl.h).
 *
 * The input is a whole whois answer. It is parsed into an empty list and
 * checked against what the header promises: -1 exactly when the input is not
 * UTF-8 (decided here by a separate validator), nothing appended then; every
 * route seen by at least RPSL_MIN_RISPEERS peers, a sane family and length and
 * no host bits; at most one route or skipped object per "route" in the input.
 * It is parsed a second time into a list that already holds a route: the same
 * outcome must be appended after it, or the list left as it was.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "checks/rpsl.h"
#include "core/cursor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char first_answer[] = "route: 193.0.0.0/21\norigin: AS3333\nnum-rispeers: 344\n";

/* UTF-8 as RFC 3629 defines it (no overlongs, surrogates or values over U+10FFFF). */
static bool utf8_valid(struct cursor c)
{
	uint8_t b;

	while (cursor_get_u8(&c, &b) == 0) {
		uint32_t cp, min;
		int more;

		if (b < 0x80)
			continue;
		if ((b & 0xe0) == 0xc0) {
			more = 1, cp = b & 0x1fu, min = 0x80;
		} else if ((b & 0xf0) == 0xe0) {
			more = 2, cp = b & 0x0fu, min = 0x800;
		} else if ((b & 0xf8) == 0xf0) {
			more = 3, cp = b & 0x07u, min = 0x10000;
		} else {
			return false;
		}
		while (more--) {
			if (cursor_get_u8(&c, &b) < 0 || (b & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (b & 0x3fu);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
	}
	return true;
}

/* How often "route" occurs: every kept or skipped object has a route or route6 line. */
static size_t count_route(struct cursor c)
{
	size_t n = 0;

	while (cursor_len(&c) >= 5) {
		if (memcmp(cursor_data(&c), "route", 5) == 0)
			n++;
		(void)cursor_skip(&c, 1);
	}
	return n;
}

static void check_route(const struct rpsl_route *r)
{
	char text[PREFIX_STRLEN];
	struct prefix again;

	if (r->peers < RPSL_MIN_RISPEERS)
		abort();
	if (!(r->prefix.family == AF_INET && r->prefix.len <= 32) &&
	    !(r->prefix.family == AF_INET6 && r->prefix.len <= 128))
		abort();
	if (r->prefix.family == AF_INET)
		for (int i = 4; i < 16; i++)
			if (r->prefix.addr[i] != 0)
				abort();
	/* the text form parses back to the same prefix: so no host bits are set */
	if (prefix_parse(prefix_str(&r->prefix, text, sizeof(text)), &again, NULL) < 0 ||
	    again.family != r->prefix.family || again.len != r->prefix.len ||
	    memcmp(again.addr, r->prefix.addr, sizeof(again.addr)) != 0)
		abort();
}

static bool same_route(const struct rpsl_route *a, const struct rpsl_route *b)
{
	return a->origin == b->origin && a->peers == b->peers && a->prefix.family == b->prefix.family &&
	       a->prefix.len == b->prefix.len &&
	       memcmp(a->prefix.addr, b->prefix.addr, sizeof(a->prefix.addr)) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpsl_routes fresh = { 0 }, filled = { 0 };
	struct error err = { "" }, err2 = { "" };
	struct cursor in;
	struct rpsl_route first;
	int rc, rc2;

	cursor_init(&in, data, size);
	rc = rpsl_parse_routes(data, size, &fresh, &err);
	if (rc != 0 && rc != -1)
		abort();
	if ((rc == 0) != utf8_valid(in))
		abort();
	if (rc < 0 && (fresh.n != 0 || fresh.skipped != 0 || err.msg[0] == '\0'))
		abort();
	if (fresh.n > fresh.cap || fresh.n + fresh.skipped > count_route(in))
		abort();
	for (size_t i = 0; i < fresh.n; i++)
		check_route(&fresh.v[i]);

	if (rpsl_parse_routes((const uint8_t *)first_answer, sizeof(first_answer) - 1, &filled,
	                      NULL) != 0 || filled.n != 1)
		abort();
	first = filled.v[0];
	rc2 = rpsl_parse_routes(data, size, &filled, &err2);
	if (rc2 != rc || filled.n != 1 + fresh.n || filled.skipped != fresh.skipped ||
	    !same_route(&filled.v[0], &first) || strcmp(err.msg, err2.msg) != 0)
		abort();
	for (size_t i = 0; i < fresh.n; i++)
		if (!same_route(&filled.v[1 + i], &fresh.v[i]))
			abort();

	rpsl_routes_free(&fresh);
	rpsl_routes_free(&filled);
	return 0;
}
