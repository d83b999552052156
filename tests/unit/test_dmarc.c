/* test_dmarc.c -- DMARC grammar and rules, DKIM and the non-sending-domain rule
 * (spec §3.9, §8 items 31-33). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "checks/dmarc.h"

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
	char last[512];
};

static int fake_lookup(void *ctx, const char *name, struct txt_set *out)
{
	struct fake_dns *dns = ctx;

	dns->queries++;
	snprintf(dns->last, sizeof(dns->last), "%s", name);
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

#define FAKE(table) { (table), sizeof(table) / sizeof((table)[0]), 0, "" }

static void expect_syntax(const char *record, bool valid)
{
	if (dmarc_record_is_valid(record) != valid)
		fail_msg("\"%s\" should be %s", record, valid ? "valid" : "a syntax error");
}

/* Check `domain` against `dns`: policy status and both point values. */
static void expect_dmarc(struct fake_dns *dns, const char *domain, bool available,
                         enum dmarc_policy_status status, int policy_points)
{
	struct dmarc_result r;

	assert_int_equal(dmarc_check(domain, NULL, fake_lookup, dns, &r), 0);
	assert_int_equal(r.available, available);
	assert_int_equal(r.points, available ? 10 : 0);
	if (available && r.policy_status != status)
		fail_msg("%s: %s, expected %s", domain, dmarc_policy_status_name(r.policy_status),
		         dmarc_policy_status_name(status));
	assert_int_equal(r.policy_points, policy_points);
	dmarc_result_free(&r);
}

/* ---- record selection ---- */

static void test_dmarc_select_exactly_one(void **state)
{
	struct txt_set set = { NULL, 0, 0 };
	size_t n;
	(void)state;
	txt_set_add(&set, "something else");
	txt_set_add(&set, "v=dmarc1; p=reject");   /* selected case-insensitively */
	assert_int_equal(dmarc_select_record(&set, &n), 1);
	assert_int_equal(n, 1);
	txt_set_add(&set, "V=DMARC1; p=none");
	assert_int_equal(dmarc_select_record(&set, &n), -2);
	assert_int_equal(n, 2);
	txt_set_clear(&set);
	assert_int_equal(dmarc_select_record(&set, &n), -1);
}

/* ---- grammar (spec §3.9, §8 item 32) ---- */

static void test_dmarc_valid_records(void **state)
{
	(void)state;
	expect_syntax("v=DMARC1; p=reject", true);
	expect_syntax("v=DMARC1;p=reject;", true);
	expect_syntax("v=DMARC1 ; p = quarantine ; ", true);
	expect_syntax("V=DMARC1; P=REJECT", true);           /* the key and tags are caseless */
	expect_syntax("v=DMARC1; p=none; sp=reject; np=quarantine; psd=n; t=y; "
	              "rua=mailto:a@example.nl; ruf=mailto:f@example.nl; adkim=s; aspf=r; "
	              "ri=86400; fo=0:1:d:s; rf=afrf; pct=100", true);
	expect_syntax("v=DMARC1; p=reject; pct=50; adkim=r; sp=none", true);   /* any order after p */
	expect_syntax("v=DMARC1;", true);
	expect_syntax("v=DMARC1;;sp=none", true);   /* no p: the first tag needs a second ';' */
}

static void test_dmarc_lowercase_value_is_syntax_error(void **state)
{
	(void)state;
	expect_syntax("v=dmarc1; p=reject", false);
	expect_syntax("v=Dmarc1; p=reject", false);
}

static void test_dmarc_p_not_first_is_syntax_error(void **state)
{
	(void)state;
	expect_syntax("v=DMARC1; sp=reject; p=reject", false);
	expect_syntax("v=DMARC1; rua=mailto:a@example.nl; p=reject", false);
	/* without p= the first tag is not reachable through a single ';' either */
	expect_syntax("v=DMARC1; sp=reject", false);
}

static void test_dmarc_without_semicolon_is_syntax_error(void **state)
{
	(void)state;
	expect_syntax("v=DMARC1", false);
	expect_syntax("v=DMARC1 p=reject", false);
}

