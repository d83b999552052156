/*
 * test_conn_rules.c -- the connection test (spec §3.12) from hand-written facts: every
 * subtest's outcomes, the "only if an IPv6 client address was recorded" quirks,
 * validation's not_tested, every score combination, the overall formula and its
 * clamp, anonymisation, EUI-64 detection and the OUI register loader (on the small
 * registers in data/, given as arguments: oui-sample.txt, oui-sample.csv).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/conn.h"
#include "core/i18n.h"
#include "report/catalog.h"
#include "report/render.h"
#include "report/score.h"
#include "report/view.h"
#include "tech_columns.h"

static const char *oui_txt, *oui_csv;

/* ---- helpers ---- */

static struct netaddr addr(const char *text)
{
	struct netaddr a;
	memset(&a, 0, sizeof(a));
	assert_int_equal(netaddr_parse(text, &a), 0);
	return a;
}

static void client(struct conn_client *c, const char *address, const char *reverse,
                   uint32_t asn, const char *as_name)
{
	memset(c, 0, sizeof(*c));
	c->recorded = true;
	c->addr = addr(address);
	snprintf(c->reverse, sizeof(c->reverse), "%s", reverse);
	c->as.number = asn;
	snprintf(c->as.name, sizeof(c->as.name), "%s", as_name);
}

/* A visitor whose connection does everything right: 100 + 100. */
static struct conn_facts *good_facts(void)
{
	struct conn_facts *f = calloc(1, sizeof(*f));
	struct conn_as as = { .number = 64496, .name = "Example Resolvers" };
	struct netaddr r6 = addr("2001:db8:53::1"), r4 = addr("192.0.2.53");

	f->ns6_reached = f->aaaa_reached = f->literal_reached = true;
	client(&f->v6, "2001:db8:1234:5678:9abc:def0:1234:5678", "host-1.dsl.home.example.nl",
	       64500, "Example Access");
	client(&f->v4, "198.51.100.77", "77.100.51.198.dsl.example.nl", 64500, "Example Access");
	conn_add_resolver(f, &r6, &as);
	conn_add_resolver(f, &r4, NULL);
	return f;
}

static struct report *judge(const struct conn_facts *f)
{
	struct report *r = calloc(1, sizeof(*r));
	report_init(r, TEST_CONN, "0123456789abcdef0123456789abcdef");
	conn_evaluate(f, r);
	score_report(r);
	return r;
}

static void report_free(struct report *r)
{
	tech_assert_fits(r, false);
	report_release(r);
	free(r);
}

static void expect_result(struct conn_result res, enum status st, const char *verdict, int points)
{
	assert_true(res.tested);
	assert_int_equal(res.status, st);
	assert_string_equal(res.verdict, verdict);
	assert_int_equal(res.points, points);
}

static void expect_not_tested(struct conn_result res)
{
	assert_false(res.tested);
	assert_null(res.verdict);
	assert_int_equal(res.points, POINTS_NULL);
}

static void expect(const struct report *r, enum subtest_id id, enum status st, const char *verdict)
{
	assert_int_equal(score_subtest_status(r, id), st);
	assert_string_equal(score_subtest_verdict(r, id), verdict);
}

/* ---- resolver_conn, dns_conn ---- */

static void test_resolver_conn_good_iff_ns6_name_reached(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	expect_result(conn_rule_resolver_conn(f), STATUS_SUCCESS, "good", 20);
	f->ns6_reached = false;
	expect_result(conn_rule_resolver_conn(f), STATUS_FAIL, "bad", 0);
	struct report *r = judge(f);
	expect(r, SUB_CONN_IPV6_RESOLVER_CONN, STATUS_FAIL, "bad");
	assert_int_equal(r->cat[CAT_CONN_IPV6].percentage, 80);
	report_free(r);
	free(f);
}

static void test_dns_conn_good_iff_aaaa_name_reached(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	expect_result(conn_rule_dns_conn(f), STATUS_SUCCESS, "good", 60);
	f->aaaa_reached = false;
	expect_result(conn_rule_dns_conn(f), STATUS_FAIL, "bad", 0);
	struct report *r = judge(f);
	expect(r, SUB_CONN_IPV6_DNS_CONN, STATUS_FAIL, "bad");
	assert_int_equal(r->cat[CAT_CONN_IPV6].percentage, 40);
	report_free(r);
	free(f);
}

