/*
 * test_prefix.c -- IP prefixes (net/prefix.h): the text form routes and VRPs
 * use (length required, host bits zero), coverage, truncation of an address
 * and the text form back. One test per rule of the header.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "net/prefix.h"

/* ------------------------------------------------------------ helpers ---- */

static struct prefix parse_ok(const char *s)
{
	struct prefix p;
	const char *why = "untouched";

	if (prefix_parse(s, &p, &why) != 0)
		fail_msg("prefix_parse(\"%s\") failed: %s", s, why);
	return p;
}

static void assert_rejected(const char *s, const char *why_expected)
{
	struct prefix p;
	const char *why = NULL;

	assert_int_equal(prefix_parse(s, &p, &why), -1);
	assert_non_null(why);
	assert_string_equal(why, why_expected);
}

static const char *str_of(const struct prefix *p)
{
	static char buf[PREFIX_STRLEN];

	return prefix_str(p, buf, sizeof(buf));
}

static struct netaddr addr_of(const char *s)
{
	struct netaddr a;

	assert_int_equal(netaddr_parse(s, &a), 0);
	return a;
}

static bool covers(const char *outer, const char *inner)
{
	struct prefix o = parse_ok(outer), i = parse_ok(inner);

	return prefix_covers(&o, &i);
}

/* ------------------------------------------------------- prefix_parse ---- */

static void test_parse_ipv4_prefix(void **s)
{
	(void)s;
	struct prefix p = parse_ok("192.0.2.0/24");
	static const uint8_t want[4] = { 192, 0, 2, 0 };

	assert_int_equal(p.family, AF_INET);
	assert_int_equal(p.len, 24);
	assert_memory_equal(p.addr, want, 4);
	for (int i = 4; i < 16; i++)
		assert_int_equal(p.addr[i], 0);
}

static void test_parse_ipv6_prefix(void **s)
{
	(void)s;
	struct prefix p = parse_ok("2001:db8::/32");
	static const uint8_t want[16] = { 0x20, 0x01, 0x0d, 0xb8 };

	assert_int_equal(p.family, AF_INET6);
	assert_int_equal(p.len, 32);
	assert_memory_equal(p.addr, want, 16);
}

static void test_parse_length_zero_is_everything(void **s)
{
	(void)s;
	assert_int_equal(parse_ok("0.0.0.0/0").len, 0);
	assert_int_equal(parse_ok("::/0").len, 0);
}

static void test_parse_full_length_host_routes(void **s)
{
	(void)s;
	assert_int_equal(parse_ok("192.0.2.1/32").len, 32);
	assert_int_equal(parse_ok("2001:db8::1/128").len, 128);
}

static void test_parse_length_over_family_width_rejected(void **s)
{
	(void)s;
	assert_rejected("192.0.2.0/33", "bad prefix length");
	assert_rejected("2001:db8::/129", "bad prefix length");
	assert_rejected("192.0.2.0/128", "bad prefix length");
}

static void test_parse_host_bits_rejected(void **s)
{
	(void)s;
	assert_rejected("192.0.2.1/24", "host bits set after the prefix length");
	assert_rejected("192.0.2.128/24", "host bits set after the prefix length");
	assert_rejected("10.64.0.0/9", "host bits set after the prefix length");
	assert_rejected("2001:db8::1/64", "host bits set after the prefix length");
	assert_rejected("1.0.0.0/0", "host bits set after the prefix length");
	/* the last bit inside the length is fine */
	assert_int_equal(parse_ok("10.128.0.0/9").len, 9);
}

static void test_parse_length_required(void **s)
{
	(void)s;
	assert_rejected("192.0.2.0", "no prefix length");
	assert_rejected("2001:db8::", "no prefix length");
	assert_rejected("192.0.2.0/", "bad prefix length");
}

static void test_parse_length_is_one_to_three_digits(void **s)
{
	(void)s;
	assert_int_equal(parse_ok("192.0.2.0/024").len, 24);
	assert_rejected("192.0.2.0/0024", "bad prefix length");
	assert_rejected("192.0.2.0/+24", "bad prefix length");
	assert_rejected("192.0.2.0/-1", "bad prefix length");
	assert_rejected("192.0.2.0/24 ", "bad prefix length");
	assert_rejected("192.0.2.0/2x", "bad prefix length");
	assert_rejected("192.0.2.0/24/24", "bad prefix length");
}

