/* test_guard.c -- the target guard refuses every special-purpose range (DESIGN "Safety"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/guard.h"

struct range_case {
	const char *inside;
	const char *outside;   /* just past an edge of the range */
	const char *name;      /* guard_special_range(inside) */
};

/* One row per table entry of guard.c (plus the embedded-IPv4 prefixes). */
static const struct range_case cases[] = {
	{ "0.255.255.255",        "1.0.0.0",              "this-network" },
	{ "10.0.0.0",             "11.0.0.0",             "private-use" },
	{ "10.255.255.255",       "9.255.255.255",        "private-use" },
	{ "100.127.255.255",      "100.128.0.0",          "shared (carrier-grade NAT)" },
	{ "100.64.0.0",           "100.63.255.255",       "shared (carrier-grade NAT)" },
	{ "127.0.0.1",            "128.0.0.0",            "loopback" },
	{ "127.255.255.255",      "126.255.255.255",      "loopback" },
	{ "169.254.255.255",      "169.255.0.0",          "link-local" },
	{ "172.31.255.255",       "172.32.0.0",           "private-use" },
	{ "172.16.0.0",           "172.15.255.255",       "private-use" },
	{ "192.0.0.255",          "192.0.1.0",            "IETF protocol assignment" },
	{ "192.0.2.1",            "192.0.3.0",            "documentation (TEST-NET-1)" },
	{ "192.88.99.1",          "192.88.100.0",         "6to4 relay anycast" },
	{ "192.168.255.255",      "192.169.0.0",          "private-use" },
	{ "198.19.255.255",       "198.20.0.0",           "benchmarking" },
	{ "198.18.0.0",           "198.17.255.255",       "benchmarking" },
	{ "198.51.100.255",       "198.51.101.0",         "documentation (TEST-NET-2)" },
	{ "203.0.113.0",          "203.0.114.0",          "documentation (TEST-NET-3)" },
	{ "224.0.0.1",            "223.255.255.255",      "multicast" },
	{ "239.255.255.255",      "240.0.0.0",            "multicast" },
	{ "240.0.0.0",            "239.255.255.255",      "reserved" },
	{ "255.255.255.255",      "255.255.255.254",      "limited broadcast" },
	{ "::",                   "::2",                  "unspecified" },
	{ "::1",                  "::2",                  "loopback" },
	{ "::808:808",            "::1:0:0:0",            "IPv4-compatible (deprecated)" },
	{ "::ffff:127.0.0.1",     "::ffff:8.8.8.8",       "loopback" },
	{ "::ffff:10.1.2.3",      "::fffe:a01:203",       "private-use" },
	{ "64:ff9b::7f00:1",      "64:ff9b::808:808",     "loopback" },
	{ "64:ff9b:1:ffff::",     "64:ff9b:2::",          "local-use IPv4/IPv6 translation" },
	{ "100::ffff:ffff:ffff:ffff", "100:0:0:1::",      "discard-only" },
	{ "2001:1ff:ffff::1",     "2001:200::",           "IETF protocol assignment" },
	{ "2001:0:ffff::1",       "2001:1::",             "Teredo" },
	{ "2001:2:0:ffff::1",     "2001:2:1::",           "benchmarking" },
	{ "2001:1f:ffff::1",      "2001:20::",            "ORCHID (deprecated)" },
	{ "2001:2f:ffff::1",      "2001:30::",            "ORCHIDv2" },
	{ "2001:db8:ffff:ffff::1", "2001:db9::",          "documentation" },
	{ "2001:db8::",           "2001:db7:ffff::",      "documentation" },
	{ "2002:ffff::1",         "2003::",               "6to4" },
	{ "3fff:fff::1",          "3fff:1000::",          "documentation" },
	{ "5f00:ffff::1",         "5f01::",               "segment routing (SRv6) SID" },
	{ "fdff:ffff::1",         "fe00::",               "unique local (ULA)" },
	{ "fc00::",               "fbff:ffff::",          "unique local (ULA)" },
	{ "febf:ffff::1",         "fec0::",               "link-local" },
	{ "fe80::1",              "fe7f:ffff::",          "link-local" },
	{ "feff:ffff::1",         "ff00::",               "site-local (deprecated)" },
	{ "ff02::1",              "feff:ffff::",          "multicast" },
};

static const char *const globals[] = {
	"8.8.8.8", "1.1.1.1", "145.220.0.1", "192.0.1.1", "223.255.255.255",
	"2001:4860:4860::8888", "2a00:1450:4001::1", "2620:fe::fe", "64:ff9b::808:808", "::ffff:9.9.9.9",
};

static struct netaddr parse(const char *s)
{
	struct netaddr a;
	assert_int_equal(netaddr_parse(s, &a), 0);
	return a;
}