/* ---- connection, privacy: only when an IPv6 client address was recorded ---- */

static void test_connection_good_iff_literal_reached(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	expect_result(conn_rule_connection(f), STATUS_SUCCESS, "good", 20);
	f->literal_reached = false;
	expect_result(conn_rule_connection(f), STATUS_FAIL, "bad", 0);
	free(f);
}

static void test_connection_only_if_ipv6_recorded(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	/* even a literal request counts for nothing without a recorded IPv6 client */
	f->v6.recorded = false;
	expect_not_tested(conn_rule_connection(f));
	f->literal_reached = false;
	expect_not_tested(conn_rule_connection(f));
	struct report *r = judge(f);
	expect(r, SUB_CONN_IPV6_CONNECTION, STATUS_NOT_TESTED, "not-tested");
	assert_null(r->sub[SUB_CONN_IPV6_CONNECTION].tech);
	/* its 20 points are missing from the maximum of 100 (§3.12: 60 + 20 + 20) */
	assert_int_equal(r->cat[CAT_CONN_IPV6].max_points, 100);
	assert_int_equal(r->cat[CAT_CONN_IPV6].obtained_points, 80);
	report_free(r);
	free(f);
}

static void test_privacy_warning_iff_eui64_of_known_vendor(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	expect_result(conn_rule_privacy(f), STATUS_SUCCESS, "good", POINTS_NULL);
	f->privacy = (struct conn_privacy){ .eui64 = true, .vendor_known = true };
	expect_result(conn_rule_privacy(f), STATUS_NOTICE, "bad", POINTS_NULL);
	/* ff:fe with an OUI nobody was assigned: no device given away */
	f->privacy = (struct conn_privacy){ .eui64 = true, .vendor_known = false };
	expect_result(conn_rule_privacy(f), STATUS_SUCCESS, "good", POINTS_NULL);
	f->privacy = (struct conn_privacy){ .eui64 = false, .vendor_known = true };
	expect_result(conn_rule_privacy(f), STATUS_SUCCESS, "good", POINTS_NULL);
	free(f);
}

static void test_privacy_only_if_ipv6_recorded(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	f->privacy = (struct conn_privacy){ .eui64 = true, .vendor_known = true };
	f->v6.recorded = false;
	expect_not_tested(conn_rule_privacy(f));
	struct report *r = judge(f);
	expect(r, SUB_CONN_IPV6_PRIVACY, STATUS_NOT_TESTED, "not-tested");
	report_free(r);
	free(f);
}

/* A warning and an info leave a full score passed (§3.12: passed iff 100). */
static void test_category_passed_iff_score_100(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	f->privacy = (struct conn_privacy){ .eui64 = true, .vendor_known = true };
	f->v4.recorded = false;
	struct report *r = judge(f);
	expect(r, SUB_CONN_IPV6_PRIVACY, STATUS_NOTICE, "bad");
	expect(r, SUB_CONN_IPV6_IPV4_CONN, STATUS_INFO, "bad");
	assert_int_equal(r->cat[CAT_CONN_IPV6].percentage, 100);
	assert_int_equal(r->cat[CAT_CONN_IPV6].status, STATUS_SUCCESS);
	assert_string_equal(r->cat[CAT_CONN_IPV6].verdict, "passed");
	report_free(r);
	f->literal_reached = false;
	r = judge(f);
	assert_int_equal(r->cat[CAT_CONN_IPV6].percentage, 80);
	assert_int_equal(r->cat[CAT_CONN_IPV6].status, STATUS_FAIL);
	assert_string_equal(r->cat[CAT_CONN_IPV6].verdict, "failed");
	report_free(r);
	free(f);
}

/* ---- ipv4_conn ---- */

static void test_ipv4_conn_info_when_no_ipv4_recorded(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	expect_result(conn_rule_ipv4_conn(f), STATUS_SUCCESS, "good", POINTS_NULL);
	f->v4.recorded = false;
	expect_result(conn_rule_ipv4_conn(f), STATUS_INFO, "bad", POINTS_NULL);
	free(f);
}

