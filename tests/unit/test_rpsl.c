/*
 * test_rpsl.c -- route objects from a RIS whois answer (checks/rpsl.h, spec
 * §3.5 step 2). One test per rule of the header; the rules are internet.nl's
 * RisWhoisIPtoASN._parse_rpsl and _records_to_pairs, with Python's notions of
 * line breaks, white space, int() and ip_network() (see rpsl.c). Every input
 * is an exact-size heap copy, so ASan sees a read past its end.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "checks/rpsl.h"

/* ------------------------------------------------------------ helpers ---- */

#define REALISTIC_ANSWER                                                                         \
	"% This is RIPE NCC's Routing Information Service (RIS) whois server.\n"                 \
	"% The objects are in RPSL format.\n"                                                    \
	"%\n"                                                                                    \
	"% Rights restricted by copyright.\n"                                                    \
	"% See http://www.ripe.net/db/copyright.html\n"                                          \
	"\n"                                                                                     \
	"route:          193.0.0.0/21\n"                                                         \
	"origin:         AS3333\n"                                                               \
	"descr:          RIPE-NCC-AS Reseaux IP Europeens Network Coordination Centre (RIPE "    \
	"NCC), NL\n"                                                                             \
	"lastupd-frst:   2024-05-01 12:00Z  193.0.0.1@rrc00\n"                                   \
	"lastupd-last:   2026-11-20 08:00Z  193.0.0.1@rrc00\n"                                   \
	"seen-at:        rrc00,rrc01,rrc03\n"                                                    \
	"num-rispeers:   344\n"                                                                  \
	"source:         RISWHOIS\n"                                                             \
	"\n"

struct parsed {
	int rc;
	struct rpsl_routes r;
	struct error err;
};

static void parse_into(const void *bytes, size_t len, struct parsed *p)
{
	uint8_t *copy = malloc(len ? len : 1);

	assert_non_null(copy);
	if (len)
		memcpy(copy, bytes, len);
	memset(&p->err, 0, sizeof(p->err));
	p->rc = rpsl_parse_routes(copy, len, &p->r, &p->err);
	free(copy);
}

static struct parsed parse_bytes(const void *bytes, size_t len)
{
	struct parsed p;

	memset(&p, 0, sizeof(p));
	parse_into(bytes, len, &p);
	return p;
}

static struct parsed parse(const char *s)
{
	return parse_bytes(s, strlen(s));
}

/* An object "route: PREFIX / origin: ORIGIN / num-rispeers: PEERS", parsed alone. */
static struct parsed parse_object(const char *prefix, const char *origin, const char *peers)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "route: %s\norigin: %s\nnum-rispeers: %s\n\n", prefix, origin,
	         peers);
	return parse(buf);
}

static void assert_route(const struct parsed *p, size_t i, uint32_t origin, const char *prefix,
                         uint32_t peers)
{
	char buf[PREFIX_STRLEN];

	assert_int_equal(p->rc, 0);
	assert_true(i < p->r.n);
	assert_int_equal(p->r.v[i].origin, origin);
	assert_string_equal(prefix_str(&p->r.v[i].prefix, buf, sizeof(buf)), prefix);
	assert_int_equal(p->r.v[i].peers, peers);
}

/* Exactly one route, nothing skipped. */
static void assert_one(struct parsed *p, uint32_t origin, const char *prefix, uint32_t peers)
{
	assert_int_equal(p->rc, 0);
	assert_int_equal(p->r.n, 1);
	assert_int_equal(p->r.skipped, 0);
	assert_route(p, 0, origin, prefix, peers);
	rpsl_routes_free(&p->r);
}

/* No route, `skipped` objects skipped. */
static void assert_none(struct parsed *p, size_t skipped)
{
	assert_int_equal(p->rc, 0);
	assert_int_equal(p->r.n, 0);
	assert_int_equal(p->r.skipped, skipped);
	rpsl_routes_free(&p->r);
}

/* The object with this origin value is skipped / kept with `asn`. */
static void assert_origin_skipped(const char *origin)
{
	struct parsed p = parse_object("192.0.2.0/24", origin, "50");
	assert_none(&p, 1);
}

static void assert_origin_is(const char *origin, uint32_t asn)
{
	struct parsed p = parse_object("192.0.2.0/24", origin, "50");
	assert_one(&p, asn, "192.0.2.0/24", 50);
}

static void assert_peers_skipped(const char *peers)
{
	struct parsed p = parse_object("192.0.2.0/24", "AS64496", peers);
	assert_none(&p, 1);
}

static void assert_peers_are(const char *peers, uint32_t n)
{
	struct parsed p = parse_object("192.0.2.0/24", "AS64496", peers);
	assert_one(&p, 64496, "192.0.2.0/24", n);
}

static void assert_prefix_skipped(const char *prefix)
{
	struct parsed p = parse_object(prefix, "AS64496", "50");
	assert_none(&p, 1);
}

static void assert_prefix_is(const char *prefix, const char *want)
{
	struct parsed p = parse_object(prefix, "AS64496", "50");
	assert_one(&p, 64496, want, 50);
}

