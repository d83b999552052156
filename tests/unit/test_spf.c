/* test_spf.c -- SPF grammar and internet.nl's SPF policy walk (spec §1.4, §3.9, §8 item 34). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "checks/spf.h"

/* ---- a fake in-memory TXT table ---- */

struct fake_rr {
	const char *name;
	int rc;
	const char *txt[4];
};

struct fake_dns {
	const struct fake_rr *rr;
	size_t n;
	int queries;
};

static int fake_lookup(void *ctx, const char *name, struct txt_set *out)
{
	struct fake_dns *dns = ctx;

	dns->queries++;
	for (size_t i = 0; i < dns->n; i++) {
		if (strcmp(dns->rr[i].name, name) != 0)
			continue;
		if (dns->rr[i].rc != DNS_LOOKUP_OK)
			return dns->rr[i].rc;
		for (size_t k = 0; k < 4 && dns->rr[i].txt[k]; k++)
			assert_int_equal(txt_set_add(out, dns->rr[i].txt[k]), 0);
		return DNS_LOOKUP_OK;
	}
	return DNS_LOOKUP_NXDOMAIN;
}

#define FAKE(table) { (table), sizeof(table) / sizeof((table)[0]), 0 }

static struct fake_dns no_dns = { NULL, 0, 0 };

/* Evaluate `record` at example.nl against `dns`; check status and points. */
static void expect_policy(struct fake_dns *dns, const char *record, enum spf_policy_status status,
                          int points)
{
	struct spf_policy p;

	assert_int_equal(spf_policy_evaluate("example.nl", record, fake_lookup, dns, &p), 0);
	if (p.status != status)
		fail_msg("%s: status %s, expected %s", record, spf_policy_status_name(p.status),
		         spf_policy_status_name(status));
	assert_int_equal(p.points, points);
	spf_policy_free(&p);
}

static void expect_syntax(const char *record, bool valid)
{
	if (spf_record_is_valid(record) != valid)
		fail_msg("\"%s\" should be %s", record, valid ? "valid" : "a syntax error");
}

/* ---- record selection (spec §1.4) ---- */

static void test_spf_select_record_exactly_one(void **state)
{
	struct txt_set set = { NULL, 0, 0 };
	(void)state;
	txt_set_add(&set, "google-site-verification=abc");
	txt_set_add(&set, "V=SPF1 -all");
	assert_int_equal(spf_select_record(&set), 1);
	txt_set_clear(&set);
}

static void test_spf_select_record_none_or_two_is_none(void **state)
{
	struct txt_set set = { NULL, 0, 0 };
	(void)state;
	assert_int_equal(spf_select_record(&set), -1);
	txt_set_add(&set, "v=spf1 -all");
	txt_set_add(&set, "v=spf1 ~all");
	assert_int_equal(spf_select_record(&set), -1);
	txt_set_clear(&set);
}

static void test_spf_select_record_prefix_only(void **state)
{
	struct txt_set set = { NULL, 0, 0 };
	(void)state;
	txt_set_add(&set, "v=spf10 -all");   /* selected (prefix), a syntax error later */
	txt_set_add(&set, " v=spf1 -all");   /* not selected */
	assert_int_equal(spf_select_record(&set), 0);
	txt_set_clear(&set);
}

/* ---- grammar ---- */

static void test_spf_syntax_valid_records(void **state)
{
	(void)state;
	expect_syntax("v=spf1 -all", true);
	expect_syntax("V=SPF1 -ALL", true);
	expect_syntax("v=spf1", true);
	expect_syntax("v=spf1   ", true);
	expect_syntax("v=spf1  ip4:192.0.2.0/24   ip6:2001:db8::/32 mx a ~all", true);
	expect_syntax("v=spf1 include:_spf.google.com include:spf.protection.outlook.com -all", true);
	expect_syntax("v=spf1 +a:mail.example.com -mx:example.org/24 ?ptr ~exists:example.com -all", true);
	expect_syntax("v=spf1 ip4:0.0.0.0/0 ip4:255.255.255.255/32 -all", true);
}

static void test_spf_version_spf10_is_syntax_error(void **state)
{
	(void)state;
	expect_syntax("v=spf10", false);
	expect_syntax("v=spf10 -all", false);
	expect_syntax("v=spf2 -all", false);
	expect_syntax("spf1 -all", false);
	expect_syntax("", false);
}

static void test_spf_unknown_mechanism_is_syntax_error(void **state)
{
	(void)state;
	expect_syntax("v=spf1 foo -all", false);
	expect_syntax("v=spf1 foo:bar.com -all", false);
	expect_syntax("v=spf1 -foo=bar.com", false);  /* modifiers take no qualifier */
	expect_syntax("v=spf1 allx", false);
	expect_syntax("v=spf1 -all;", false);
	expect_syntax("v=spf1 include: -all", false);
}

static void test_spf_ip4_octets_validated(void **state)
{
	(void)state;
	expect_syntax("v=spf1 ip4:192.0.2.256 -all", false);
	expect_syntax("v=spf1 ip4:192.0.2.01 -all", false);
	expect_syntax("v=spf1 ip4:01.0.2.1 -all", false);
	expect_syntax("v=spf1 ip4:192.0.2 -all", false);
	expect_syntax("v=spf1 ip4:192.0.2.1/33 -all", false);
	expect_syntax("v=spf1 ip4:192.0.2.1/032 -all", false);
	expect_syntax("v=spf1 ip4:192.0.2.1/32 -all", true);
	expect_syntax("v=spf1 ip4:192.0.2.199 ip4:10.249.0.250 -all", true);
}