static void test_dmarc_unknown_tag_is_syntax_error(void **state)
{
	(void)state;
	expect_syntax("v=DMARC1; p=reject; foo=bar", false);
	expect_syntax("v=DMARC1; p=reject; x", false);
}

static void test_dmarc_duplicate_tag_is_syntax_error(void **state)
{
	(void)state;
	expect_syntax("v=DMARC1; p=reject; sp=none; sp=none", false);
	expect_syntax("v=DMARC1; p=reject; p=reject", false);
}

static void test_dmarc_separators(void **state)
{
	(void)state;
	expect_syntax("v=DMARC1; p=reject;", true);
	expect_syntax("v=DMARC1; p=reject ", false);     /* a trailing space needs a ';' */
	expect_syntax("v=DMARC1; p=reject;;", false);
	expect_syntax("v=DMARC1;\tp=reject", true);      /* tabs are expanded to spaces */
	expect_syntax(" v=DMARC1; p=reject", false);
}

static void test_dmarc_tag_values(void **state)
{
	(void)state;
	expect_syntax("v=DMARC1; p=rejected", false);
	expect_syntax("v=DMARC1; p=reject; psd=u", true);
	expect_syntax("v=DMARC1; p=reject; psd=x", false);
	expect_syntax("v=DMARC1; p=reject; t=n", true);
	expect_syntax("v=DMARC1; p=reject; t=u", false);
	expect_syntax("v=DMARC1; p=reject; adkim=x", false);
	expect_syntax("v=DMARC1; p=reject; fo=1 : d", true);
	expect_syntax("v=DMARC1; p=reject; fo=2", false);
	expect_syntax("v=DMARC1; p=reject; rf=afrf:iodef", true);
	expect_syntax("v=DMARC1; p=reject; rf=afrf-", false);
	expect_syntax("v=DMARC1; p=reject; pct=999", true);
	expect_syntax("v=DMARC1; p=reject; pct=1000", false);
	expect_syntax("v=DMARC1; p=reject; ri=", false);
	expect_syntax("v=DMARC1; p=reject; ri=1d", false);
}

static void test_dmarc_uri_needs_scheme(void **state)
{
	(void)state;
	expect_syntax("v=DMARC1; p=reject; rua=a@example.nl", false);
	expect_syntax("v=DMARC1; p=reject; rua=mailto:a@example.nl", true);
	expect_syntax("v=DMARC1; p=reject; rua=https://example.nl/report", true);
	expect_syntax("v=DMARC1; p=reject; rua=1x:a@example.nl", false);
	expect_syntax("v=DMARC1; p=reject; rua=mailto:a@example.nl, b@example.nl", false);
}

static void test_dmarc_uri_size_suffix_at_most_one(void **state)
{
	(void)state;
	expect_syntax("v=DMARC1; p=reject; rua=mailto:a@example.nl!10m", true);
	expect_syntax("v=DMARC1; p=reject; rua=mailto:a@example.nl!10", true);
	expect_syntax("v=DMARC1; p=reject; rua=mailto:a@example.nl!1!2", false);
	expect_syntax("v=DMARC1; p=reject; rua=mailto:a@example.nl!m", false);
	expect_syntax("v=DMARC1; p=reject; rua=mailto:a@example.nl!", false);
}

static void test_dmarc_uri_brackets_checked_as_python(void **state)
{
	(void)state;
	expect_syntax("v=DMARC1; p=reject; rua=https://[2001:db8::1]/r", true);
	expect_syntax("v=DMARC1; p=reject; rua=https://[192.0.2.1]/r", false);
	expect_syntax("v=DMARC1; p=reject; rua=https://[2001:db8::1/r", false);
}