/* ---- validation ---- */

static void test_validation_failed_when_bogus_reached(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	f->bogus_reached = true;
	expect_result(conn_rule_validation(f), STATUS_FAIL, "bad", 0);
	/* whatever else was reached */
	f->v4.recorded = f->aaaa_reached = false;
	expect_result(conn_rule_validation(f), STATUS_FAIL, "bad", 0);
	free(f);
}

static void test_validation_good_when_a_or_aaaa_name_reached(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	expect_result(conn_rule_validation(f), STATUS_SUCCESS, "good", 100);
	f->aaaa_reached = false;                 /* IPv4 alone */
	expect_result(conn_rule_validation(f), STATUS_SUCCESS, "good", 100);
	f->aaaa_reached = true;
	f->v4.recorded = false;                  /* the AAAA-only name alone */
	expect_result(conn_rule_validation(f), STATUS_SUCCESS, "good", 100);
	free(f);
}

static void test_validation_not_tested_otherwise(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	/* the ns6 and literal requests do not show that names resolve at all */
	f->aaaa_reached = false;
	f->v4.recorded = false;
	expect_not_tested(conn_rule_validation(f));
	struct report *r = judge(f);
	expect(r, SUB_CONN_DNSSEC_VALIDATION, STATUS_NOT_TESTED, "not-tested");
	assert_null(r->sub[SUB_CONN_DNSSEC_VALIDATION].tech);
	assert_int_equal(r->cat[CAT_CONN_DNSSEC].percentage, 0);
	assert_int_equal(r->cat[CAT_CONN_DNSSEC].status, STATUS_FAIL);
	report_free(r);
	free(f);
}

/* ---- scores ---- */

/* Every combination of the IPv6 facts: 60 + 20 + 20, the literal only with an IPv6
 * client; and the report's category score agrees. */
static void test_score_ipv6_every_combination(void **s)
{
	(void)s;
	int seen[101] = {0};
	for (unsigned bits = 0; bits < 16; bits++) {
		struct conn_facts *f = good_facts();
		f->aaaa_reached = bits & 1;
		f->literal_reached = bits & 2;
		f->ns6_reached = bits & 4;
		f->v6.recorded = bits & 8;
		int want = (f->aaaa_reached ? 60 : 0) + (f->literal_reached && f->v6.recorded ? 20 : 0) +
		           (f->ns6_reached ? 20 : 0);
		assert_int_equal(conn_score_ipv6(f), want);
		struct report *r = judge(f);
		assert_int_equal(r->cat[CAT_CONN_IPV6].max_points, 100);
		assert_int_equal(r->cat[CAT_CONN_IPV6].percentage, want);
		assert_int_equal(r->cat[CAT_CONN_IPV6].status, want == 100 ? STATUS_SUCCESS : STATUS_FAIL);
		seen[want] = 1;
		report_free(r);
		free(f);
	}
	/* 0, 20, 40, 60, 80 and 100 all occur */
	for (int v = 0; v <= 100; v += 20)
		assert_true(seen[v]);
}

static void test_score_dnssec_100_or_0(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	assert_int_equal(conn_score_dnssec(f), 100);
	f->bogus_reached = true;
	assert_int_equal(conn_score_dnssec(f), 0);
	f->bogus_reached = false;
	f->aaaa_reached = false;
	f->v4.recorded = false;
	assert_int_equal(conn_score_dnssec(f), 0);  /* not tested */
	free(f);
}

static void test_score_overall_average_truncated_and_clamped(void **s)
{
	(void)s;
	assert_int_equal(conn_score_overall(100, 100), 100);
	assert_int_equal(conn_score_overall(0, 0), 0);
	assert_int_equal(conn_score_overall(60, 0), 30);
	assert_int_equal(conn_score_overall(80, 100), 90);
	assert_int_equal(conn_score_overall(20, 100), 60);
	assert_int_equal(conn_score_overall(21, 0), 10);      /* int() truncates */
	assert_int_equal(conn_score_overall(150, 100), 100);  /* clamped */
	assert_int_equal(conn_score_overall(-40, 0), 0);
}