/* ------------------------------------------------ the answer as a whole ---- */

static void test_realistic_answer_yields_its_route(void **s)
{
	(void)s;
	struct parsed p = parse(REALISTIC_ANSWER);
	assert_one(&p, 3333, "193.0.0.0/21", 344);
}

static void test_crlf_read_as_lf(void **s)
{
	(void)s;
	const char *lf = REALISTIC_ANSWER "route: 192.0.2.0/24\norigin: AS64496\nnum-rispeers: 12\n";
	char crlf[2048];
	size_t n = 0;

	for (const char *c = lf; *c; c++) {
		if (*c == '\n')
			crlf[n++] = '\r';
		crlf[n++] = *c;
	}
	crlf[n] = '\0';
	struct parsed p = parse(crlf);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.r.n, 2);
	assert_route(&p, 0, 3333, "193.0.0.0/21", 344);
	assert_route(&p, 1, 64496, "192.0.2.0/24", 12);
	rpsl_routes_free(&p.r);
}

static void test_crlf_and_lf_mixed_empty_line_splits(void **s)
{
	(void)s;
	/* "\n\r\n" and "\r\n\n" are both "\n\n" once CRLF is read as LF */
	struct parsed p = parse("route: 192.0.2.0/24\norigin: AS1\n\r\nnum-rispeers: 50\r\n\n"
	                        "route: 198.51.100.0/24\r\norigin: AS2\r\nnum-rispeers: 50\r\n");
	assert_int_equal(p.r.n, 1);
	assert_int_equal(p.r.skipped, 1);   /* the first object lost its peers to the split */
	assert_route(&p, 0, 2, "198.51.100.0/24", 50);
	rpsl_routes_free(&p.r);
}

static void test_percent_comment_lines_ignored(void **s)
{
	(void)s;
	struct parsed p = parse("% route: 10.0.0.0/8\n"
	                        "route: 192.0.2.0/24\n"
	                        "%origin: AS1\n"
	                        "origin: AS64496\n"
	                        "%num-rispeers: 1\n"
	                        "num-rispeers: 50\n"
	                        "%origin: AS2\n");
	assert_one(&p, 64496, "192.0.2.0/24", 50);
}

static void test_comment_only_object_yields_nothing(void **s)
{
	(void)s;
	struct parsed p = parse("% No entries found for the selected source(s).\n\n\n");
	assert_none(&p, 0);
}

static void test_percent_counts_only_at_line_start(void **s)
{
	(void)s;
	/* " %origin" is the attribute "%origin" after stripping: not a comment, not origin */
	struct parsed p = parse("route: 192.0.2.0/24\n %origin: AS1\nnum-rispeers: 50\n");
	assert_none(&p, 1);
}

static void test_empty_input_yields_no_routes(void **s)
{
	(void)s;
	struct parsed p = parse("");
	assert_none(&p, 0);
	struct rpsl_routes r = { 0 };
	assert_int_equal(rpsl_parse_routes(NULL, 0, &r, NULL), 0);
	assert_int_equal(r.n, 0);
	rpsl_routes_free(&r);
}

static void test_blank_lines_only_yield_no_routes(void **s)
{
	(void)s;
	struct parsed p = parse("\n\n\n\r\n\r\n \n\t\n");
	assert_none(&p, 0);
}

static void test_objects_separated_by_more_than_one_blank_line(void **s)
{
	(void)s;
	struct parsed p = parse("route: 192.0.2.0/24\norigin: AS1\nnum-rispeers: 50\n\n\n\n"
	                        "route: 198.51.100.0/24\norigin: AS2\nnum-rispeers: 60\n\n\n"
	                        "route: 203.0.113.0/24\norigin: AS3\nnum-rispeers: 70\n\n\n\n\n");
	assert_int_equal(p.r.n, 3);
	assert_int_equal(p.r.skipped, 0);
	assert_route(&p, 0, 1, "192.0.2.0/24", 50);
	assert_route(&p, 1, 2, "198.51.100.0/24", 60);
	assert_route(&p, 2, 3, "203.0.113.0/24", 70);
	rpsl_routes_free(&p.r);
}

static void test_empty_line_ends_an_object(void **s)
{
	(void)s;
	/* the origin after the empty line belongs to a new object */
	struct parsed p = parse("route: 192.0.2.0/24\nnum-rispeers: 50\n\norigin: AS1\n");
	assert_none(&p, 1);
}

static void test_white_space_line_does_not_end_an_object(void **s)
{
	(void)s;
	/* split("\n\n") only: a line holding a space or tab is no separator */
	struct parsed p = parse("route: 192.0.2.0/24\n \norigin: AS1\n\t\nnum-rispeers: 50\n");
	assert_one(&p, 1, "192.0.2.0/24", 50);
}

static void test_last_object_needs_no_trailing_newline(void **s)
{
	(void)s;
	struct parsed p = parse("route: 192.0.2.0/24\norigin: AS1\nnum-rispeers: 50");
	assert_one(&p, 1, "192.0.2.0/24", 50);
}