static void test_every_range_inside_and_just_outside(void **s)
{
	(void)s;
	guard_allow_private(false);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct netaddr in = parse(cases[i].inside), out = parse(cases[i].outside);
		const char *name_in = guard_special_range(&in);
		const char *name_out = guard_special_range(&out);
		char why[200];

		assert_non_null(name_in);
		assert_string_equal(name_in, cases[i].name);
		assert_int_equal(guard_check(&in, why, sizeof(why)), -1);
		assert_non_null(strstr(why, cases[i].name));
		/* just outside: another range's name or none, never this one */
		if (name_out)
			assert_string_not_equal(name_out, cases[i].name);
	}
}

static void test_global_addresses_pass(void **s)
{
	(void)s;
	guard_allow_private(false);
	for (size_t i = 0; i < sizeof(globals) / sizeof(globals[0]); i++) {
		struct netaddr a = parse(globals[i]);
		char why[200] = "";
		assert_null(guard_special_range(&a));
		assert_int_equal(guard_check(&a, why, sizeof(why)), 0);
	}
}

static void test_message_names_address_and_option(void **s)
{
	(void)s;
	struct netaddr a = parse("127.0.0.1");
	char why[200];
	guard_allow_private(false);
	assert_int_equal(guard_check(&a, why, sizeof(why)), -1);
	assert_string_equal(why, "127.0.0.1 is a loopback address (special-purpose); "
	                         "use --allow-private to test it");
	a = parse("fd00::1");
	assert_int_equal(guard_check(&a, why, sizeof(why)), -1);
	assert_string_equal(why, "fd00::1 is a unique local (ULA) address (special-purpose); "
	                         "use --allow-private to test it");
	/* a NULL or tiny buffer is fine */
	assert_int_equal(guard_check(&a, NULL, 0), -1);
	assert_int_equal(guard_check(&a, why, 4), -1);
	assert_int_equal(strlen(why), 3);
}

static void test_allow_private_toggles(void **s)
{
	(void)s;
	struct netaddr lo = parse("127.0.0.1"), ula = parse("fd12::1"), mapped = parse("::ffff:192.168.1.1");
	guard_allow_private(true);
	assert_int_equal(guard_check(&lo, NULL, 0), 0);
	assert_int_equal(guard_check(&ula, NULL, 0), 0);
	assert_int_equal(guard_check(&mapped, NULL, 0), 0);
	/* the range is still named, only the refusal is lifted */
	assert_string_equal(guard_special_range(&lo), "loopback");
	guard_allow_private(false);
	assert_int_equal(guard_check(&lo, NULL, 0), -1);
	assert_int_equal(guard_check(&ula, NULL, 0), -1);
	assert_int_equal(guard_check(&mapped, NULL, 0), -1);
}

static void test_unknown_family_refused(void **s)
{
	(void)s;
	struct netaddr a;
	memset(&a, 0, sizeof(a));
	a.family = AF_UNIX;
	guard_allow_private(true);
	assert_int_equal(guard_check(&a, NULL, 0), -1);
	guard_allow_private(false);
	assert_null(guard_special_range(&a));
}