/* Every combination of the facts the rules read: the report scored by score_report()
 * says what the conn_score_* functions say, and each category passes iff 100. */
static void test_score_report_matches_rules(void **s)
{
	(void)s;
	for (unsigned bits = 0; bits < 64; bits++) {
		struct conn_facts *f = good_facts();
		f->ns6_reached = bits & 1;
		f->aaaa_reached = bits & 2;
		f->literal_reached = bits & 4;
		f->bogus_reached = bits & 8;
		f->v4.recorded = bits & 16;
		f->v6.recorded = bits & 32;
		struct report *r = judge(f);
		int ipv6 = conn_score_ipv6(f), dnssec = conn_score_dnssec(f);
		assert_int_equal(r->cat[CAT_CONN_IPV6].percentage, ipv6);
		assert_int_equal(r->cat[CAT_CONN_DNSSEC].percentage, dnssec);
		assert_int_equal(r->cat[CAT_CONN_DNSSEC].max_points, 100);
		assert_int_equal(r->percentage, conn_score_overall(ipv6, dnssec));
		assert_int_equal(r->cat[CAT_CONN_DNSSEC].status, dnssec == 100 ? STATUS_SUCCESS : STATUS_FAIL);
		assert_false(r->partial);
		report_free(r);
		free(f);
	}
}

/* ---- anonymisation ---- */

static void test_anonymise_ipv4_to_16(void **s)
{
	(void)s;
	char buf[INET6_ADDRSTRLEN];
	struct netaddr a = addr("198.51.100.77"), net;
	assert_string_equal(conn_anonymise_address(&a, buf, sizeof(buf)), "198.51.0.0");
	conn_anonymise(&a, &net);
	assert_int_equal(net.family, AF_INET);
	assert_int_equal(ntohl(net.a.v4.s_addr), 0xc6330000u);
	a = addr("10.255.255.255");
	assert_string_equal(conn_anonymise_address(&a, buf, sizeof(buf)), "10.255.0.0");
}

static void test_anonymise_ipv6_to_32(void **s)
{
	(void)s;
	char buf[INET6_ADDRSTRLEN];
	struct netaddr a = addr("2001:db8:1234:5678:9abc:def0:1234:5678");
	assert_string_equal(conn_anonymise_address(&a, buf, sizeof(buf)), "2001:db8::");
	a = addr("2a02:a46f:ff52:0:21b:63ff:fe12:3456");
	assert_string_equal(conn_anonymise_address(&a, buf, sizeof(buf)), "2a02:a46f::");
	struct netaddr none;
	memset(&none, 0, sizeof(none));
	assert_string_equal(conn_anonymise_address(&none, buf, sizeof(buf)), "");
}

static void test_anonymise_reverse_keeps_last_three_labels(void **s)
{
	(void)s;
	char buf[64];
	assert_string_equal(conn_anonymise_reverse("a.b.host.isp.nl", buf, sizeof(buf)),
	                    "[\xe2\x80\xa6].host.isp.nl");
	assert_string_equal(conn_anonymise_reverse("x.host.isp.nl", buf, sizeof(buf)),
	                    "[\xe2\x80\xa6].host.isp.nl");
	/* three labels or fewer: the first is masked all the same (internet.nl) */
	assert_string_equal(conn_anonymise_reverse("host.isp.nl", buf, sizeof(buf)),
	                    "[\xe2\x80\xa6].isp.nl");
	assert_string_equal(conn_anonymise_reverse("isp.nl", buf, sizeof(buf)), "[\xe2\x80\xa6].nl");
	assert_string_equal(conn_anonymise_reverse("localhost", buf, sizeof(buf)), "[\xe2\x80\xa6]");
	/* a trailing dot does not count as a label and is kept */
	assert_string_equal(conn_anonymise_reverse("a.b.host.isp.nl.", buf, sizeof(buf)),
	                    "[\xe2\x80\xa6].host.isp.nl.");
	assert_string_equal(conn_anonymise_reverse("", buf, sizeof(buf)), "");
	assert_string_equal(conn_anonymise_reverse(NULL, buf, sizeof(buf)), "");
	/* never past the buffer */
	char small[8];
	conn_anonymise_reverse("a.b.host.isp.nl", small, sizeof(small));
	assert_int_equal(strlen(small), sizeof(small) - 1);
}