static void test_routes_kept_in_answer_order(void **s)
{
	(void)s;
	struct parsed p = parse("route6: 2001:db8::/32\norigin: AS9\nnum-rispeers: 11\n\n"
	                        "route: 192.0.2.0/24\norigin: AS8\nnum-rispeers: 12\n\n"
	                        "route: 192.0.0.0/16\norigin: AS7\nnum-rispeers: 13\n");
	assert_int_equal(p.r.n, 3);
	assert_route(&p, 0, 9, "2001:db8::/32", 11);
	assert_route(&p, 1, 8, "192.0.2.0/24", 12);
	assert_route(&p, 2, 7, "192.0.0.0/16", 13);
	rpsl_routes_free(&p.r);
}

static void test_routes_appended_to_what_out_holds(void **s)
{
	(void)s;
	const char *more = "route: 203.0.113.0/24\norigin: AS3\nnum-rispeers: 30\n\n"
	                   "route: 10.0.0.0/8\nnum-rispeers: 30\n";
	struct parsed p = parse("route: 192.0.2.0/24\norigin: AS1\nnum-rispeers: 50\n\n"
	                        "route: 198.51.100.0/24\norigin: AS2\nnum-rispeers: 5\n");
	assert_int_equal(p.r.n, 1);
	assert_int_equal(p.r.skipped, 1);
	parse_into(more, strlen(more), &p);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.r.n, 2);
	assert_int_equal(p.r.skipped, 2);
	assert_route(&p, 0, 1, "192.0.2.0/24", 50);
	assert_route(&p, 1, 3, "203.0.113.0/24", 30);
	rpsl_routes_free(&p.r);
}

static void test_many_routes(void **s)
{
	(void)s;
	size_t cap = 3000 * 64, n = 0;
	char *buf = malloc(cap);

	assert_non_null(buf);
	for (unsigned i = 0; i < 3000; i++)
		n += (size_t)snprintf(buf + n, cap - n, "route: 10.%u.%u.0/24\norigin: AS%u\n"
		                      "num-rispeers: %u\n\n", i / 256, i % 256, i + 1, 10 + i % 2);
	struct parsed p = parse_bytes(buf, n);
	free(buf);
	assert_int_equal(p.r.n, 3000);
	assert_int_equal(p.r.skipped, 0);
	assert_route(&p, 0, 1, "10.0.0.0/24", 10);
	assert_route(&p, 2999, 3000, "10.11.183.0/24", 11);
	rpsl_routes_free(&p.r);
}

static void test_free_resets(void **s)
{
	(void)s;
	struct parsed p = parse(REALISTIC_ANSWER);
	rpsl_routes_free(&p.r);
	assert_null(p.r.v);
	assert_int_equal(p.r.n, 0);
	assert_int_equal(p.r.cap, 0);
	rpsl_routes_free(&p.r);     /* twice is fine */
}

/* ---------------------------------------------------------------- UTF-8 ---- */

/* The bytes fail the whole answer; `out` keeps exactly what it had. */
static void assert_utf8_rejected(const char *bad, size_t badlen)
{
	char buf[256];
	const char *good = "route: 192.0.2.0/24\norigin: AS1\nnum-rispeers: 50\n\n"
	                   "route: 198.51.100.0/24\norigin: AS2\nnum-rispeers: 1\n\n";
	struct parsed p = parse(good);
	size_t n = 0;

	assert_int_equal(p.r.n, 1);
	assert_int_equal(p.r.skipped, 1);
	n += (size_t)snprintf(buf, sizeof(buf), "%s", good);
	memcpy(buf + n, bad, badlen);
	n += badlen;
	parse_into(buf, n, &p);
	assert_int_equal(p.rc, -1);
	assert_non_null(strstr(p.err.msg, "UTF-8"));
	assert_int_equal(p.r.n, 1);
	assert_int_equal(p.r.skipped, 1);
	assert_int_equal(p.r.v[0].origin, 1);
	assert_int_equal(p.r.v[0].peers, 50);
	rpsl_routes_free(&p.r);
}

static void test_invalid_utf8_fails_and_leaves_out_unchanged(void **s)
{
	(void)s;
	assert_utf8_rejected("descr: \xff\n", 9);
	assert_utf8_rejected("descr: \x80\n", 9);                   /* lone continuation */
	assert_utf8_rejected("route: 10.0.0.0/8\norigin: AS1\nnum-rispeers: 50\n\xfe", 48);
}

static void test_utf8_overlong_rejected(void **s)
{
	(void)s;
	assert_utf8_rejected("descr: \xc0\xaf\n", 10);              /* '/' in two bytes */
	assert_utf8_rejected("descr: \xc1\xbf\n", 10);
	assert_utf8_rejected("descr: \xe0\x80\xaf\n", 11);          /* three bytes */
	assert_utf8_rejected("descr: \xf0\x80\x80\xaf\n", 12);      /* four bytes */
}