static void test_spf_ip6_must_parse(void **state)
{
	(void)state;
	expect_syntax("v=spf1 ip6:::1 -all", true);
	expect_syntax("v=spf1 ip6:2001:db8::/128 -all", true);
	expect_syntax("v=spf1 ip6:::ffff:192.0.2.1 -all", true);
	expect_syntax("v=spf1 ip6:2001:db8::/032 -all", true);   /* ipaddress accepts it */
	expect_syntax("v=spf1 ip6:fe80::1%eth0 -all", true);     /* scope id, as ipaddress */
	expect_syntax("v=spf1 ip6:2001:db8::/129 -all", false);
	expect_syntax("v=spf1 ip6:2001:db8:::1 -all", false);
	expect_syntax("v=spf1 ip6:192.0.2.1 -all", false);
	expect_syntax("v=spf1 ip6: -all", false);
	expect_syntax("v=spf1 ip6:::1/64/2 -all", false);
}

static void test_spf_macros_in_domain_spec(void **state)
{
	(void)state;
	expect_syntax("v=spf1 exists:%{i}._spf.%{d} -all", true);
	expect_syntax("v=spf1 include:%{ir}.%{v}._spf.%{d2} -all", true);
	expect_syntax("v=spf1 exists:%{l1r-}.example.com -all", true);
	expect_syntax("v=spf1 exists:%%%_%-.example.com -all", true);
	expect_syntax("v=spf1 exists:%{x}.example.com -all", false);   /* unknown macro letter */
	expect_syntax("v=spf1 exists:%x.example.com -all", false);
	expect_syntax("v=spf1 exists:%{d.example.com -all", false);
}

static void test_spf_domain_spec_must_end_in_toplabel(void **state)
{
	(void)state;
	expect_syntax("v=spf1 a:192.0.2.1 -all", false);       /* "1" is no toplabel */
	expect_syntax("v=spf1 include:example._x -all", false);
	expect_syntax("v=spf1 include:example.com. -all", true);
	expect_syntax("v=spf1 include:localhost -all", true);   /* one label passes */
	expect_syntax("v=spf1 include:foo.1-x -all", true);
}

static void test_spf_dual_cidr_length(void **state)
{
	(void)state;
	expect_syntax("v=spf1 a/24 mx//64 a/24//64 mx:example.com/24 -all", true);
	expect_syntax("v=spf1 a/33 -all", false);
	expect_syntax("v=spf1 mx//129 -all", false);
	expect_syntax("v=spf1 a/24/64 -all", false);
}

static void test_spf_modifiers(void **state)
{
	(void)state;
	expect_syntax("v=spf1 redirect=_spf.example.com", true);
	expect_syntax("v=spf1 -all exp=explain.%{d}", true);
	expect_syntax("v=spf1 foo-bar.baz=example.com -all", true);
	expect_syntax("v=spf1 redirect=", false);   /* every modifier value is a domain-spec */
	expect_syntax("v=spf1 foo=1.2.3.4 -all", false);
	/* a name that starts like a mechanism is taken as that mechanism first (pyparsing) */
	expect_syntax("v=spf1 abc=example.com -all", false);
	expect_syntax("v=spf1 mxfoo=example.com -all", false);
}

static void test_spf_tab_is_a_space(void **state)
{
	(void)state;
	expect_syntax("v=spf1\t-all", true);    /* pyparsing expands tabs */
	expect_syntax("v=spf1 -all\t", true);
}

static void test_spf_parse_terms(void **state)
{
	struct spf_record rec;
	const char *r = "v=spf1 -include:a.example ip4:192.0.2.1 redirect=b.example foo=c.example";
	(void)state;
	assert_int_equal(spf_record_parse(r, &rec), 0);
	assert_int_equal(rec.n_terms, 4);
	assert_int_equal(rec.terms[0].kind, SPF_TERM_INCLUDE);
	assert_int_equal(rec.terms[0].qualifier, '-');
	assert_int_equal(rec.terms[0].target_len, strlen("a.example"));
	assert_memory_equal(r + rec.terms[0].target_off, "a.example", 9);
	assert_int_equal(rec.terms[1].kind, SPF_TERM_IP4);
	assert_int_equal(rec.terms[2].kind, SPF_TERM_REDIRECT);
	assert_int_equal(rec.terms[3].kind, SPF_TERM_MODIFIER);
	spf_record_free(&rec);
}

/* ---- the walk: all ---- */

static void test_spf_minus_and_tilde_all_are_valid(void **state)
{
	(void)state;
	expect_policy(&no_dns, "v=spf1 -all", SPF_POLICY_VALID, 10);
	expect_policy(&no_dns, "v=spf1 ip4:192.0.2.1 ~all", SPF_POLICY_VALID, 10);
}

static void test_spf_plus_all_is_invalid_all(void **state)
{
	(void)state;
	expect_policy(&no_dns, "v=spf1 +all", SPF_POLICY_INVALID_ALL, 2);
}