static void test_dmarc_report_hosts(void **state)
{
	struct dmarc_record rec;
	(void)state;
	assert_int_equal(dmarc_record_parse("v=DMARC1; p=reject; rua=mailto:a@Example.NL.!10m , "
	                                    "https://r.example.com/x; ruf=mailto:f@ext.example.org",
	                                    &rec), 0);
	assert_int_equal(rec.n_hosts, 2);   /* the https URI has an authority: skipped */
	assert_string_equal(rec.hosts[0], "example.nl");
	assert_string_equal(rec.hosts[1], "ext.example.org");
	dmarc_record_free(&rec);
}

static void test_dmarc_report_hosts_value_cut_at_equals(void **state)
{
	struct dmarc_record rec;
	(void)state;
	/* internet.nl splits "rua=..." on '=': the URIs after one with '=' are lost */
	assert_int_equal(dmarc_record_parse("v=DMARC1; p=reject; "
	                                    "rua=mailto:a@one.example?subject=x,mailto:b@two.example",
	                                    &rec), 0);
	assert_int_equal(rec.n_hosts, 1);
	assert_string_equal(rec.hosts[0], "one.example");
	dmarc_record_free(&rec);
}

static void test_dmarc_parsed_values(void **state)
{
	struct dmarc_record rec;
	(void)state;
	assert_int_equal(dmarc_record_parse("v=DMARC1; p=Quarantine; sp=none; t=Y; pct=20", &rec), 0);
	assert_true(rec.has_p);
	assert_int_equal(rec.p, DMARC_REQUEST_QUARANTINE);
	assert_true(rec.has_sp);
	assert_int_equal(rec.sp, DMARC_REQUEST_NONE);
	assert_int_equal(rec.t, 'y');
	assert_int_equal(rec.pct, 20);
	dmarc_record_free(&rec);
}

/* ---- policy sufficiency ---- */

static enum dmarc_policy_status sufficiency(const char *record, bool is_org)
{
	struct dmarc_record rec;
	enum dmarc_policy_status s;

	if (dmarc_record_parse(record, &rec) != 0)
		return dmarc_policy_sufficiency(NULL, is_org);
	s = dmarc_policy_sufficiency(&rec, is_org);
	dmarc_record_free(&rec);
	return s;
}

static void test_dmarc_policy_none_is_invalid_p_sp(void **state)
{
	(void)state;
	assert_int_equal(sufficiency("v=DMARC1; p=none", false), DMARC_POLICY_INVALID_P_SP);
	assert_int_equal(sufficiency("v=DMARC1; p=quarantine", false), DMARC_POLICY_VALID);
	assert_int_equal(sufficiency("v=DMARC1; p=reject", false), DMARC_POLICY_VALID);
}

static void test_dmarc_missing_p_is_invalid_p_sp(void **state)
{
	(void)state;
	assert_int_equal(sufficiency("v=DMARC1;", false), DMARC_POLICY_INVALID_P_SP);
	assert_int_equal(sufficiency("v=DMARC1;;sp=reject", false), DMARC_POLICY_INVALID_P_SP);
	assert_int_equal(sufficiency("v=DMARC1;;sp=reject", true), DMARC_POLICY_VALID);
}

static void test_dmarc_quarantine_in_test_mode_is_invalid_p_sp(void **state)
{
	(void)state;
	assert_int_equal(sufficiency("v=DMARC1; p=quarantine; t=y", false), DMARC_POLICY_INVALID_P_SP);
	assert_int_equal(sufficiency("v=DMARC1; p=quarantine; t=n", false), DMARC_POLICY_VALID);
}

static void test_dmarc_reject_in_test_mode_is_valid(void **state)
{
	(void)state;
	assert_int_equal(sufficiency("v=DMARC1; p=reject; t=y", false), DMARC_POLICY_VALID);
}

static void test_dmarc_sp_ignored_for_own_record(void **state)
{
	(void)state;
	assert_int_equal(sufficiency("v=DMARC1; p=reject; sp=none", false), DMARC_POLICY_VALID);
	assert_int_equal(sufficiency("v=DMARC1; p=none; sp=reject", false), DMARC_POLICY_INVALID_P_SP);
}