static void test_utf8_surrogates_rejected(void **s)
{
	(void)s;
	assert_utf8_rejected("descr: \xed\xa0\x80\n", 11);          /* U+D800 */
	assert_utf8_rejected("descr: \xed\xbf\xbf\n", 11);          /* U+DFFF */
}

static void test_utf8_above_u10ffff_rejected(void **s)
{
	(void)s;
	assert_utf8_rejected("descr: \xf4\x90\x80\x80\n", 12);
	assert_utf8_rejected("descr: \xf5\x80\x80\x80\n", 12);
}

static void test_utf8_truncated_sequence_rejected(void **s)
{
	(void)s;
	assert_utf8_rejected("descr: \xe2\x82", 9);                 /* at the end */
	assert_utf8_rejected("descr: \xe2\x82x\n", 11);             /* cut by ASCII */
	assert_utf8_rejected("descr: \xf0\x9f\x98", 10);
}

static void test_valid_multibyte_utf8_accepted(void **s)
{
	(void)s;
	struct parsed p = parse("descr: R\xc3\xa9seaux \xe2\x82\xac \xf0\x9f\x98\x80 "
	                        "\xed\x9f\xbf \xee\x80\x80 \xf4\x8f\xbf\xbf\n"
	                        "route: 193.0.0.0/21\norigin: AS3333\nnum-rispeers: 344\n");
	assert_one(&p, 3333, "193.0.0.0/21", 344);
}

static void test_nul_byte_is_valid_utf8(void **s)
{
	(void)s;
	static const char text[] = "descr: a\0b\nroute: 192.0.2.0/24\norigin: AS1\nnum-rispeers: 50\n";
	struct parsed p = parse_bytes(text, sizeof(text) - 1);
	assert_one(&p, 1, "192.0.2.0/24", 50);
}

static void test_error_may_be_null(void **s)
{
	(void)s;
	struct rpsl_routes r = { 0 };
	static const uint8_t bad[] = { 'r', 0xff };

	assert_int_equal(rpsl_parse_routes(bad, sizeof(bad), &r, NULL), -1);
	assert_int_equal(r.n, 0);
}

/* ---------------------------------------------------- lines and attributes ---- */

static void test_line_without_colon_ignored(void **s)
{
	(void)s;
	struct parsed p = parse("route: 192.0.2.0/24\norigin AS2\nthis line has no colon\n"
	                        "origin: AS1\nnum-rispeers: 50\nroute 10.0.0.0/8\n");
	assert_one(&p, 1, "192.0.2.0/24", 50);
}

static void test_value_containing_colon_kept_whole(void **s)
{
	(void)s;
	struct parsed p = parse("route6: 2001:db8::/32\n"
	                        "lastupd-frst: 2024-01-01 00:00Z  2001:db8::1@rrc00\n"
	                        "origin: AS64496\nnum-rispeers: 50\n");
	assert_one(&p, 64496, "2001:db8::/32", 50);
}

static void test_attribute_ends_at_the_first_colon(void **s)
{
	(void)s;
	/* "origin:x: AS1" is the attribute "origin" with the value "x: AS1" */
	struct parsed p = parse("route: 192.0.2.0/24\norigin:x: AS1\nnum-rispeers: 50\n");
	assert_none(&p, 1);
	p = parse("route: 192.0.2.0/24\norigin::AS1\nnum-rispeers: 50\n");
	assert_none(&p, 1);
}

static void test_attribute_and_value_stripped(void **s)
{
	(void)s;
	struct parsed p = parse("  route \t:   192.0.2.0/24 \t \n\torigin:AS1\x0c\n"
	                        "num-rispeers\t:\t50\x1c\n");
	assert_one(&p, 1, "192.0.2.0/24", 50);
}

static void test_unicode_white_space_stripped(void **s)
{
	(void)s;
	/* NBSP, EM SPACE and IDEOGRAPHIC SPACE are str.isspace() */
	struct parsed p = parse("route\xc2\xa0: \xe2\x80\x83" "192.0.2.0/24\xe3\x80\x80\n"
	                        "\xc2\xa0origin: AS1\nnum-rispeers: 50\xc2\xa0\n");
	assert_one(&p, 1, "192.0.2.0/24", 50);
}

static void test_other_unicode_not_stripped(void **s)
{
	(void)s;
	/* ZERO WIDTH SPACE (U+200B) is not white space to Python */
	struct parsed p = parse("route: 192.0.2.0/24\xe2\x80\x8b\norigin: AS1\nnum-rispeers: 50\n");
	assert_none(&p, 1);
}

static void test_attribute_names_case_sensitive(void **s)
{
	(void)s;
	struct parsed p = parse("Route: 192.0.2.0/24\norigin: AS1\nnum-rispeers: 50\n");
	assert_none(&p, 0);     /* no route attribute at all: not a route object */
	p = parse("ROUTE6: 2001:db8::/32\norigin: AS1\nnum-rispeers: 50\n");
	assert_none(&p, 0);
	p = parse("route: 192.0.2.0/24\nOrigin: AS1\nnum-rispeers: 50\n");
	assert_none(&p, 1);
	p = parse("route: 192.0.2.0/24\norigin: AS1\nNum-RISpeers: 50\n");
	assert_none(&p, 1);
}