/* The report shows and keeps no full address of the visitor or the resolvers. */
static void test_report_shows_addresses_anonymised(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	struct report *r = judge(f);
	char *dump = json_dumps(r->technical, JSON_COMPACT);
	json_t *row = json_array_get(r->sub[SUB_CONN_IPV6_CONNECTION].tech, 0);

	assert_string_equal(json_string_value(json_array_get(row, 0)), "2001:db8::");
	assert_string_equal(json_string_value(json_array_get(row, 1)), "[\xe2\x80\xa6].home.example.nl");
	assert_string_equal(json_string_value(json_array_get(row, 2)), "AS64500 Example Access");
	row = json_array_get(r->sub[SUB_CONN_IPV6_IPV4_CONN].tech, 0);
	assert_string_equal(json_string_value(json_array_get(row, 0)), "198.51.0.0");
	row = json_array_get(r->sub[SUB_CONN_DNSSEC_VALIDATION].tech, 0);
	assert_string_equal(json_string_value(json_array_get(row, 0)), "2001:db8::");
	assert_string_equal(json_string_value(json_array_get(row, 1)), "AS64496 Example Resolvers");
	row = json_array_get(r->sub[SUB_CONN_DNSSEC_VALIDATION].tech, 1);
	assert_string_equal(json_string_value(json_array_get(row, 0)), "192.0.0.0");
	assert_string_equal(json_string_value(json_array_get(row, 1)), "unknown");
	assert_non_null(dump);
	assert_null(strstr(dump, "198.51.100.77"));
	assert_null(strstr(dump, "5678"));
	assert_null(strstr(dump, "192.0.2.53"));
	assert_null(strstr(dump, "host-1"));
	free(dump);
	report_free(r);
	free(f);
}

/* ---- facts helpers ---- */

static void test_add_resolver_once_and_bounded(void **s)
{
	(void)s;
	struct conn_facts *f = calloc(1, sizeof(*f));
	struct netaddr a = addr("192.0.2.1");
	struct conn_as as = { .number = 64496, .name = "" };

	conn_add_resolver(f, &a, NULL);
	a.port = 5353;                      /* the port is not the resolver's identity */
	conn_add_resolver(f, &a, &as);
	assert_int_equal(f->n_resolvers, 1);
	assert_int_equal(f->resolvers[0].as.number, 64496);   /* a missing AS is filled in */
	for (unsigned i = 0; i < CONN_MAX_RESOLVERS + 3; i++) {
		char text[32];
		snprintf(text, sizeof(text), "2001:db8::%x", i + 1);
		a = addr(text);
		conn_add_resolver(f, &a, NULL);
	}
	assert_int_equal(f->n_resolvers, CONN_MAX_RESOLVERS);
	assert_int_equal(f->resolvers_dropped, 4);
	free(f);
}

/* ---- privacy: EUI-64 and the OUI register ---- */

static void test_eui64_detection(void **s)
{
	(void)s;
	struct netaddr a = addr("2001:db8::21b:63ff:fe12:3456");   /* MAC 00:1b:63:12:34:56 */
	assert_true(conn_eui64(&a.a.v6));
	assert_int_equal(conn_eui64_oui(&a.a.v6), 0x001b63);       /* U/L bit flipped back */
	a = addr("2001:db8::3ed9:2bff:fe00:1");                      /* 3e -> 3c */
	assert_true(conn_eui64(&a.a.v6));
	assert_int_equal(conn_eui64_oui(&a.a.v6), 0x3cd92b);
	a = addr("2001:db8::a1b2:c3d4:e5f6:789");                    /* random (RFC 8981) */
	assert_false(conn_eui64(&a.a.v6));
	a = addr("2001:db8::21b:63fe:ff12:3456");                    /* fe:ff, not ff:fe */
	assert_false(conn_eui64(&a.a.v6));
	a = addr("2001:db8:ffff:fe00::1");                           /* ff:fe in the prefix */
	assert_false(conn_eui64(&a.a.v6));
}