static void test_dmarc_syntax_error_is_invalid_syntax(void **state)
{
	(void)state;
	assert_int_equal(sufficiency("v=dmarc1; p=reject", false), DMARC_POLICY_INVALID_SYNTAX);
}

/* ---- discovery and the whole check ---- */

static void test_dmarc_check_valid_record_points(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.example.nl", DNS_LOOKUP_OK, { "v=spf1 -all", "v=DMARC1; p=reject" } },
	};
	struct fake_dns dns = FAKE(rr);
	struct dmarc_result r;
	(void)state;
	assert_int_equal(dmarc_check("Example.NL.", NULL, fake_lookup, &dns, &r), 0);
	assert_true(r.available);
	assert_string_equal(r.record, "v=DMARC1; p=reject");
	assert_null(r.org_domain);
	assert_string_equal(r.policy_domain, "example.nl");
	assert_int_equal(r.policy_status, DMARC_POLICY_VALID);
	assert_int_equal(r.points, 10);
	assert_int_equal(r.policy_points, 10);
	dmarc_result_free(&r);
}

static void test_dmarc_points_per_status(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.syntax.nl", DNS_LOOKUP_OK, { "v=DMARC1; p=reject; foo=bar" } },
		{ "_dmarc.none.nl", DNS_LOOKUP_OK, { "v=DMARC1; p=none" } },
		{ "_dmarc.lower.nl", DNS_LOOKUP_OK, { "v=dmarc1; p=reject" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_dmarc(&dns, "syntax.nl", true, DMARC_POLICY_INVALID_SYNTAX, 0);
	expect_dmarc(&dns, "none.nl", true, DMARC_POLICY_INVALID_P_SP, 2);
	/* selected case-insensitively (record points 10), then a syntax error */
	expect_dmarc(&dns, "lower.nl", true, DMARC_POLICY_INVALID_SYNTAX, 0);
	expect_dmarc(&dns, "absent.nl", false, DMARC_POLICY_VALID, 0);
}

static void test_dmarc_two_records_fail_without_fallback(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.sub.example.nl", DNS_LOOKUP_OK, { "v=DMARC1; p=reject", "v=DMARC1; p=none" } },
		{ "_dmarc.example.nl", DNS_LOOKUP_OK, { "v=DMARC1; p=reject" } },
	};
	struct fake_dns dns = FAKE(rr);
	struct dmarc_result r;
	(void)state;
	assert_int_equal(dmarc_check("sub.example.nl", NULL, fake_lookup, &dns, &r), 0);
	assert_false(r.available);
	assert_int_equal(r.n_found, 2);
	assert_int_equal(r.points, 0);
	assert_int_equal(dns.queries, 1);
	dmarc_result_free(&r);
}

static void test_dmarc_org_domain_fallback_on_nxdomain_nodata_and_no_record(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.nodata.example.nl", DNS_LOOKUP_NODATA, { NULL } },
		{ "_dmarc.other.example.nl", DNS_LOOKUP_OK, { "not dmarc" } },
		{ "_dmarc.example.nl", DNS_LOOKUP_OK, { "v=DMARC1; p=reject" } },
	};
	struct fake_dns dns = FAKE(rr);
	const char *domains[] = { "nx.example.nl", "nodata.example.nl", "other.example.nl" };
	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct dmarc_result r;
		assert_int_equal(dmarc_check(domains[i], NULL, fake_lookup, &dns, &r), 0);
		assert_true(r.available);
		assert_string_equal(r.org_domain, "example.nl");
		assert_string_equal(r.policy_domain, "example.nl");
		assert_int_equal(r.policy_status, DMARC_POLICY_VALID);
		dmarc_result_free(&r);
	}
}

static void test_dmarc_no_fallback_on_dns_error(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.sub.example.nl", DNS_LOOKUP_ERROR, { NULL } },
		{ "_dmarc.example.nl", DNS_LOOKUP_OK, { "v=DMARC1; p=reject" } },
	};
	struct fake_dns dns = FAKE(rr);
	struct dmarc_result r;
	(void)state;
	assert_int_equal(dmarc_check("sub.example.nl", NULL, fake_lookup, &dns, &r), 0);
	assert_false(r.available);
	assert_int_equal(r.lookup_rc, DNS_LOOKUP_ERROR);
	assert_int_equal(dns.queries, 1);
	dmarc_result_free(&r);
}