static void test_repeated_attribute_last_wins(void **s)
{
	(void)s;
	struct parsed p = parse("route: 10.0.0.0/8\norigin: AS1\nnum-rispeers: 5\n"
	                        "origin: AS2\nroute: 192.0.2.0/24\nnum-rispeers: 50\n");
	assert_one(&p, 2, "192.0.2.0/24", 50);
	p = parse("route: 192.0.2.0/24\norigin: AS1\nnum-rispeers: 50\nnum-rispeers: 9\n");
	assert_none(&p, 1);
}

static void test_repeated_attribute_empty_last_value_wins(void **s)
{
	(void)s;
	struct parsed p = parse("route: 192.0.2.0/24\norigin: AS1\nnum-rispeers: 50\norigin:\n");
	assert_none(&p, 1);
	p = parse("route: 192.0.2.0/24\norigin: AS1\nnum-rispeers: 50\nroute:   \n");
	assert_none(&p, 0);     /* route emptied, no route6: no route object */
}

static void test_python_line_breaks_split_lines(void **s)
{
	(void)s;
	/* str.splitlines() also breaks at \r, \v, \f, 0x1c-0x1e, U+0085, U+2028, U+2029 */
	static const char *const breaks[] = {
		"\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9",
	};

	for (size_t i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
		char buf[128];
		snprintf(buf, sizeof(buf), "route: 192.0.2.0/24%sorigin: AS1%snum-rispeers: 50",
		         breaks[i], breaks[i]);
		struct parsed p = parse(buf);
		assert_one(&p, 1, "192.0.2.0/24", 50);
	}
}

static void test_other_line_breaks_never_end_an_object(void **s)
{
	(void)s;
	/* only "\n\n" (after CRLF -> LF) splits objects, not "\r\r" or "\v\v" */
	struct parsed p = parse("route: 192.0.2.0/24\r\rorigin: AS1\x0b\x0bnum-rispeers: 50\n");
	assert_one(&p, 1, "192.0.2.0/24", 50);
	p = parse("route: 192.0.2.0/24\xe2\x80\xa8\xe2\x80\xa8origin: AS1\nnum-rispeers: 50\n");
	assert_one(&p, 1, "192.0.2.0/24", 50);
}

static void test_cr_before_crlf_is_a_line_break(void **s)
{
	(void)s;
	/* "\r\r\n\n" reads as "\r\n\n": the object ends after the lone CR */
	struct parsed p = parse("route: 192.0.2.0/24\norigin: AS1\nnum-rispeers: 50\r\r\n\n"
	                        "route: 198.51.100.0/24\norigin: AS2\nnum-rispeers: 60\n");
	assert_int_equal(p.r.n, 2);
	assert_route(&p, 0, 1, "192.0.2.0/24", 50);
	assert_route(&p, 1, 2, "198.51.100.0/24", 60);
	rpsl_routes_free(&p.r);
}

/* ------------------------------------------------------- route objects ---- */

static void test_object_without_route_not_counted(void **s)
{
	(void)s;
	struct parsed p = parse("origin: AS1\nnum-rispeers: 50\ndescr: x\n\n"
	                        "inetnum: 192.0.2.0 - 192.0.2.255\n");
	assert_none(&p, 0);
}

static void test_route_before_route6_when_both(void **s)
{
	(void)s;
	struct parsed p = parse("route6: 2001:db8::/32\nroute: 192.0.2.0/24\norigin: AS1\n"
	                        "num-rispeers: 50\n");
	assert_one(&p, 1, "192.0.2.0/24", 50);
	/* route wins even when it does not parse: the object is skipped */
	p = parse("route: 192.0.2.1/24\nroute6: 2001:db8::/32\norigin: AS1\nnum-rispeers: 50\n");
	assert_none(&p, 1);
}

static void test_route6_used_when_route_empty(void **s)
{
	(void)s;
	struct parsed p = parse("route:\nroute6: 2001:db8::/32\norigin: AS1\nnum-rispeers: 50\n");
	assert_one(&p, 1, "2001:db8::/32", 50);
}

static void test_route6_object(void **s)
{
	(void)s;
	struct parsed p = parse("route6:         2001:67c:2e8::/48\norigin:         AS3333\n"
	                        "descr:          RIPE-NCC-AS\nnum-rispeers:   330\n"
	                        "source:         RISWHOIS\n");
	assert_one(&p, 3333, "2001:67c:2e8::/48", 330);
}

static void test_route_with_ipv6_value_and_route6_with_ipv4_value(void **s)
{
	(void)s;
	/* the attribute name does not fix the family: ip_network() decides */
	struct parsed p = parse_object("2001:db8::/32", "AS1", "50");
	assert_one(&p, 1, "2001:db8::/32", 50);
	p = parse("route6: 192.0.2.0/24\norigin: AS1\nnum-rispeers: 50\n");
	assert_one(&p, 1, "192.0.2.0/24", 50);
}

