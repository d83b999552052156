/* test_mailauth_rules.c -- mapping DMARC/DKIM/SPF results onto the mail_auth
 * subtests, points and custom result (spec §3.9), from hand-written facts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/mailauth.h"
#include "report/score.h"
#include "tech_columns.h"

static struct report *run(struct mailauth_facts *f)
{
	struct report *r = calloc(1, sizeof(*r));
	report_init(r, TEST_MAIL, "example.nl");
	mailauth_evaluate(f, r);
	score_report(r);
	return r;
}

static void done(struct report *r)
{
	tech_assert_fits(r, false);
	report_release(r);
	free(r);
}

static void expect(const struct report *r, enum subtest_id id, enum status st, const char *verdict)
{
	assert_int_equal(score_subtest_status(r, id), st);
	assert_string_equal(score_subtest_verdict(r, id), verdict);
}

static struct mailauth_facts good(void)
{
	struct mailauth_facts f;
	memset(&f, 0, sizeof(f));
	f.dkim_rc = DNS_LOOKUP_NODATA;                  /* ENT: available (§8 item 31) */
	f.spf.available = true;
	f.spf.points = 10;
	f.spf.record = (char *)"v=spf1 mx -all";
	f.spf.policy.status = SPF_POLICY_VALID;
	f.spf.policy.points = 10;
	f.dmarc.available = true;
	f.dmarc.points = 10;
	f.dmarc.record = (char *)"v=DMARC1; p=reject; rua=mailto:d@example.nl";
	f.dmarc.policy_status = DMARC_POLICY_VALID;
	f.dmarc.policy_points = 10;
	return f;
}

static void test_all_good_is_100(void **s)
{
	(void)s;
	struct mailauth_facts f = good();
	struct report *r = run(&f);
	expect(r, SUB_MAIL_AUTH_DMARC_EXIST, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_AUTH_DMARC_POLICY, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_AUTH_DKIM_EXIST, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_AUTH_SPF_EXIST, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_AUTH_SPF_POLICY, STATUS_SUCCESS, "good");
	assert_int_equal(r->cat[CAT_MAIL_AUTH].max_points, 50);
	assert_int_equal(r->cat[CAT_MAIL_AUTH].percentage, 100);
	assert_true(json_is_false(json_object_get(r->custom, "mail_non_sending_domain")));
	done(r);
}

static void test_dkim_nxdomain_is_bad(void **s)
{
	(void)s;
	struct mailauth_facts f = good();
	f.dkim_rc = DNS_LOOKUP_NXDOMAIN;
	struct report *r = run(&f);
	expect(r, SUB_MAIL_AUTH_DKIM_EXIST, STATUS_FAIL, "bad");
	assert_int_equal(r->cat[CAT_MAIL_AUTH].percentage, 80);
	done(r);
}

static void test_no_dmarc_leaves_policy_not_tested_zero(void **s)
{
	(void)s;
	struct mailauth_facts f = good();
	f.dmarc.available = false;
	f.dmarc.points = 0;
	f.dmarc.record = NULL;
	f.dmarc.policy_points = 0;
	struct report *r = run(&f);
	expect(r, SUB_MAIL_AUTH_DMARC_EXIST, STATUS_FAIL, "bad");
	expect(r, SUB_MAIL_AUTH_DMARC_POLICY, STATUS_NOT_TESTED, "not-tested");
	assert_int_equal(r->cat[CAT_MAIL_AUTH].percentage, 60);
	assert_null(json_object_get(json_object_get(json_object_get(r->technical, "domain"), "dmarc"),
	                            "policy_status"));
	done(r);
}