static void test_dmarc_org_domain_uses_psl(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.example.co.uk", DNS_LOOKUP_OK, { "v=DMARC1; p=reject" } },
	};
	struct fake_dns dns = FAKE(rr);
	struct dmarc_result r;
	(void)state;
	assert_string_equal(dmarc_org_domain(NULL, "mail.example.co.uk"), "example.co.uk");
	assert_string_equal(dmarc_org_domain(NULL, "co.uk"), "");
	assert_int_equal(dmarc_check("a.b.example.co.uk", NULL, fake_lookup, &dns, &r), 0);
	assert_true(r.available);
	assert_string_equal(r.org_domain, "example.co.uk");
	assert_string_equal(dns.last, "_dmarc.example.co.uk");
	dmarc_result_free(&r);
}

static void test_dmarc_org_domain_flag_even_when_same_domain(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.example.nl", DNS_LOOKUP_NXDOMAIN, { NULL } },
	};
	struct fake_dns dns = FAKE(rr);
	struct dmarc_result r;
	(void)state;
	/* internet.nl asks _dmarc.example.nl twice and flags the second as org domain */
	assert_int_equal(dmarc_check("example.nl", NULL, fake_lookup, &dns, &r), 0);
	assert_false(r.available);
	assert_int_equal(dns.queries, 2);
	assert_string_equal(r.org_domain, "example.nl");
	dmarc_result_free(&r);
}