static void test_missing_origin_skipped(void **s)
{
	(void)s;
	struct parsed p = parse("route: 192.0.2.0/24\nnum-rispeers: 50\n");
	assert_none(&p, 1);
	p = parse("route: 192.0.2.0/24\norigin:   \nnum-rispeers: 50\n");
	assert_none(&p, 1);
}

static void test_missing_peers_skipped(void **s)
{
	(void)s;
	struct parsed p = parse("route: 192.0.2.0/24\norigin: AS1\n");
	assert_none(&p, 1);
	p = parse("route: 192.0.2.0/24\norigin: AS1\nnum-rispeers:\t\n");
	assert_none(&p, 1);
}

static void test_malformed_object_costs_only_itself(void **s)
{
	(void)s;
	struct parsed p = parse("route: 192.0.2.0/24\norigin: ASX\nnum-rispeers: 50\n\n"
	                        "route: 198.51.100.0/24\norigin: AS2\nnum-rispeers: 50\n\n"
	                        "route: 203.0.113.0/33\norigin: AS3\nnum-rispeers: 50\n");
	assert_int_equal(p.r.n, 1);
	assert_int_equal(p.r.skipped, 2);
	assert_route(&p, 0, 2, "198.51.100.0/24", 50);
	rpsl_routes_free(&p.r);
}

/* ------------------------------------------------------------ peers ---- */

static void test_ten_or_more_peers_kept(void **s)
{
	(void)s;
	assert_peers_are("10", 10);
	assert_peers_are("11", 11);
	assert_peers_are("344", 344);
}

static void test_nine_peers_dropped(void **s)
{
	(void)s;
	assert_peers_skipped("9");
	assert_peers_skipped("1");
	assert_peers_skipped("0");
}

static void test_negative_peers_dropped(void **s)
{
	(void)s;
	assert_peers_skipped("-50");
	assert_peers_skipped("-0");
}

static void test_peers_read_as_python_int(void **s)
{
	(void)s;
	assert_peers_are("+12", 12);
	assert_peers_are("0012", 12);
	assert_peers_are("1_000", 1000);
	assert_peers_are("1_2_3", 123);
	assert_peers_are("\xd9\xa3\xd9\xa4\xd9\xa4", 344);            /* ARABIC-INDIC digits */
	assert_peers_are("\xef\xbc\x91\xef\xbc\x92", 12);             /* FULLWIDTH digits */
	assert_peers_are("1\xd9\xa2", 12);                            /* scripts mixed */
	assert_peers_are("\xf0\x9d\x9f\x8f\xf0\x9d\x9f\x8e", 10);     /* MATHEMATICAL BOLD */
}

static void test_peers_junk_skipped(void **s)
{
	(void)s;
	assert_peers_skipped("12x");
	assert_peers_skipped("x12");
	assert_peers_skipped("10.0");
	assert_peers_skipped("0x10");
	assert_peers_skipped("1e3");
	assert_peers_skipped("1__0");
	assert_peers_skipped("_10");
	assert_peers_skipped("10_");
	assert_peers_skipped("+");
	assert_peers_skipped("+-12");
	assert_peers_skipped("- 12");
	assert_peers_skipped("12 13");
	assert_peers_skipped("\xc2\xb2\xc2\xb3");                     /* superscripts: not Nd */
}

static void test_peers_huge_value_saturates(void **s)
{
	(void)s;
	assert_peers_are("4294967295", UINT32_MAX);
	assert_peers_are("4294967296", UINT32_MAX);
	assert_peers_are("99999999999999999999999999999999999999", UINT32_MAX);
}

static void test_peers_over_4300_digits_skipped(void **s)
{
	(void)s;
	/* int() refuses strings of more than 4300 digits (Python's default limit) */
	char digits[4400];

	memset(digits, '1', 4300);
	digits[4300] = '\0';
	assert_peers_are(digits, UINT32_MAX);
	char obj[4500];
	snprintf(obj, sizeof(obj), "route: 192.0.2.0/24\norigin: AS1\nnum-rispeers: %s1\n", digits);
	struct parsed p = parse(obj);
	assert_none(&p, 1);
	/* underscores are not digits */
	snprintf(obj, sizeof(obj), "route: 192.0.2.0/24\norigin: AS1\nnum-rispeers: 1_%s\n",
	         digits + 1);
	p = parse(obj);
	assert_one(&p, 1, "192.0.2.0/24", UINT32_MAX);
}

/* ----------------------------------------------------------- origin ---- */

static void test_origin_as_prefix_optional(void **s)
{
	(void)s;
	assert_origin_is("AS64496", 64496);
	assert_origin_is("64496", 64496);
	assert_origin_is("AS0", 0);
}

static void test_origin_as_prefix_case_sensitive(void **s)
{
	(void)s;
	assert_origin_skipped("as64496");
	assert_origin_skipped("As64496");
	assert_origin_skipped("aS64496");
}