static void test_oui_loader_text_register(void **s)
{
	(void)s;
	struct error err = {0};
	struct oui_table *t = oui_table_load(oui_txt, &err);
	assert_non_null(t);
	/* Apple, HP, 080030 (listed twice), acde48 (lower-case); nothing else */
	assert_int_equal(oui_table_size(t), 4);
	assert_true(oui_table_has(t, 0x001b63));
	assert_true(oui_table_has(t, 0x3cd92b));
	assert_true(oui_table_has(t, 0x080030));
	assert_true(oui_table_has(t, 0xacde48));
	assert_false(oui_table_has(t, 0x0050c2));   /* only its "(hex)" line */
	assert_false(oui_table_has(t, 0xabcdef));   /* "(base 10)" */
	assert_false(oui_table_has(t, 0xffffff));   /* indented */
	assert_false(oui_table_has(t, 0x000000));
	assert_false(oui_table_has(NULL, 0x001b63));
	oui_table_free(t);
}

static void test_oui_loader_csv_register(void **s)
{
	(void)s;
	struct error err = {0};
	struct oui_table *t = oui_table_load(oui_csv, &err);
	assert_non_null(t);
	assert_int_equal(oui_table_size(t), 2);
	assert_true(oui_table_has(t, 0x001b63));
	assert_true(oui_table_has(t, 0x3cd92b));
	assert_false(oui_table_has(t, 0x70b3d5));   /* MA-M */
	oui_table_free(t);
}

static void test_oui_loader_refuses_missing_or_empty(void **s)
{
	(void)s;
	struct error err = {0};
	assert_null(oui_table_load("/nonexistent/oui.txt", &err));
	assert_non_null(strstr(err.msg, "/nonexistent/oui.txt"));
	memset(&err, 0, sizeof(err));
	assert_null(oui_table_load("/dev/null", &err));
	assert_non_null(strstr(err.msg, "no OUI"));
	assert_int_equal(oui_table_size(NULL), 0);
	oui_table_free(NULL);
}

static void test_privacy_observe_uses_register(void **s)
{
	(void)s;
	struct error err = {0};
	struct oui_table *t = oui_table_load(oui_txt, &err);
	struct conn_privacy p;
	struct netaddr a = addr("2001:db8::21b:63ff:fe12:3456");

	assert_non_null(t);
	conn_privacy_observe(&a.a.v6, t, &p);
	assert_true(p.eui64 && p.vendor_known);
	conn_privacy_observe(&a.a.v6, NULL, &p);          /* no register: no vendor known */
	assert_true(p.eui64);
	assert_false(p.vendor_known);
	a = addr("2001:db8::211:22ff:fe33:4455");           /* OUI 00:11:22 unknown here */
	conn_privacy_observe(&a.a.v6, t, &p);
	assert_true(p.eui64);
	assert_false(p.vendor_known);
	a = addr("2001:db8::a1b2:c3d4:e5f6:789");
	conn_privacy_observe(&a.a.v6, t, &p);
	assert_false(p.eui64 || p.vendor_known);
	oui_table_free(t);
}

/* ---- the catalog and the people formats ---- */

static void test_catalog_connection_test(void **s)
{
	(void)s;
	enum category_id cats[5];
	enum test_kind kind;
	assert_int_equal(catalog_categories_of(TEST_CONN, cats), 2);
	assert_int_equal(cats[0], CAT_CONN_IPV6);
	assert_int_equal(cats[1], CAT_CONN_DNSSEC);
	assert_string_equal(catalog_test_name(TEST_CONN), "connection");
	assert_int_equal(catalog_test_parse("connection", &kind), 0);
	assert_int_equal(kind, TEST_CONN);
	assert_int_equal(catalog_test_parse("conn", &kind), -1);
	assert_false(catalog_in_batch_api(SUB_CONN_IPV6_PRIVACY));
	assert_true(catalog_in_batch_api(SUB_WEB_IPV6_NS_ADDRESS));
	assert_string_equal(catalog_subtest(SUB_CONN_IPV6_IPV4_CONN)->key, "ipv4_conn");
}

static char *render(int (*fn)(const struct view *, FILE *), const struct view *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	assert_int_equal(fn(v, out), 0);
	fclose(out);
	return buf;
}

static int text_fn(const struct view *v, FILE *out)
{
	return render_text_full(v, out, false, 100);
}