static void test_dmarc_org_domain_sp_is_effective(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.weak.nl", DNS_LOOKUP_OK, { "v=DMARC1; p=reject; sp=none" } },
		{ "_dmarc.strong.nl", DNS_LOOKUP_OK, { "v=DMARC1; p=none; sp=reject" } },
		{ "_dmarc.plain.nl", DNS_LOOKUP_OK, { "v=DMARC1; p=quarantine" } },
		{ "_dmarc.test.nl", DNS_LOOKUP_OK, { "v=DMARC1; p=reject; sp=quarantine; t=y" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_dmarc(&dns, "sub.weak.nl", true, DMARC_POLICY_INVALID_P_SP, 2);
	expect_dmarc(&dns, "sub.strong.nl", true, DMARC_POLICY_VALID, 10);
	expect_dmarc(&dns, "sub.plain.nl", true, DMARC_POLICY_VALID, 10);   /* no sp=: p= */
	expect_dmarc(&dns, "sub.test.nl", true, DMARC_POLICY_INVALID_P_SP, 2);
	/* the same records found directly: p= counts */
	expect_dmarc(&dns, "weak.nl", true, DMARC_POLICY_VALID, 10);
	expect_dmarc(&dns, "strong.nl", true, DMARC_POLICY_INVALID_P_SP, 2);
}

/* ---- external destinations ---- */

static void test_dmarc_external_authorised(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.example.nl", DNS_LOOKUP_OK,
		  { "v=DMARC1; p=reject; rua=mailto:d@example.nl,mailto:r@reports.example.com" } },
		{ "example.nl._report._dmarc.reports.example.com", DNS_LOOKUP_OK, { "v=DMARC1;" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_dmarc(&dns, "example.nl", true, DMARC_POLICY_VALID, 10);
	assert_string_equal(dns.last, "example.nl._report._dmarc.reports.example.com");
}

static void test_dmarc_external_not_authorised_is_warning_points_10(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.example.nl", DNS_LOOKUP_OK,
		  { "v=DMARC1; p=reject; ruf=mailto:r@Reports.Example.COM." } },
	};
	struct fake_dns dns = FAKE(rr);
	struct dmarc_result r;
	(void)state;
	assert_int_equal(dmarc_check("example.nl", NULL, fake_lookup, &dns, &r), 0);
	assert_int_equal(r.policy_status, DMARC_POLICY_INVALID_EXTERNAL);
	assert_int_equal(r.policy_points, 10);
	assert_string_equal(r.unauthorised_host, "reports.example.com");
	assert_string_equal(dmarc_policy_status_name(r.policy_status), "invalid_external");
	dmarc_result_free(&r);
}

static void test_dmarc_external_authorisation_without_semicolon_rejected(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.example.nl", DNS_LOOKUP_OK,
		  { "v=DMARC1; p=reject; rua=mailto:r@reports.example.com" } },
		{ "example.nl._report._dmarc.reports.example.com", DNS_LOOKUP_OK, { "v=DMARC1" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_dmarc(&dns, "example.nl", true, DMARC_POLICY_INVALID_EXTERNAL, 10);
}

static void test_dmarc_external_authorisation_must_be_exactly_one(void **state)
{
	struct txt_set set = { NULL, 0, 0 };
	(void)state;
	assert_false(dmarc_external_authorised(&set));
	txt_set_add(&set, "v=DMARC1;");
	txt_set_add(&set, "v=DMARC1");                      /* does not parse: ignored */
	txt_set_add(&set, "unrelated");
	assert_true(dmarc_external_authorised(&set));
	txt_set_add(&set, "v=DMARC1; rua=x");               /* parses?  no: rua needs ;; */
	assert_true(dmarc_external_authorised(&set));
	txt_set_add(&set, "v=DMARC1; p=none");
	assert_false(dmarc_external_authorised(&set));      /* two that parse */
	txt_set_clear(&set);
}

static void test_dmarc_external_dns_error_is_unauthorised(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.example.nl", DNS_LOOKUP_OK,
		  { "v=DMARC1; p=reject; rua=mailto:r@reports.example.com" } },
		{ "example.nl._report._dmarc.reports.example.com", DNS_LOOKUP_ERROR, { NULL } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_dmarc(&dns, "example.nl", true, DMARC_POLICY_INVALID_EXTERNAL, 10);
}

static void test_dmarc_external_same_org_domain_not_checked(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.example.nl", DNS_LOOKUP_OK,
		  { "v=DMARC1; p=reject; rua=mailto:dmarc@reports.example.nl" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_dmarc(&dns, "example.nl", true, DMARC_POLICY_VALID, 10);
	assert_int_equal(dns.queries, 1);
}

static void test_dmarc_external_uses_policy_domain(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.example.nl", DNS_LOOKUP_OK,
		  { "v=DMARC1; p=reject; rua=mailto:r@reports.example.com" } },
		{ "example.nl._report._dmarc.reports.example.com", DNS_LOOKUP_OK, { "v=DMARC1;" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	/* found at the org domain: D is example.nl, not sub.example.nl */
	expect_dmarc(&dns, "sub.example.nl", true, DMARC_POLICY_VALID, 10);
}

static void test_dmarc_external_not_checked_when_policy_insufficient(void **state)
{
	static const struct fake_rr rr[] = {
		{ "_dmarc.example.nl", DNS_LOOKUP_OK,
		  { "v=DMARC1; p=none; rua=mailto:r@reports.example.com" } },
	};
	struct fake_dns dns = FAKE(rr);
	(void)state;
	expect_dmarc(&dns, "example.nl", true, DMARC_POLICY_INVALID_P_SP, 2);
	assert_int_equal(dns.queries, 1);
}

/* ---- DKIM and the non-sending-domain rule ---- */

static void test_dkim_available_on_nodata(void **state)
{
	(void)state;
	assert_true(dmarc_dkim_available(DNS_LOOKUP_OK));
	assert_true(dmarc_dkim_available(DNS_LOOKUP_NODATA));
	assert_false(dmarc_dkim_available(DNS_LOOKUP_NXDOMAIN));
	assert_false(dmarc_dkim_available(DNS_LOOKUP_ERROR));
}

static void test_non_sending_domain_pattern(void **state)
{
	(void)state;
	assert_true(dmarc_matches_non_sending_pattern("v=DMARC1; p=reject", false));
	assert_true(dmarc_matches_non_sending_pattern("v=DMARC1;p=reject;", false));
	assert_true(dmarc_matches_non_sending_pattern("v=DMARC1;   p=reject; rua=mailto:a@b.nl", false));
	assert_false(dmarc_matches_non_sending_pattern("v=DMARC1; p=quarantine", false));
	assert_false(dmarc_matches_non_sending_pattern("v=DMARC1 ; p=reject", false));
	assert_false(dmarc_matches_non_sending_pattern("v=DMARC1; p=REJECT", false));
	assert_false(dmarc_matches_non_sending_pattern("V=DMARC1; p=reject", false));
}

static void test_non_sending_domain_org_pattern(void **state)
{
	(void)state;
	assert_true(dmarc_matches_non_sending_pattern("v=DMARC1; p=none; sp=reject", true));
	assert_true(dmarc_matches_non_sending_pattern("v=DMARC1; p=reject", true));
	assert_true(dmarc_matches_non_sending_pattern("v=DMARC1; p=reject; sp=reject", true));
	assert_false(dmarc_matches_non_sending_pattern("v=DMARC1; p=reject; sp=none", true));
	assert_false(dmarc_matches_non_sending_pattern("v=DMARC1; p=quarantine", true));
	/* own record: sp= plays no part */
	assert_false(dmarc_matches_non_sending_pattern("v=DMARC1; p=none; sp=reject", false));
	assert_true(dmarc_matches_non_sending_pattern("v=DMARC1; p=reject; sp=none", false));
}

static void test_non_sending_domain_rule(void **state)
{
	struct dmarc_result d = { 0 };
	struct spf_result s = { 0 };
	(void)state;
	d.available = true;
	d.record = "v=DMARC1; p=reject";
	d.policy_status = DMARC_POLICY_VALID;
	s.available = true;
	s.record = "v=spf1 -all";
	s.policy.status = SPF_POLICY_VALID;
	assert_true(dmarc_is_non_sending_domain(false, &d, &s));
	assert_false(dmarc_is_non_sending_domain(true, &d, &s));         /* DKIM present */
	d.policy_status = DMARC_POLICY_INVALID_EXTERNAL;
	assert_false(dmarc_is_non_sending_domain(false, &d, &s));        /* DMARC not valid */
	d.policy_status = DMARC_POLICY_VALID;
	s.record = "v=spf1 ip4:192.0.2.1 -all";
	assert_false(dmarc_is_non_sending_domain(false, &d, &s));        /* SPF pattern */
	s.record = "v=spf1 -all";
	d.record = "v=DMARC1; p=none; sp=reject";
	assert_false(dmarc_is_non_sending_domain(false, &d, &s));
	d.org_domain = "example.nl";                                     /* org-domain variant */
	assert_true(dmarc_is_non_sending_domain(false, &d, &s));
}

static void test_non_sending_domain_end_to_end(void **state)
{
	static const struct fake_rr rr[] = {
		{ "parked.nl", DNS_LOOKUP_OK, { "v=spf1 -all" } },
		{ "_dmarc.parked.nl", DNS_LOOKUP_OK, { "v=DMARC1; p=reject;" } },
		{ "_domainkey.parked.nl", DNS_LOOKUP_NXDOMAIN, { NULL } },
	};
	struct fake_dns dns = FAKE(rr);
	struct dmarc_result d;
	struct spf_result s;
	struct txt_set dk = { NULL, 0, 0 };
	bool dkim;
	(void)state;
	dkim = dmarc_dkim_available(fake_lookup(&dns, "_domainkey.parked.nl", &dk));
	assert_int_equal(dmarc_check("parked.nl", NULL, fake_lookup, &dns, &d), 0);
	assert_int_equal(spf_check("parked.nl", fake_lookup, &dns, &s), 0);
	assert_true(dmarc_is_non_sending_domain(dkim, &d, &s));
	dmarc_result_free(&d);
	spf_result_free(&s);
	txt_set_clear(&dk);
}

static void test_dmarc_policy_status_names(void **state)
{
	(void)state;
	assert_string_equal(dmarc_policy_status_name(DMARC_POLICY_VALID), "valid");
	assert_string_equal(dmarc_policy_status_name(DMARC_POLICY_INVALID_SYNTAX), "invalid_syntax");
	assert_string_equal(dmarc_policy_status_name(DMARC_POLICY_INVALID_P_SP), "invalid_p_sp");
	assert_string_equal(dmarc_policy_status_name(DMARC_POLICY_INVALID_EXTERNAL), "invalid_external");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dmarc_select_exactly_one),
		cmocka_unit_test(test_dmarc_valid_records),
		cmocka_unit_test(test_dmarc_lowercase_value_is_syntax_error),
		cmocka_unit_test(test_dmarc_p_not_first_is_syntax_error),
		cmocka_unit_test(test_dmarc_without_semicolon_is_syntax_error),
		cmocka_unit_test(test_dmarc_unknown_tag_is_syntax_error),
		cmocka_unit_test(test_dmarc_duplicate_tag_is_syntax_error),
		cmocka_unit_test(test_dmarc_separators),
		cmocka_unit_test(test_dmarc_tag_values),
		cmocka_unit_test(test_dmarc_uri_needs_scheme),
		cmocka_unit_test(test_dmarc_uri_size_suffix_at_most_one),
		cmocka_unit_test(test_dmarc_uri_brackets_checked_as_python),
		cmocka_unit_test(test_dmarc_report_hosts),
		cmocka_unit_test(test_dmarc_report_hosts_value_cut_at_equals),
		cmocka_unit_test(test_dmarc_parsed_values),
		cmocka_unit_test(test_dmarc_policy_none_is_invalid_p_sp),
		cmocka_unit_test(test_dmarc_missing_p_is_invalid_p_sp),
		cmocka_unit_test(test_dmarc_quarantine_in_test_mode_is_invalid_p_sp),
		cmocka_unit_test(test_dmarc_reject_in_test_mode_is_valid),
		cmocka_unit_test(test_dmarc_sp_ignored_for_own_record),
		cmocka_unit_test(test_dmarc_syntax_error_is_invalid_syntax),
		cmocka_unit_test(test_dmarc_check_valid_record_points),
		cmocka_unit_test(test_dmarc_points_per_status),
		cmocka_unit_test(test_dmarc_two_records_fail_without_fallback),
		cmocka_unit_test(test_dmarc_org_domain_fallback_on_nxdomain_nodata_and_no_record),
		cmocka_unit_test(test_dmarc_no_fallback_on_dns_error),
		cmocka_unit_test(test_dmarc_org_domain_uses_psl),
		cmocka_unit_test(test_dmarc_org_domain_flag_even_when_same_domain),
		cmocka_unit_test(test_dmarc_org_domain_sp_is_effective),
		cmocka_unit_test(test_dmarc_external_authorised),
		cmocka_unit_test(test_dmarc_external_not_authorised_is_warning_points_10),
		cmocka_unit_test(test_dmarc_external_authorisation_without_semicolon_rejected),
		cmocka_unit_test(test_dmarc_external_authorisation_must_be_exactly_one),
		cmocka_unit_test(test_dmarc_external_dns_error_is_unauthorised),
		cmocka_unit_test(test_dmarc_external_same_org_domain_not_checked),
		cmocka_unit_test(test_dmarc_external_uses_policy_domain),
		cmocka_unit_test(test_dmarc_external_not_checked_when_policy_insufficient),
		cmocka_unit_test(test_dkim_available_on_nodata),
		cmocka_unit_test(test_non_sending_domain_pattern),
		cmocka_unit_test(test_non_sending_domain_org_pattern),
		cmocka_unit_test(test_non_sending_domain_rule),
		cmocka_unit_test(test_non_sending_domain_end_to_end),
		cmocka_unit_test(test_dmarc_policy_status_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