static void test_dmarc_policy_outcomes(void **s)
{
	(void)s;
	static const struct { enum dmarc_policy_status st; int points; enum status status;
	                      const char *verdict; int pct; } cases[] = {
		{ DMARC_POLICY_INVALID_SYNTAX, 0, STATUS_FAIL, "bad", 80 },
		{ DMARC_POLICY_INVALID_P_SP, 2, STATUS_FAIL, "policy", 84 },
		{ DMARC_POLICY_INVALID_EXTERNAL, 10, STATUS_NOTICE, "external", 100 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mailauth_facts f = good();
		f.dmarc.policy_status = cases[i].st;
		f.dmarc.policy_points = cases[i].points;
		struct report *r = run(&f);
		expect(r, SUB_MAIL_AUTH_DMARC_POLICY, cases[i].status, cases[i].verdict);
		assert_int_equal(r->cat[CAT_MAIL_AUTH].percentage, cases[i].pct);
		done(r);
	}
}

static void test_spf_policy_outcomes(void **s)
{
	(void)s;
	static const struct { enum spf_policy_status st; int points; const char *verdict; int pct; } cases[] = {
		{ SPF_POLICY_INVALID_SYNTAX, 0, "bad", 80 },
		{ SPF_POLICY_MAX_DNS_LOOKUPS, 2, "max-lookups", 84 },
		{ SPF_POLICY_INVALID_ALL, 2, "all", 84 },
		{ SPF_POLICY_INVALID_INCLUDE, 0, "include", 80 },
		{ SPF_POLICY_INVALID_REDIRECT, 2, "redirect", 84 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mailauth_facts f = good();
		f.spf.policy.status = cases[i].st;
		f.spf.policy.points = cases[i].points;
		struct report *r = run(&f);
		expect(r, SUB_MAIL_AUTH_SPF_POLICY, STATUS_FAIL, cases[i].verdict);
		assert_int_equal(r->cat[CAT_MAIL_AUTH].percentage, cases[i].pct);
		done(r);
	}
}

static void test_non_sending_domain_removes_dkim(void **s)
{
	(void)s;
	struct mailauth_facts f = good();
	f.dkim_rc = DNS_LOOKUP_NXDOMAIN;
	f.spf.record = (char *)"v=spf1 -all";
	f.dmarc.record = (char *)"v=DMARC1; p=reject;";
	struct report *r = run(&f);
	expect(r, SUB_MAIL_AUTH_DKIM_EXIST, STATUS_NOT_TESTED, "no-email");
	assert_int_equal(r->cat[CAT_MAIL_AUTH].max_points, 40);
	assert_int_equal(r->cat[CAT_MAIL_AUTH].percentage, 100);
	assert_int_equal(r->cat[CAT_MAIL_AUTH].status, STATUS_SUCCESS);
	assert_true(json_is_true(json_object_get(r->custom, "mail_non_sending_domain")));
	done(r);
}

/* issue 22: many TXT strings under one selector fill the judged list; the selectors
 * after it (one without a record here) must not write past its end (ASan holds it) */
static void test_dkim_keys_many_strings_then_missing_selector(void **s)
{
	(void)s;
	static const char *const names[] = { "a", "b", NULL };
	struct mailauth_facts f = good();
	struct report *r;

	f.n_selectors = 2;
	f.selectors[0].selector = names[0];
	f.selectors[0].rc = DNS_LOOKUP_OK;
	for (int i = 0; i < MAILAUTH_DKIM_SELECTORS_MAX * 4 + 8; i++)
		assert_int_equal(txt_set_add(&f.selectors[0].txt,
		                             "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="), 0);
	f.selectors[1].selector = names[1];
	f.selectors[1].rc = DNS_LOOKUP_NXDOMAIN;
	r = run(&f);
	expect(r, SUB_MAIL_BEYOND_DKIM_KEYS, STATUS_SUCCESS, "good");
	txt_set_clear(&f.selectors[0].txt);
	done(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_good_is_100),
		cmocka_unit_test(test_dkim_nxdomain_is_bad),
		cmocka_unit_test(test_no_dmarc_leaves_policy_not_tested_zero),
		cmocka_unit_test(test_dmarc_policy_outcomes),
		cmocka_unit_test(test_spf_policy_outcomes),
		cmocka_unit_test(test_non_sending_domain_removes_dkim),
		cmocka_unit_test(test_dkim_keys_many_strings_then_missing_selector),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