static void test_parse_str_round_trip(void **s)
{
	(void)s;
	static const char *const ok[] = {
		"192.0.2.1", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::", "::1",
		"::ffff:1.2.3.4", "fe80::1:2:3:4", "2a00:1450:4001:82b::200e",
	};
	static const char *const bad[] = {
		"", "abc", "300.1.1.1", "1.2.3", "1.2.3.4.5", "2001:db8:::1", "[::1]", "::1%lo", " 1.2.3.4",
	};
	char buf[INET6_ADDRSTRLEN];
	struct netaddr a;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		a = parse(ok[i]);
		assert_int_equal(a.port, 0);
		assert_string_equal(netaddr_str(&a, buf, sizeof(buf)), ok[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(netaddr_parse(bad[i], &a), -1);
	a = parse("192.0.2.1");
	assert_int_equal(a.family, AF_INET);
	a = parse("2001:DB8::A");
	assert_int_equal(a.family, AF_INET6);
	assert_string_equal(netaddr_str(&a, buf, sizeof(buf)), "2001:db8::a");
}

static void test_sockaddr_round_trip(void **s)
{
	(void)s;
	struct sockaddr_storage ss;
	struct netaddr a = parse("192.0.2.7"), b;
	socklen_t len;

	a.port = 443;
	len = netaddr_sockaddr(&a, &ss);
	assert_int_equal(len, sizeof(struct sockaddr_in));
	assert_int_equal(((struct sockaddr_in *)&ss)->sin_port, htons(443));
	assert_int_equal(netaddr_from_sockaddr((struct sockaddr *)&ss, len, &b), 0);
	assert_int_equal(b.family, AF_INET);
	assert_int_equal(b.port, 443);
	assert_memory_equal(&b.a.v4, &a.a.v4, sizeof(a.a.v4));

	a = parse("2001:db8::53");
	a.port = 53;
	len = netaddr_sockaddr(&a, &ss);
	assert_int_equal(len, sizeof(struct sockaddr_in6));
	assert_int_equal(netaddr_from_sockaddr((struct sockaddr *)&ss, len, &b), 0);
	assert_int_equal(b.family, AF_INET6);
	assert_int_equal(b.port, 53);
	assert_memory_equal(&b.a.v6, &a.a.v6, sizeof(a.a.v6));
	/* a short length is refused */
	assert_int_equal(netaddr_from_sockaddr((struct sockaddr *)&ss, 8, &b), -1);

	memset(&a, 0, sizeof(a));
	assert_int_equal(netaddr_sockaddr(&a, &ss), 0);
}

/* The CIDR list handed to libunbound (issue 15 item 1): every entry is a prefix whose
 * first address the guard refuses, every case above is inside one entry, no global
 * address is. */
static bool in_prefix(const struct netaddr *a, const char *cidr)
{
	char base[INET6_ADDRSTRLEN + 5];
	struct netaddr p;
	const uint8_t *x, *y;
	unsigned bits, whole, rest;
	char *slash;

	snprintf(base, sizeof(base), "%s", cidr);
	slash = strchr(base, '/');
	assert_non_null(slash);
	*slash = '\0';
	bits = (unsigned)atoi(slash + 1);
	assert_int_equal(netaddr_parse(base, &p), 0);
	if (p.family != a->family)
		return false;
	x = a->family == AF_INET ? (const uint8_t *)&a->a.v4 : a->a.v6.s6_addr;
	y = p.family == AF_INET ? (const uint8_t *)&p.a.v4 : p.a.v6.s6_addr;
	assert_true(bits <= (p.family == AF_INET ? 32u : 128u));
	whole = bits / 8;
	rest = bits % 8;
	if (memcmp(x, y, whole) != 0)
		return false;
	return rest == 0 || ((x[whole] ^ y[whole]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

static bool in_any_prefix(const struct netaddr *a)
{
	char cidr[INET6_ADDRSTRLEN + 5];
	for (size_t i = 0; guard_special_prefix(i, cidr, sizeof(cidr)) == 0; i++)
		if (in_prefix(a, cidr))
			return true;
	return false;
}

static void test_special_prefixes_match_the_guard(void **s)
{
	(void)s;
	char cidr[INET6_ADDRSTRLEN + 5], why[200];
	size_t n = 0;

	guard_allow_private(false);
	for (; guard_special_prefix(n, cidr, sizeof(cidr)) == 0; n++) {
		char base[INET6_ADDRSTRLEN + 5];
		struct netaddr a;
		snprintf(base, sizeof(base), "%s", cidr);
		*strchr(base, '/') = '\0';
		assert_int_equal(netaddr_parse(base, &a), 0);
		assert_int_equal(guard_check(&a, why, sizeof(why)), -1);
	}
	/* 16 IPv4 + 18 IPv6 ranges + the IPv4 ones inside ::ffff:0:0/96 and 64:ff9b::/96 */
	assert_int_equal(n, 16 + 18 + 2 * 16);
	assert_int_equal(guard_special_prefix(0, cidr, sizeof(cidr)), 0);
	assert_string_equal(cidr, "0.0.0.0/8");
	assert_int_equal(guard_special_prefix(1, cidr, sizeof(cidr)), 0);
	assert_string_equal(cidr, "10.0.0.0/8");
	assert_int_equal(guard_special_prefix(16 + 14, cidr, sizeof(cidr)), 0);
	assert_string_equal(cidr, "fc00::/7");
	assert_int_equal(guard_special_prefix(16 + 18 + 1, cidr, sizeof(cidr)), 0);
	assert_string_equal(cidr, "::ffff:10.0.0.0/104");
	assert_int_equal(guard_special_prefix(16 + 18 + 16 + 3, cidr, sizeof(cidr)), 0);
	assert_string_equal(cidr, "64:ff9b::7f00:0/104");

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct netaddr in = parse(cases[i].inside);
		assert_true(in_any_prefix(&in));
	}
	for (size_t i = 0; i < sizeof(globals) / sizeof(globals[0]); i++) {
		struct netaddr g = parse(globals[i]);
		assert_false(in_any_prefix(&g));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_range_inside_and_just_outside),
		cmocka_unit_test(test_global_addresses_pass),
		cmocka_unit_test(test_message_names_address_and_option),
		cmocka_unit_test(test_allow_private_toggles),
		cmocka_unit_test(test_unknown_family_refused),
		cmocka_unit_test(test_parse_str_round_trip),
		cmocka_unit_test(test_sockaddr_round_trip),
		cmocka_unit_test(test_special_prefixes_match_the_guard),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