static void test_spf_bare_all_is_invalid_all(void **state)
{
	(void)state;
	expect_policy(&no_dns, "v=spf1 mx all", SPF_POLICY_INVALID_ALL, 2);
	expect_policy(&no_dns, "v=spf1 ALL", SPF_POLICY_INVALID_ALL, 2);
}

static void test_spf_question_all_invalid_at_top_level(void **state)
{
	(void)state;
	expect_policy(&no_dns, "v=spf1 ?all", SPF_POLICY_INVALID_ALL, 2);
}

static void test_spf_question_all_allowed_inside_include(void **state)
{
	static const struct fake_rr rr[] = {
		{ "inc.example", DNS_LOOKUP_OK, { "v=spf1 ip4:192.0.2.1 ?all" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_policy(&dns, "v=spf1 include:inc.example -all", SPF_POLICY_VALID, 10);
}

static void test_spf_empty_record_is_invalid_all(void **state)
{
	(void)state;
	expect_policy(&no_dns, "v=spf1", SPF_POLICY_INVALID_ALL, 2);
	expect_policy(&no_dns, "v=spf1   ", SPF_POLICY_INVALID_ALL, 2);
}

static void test_spf_no_all_no_redirect_is_invalid_all(void **state)
{
	(void)state;
	expect_policy(&no_dns, "v=spf1 ip4:192.0.2.1 mx", SPF_POLICY_INVALID_ALL, 2);
}

static void test_spf_include_record_needs_no_all(void **state)
{
	static const struct fake_rr rr[] = {
		{ "inc.example", DNS_LOOKUP_OK, { "v=spf1 ip4:192.0.2.1" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_policy(&dns, "v=spf1 include:inc.example -all", SPF_POLICY_VALID, 10);
}

static void test_spf_empty_include_record_is_invalid_include(void **state)
{
	static const struct fake_rr rr[] = {
		{ "inc.example", DNS_LOOKUP_OK, { "v=spf1" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	/* "v=spf1" alone is invalid_all even in an include: bad all -> 2 */
	expect_policy(&dns, "v=spf1 include:inc.example -all", SPF_POLICY_INVALID_INCLUDE, 2);
}

static void test_spf_terms_after_all_are_ignored(void **state)
{
	struct fake_dns dns = { NULL, 0, 0 };
	(void)state;
	/* the include after -all is neither counted nor followed by the walk */
	expect_policy(&dns, "v=spf1 -all include:missing.example", SPF_POLICY_VALID, 10);
	expect_policy(&dns, "v=spf1 -all +all", SPF_POLICY_VALID, 10);
}

static void test_spf_syntax_error_points_0(void **state)
{
	(void)state;
	expect_policy(&no_dns, "v=spf1 foo -all", SPF_POLICY_INVALID_SYNTAX, 0);
}

/* ---- the walk: lookup counting (§8 item 34) ---- */

static const struct fake_rr empty_inc[] = {
	{ "inc.example", DNS_LOOKUP_OK, { "v=spf1 ip4:192.0.2.1" } },
};

static void test_spf_bare_a_counted(void **state)
{
	struct fake_dns dns = FAKE(empty_inc);
	(void)state;
	/* 10 bare a + include = 11 -> entering the include with -1 left */
	expect_policy(&dns, "v=spf1 a a a a a a a a a a include:inc.example -all",
	              SPF_POLICY_MAX_DNS_LOOKUPS, 2);
	expect_policy(&dns, "v=spf1 a a a a a a a a a include:inc.example -all", SPF_POLICY_VALID, 10);
}

static void test_spf_a_with_domain_not_counted(void **state)
{
	struct fake_dns dns = FAKE(empty_inc);
	(void)state;
	expect_policy(&dns,
	              "v=spf1 a:h.example a:h.example a:h.example a:h.example a:h.example "
	              "a:h.example a:h.example a:h.example a:h.example a:h.example a:h.example "
	              "+a a/24 include:inc.example -all",
	              SPF_POLICY_VALID, 10);
}

static void test_spf_any_term_containing_mx_counted(void **state)
{
	struct fake_dns dns = FAKE(empty_inc);
	(void)state;
	/* "a:mx.example" contains "mx"; exp=ptr... contains "ptr" */
	expect_policy(&dns,
	              "v=spf1 a:mx.example a:mx.example a:mx.example a:mx.example a:mx.example "
	              "a:mx.example a:mx.example a:mx.example exists:x.example exp=ptr.example "
	              "include:inc.example -all",
	              SPF_POLICY_MAX_DNS_LOOKUPS, 2);
}

static void test_spf_many_mx_without_includes_not_flagged(void **state)
{
	(void)state;
	expect_policy(&no_dns,
	              "v=spf1 mx mx mx mx mx mx mx mx mx mx mx mx mx mx mx ptr exists:%{i}.x.example -all",
	              SPF_POLICY_VALID, 10);
}

static void test_spf_eleven_lookups_via_nested_includes_is_max_dns_lookups(void **state)
{
	/* i1 -> i2 -> ... each include costs one; i11 is entered with -1 left */
	static const struct fake_rr rr[] = {
		{ "i1.example", DNS_LOOKUP_OK, { "v=spf1 include:i2.example" } },
		{ "i2.example", DNS_LOOKUP_OK, { "v=spf1 include:i3.example" } },
		{ "i3.example", DNS_LOOKUP_OK, { "v=spf1 include:i4.example" } },
		{ "i4.example", DNS_LOOKUP_OK, { "v=spf1 include:i5.example" } },
		{ "i5.example", DNS_LOOKUP_OK, { "v=spf1 include:i6.example" } },
		{ "i6.example", DNS_LOOKUP_OK, { "v=spf1 include:i7.example" } },
		{ "i7.example", DNS_LOOKUP_OK, { "v=spf1 include:i8.example" } },
		{ "i8.example", DNS_LOOKUP_OK, { "v=spf1 include:i9.example" } },
		{ "i9.example", DNS_LOOKUP_OK, { "v=spf1 include:i10.example" } },
		{ "i10.example", DNS_LOOKUP_OK, { "v=spf1 include:i11.example" } },
		{ "i11.example", DNS_LOOKUP_OK, { "v=spf1 ip4:192.0.2.1" } },
	};
	struct fake_dns dns = FAKE(rr);
	struct spf_policy p;
	(void)state;
	assert_int_equal(spf_policy_evaluate("example.nl", "v=spf1 include:i1.example -all",
	                                     fake_lookup, &dns, &p), 0);
	assert_int_equal(p.status, SPF_POLICY_MAX_DNS_LOOKUPS);
	assert_int_equal(p.points, 2);
	/* every record on the way is bad, innermost first, the tested one last */
	assert_int_equal(p.n_bad, 11);
	assert_string_equal(p.bad[0].domain, "i10.example");
	assert_string_equal(p.bad[0].record, "v=spf1 include:i11.example");
	assert_string_equal(p.bad[10].domain, "example.nl");
	assert_int_equal(p.rfc_lookups, 11);
	spf_policy_free(&p);
}

static void test_spf_ten_lookups_via_nested_includes_is_valid(void **state)
{
	static const struct fake_rr rr[] = {
		{ "i1.example", DNS_LOOKUP_OK, { "v=spf1 include:i2.example" } },
		{ "i2.example", DNS_LOOKUP_OK, { "v=spf1 include:i3.example" } },
		{ "i3.example", DNS_LOOKUP_OK, { "v=spf1 include:i4.example" } },
		{ "i4.example", DNS_LOOKUP_OK, { "v=spf1 include:i5.example" } },
		{ "i5.example", DNS_LOOKUP_OK, { "v=spf1 include:i6.example" } },
		{ "i6.example", DNS_LOOKUP_OK, { "v=spf1 include:i7.example" } },
		{ "i7.example", DNS_LOOKUP_OK, { "v=spf1 include:i8.example" } },
		{ "i8.example", DNS_LOOKUP_OK, { "v=spf1 include:i9.example" } },
		{ "i9.example", DNS_LOOKUP_OK, { "v=spf1 include:i10.example" } },
		{ "i10.example", DNS_LOOKUP_OK, { "v=spf1 ip4:192.0.2.1" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_policy(&dns, "v=spf1 include:i1.example -all", SPF_POLICY_VALID, 10);
	/* with one more counted term at the top it is 11 */
	expect_policy(&dns, "v=spf1 mx include:i1.example -all", SPF_POLICY_MAX_DNS_LOOKUPS, 2);
}

static void test_spf_budget_shared_across_sibling_includes(void **state)
{
	static const struct fake_rr rr[] = {
		{ "a.example", DNS_LOOKUP_OK, { "v=spf1 mx mx mx mx mx mx mx mx" } },
		{ "b.example", DNS_LOOKUP_OK, { "v=spf1 ip4:192.0.2.1" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	/* 2 includes (8 left) - 8 mx in a (0 left) -> b entered with 0: fine */
	expect_policy(&dns, "v=spf1 include:a.example include:b.example -all", SPF_POLICY_VALID, 10);
	/* one more mx at the top: b entered with -1 */
	expect_policy(&dns, "v=spf1 mx include:a.example include:b.example -all",
	              SPF_POLICY_MAX_DNS_LOOKUPS, 2);
}

/* ---- the walk: include and redirect ---- */

static void test_spf_include_macro_not_followed(void **state)
{
	struct fake_dns dns = { NULL, 0, 0 };
	(void)state;
	expect_policy(&dns, "v=spf1 include:%{d}.spf.example -all", SPF_POLICY_VALID, 10);
	assert_int_equal(dns.queries, 0);
}

static void test_spf_include_dns_error_is_invalid_include_points_2(void **state)
{
	static const struct fake_rr rr[] = {
		{ "servfail.example", DNS_LOOKUP_ERROR, { NULL } },
		{ "nodata.example", DNS_LOOKUP_NODATA, { NULL } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_policy(&dns, "v=spf1 include:nxdomain.example -all", SPF_POLICY_INVALID_INCLUDE, 2);
	expect_policy(&dns, "v=spf1 include:servfail.example -all", SPF_POLICY_INVALID_INCLUDE, 2);
	expect_policy(&dns, "v=spf1 include:nodata.example -all", SPF_POLICY_INVALID_INCLUDE, 2);
}

static void test_spf_include_without_spf_record_is_invalid_include_points_0(void **state)
{
	static const struct fake_rr rr[] = {
		{ "nospf.example", DNS_LOOKUP_OK, { "some other text" } },
		{ "twospf.example", DNS_LOOKUP_OK, { "v=spf1 -all", "v=spf1 ~all" } },
		{ "syntax.example", DNS_LOOKUP_OK, { "v=spf1 bogus" } },
	};
	struct fake_dns dns = FAKE(rr);
	struct spf_policy p;
	(void)state;
	expect_policy(&dns, "v=spf1 include:nospf.example -all", SPF_POLICY_INVALID_INCLUDE, 0);
	expect_policy(&dns, "v=spf1 include:twospf.example -all", SPF_POLICY_INVALID_INCLUDE, 0);
	expect_policy(&dns, "v=spf1 include:syntax.example -all", SPF_POLICY_INVALID_INCLUDE, 0);
	/* the include without a record is listed with a NULL record */
	assert_int_equal(spf_policy_evaluate("example.nl", "v=spf1 include:nospf.example -all",
	                                     fake_lookup, &dns, &p), 0);
	assert_int_equal(p.n_bad, 2);
	assert_string_equal(p.bad[0].domain, "nospf.example");
	assert_null(p.bad[0].record);
	assert_string_equal(p.bad[1].record, "v=spf1 include:nospf.example -all");
	spf_policy_free(&p);
}

static void test_spf_include_with_bad_all_points_2(void **state)
{
	static const struct fake_rr rr[] = {
		{ "plus.example", DNS_LOOKUP_OK, { "v=spf1 +all" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_policy(&dns, "v=spf1 include:plus.example -all", SPF_POLICY_INVALID_INCLUDE, 2);
}

static void test_spf_nested_include_failure_keeps_inner_points(void **state)
{
	static const struct fake_rr rr[] = {
		{ "outer.example", DNS_LOOKUP_OK, { "v=spf1 include:inner.example" } },
		{ "inner.example", DNS_LOOKUP_OK, { "v=spf1 bogus" } },
	};
	struct fake_dns dns = FAKE(rr);
	struct spf_policy p;
	(void)state;
	assert_int_equal(spf_policy_evaluate("example.nl", "v=spf1 include:outer.example -all",
	                                     fake_lookup, &dns, &p), 0);
	assert_int_equal(p.status, SPF_POLICY_INVALID_INCLUDE);
	assert_int_equal(p.points, 0);
	assert_int_equal(p.n_bad, 3);
	assert_string_equal(p.bad[0].domain, "inner.example");
	assert_string_equal(p.bad[1].domain, "outer.example");
	assert_string_equal(p.bad[2].domain, "example.nl");
	spf_policy_free(&p);
}

static void test_spf_include_failure_stops_the_walk(void **state)
{
	static const struct fake_rr rr[] = {
		{ "a.example", DNS_LOOKUP_OK, { "v=spf1 bogus" } },
		{ "b.example", DNS_LOOKUP_ERROR, { NULL } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	/* a's syntax error (0 points) stands: b (which would give 2) is not followed */
	expect_policy(&dns, "v=spf1 include:a.example include:b.example -all",
	              SPF_POLICY_INVALID_INCLUDE, 0);
}

static void test_spf_include_target_is_text_between_colons(void **state)
{
	static const struct fake_rr rr[] = {
		{ "a.example", DNS_LOOKUP_OK, { "v=spf1 ip4:192.0.2.1" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	/* term.split(":")[1]: "a.example", not "a.example:b.example" */
	expect_policy(&dns, "v=spf1 include:a.example:b.example -all", SPF_POLICY_VALID, 10);
	/* mixed case: the walk lowercases the term */
	expect_policy(&dns, "v=spf1 INCLUDE:A.Example -all", SPF_POLICY_VALID, 10);
}

static void test_spf_redirect_without_all_is_valid(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_spf.example", DNS_LOOKUP_OK, { "v=spf1 ip4:192.0.2.1 -all" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_policy(&dns, "v=spf1 redirect=_spf.example", SPF_POLICY_VALID, 10);
}

static void test_spf_redirect_missing_is_invalid_redirect(void **state)
{
	(void)state;
	expect_policy(&no_dns, "v=spf1 redirect=missing.example", SPF_POLICY_INVALID_REDIRECT, 2);
}

static void test_spf_redirect_syntax_error_points_0(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_spf.example", DNS_LOOKUP_OK, { "v=spf1 ip4:192.0.2.300 -all" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_policy(&dns, "v=spf1 redirect=_spf.example", SPF_POLICY_INVALID_REDIRECT, 0);
}

static void test_spf_redirect_target_question_all_is_invalid(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_spf.example", DNS_LOOKUP_OK, { "v=spf1 ?all" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	/* a redirect target is judged as a top-level record */
	expect_policy(&dns, "v=spf1 redirect=_spf.example", SPF_POLICY_INVALID_REDIRECT, 2);
}

static void test_spf_redirect_ignored_when_all_present(void **state)
{
	struct fake_dns dns = { NULL, 0, 0 };
	(void)state;
	expect_policy(&dns, "v=spf1 redirect=missing.example -all", SPF_POLICY_VALID, 10);
	assert_int_equal(dns.queries, 0);
}

static void test_spf_only_first_redirect_followed(void **state)
{
	static const struct fake_rr rr[] = {
		{ "one.example", DNS_LOOKUP_OK, { "v=spf1 -all" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_policy(&dns, "v=spf1 redirect=one.example redirect=missing.example", SPF_POLICY_VALID, 10);
	assert_int_equal(dns.queries, 1);
}

static void test_spf_includes_followed_before_redirect(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_spf.example", DNS_LOOKUP_OK, { "v=spf1 -all" } },
	};
	struct fake_dns dns = FAKE(rr);
	struct spf_policy p;
	(void)state;
	/* the redirect comes first in the text, the include is still followed first */
	assert_int_equal(spf_policy_evaluate("example.nl",
	                                     "v=spf1 redirect=_spf.example include:missing.example",
	                                     fake_lookup, &dns, &p), 0);
	assert_int_equal(p.status, SPF_POLICY_INVALID_INCLUDE);
	spf_policy_free(&p);
}

static void test_spf_redirect_in_include_uses_own_budget_rules(void **state)
{
	static const struct fake_rr rr[] = {
		{ "inc.example", DNS_LOOKUP_OK, { "v=spf1 redirect=red.example" } },
		{ "red.example", DNS_LOOKUP_OK, { "v=spf1 ?all" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	/* the redirect target of an include is not an include: ?all is bad */
	expect_policy(&dns, "v=spf1 include:inc.example -all", SPF_POLICY_INVALID_INCLUDE, 2);
}

/* ---- RFC 7208 §4.6.4 count ---- */

static void test_spf_rfc_lookup_count(void **state)
{
	static const struct fake_rr rr[] = {
		{ "inc.example", DNS_LOOKUP_OK, { "v=spf1 a:x.example mx ip4:192.0.2.1" } },
		{ "red.example", DNS_LOOKUP_OK, { "v=spf1 ptr exists:y.example -all" } },
	};
	struct fake_dns dns = FAKE(rr);
	struct spf_policy p;
	(void)state;
	/* a:h (1) include (1) + inc: a (1) mx (1) + redirect (1) + red: ptr (1) exists (1) */
	assert_int_equal(spf_policy_evaluate("example.nl",
	                                     "v=spf1 a:h.example include:inc.example redirect=red.example",
	                                     fake_lookup, &dns, &p), 0);
	assert_int_equal(p.rfc_lookups, 7);
	assert_false(p.rfc_lookups_capped);
	spf_policy_free(&p);
}

static void test_spf_rfc_lookup_count_include_loop_capped(void **state)
{
	static const struct fake_rr rr[] = {
		{ "loop.example", DNS_LOOKUP_OK, { "v=spf1 include:loop.example -all" } },
	};
	struct fake_dns dns = FAKE(rr);
	struct spf_policy p;
	(void)state;
	assert_int_equal(spf_policy_evaluate("example.nl", "v=spf1 include:loop.example -all",
	                                     fake_lookup, &dns, &p), 0);
	assert_int_equal(p.status, SPF_POLICY_MAX_DNS_LOOKUPS);
	assert_true(p.rfc_lookups_capped);
	assert_true(p.rfc_lookups > 10);
	/* each name is asked once per evaluation */
	assert_int_equal(dns.queries, 1);
	spf_policy_free(&p);
}

/* ---- the RFC 7208 §4.6.4 tree (issue 22 item 4) ---- */

static json_int_t node_int(const json_t *node, const char *key)
{
	return json_integer_value(json_object_get(node, key));
}

static void test_spf_rfc_tree_each_branch_costs_its_lookups(void **state)
{
	static const struct fake_rr rr[] = {
		{ "inc.example", DNS_LOOKUP_OK, { "v=spf1 a:x.example mx ip4:192.0.2.1" } },
		{ "red.example", DNS_LOOKUP_OK, { "v=spf1 ptr exists:y.example -all" } },
	};
	struct fake_dns dns = FAKE(rr);
	struct spf_policy p;
	const json_t *t, *inc, *red;
	(void)state;
	assert_int_equal(spf_policy_evaluate("example.nl",
	                                     "v=spf1 a:h.example include:inc.example redirect=red.example",
	                                     fake_lookup, &dns, &p), 0);
	t = p.rfc_tree;
	assert_non_null(t);
	assert_string_equal(json_string_value(json_object_get(t, "domain")), "example.nl");
	assert_int_equal(node_int(t, "lookups"), 3);     /* a:h, include, redirect */
	assert_int_equal(node_int(t, "total"), 7);
	assert_int_equal(node_int(t, "total"), p.rfc_lookups);
	assert_int_equal(json_array_size(json_object_get(t, "children")), 2);
	inc = json_array_get(json_object_get(t, "children"), 0);
	red = json_array_get(json_object_get(t, "children"), 1);
	assert_string_equal(json_string_value(json_object_get(inc, "via")), "include:inc.example");
	assert_string_equal(json_string_value(json_object_get(inc, "record")),
	                    "v=spf1 a:x.example mx ip4:192.0.2.1");
	assert_int_equal(node_int(inc, "total"), 2);
	assert_string_equal(json_string_value(json_object_get(red, "via")), "redirect=red.example");
	assert_int_equal(node_int(red, "total"), 2);
	assert_int_equal(node_int(t, "void_lookups"), 0);
	spf_policy_free(&p);
	assert_null(p.rfc_tree);
}

static void test_spf_rfc_tree_names_the_include_over_ten(void **state)
{
	static const struct fake_rr rr[] = {
		{ "big.example", DNS_LOOKUP_OK, { "v=spf1 mx a mx a mx a mx a include:deep.example ~all" } },
		{ "deep.example", DNS_LOOKUP_OK, { "v=spf1 a a ip6:2001:db8::1 -all" } },
		{ "small.example", DNS_LOOKUP_OK, { "v=spf1 ip4:192.0.2.0/24 -all" } },
	};
	struct fake_dns dns = FAKE(rr);
	struct spf_policy p;
	const json_t *big;
	(void)state;
	assert_int_equal(spf_policy_evaluate("example.nl", "v=spf1 include:small.example include:big.example -all",
	                                     fake_lookup, &dns, &p), 0);
	assert_int_equal(p.status, SPF_POLICY_MAX_DNS_LOOKUPS);
	/* 2 here + big: 8 + include 1 + deep: 2 = 13; small costs nothing below itself */
	assert_int_equal(node_int(p.rfc_tree, "total"), 13);
	assert_int_equal(node_int(json_array_get(json_object_get(p.rfc_tree, "children"), 0), "total"), 0);
	big = json_array_get(json_object_get(p.rfc_tree, "children"), 1);
	assert_int_equal(node_int(big, "lookups"), 9);
	assert_int_equal(node_int(big, "total"), 11);
	assert_int_equal(node_int(json_array_get(json_object_get(big, "children"), 0), "total"), 2);
	spf_policy_free(&p);
}

static void test_spf_rfc_tree_void_lookups_nxdomain_and_nodata(void **state)
{
	static const struct fake_rr rr[] = {
		{ "nodata.example", DNS_LOOKUP_NODATA, { NULL } },
		{ "notspf.example", DNS_LOOKUP_OK, { "hello" } },
		{ "fail.example", DNS_LOOKUP_ERROR, { NULL } },
	};
	struct fake_dns dns = FAKE(rr);
	struct spf_policy p;
	const json_t *c;
	(void)state;
	assert_int_equal(spf_policy_evaluate("example.nl",
	                                     "v=spf1 include:nx.example include:nodata.example "
	                                     "include:notspf.example include:fail.example include:%{d}.example -all",
	                                     fake_lookup, &dns, &p), 0);
	c = json_object_get(p.rfc_tree, "children");
	assert_int_equal(json_array_size(c), 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(c, 0), "error")), "nxdomain");
	assert_string_equal(json_string_value(json_object_get(json_array_get(c, 1), "error")), "nodata");
	assert_string_equal(json_string_value(json_object_get(json_array_get(c, 2), "error")),
	                    "no-single-spf-record");
	assert_string_equal(json_string_value(json_object_get(json_array_get(c, 3), "error")), "dns-error");
	assert_string_equal(json_string_value(json_object_get(json_array_get(c, 4), "error")), "macro");
	/* NXDOMAIN and no answer are void; a TXT without SPF and a failure are not */
	assert_int_equal(p.rfc_void_lookups, 2);
	assert_int_equal(node_int(p.rfc_tree, "void_lookups"), 2);
	assert_int_equal(node_int(p.rfc_tree, "total"), 5);
	spf_policy_free(&p);
}

/* ---- the whole SPF part ---- */

static void test_spf_check_record_points(void **state)
{
	static const struct fake_rr rr[] = {
		{ "example.nl", DNS_LOOKUP_OK, { "v=spf1 -all", "other" } },
		{ "two.example", DNS_LOOKUP_OK, { "v=spf1 -all", "v=spf1 ~all" } },
		{ "fail.example", DNS_LOOKUP_ERROR, { NULL } },
	};
	struct fake_dns dns = FAKE(rr);
	struct spf_result r;
	(void)state;
	assert_int_equal(spf_check("example.nl", fake_lookup, &dns, &r), 0);
	assert_true(r.available);
	assert_int_equal(r.points, 10);
	assert_string_equal(r.record, "v=spf1 -all");
	assert_int_equal(r.policy.status, SPF_POLICY_VALID);
	assert_int_equal(r.policy.points, 10);
	spf_result_free(&r);
	assert_int_equal(spf_check("two.example", fake_lookup, &dns, &r), 0);
	assert_false(r.available);
	assert_int_equal(r.points, 0);
	assert_int_equal(r.policy.points, 0);
	spf_result_free(&r);
	assert_int_equal(spf_check("fail.example", fake_lookup, &dns, &r), 0);
	assert_false(r.available);
	assert_int_equal(r.lookup_rc, DNS_LOOKUP_ERROR);
	spf_result_free(&r);
}

static void test_spf_policy_status_names(void **state)
{
	(void)state;
	assert_string_equal(spf_policy_status_name(SPF_POLICY_VALID), "valid");
	assert_string_equal(spf_policy_status_name(SPF_POLICY_INVALID_SYNTAX), "invalid_syntax");
	assert_string_equal(spf_policy_status_name(SPF_POLICY_MAX_DNS_LOOKUPS), "max_dns_lookups");
	assert_string_equal(spf_policy_status_name(SPF_POLICY_INVALID_ALL), "invalid_all");
	assert_string_equal(spf_policy_status_name(SPF_POLICY_INVALID_INCLUDE), "invalid_include");
	assert_string_equal(spf_policy_status_name(SPF_POLICY_INVALID_REDIRECT), "invalid_redirect");
}

static void test_spf_non_sending_pattern(void **state)
{
	(void)state;
	assert_true(spf_matches_non_sending_pattern("v=spf1 -all"));
	assert_true(spf_matches_non_sending_pattern("v=spf1   -all"));
	assert_true(spf_matches_non_sending_pattern("v=spf1 -all;"));
	assert_true(spf_matches_non_sending_pattern("v=spf1 exp=why.example -all"));
	assert_true(spf_matches_non_sending_pattern("v=spf1 -all exp=why.example"));
	assert_true(spf_matches_non_sending_pattern("v=spf1 -all; exp=why.example"));
	assert_false(spf_matches_non_sending_pattern("v=spf1 -all "));
	assert_false(spf_matches_non_sending_pattern("v=spf1 ~all"));
	assert_false(spf_matches_non_sending_pattern("V=SPF1 -all"));
	assert_false(spf_matches_non_sending_pattern("v=spf1 -ALL"));
	assert_false(spf_matches_non_sending_pattern("v=spf1 mx -all"));
	assert_false(spf_matches_non_sending_pattern("v=spf1 -all mx"));
	assert_false(spf_matches_non_sending_pattern("v=spf1-all"));
	assert_false(spf_matches_non_sending_pattern("v=spf1 exp= -all"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spf_select_record_exactly_one),
		cmocka_unit_test(test_spf_select_record_none_or_two_is_none),
		cmocka_unit_test(test_spf_select_record_prefix_only),
		cmocka_unit_test(test_spf_syntax_valid_records),
		cmocka_unit_test(test_spf_version_spf10_is_syntax_error),
		cmocka_unit_test(test_spf_unknown_mechanism_is_syntax_error),
		cmocka_unit_test(test_spf_ip4_octets_validated),
		cmocka_unit_test(test_spf_ip6_must_parse),
		cmocka_unit_test(test_spf_macros_in_domain_spec),
		cmocka_unit_test(test_spf_domain_spec_must_end_in_toplabel),
		cmocka_unit_test(test_spf_dual_cidr_length),
		cmocka_unit_test(test_spf_modifiers),
		cmocka_unit_test(test_spf_tab_is_a_space),
		cmocka_unit_test(test_spf_parse_terms),
		cmocka_unit_test(test_spf_minus_and_tilde_all_are_valid),
		cmocka_unit_test(test_spf_plus_all_is_invalid_all),
		cmocka_unit_test(test_spf_bare_all_is_invalid_all),
		cmocka_unit_test(test_spf_question_all_invalid_at_top_level),
		cmocka_unit_test(test_spf_question_all_allowed_inside_include),
		cmocka_unit_test(test_spf_empty_record_is_invalid_all),
		cmocka_unit_test(test_spf_no_all_no_redirect_is_invalid_all),
		cmocka_unit_test(test_spf_include_record_needs_no_all),
		cmocka_unit_test(test_spf_empty_include_record_is_invalid_include),
		cmocka_unit_test(test_spf_terms_after_all_are_ignored),
		cmocka_unit_test(test_spf_syntax_error_points_0),
		cmocka_unit_test(test_spf_bare_a_counted),
		cmocka_unit_test(test_spf_a_with_domain_not_counted),
		cmocka_unit_test(test_spf_any_term_containing_mx_counted),
		cmocka_unit_test(test_spf_many_mx_without_includes_not_flagged),
		cmocka_unit_test(test_spf_eleven_lookups_via_nested_includes_is_max_dns_lookups),
		cmocka_unit_test(test_spf_ten_lookups_via_nested_includes_is_valid),
		cmocka_unit_test(test_spf_budget_shared_across_sibling_includes),
		cmocka_unit_test(test_spf_include_macro_not_followed),
		cmocka_unit_test(test_spf_include_dns_error_is_invalid_include_points_2),
		cmocka_unit_test(test_spf_include_without_spf_record_is_invalid_include_points_0),
		cmocka_unit_test(test_spf_include_with_bad_all_points_2),
		cmocka_unit_test(test_spf_nested_include_failure_keeps_inner_points),
		cmocka_unit_test(test_spf_include_failure_stops_the_walk),
		cmocka_unit_test(test_spf_include_target_is_text_between_colons),
		cmocka_unit_test(test_spf_redirect_without_all_is_valid),
		cmocka_unit_test(test_spf_redirect_missing_is_invalid_redirect),
		cmocka_unit_test(test_spf_redirect_syntax_error_points_0),
		cmocka_unit_test(test_spf_redirect_target_question_all_is_invalid),
		cmocka_unit_test(test_spf_redirect_ignored_when_all_present),
		cmocka_unit_test(test_spf_only_first_redirect_followed),
		cmocka_unit_test(test_spf_includes_followed_before_redirect),
		cmocka_unit_test(test_spf_redirect_in_include_uses_own_budget_rules),
		cmocka_unit_test(test_spf_rfc_lookup_count),
		cmocka_unit_test(test_spf_rfc_lookup_count_include_loop_capped),
		cmocka_unit_test(test_spf_rfc_tree_each_branch_costs_its_lookups),
		cmocka_unit_test(test_spf_rfc_tree_names_the_include_over_ten),
		cmocka_unit_test(test_spf_rfc_tree_void_lookups_nxdomain_and_nodata),
		cmocka_unit_test(test_spf_check_record_points),
		cmocka_unit_test(test_spf_policy_status_names),
		cmocka_unit_test(test_spf_non_sending_pattern),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
