/* test_overlay.c -- --resolve and --zone (issue 21, dns/overlay.h): the override
 * parser and lookup, and what a zone file must be to become an overlay. The resolver
 * side (libunbound answering from it) is tested end to end (tests/e2e/cases/86-what-if.sh). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dns/overlay.h"

static void parse_ok(const char *spec, struct dns_override *o)
{
	struct error err = {{0}};
	if (dns_override_parse(spec, o, &err) != 0)
		fail_msg("'%s' rejected: %s", spec, err.msg);
}

static void parse_bad(const char *spec, const char *says)
{
	struct dns_override o;
	struct error err = {{0}};
	if (dns_override_parse(spec, &o, &err) == 0)
		fail_msg("'%s' accepted", spec);
	if (says && !strstr(err.msg, says))
		fail_msg("'%s': message '%s' lacks '%s'", spec, err.msg, says);
	assert_null(strchr(err.msg, '\n'));
}

static void test_override_name_equals_addresses(void **s)
{
	struct dns_override o;
	char a[INET6_ADDRSTRLEN];
	(void)s;
	parse_ok("WWW.Example.NL.=192.0.2.1,[2001:db8::1],2001:db8::2", &o);
	assert_string_equal(o.name, "www.example.nl");
	assert_int_equal(o.port, 0);
	assert_int_equal(o.n4, 1);
	assert_int_equal(o.n6, 2);
	assert_string_equal(inet_ntop(AF_INET6, &o.v6[0], a, sizeof(a)), "2001:db8::1");
}

static void test_override_port_and_curl_spelling(void **s)
{
	struct dns_override o;
	(void)s;
	parse_ok("www.example.nl:443=192.0.2.1", &o);
	assert_int_equal(o.port, 443);
	parse_ok("mx1.example.nl:25:2001:db8::25,192.0.2.25", &o);   /* curl: NAME:PORT:ADDR */
	assert_string_equal(o.name, "mx1.example.nl");
	assert_int_equal(o.port, 25);
	assert_int_equal(o.n4, 1);
	assert_int_equal(o.n6, 1);
}

static void test_override_idn_to_alabel(void **s)
{
	struct dns_override o;
	(void)s;
	parse_ok("b\xc3\xbc" "cher.example=192.0.2.1", &o);
	assert_string_equal(o.name, "xn--bcher-kva.example");
}

static void test_override_rejects(void **s)
{
	(void)s;
	parse_bad("www.example.nl", "NAME[:PORT]=ADDRESS");
	parse_bad("=192.0.2.1", "no name");
	parse_bad("www.example.nl=", "no address");
	parse_bad("www.example.nl=192.0.2.1,", "missing");
	parse_bad("www.example.nl=192.0.2.300", "not an IP address");
	parse_bad("www.example.nl=example.org", "not an IP address");
	parse_bad("www.example.nl:0=192.0.2.1", "port");
	parse_bad("www.example.nl:65536=192.0.2.1", "port");
	parse_bad("www.example.nl:https=192.0.2.1", "port");
	parse_bad("www.example.nl:443:", "no address");
	parse_bad("www.example.nl:x:192.0.2.1", "NAME[:PORT]=ADDRESS");
	parse_bad("http://www.example.nl/=192.0.2.1", "not a host name");
	parse_bad("user@example.nl=192.0.2.1", "not a host name");
	parse_bad("192.0.2.9=192.0.2.1", "not a host name");
	parse_bad("a.example=1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5,1.1.1.6,1.1.1.7,1.1.1.8,1.1.1.9",
	          "at most");
}

static void test_override_find_port_before_any(void **s)
{
	struct dns_override l[3];
	(void)s;
	parse_ok("www.example.nl=192.0.2.1", &l[0]);
	parse_ok("www.example.nl:443=192.0.2.2", &l[1]);
	parse_ok("mx.example.nl:25=192.0.2.3", &l[2]);
	assert_ptr_equal(dns_override_find(l, 3, "www.example.nl", 443), &l[1]);
	assert_ptr_equal(dns_override_find(l, 3, "www.example.nl", 80), &l[0]);
	assert_ptr_equal(dns_override_find(l, 3, "www.example.nl", 0), &l[1]);
	assert_null(dns_override_find(l, 3, "mx.example.nl", 587));
	assert_ptr_equal(dns_override_find(l, 3, "mx.example.nl", 0), &l[2]);
	assert_null(dns_override_find(l, 3, "example.nl", 443));
}