static void test_parse_bad_address_rejected(void **s)
{
	(void)s;
	assert_rejected("/24", "bad address");
	assert_rejected("", "no prefix length");
	assert_rejected("300.0.0.0/8", "bad address");
	assert_rejected("192.0.2/24", "bad address");
	assert_rejected("example.nl/24", "bad address");
	assert_rejected(" 192.0.2.0/24", "bad address");
	assert_rejected("2001:db8:::/48", "bad address");
	/* longer than any address text */
	assert_rejected("0000:0000:0000:0000:0000:0000:0000:0000:0000/64", "bad address");
}

static void test_parse_why_may_be_null(void **s)
{
	(void)s;
	struct prefix p;

	assert_int_equal(prefix_parse("192.0.2.1/24", &p, NULL), -1);
	assert_int_equal(prefix_parse("192.0.2.0/24", &p, NULL), 0);
}

/* ------------------------------------------------------ prefix_covers ---- */

static void test_covers_itself(void **s)
{
	(void)s;
	assert_true(covers("192.0.2.0/24", "192.0.2.0/24"));
	assert_true(covers("2001:db8::/32", "2001:db8::/32"));
}

static void test_covers_longer_prefix_inside(void **s)
{
	(void)s;
	assert_true(covers("192.0.0.0/16", "192.0.2.0/24"));
	assert_true(covers("192.0.2.0/24", "192.0.2.77/32"));
	assert_true(covers("2001:db8::/32", "2001:db8:1234::/48"));
}

static void test_covers_not_a_shorter_prefix(void **s)
{
	(void)s;
	assert_false(covers("192.0.2.0/24", "192.0.0.0/16"));
	assert_false(covers("2001:db8::/48", "2001:db8::/32"));
}

static void test_covers_bits_inside_a_byte(void **s)
{
	(void)s;
	assert_true(covers("10.0.0.0/9", "10.127.0.0/16"));
	assert_false(covers("10.0.0.0/9", "10.128.0.0/16"));
	assert_true(covers("2001:db8::/33", "2001:db8:7fff::/48"));
	assert_false(covers("2001:db8::/33", "2001:db8:8000::/48"));
}

static void test_covers_not_outside(void **s)
{
	(void)s;
	assert_false(covers("192.0.2.0/24", "198.51.100.0/24"));
	assert_false(covers("192.0.2.0/24", "192.0.3.0/24"));
}

static void test_covers_zero_length_covers_its_family_only(void **s)
{
	(void)s;
	assert_true(covers("0.0.0.0/0", "203.0.113.0/24"));
	assert_true(covers("::/0", "2001:db8::/32"));
	assert_false(covers("0.0.0.0/0", "::/0"));
	assert_false(covers("::/0", "0.0.0.0/0"));
}

static void test_covers_never_across_families(void **s)
{
	(void)s;
	/* an IPv4-mapped IPv6 prefix stays IPv6 */
	assert_false(covers("0.0.0.0/8", "::/128"));
	assert_false(covers("::ffff:192.0.2.0/120", "192.0.2.0/24"));
}

/* ------------------------------------------------ prefix_from_netaddr ---- */

static void test_from_netaddr_clears_host_bits(void **s)
{
	(void)s;
	struct netaddr a = addr_of("192.0.2.77");
	struct prefix p;

	a.port = 443;   /* ignored */
	prefix_from_netaddr(&a, 24, &p);
	assert_int_equal(p.family, AF_INET);
	assert_int_equal(p.len, 24);
	assert_string_equal(str_of(&p), "192.0.2.0/24");
	prefix_from_netaddr(&a, 0, &p);
	assert_string_equal(str_of(&p), "0.0.0.0/0");
	prefix_from_netaddr(&a, 27, &p);
	assert_string_equal(str_of(&p), "192.0.2.64/27");
}

static void test_from_netaddr_ipv6_truncated_to_48(void **s)
{
	(void)s;
	struct netaddr a = addr_of("2001:db8:abcd:1234:5678::1");
	struct prefix p;

	prefix_from_netaddr(&a, 48, &p);
	assert_int_equal(p.family, AF_INET6);
	assert_string_equal(str_of(&p), "2001:db8:abcd::/48");
	prefix_from_netaddr(&a, 52, &p);
	assert_string_equal(str_of(&p), "2001:db8:abcd:1000::/52");
}

static void test_from_netaddr_length_clamped_to_family(void **s)
{
	(void)s;
	struct netaddr a4 = addr_of("192.0.2.77"), a6 = addr_of("2001:db8::1");
	struct prefix p;

	prefix_from_netaddr(&a4, 40, &p);
	assert_int_equal(p.len, 32);
	assert_string_equal(str_of(&p), "192.0.2.77/32");
	prefix_from_netaddr(&a6, 200, &p);
	assert_int_equal(p.len, 128);
	assert_string_equal(str_of(&p), "2001:db8::1/128");
}