static void test_origin_as_removed_once(void **s)
{
	(void)s;
	assert_origin_skipped("ASAS1");
	assert_origin_skipped("AS");
	assert_origin_skipped("AS1AS");
}

static void test_origin_max_asn_kept(void **s)
{
	(void)s;
	assert_origin_is("AS4294967295", 4294967295u);
}

static void test_origin_over_32_bits_skipped(void **s)
{
	(void)s;
	assert_origin_skipped("AS4294967296");
	assert_origin_skipped("AS99999999999999999999999");
}

static void test_origin_negative_skipped(void **s)
{
	(void)s;
	assert_origin_skipped("AS-1");
	assert_origin_skipped("-64496");
	assert_origin_is("AS-0", 0);        /* int("-0") is 0 */
}

static void test_origin_read_as_python_int(void **s)
{
	(void)s;
	assert_origin_is("AS+64496", 64496);
	assert_origin_is("AS 64496", 64496);                   /* int() strips the space */
	assert_origin_is("AS\xe3\x80\x80" "64496", 64496);     /* ... any white space */
	assert_origin_is("AS64_496", 64496);
	assert_origin_is("AS\xd9\xa3\xd9\xa3", 33);            /* ARABIC-INDIC digits */
	assert_origin_is("AS00064496", 64496);
}

static void test_origin_junk_skipped(void **s)
{
	(void)s;
	assert_origin_skipped("AS1x");
	assert_origin_skipped("AS0x10");
	assert_origin_skipped("AS1.5");
	assert_origin_skipped("AS\x1c" "1");    /* int() does not strip 0x1c-0x1f */
	assert_origin_skipped("AS1 AS2");
	assert_origin_skipped("AS_1");
}

/* ----------------------------------------------------------- prefix ---- */

static void test_prefix_host_bits_set_skipped(void **s)
{
	(void)s;
	assert_prefix_skipped("192.0.2.1/24");
	assert_prefix_skipped("2001:db8::1/32");
	assert_prefix_skipped("193.0.4.0/21");
}

static void test_prefix_without_length_is_host_route(void **s)
{
	(void)s;
	assert_prefix_is("192.0.2.1", "192.0.2.1/32");
	assert_prefix_is("2001:db8::1", "2001:db8::1/128");
	assert_prefix_is("::", "::/128");
}

static void test_prefix_length_out_of_range_skipped(void **s)
{
	(void)s;
	assert_prefix_skipped("192.0.2.0/33");
	assert_prefix_skipped("2001:db8::/129");
	assert_prefix_skipped("192.0.2.0/");
	assert_prefix_is("0.0.0.0/0", "0.0.0.0/0");
	assert_prefix_is("::/0", "::/0");
	assert_prefix_is("192.0.2.7/32", "192.0.2.7/32");
}

static void test_prefix_length_leading_zeros_fine(void **s)
{
	(void)s;
	assert_prefix_is("192.0.2.0/024", "192.0.2.0/24");
	assert_prefix_is("192.0.2.0/0000024", "192.0.2.0/24");
	assert_prefix_is("2001:db8::/00032", "2001:db8::/32");
}

static void test_prefix_ipv4_netmask_or_hostmask(void **s)
{
	(void)s;
	assert_prefix_is("192.0.2.0/255.255.255.0", "192.0.2.0/24");
	assert_prefix_is("192.0.2.0/0.0.0.255", "192.0.2.0/24");
	assert_prefix_is("0.0.0.0/0.0.0.0", "0.0.0.0/0");                 /* netmask first */
	assert_prefix_is("192.0.2.1/255.255.255.255", "192.0.2.1/32");
	assert_prefix_skipped("192.0.2.0/255.0.255.0");
	assert_prefix_skipped("192.0.2.0/255.255.255.01");
	assert_prefix_skipped("2001:db8::/ffff:ffff::");                  /* IPv6: lengths only */
}

static void test_prefix_ipv6_scope_id_ignored(void **s)
{
	(void)s;
	assert_prefix_is("fe80::%eth0/64", "fe80::/64");
	assert_prefix_is("fe80::1%1", "fe80::1/128");
	assert_prefix_skipped("fe80::%/64");
	assert_prefix_skipped("fe80::%a%b/64");
	assert_prefix_skipped("192.0.2.0%eth0/24");
}

static void test_prefix_junk_skipped(void **s)
{
	(void)s;
	assert_prefix_skipped("192.0.2.0/24/24");
	assert_prefix_skipped("192.0.2.0/+24");
	assert_prefix_skipped("192.0.2.0/ 24");
	assert_prefix_skipped("192.0.2.0 /24");
	assert_prefix_skipped("192.0.2.0/24 # note");
	assert_prefix_skipped("192.000.2.0/24");
	assert_prefix_skipped("192.0.2/24");
	assert_prefix_skipped("/24");
	assert_prefix_skipped("example.nl/24");
	assert_prefix_skipped("192.0.2.0/\xd9\xa2\xd9\xa4");   /* lengths are ASCII digits */
	assert_prefix_skipped("2001:db8:::/48");
	assert_prefix_skipped("2001:db8::/32 2001:db8::/48");
}