static void test_override_curl_entries(void **s)
{
	struct dns_override o;
	char e[4][600];
	size_t n = 0;
	(void)s;
	parse_ok("www.example.nl=192.0.2.1,2001:db8::1", &o);
	assert_int_equal(dns_override_curl_entries(&o, e, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(e[0], "www.example.nl:80:192.0.2.1,[2001:db8::1]");
	assert_string_equal(e[1], "www.example.nl:443:192.0.2.1,[2001:db8::1]");
	parse_ok("www.example.nl:8443=192.0.2.1", &o);
	assert_int_equal(dns_override_curl_entries(&o, e, 4, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(e[2], "www.example.nl:8443:192.0.2.1");
	assert_int_equal(dns_override_curl_entries(&o, e, 3, &n), -1);   /* full */
}

/* ---- zone files ---- */

static char dir[64];

static int dir_setup(void **s)
{
	(void)s;
	snprintf(dir, sizeof(dir), "/tmp/test_overlay.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int dir_teardown(void **s)
{
	char cmd[128];
	(void)s;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *zone_file(const char *name, const char *text)
{
	static char path[128];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

#define SOA "@ 300 IN SOA ns1.example.nl. hostmaster.example.nl. 1 1800 900 604800 300\n"

static void load_bad(const char *path, const char *says)
{
	struct dns_overlay ov;
	struct error err = {{0}};
	if (dns_overlay_load(path, &ov, &err) == 0) {
		dns_overlay_release(&ov);
		fail_msg("%s accepted", path);
	}
	if (!strstr(err.msg, says))
		fail_msg("%s: message '%s' lacks '%s'", path, err.msg, says);
	assert_string_equal(ov.canonical, "");   /* nothing left behind */
}

static void test_zone_origin_from_soa(void **s)
{
	struct dns_overlay ov;
	struct error err = {{0}};
	struct stat st;
	(void)s;
	const char *p = zone_file("ok.zone", "$ORIGIN Example.NL.\n$TTL 300\n" SOA
	                          "@ IN CAA 0 issue \"ca.example\"\n"
	                          "_443._tcp.www IN TLSA 3 1 1 "
	                          "8f496ad72d4ac244b050a197efc14a48b815505fbe8c3e3583185924d413009e\n"
	                          "www IN A 192.0.2.1\n"
	                          "www IN AAAA 2001:db8::1\n"
	                          "* IN A 192.0.2.9\n");
	if (dns_overlay_load(p, &ov, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(ov.origin, "example.nl");
	assert_false(ov.is_signed);
	assert_int_equal(ov.records, 6);
	/* the addresses by name, for the HTTP client's redirects (a wildcard is no name) */
	assert_int_equal(ov.n_hosts, 1);
	assert_string_equal(ov.hosts[0].name, "www.example.nl");
	assert_int_equal(ov.hosts[0].n4, 1);
	assert_int_equal(ov.hosts[0].n6, 1);
	assert_int_equal(stat(ov.canonical, &st), 0);   /* the copy libunbound reads */
	dns_overlay_release(&ov);
	assert_int_equal(stat(p, &st), 0);              /* the user's file stays */
	assert_null(ov.hosts);
	dns_overlay_release(&ov);                       /* twice is fine */
}

static void test_zone_signed_needs_dnskey_and_rrsig(void **s)
{
	struct dns_overlay ov;
	struct error err = {{0}};
	(void)s;
	/* an RRSIG without DNSKEY at the apex is not a signed zone */
	const char *p = zone_file("sig.zone", "$ORIGIN example.nl.\n" SOA
	                          "@ 300 IN DNSKEY 257 3 13 "
	                          "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==\n"
	                          "@ 300 IN RRSIG SOA 13 2 300 20270101000000 20261201000000 12345 example.nl. "
	                          "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n");
	if (dns_overlay_load(p, &ov, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(ov.is_signed);
	dns_overlay_release(&ov);
	p = zone_file("sig-only.zone", "$ORIGIN example.nl.\n" SOA
	              "@ 300 IN RRSIG SOA 13 2 300 20270101000000 20261201000000 12345 example.nl. "
	              "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n");
	if (dns_overlay_load(p, &ov, &err) != 0)
		fail_msg("%s", err.msg);
	assert_false(ov.is_signed);
	dns_overlay_release(&ov);
}

/* libldns keeps the first SOA and drops later ones (an AXFR-style file ends with it) */
static void test_zone_second_soa_dropped(void **s)
{
	struct dns_overlay ov;
	struct error err = {{0}};
	(void)s;
	const char *p = zone_file("twosoa.zone", "$ORIGIN example.nl.\n" SOA "www 300 IN A 192.0.2.1\n"
	                          "other.example.nl. 300 IN SOA a.example.nl. b.example.nl. 2 1 1 1 1\n");
	if (dns_overlay_load(p, &ov, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(ov.origin, "example.nl");
	assert_int_equal(ov.records, 2);
	dns_overlay_release(&ov);
}

static void test_zone_rejects(void **s)
{
	(void)s;
	load_bad(zone_file("nosoa.zone", "$ORIGIN example.nl.\nwww 300 IN A 192.0.2.1\n"), "no SOA");
	load_bad(zone_file("outside.zone", "$ORIGIN example.nl.\n" SOA "www.example.org. 300 IN A 192.0.2.1\n"),
	         "www.example.org is not in the zone example.nl");
	load_bad(zone_file("syntax.zone", "$ORIGIN example.nl.\n" SOA "www 300 IN A 192.0.2.300\n"),
	         "line 3");
	load_bad(zone_file("root.zone", "$ORIGIN .\n" SOA), "root zone");
	load_bad(zone_file("empty.zone", ""), "no SOA");
	load_bad("/nonexistent/x.zone", "cannot read zone file");
	load_bad(dir, "not a regular file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_override_name_equals_addresses),
		cmocka_unit_test(test_override_port_and_curl_spelling),
		cmocka_unit_test(test_override_idn_to_alabel),
		cmocka_unit_test(test_override_rejects),
		cmocka_unit_test(test_override_find_port_before_any),
		cmocka_unit_test(test_override_curl_entries),
		cmocka_unit_test(test_zone_origin_from_soa),
		cmocka_unit_test(test_zone_signed_needs_dnskey_and_rrsig),
		cmocka_unit_test(test_zone_second_soa_dropped),
		cmocka_unit_test(test_zone_rejects),
	};
	return cmocka_run_group_tests(tests, dir_setup, dir_teardown);
}