static void test_from_netaddr_is_covered_by_the_route(void **s)
{
	(void)s;
	struct netaddr a = addr_of("193.0.0.1");
	struct prefix host, route = parse_ok("193.0.0.0/21");

	prefix_from_netaddr(&a, 32, &host);
	assert_true(prefix_covers(&route, &host));
	assert_false(prefix_covers(&host, &route));
}

/* --------------------------------------------------------- prefix_str ---- */

static void test_str_round_trips(void **s)
{
	(void)s;
	static const char *const texts[] = {
		"192.0.2.0/24", "0.0.0.0/0", "255.255.255.255/32", "2001:db8::/32", "::/0",
		"2001:db8:1:2:3:4:5:6/128",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct prefix p = parse_ok(texts[i]), again;
		assert_string_equal(str_of(&p), texts[i]);
		again = parse_ok(str_of(&p));
		assert_memory_equal(&again, &p, sizeof(p));
	}
}

static void test_str_canonical_ipv6(void **s)
{
	(void)s;
	struct prefix p = parse_ok("2001:0DB8:0000::/48");

	assert_string_equal(str_of(&p), "2001:db8::/48");
}

static void test_str_longest_fits_prefix_strlen(void **s)
{
	(void)s;
	struct prefix p = parse_ok("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	char buf[PREFIX_STRLEN];

	assert_string_equal(prefix_str(&p, buf, sizeof(buf)),
	                    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
}

static void test_str_truncates_to_the_buffer(void **s)
{
	(void)s;
	struct prefix p = parse_ok("192.0.2.0/24");
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	assert_ptr_equal(prefix_str(&p, buf, sizeof(buf)), buf);
	assert_string_equal(buf, "192.0.2");
	memset(buf, 'x', sizeof(buf));
	prefix_str(&p, buf, 0);
	assert_int_equal(buf[0], 'x');   /* nothing written */
}

static void test_str_unknown_family(void **s)
{
	(void)s;
	struct prefix p;
	char buf[PREFIX_STRLEN];

	memset(&p, 0, sizeof(p));
	assert_string_equal(prefix_str(&p, buf, sizeof(buf)), "?");
}

/* ------------------------------------------------------------- others ---- */

static void test_family_bits(void **s)
{
	(void)s;
	assert_int_equal(prefix_family_bits(AF_INET), 32);
	assert_int_equal(prefix_family_bits(AF_INET6), 128);
	assert_int_equal(prefix_family_bits(AF_UNIX), 0);
}

static void test_bit_most_significant_first(void **s)
{
	(void)s;
	static const uint8_t a[2] = { 0x80, 0x01 };

	assert_int_equal(prefix_bit(a, 0), 1);
	assert_int_equal(prefix_bit(a, 1), 0);
	assert_int_equal(prefix_bit(a, 7), 0);
	assert_int_equal(prefix_bit(a, 15), 1);
	assert_int_equal(prefix_bit(a, 14), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ipv4_prefix),
		cmocka_unit_test(test_parse_ipv6_prefix),
		cmocka_unit_test(test_parse_length_zero_is_everything),
		cmocka_unit_test(test_parse_full_length_host_routes),
		cmocka_unit_test(test_parse_length_over_family_width_rejected),
		cmocka_unit_test(test_parse_host_bits_rejected),
		cmocka_unit_test(test_parse_length_required),
		cmocka_unit_test(test_parse_length_is_one_to_three_digits),
		cmocka_unit_test(test_parse_bad_address_rejected),
		cmocka_unit_test(test_parse_why_may_be_null),
		cmocka_unit_test(test_covers_itself),
		cmocka_unit_test(test_covers_longer_prefix_inside),
		cmocka_unit_test(test_covers_not_a_shorter_prefix),
		cmocka_unit_test(test_covers_bits_inside_a_byte),
		cmocka_unit_test(test_covers_not_outside),
		cmocka_unit_test(test_covers_zero_length_covers_its_family_only),
		cmocka_unit_test(test_covers_never_across_families),
		cmocka_unit_test(test_from_netaddr_clears_host_bits),
		cmocka_unit_test(test_from_netaddr_ipv6_truncated_to_48),
		cmocka_unit_test(test_from_netaddr_length_clamped_to_family),
		cmocka_unit_test(test_from_netaddr_is_covered_by_the_route),
		cmocka_unit_test(test_str_round_trips),
		cmocka_unit_test(test_str_canonical_ipv6),
		cmocka_unit_test(test_str_longest_fits_prefix_strlen),
		cmocka_unit_test(test_str_truncates_to_the_buffer),
		cmocka_unit_test(test_str_unknown_family),
		cmocka_unit_test(test_family_bits),
		cmocka_unit_test(test_bit_most_significant_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