static void test_prefix_with_nul_byte_skipped(void **s)
{
	(void)s;
	static const char text[] = "route: 192.0.2.0/24\0x\norigin: AS1\nnum-rispeers: 50\n";
	struct parsed p = parse_bytes(text, sizeof(text) - 1);
	assert_none(&p, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_realistic_answer_yields_its_route),
		cmocka_unit_test(test_crlf_read_as_lf),
		cmocka_unit_test(test_crlf_and_lf_mixed_empty_line_splits),
		cmocka_unit_test(test_percent_comment_lines_ignored),
		cmocka_unit_test(test_comment_only_object_yields_nothing),
		cmocka_unit_test(test_percent_counts_only_at_line_start),
		cmocka_unit_test(test_empty_input_yields_no_routes),
		cmocka_unit_test(test_blank_lines_only_yield_no_routes),
		cmocka_unit_test(test_objects_separated_by_more_than_one_blank_line),
		cmocka_unit_test(test_empty_line_ends_an_object),
		cmocka_unit_test(test_white_space_line_does_not_end_an_object),
		cmocka_unit_test(test_last_object_needs_no_trailing_newline),
		cmocka_unit_test(test_routes_kept_in_answer_order),
		cmocka_unit_test(test_routes_appended_to_what_out_holds),
		cmocka_unit_test(test_many_routes),
		cmocka_unit_test(test_free_resets),
		cmocka_unit_test(test_invalid_utf8_fails_and_leaves_out_unchanged),
		cmocka_unit_test(test_utf8_overlong_rejected),
		cmocka_unit_test(test_utf8_surrogates_rejected),
		cmocka_unit_test(test_utf8_above_u10ffff_rejected),
		cmocka_unit_test(test_utf8_truncated_sequence_rejected),
		cmocka_unit_test(test_valid_multibyte_utf8_accepted),
		cmocka_unit_test(test_nul_byte_is_valid_utf8),
		cmocka_unit_test(test_error_may_be_null),
		cmocka_unit_test(test_line_without_colon_ignored),
		cmocka_unit_test(test_value_containing_colon_kept_whole),
		cmocka_unit_test(test_attribute_ends_at_the_first_colon),
		cmocka_unit_test(test_attribute_and_value_stripped),
		cmocka_unit_test(test_unicode_white_space_stripped),
		cmocka_unit_test(test_other_unicode_not_stripped),
		cmocka_unit_test(test_attribute_names_case_sensitive),
		cmocka_unit_test(test_repeated_attribute_last_wins),
		cmocka_unit_test(test_repeated_attribute_empty_last_value_wins),
		cmocka_unit_test(test_python_line_breaks_split_lines),
		cmocka_unit_test(test_other_line_breaks_never_end_an_object),
		cmocka_unit_test(test_cr_before_crlf_is_a_line_break),
		cmocka_unit_test(test_object_without_route_not_counted),
		cmocka_unit_test(test_route_before_route6_when_both),
		cmocka_unit_test(test_route6_used_when_route_empty),
		cmocka_unit_test(test_route6_object),
		cmocka_unit_test(test_route_with_ipv6_value_and_route6_with_ipv4_value),
		cmocka_unit_test(test_missing_origin_skipped),
		cmocka_unit_test(test_missing_peers_skipped),
		cmocka_unit_test(test_malformed_object_costs_only_itself),
		cmocka_unit_test(test_ten_or_more_peers_kept),
		cmocka_unit_test(test_nine_peers_dropped),
		cmocka_unit_test(test_negative_peers_dropped),
		cmocka_unit_test(test_peers_read_as_python_int),
		cmocka_unit_test(test_peers_junk_skipped),
		cmocka_unit_test(test_peers_huge_value_saturates),
		cmocka_unit_test(test_peers_over_4300_digits_skipped),
		cmocka_unit_test(test_origin_as_prefix_optional),
		cmocka_unit_test(test_origin_as_prefix_case_sensitive),
		cmocka_unit_test(test_origin_as_removed_once),
		cmocka_unit_test(test_origin_max_asn_kept),
		cmocka_unit_test(test_origin_over_32_bits_skipped),
		cmocka_unit_test(test_origin_negative_skipped),
		cmocka_unit_test(test_origin_read_as_python_int),
		cmocka_unit_test(test_origin_junk_skipped),
		cmocka_unit_test(test_prefix_host_bits_set_skipped),
		cmocka_unit_test(test_prefix_without_length_is_host_route),
		cmocka_unit_test(test_prefix_length_out_of_range_skipped),
		cmocka_unit_test(test_prefix_length_leading_zeros_fine),
		cmocka_unit_test(test_prefix_ipv4_netmask_or_hostmask),
		cmocka_unit_test(test_prefix_ipv6_scope_id_ignored),
		cmocka_unit_test(test_prefix_junk_skipped),
		cmocka_unit_test(test_prefix_with_nul_byte_skipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