/* What the serve pages will do: facts -> report -> view -> text, HTML, JSON; and the
 * stored view renders again. */
static void test_report_renders_in_every_format(void **s)
{
	(void)s;
	struct conn_facts *f = good_facts();
	struct view v, again;
	f->literal_reached = false;
	struct report *r = judge(f);

	assert_int_equal(i18n_init("en"), 0);
	assert_int_equal(view_build(r, &v), 0);
	assert_int_equal(v.n_cats, 2);
	assert_string_equal(v.test_title, "Connection test");
	assert_int_equal(v.cats[0].n_subs, 5);
	assert_int_equal(v.cats[1].n_subs, 1);
	assert_int_equal(v.cats[0].subs[2].n_columns, 3);    /* the IPv6 client's table */
	assert_non_null(v.cats[0].subs[2].fix.text);        /* connection failed: advice */
	char *text = render(text_fn, &v), *html = render(render_html, &v);
	assert_non_null(strstr(text, "Connection to an IPv6 address"));
	assert_non_null(strstr(text, "2001:db8::"));
	assert_non_null(strstr(html, "Resolver network (anonymised)"));
	free(text);
	free(html);

	json_t *facts = view_facts(r);
	assert_non_null(facts);
	assert_string_equal(json_string_value(json_object_get(facts, "test")), "connection");
	assert_int_equal(view_build_facts(facts, &again), 0);
	assert_int_equal(again.n_cats, 2);
	assert_int_equal(again.percentage, 90);
	assert_string_equal(again.cats[0].subs[2].verdict, "bad");
	view_free(&again);
	json_decref(facts);

	json_t *doc = render_json(r);
	assert_string_equal(json_string_value(json_object_get(doc, "test")), "connection");
	json_t *tests = json_object_get(json_object_get(doc, "results"), "tests");
	assert_string_equal(json_string_value(json_object_get(json_object_get(tests,
	                    "conn_ipv6_connection"), "status")), "failed");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "scoring"),
	                 "percentage")), 90);
	json_decref(doc);
	view_free(&v);
	report_free(r);
	free(f);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s oui-sample.txt oui-sample.csv\n", argv[0]);
		return 2;
	}
	oui_txt = argv[1];
	oui_csv = argv[2];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolver_conn_good_iff_ns6_name_reached),
		cmocka_unit_test(test_dns_conn_good_iff_aaaa_name_reached),
		cmocka_unit_test(test_connection_good_iff_literal_reached),
		cmocka_unit_test(test_connection_only_if_ipv6_recorded),
		cmocka_unit_test(test_privacy_warning_iff_eui64_of_known_vendor),
		cmocka_unit_test(test_privacy_only_if_ipv6_recorded),
		cmocka_unit_test(test_category_passed_iff_score_100),
		cmocka_unit_test(test_ipv4_conn_info_when_no_ipv4_recorded),
		cmocka_unit_test(test_validation_failed_when_bogus_reached),
		cmocka_unit_test(test_validation_good_when_a_or_aaaa_name_reached),
		cmocka_unit_test(test_validation_not_tested_otherwise),
		cmocka_unit_test(test_score_ipv6_every_combination),
		cmocka_unit_test(test_score_dnssec_100_or_0),
		cmocka_unit_test(test_score_overall_average_truncated_and_clamped),
		cmocka_unit_test(test_score_report_matches_rules),
		cmocka_unit_test(test_anonymise_ipv4_to_16),
		cmocka_unit_test(test_anonymise_ipv6_to_32),
		cmocka_unit_test(test_anonymise_reverse_keeps_last_three_labels),
		cmocka_unit_test(test_report_shows_addresses_anonymised),
		cmocka_unit_test(test_add_resolver_once_and_bounded),
		cmocka_unit_test(test_eui64_detection),
		cmocka_unit_test(test_oui_loader_text_register),
		cmocka_unit_test(test_oui_loader_csv_register),
		cmocka_unit_test(test_oui_loader_refuses_missing_or_empty),
		cmocka_unit_test(test_privacy_observe_uses_register),
		cmocka_unit_test(test_catalog_connection_test),
		cmocka_unit_test(test_report_renders_in_every_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
