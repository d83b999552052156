/* test_dnssec_rules.c -- web_dnssec (spec §3.2) and mail_dnssec (§3.8) from facts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/dnssec.h"
#include "report/score.h"
#include "tech_columns.h"

static struct report *run(const struct dnssec_facts *f)
{
	struct report *r = calloc(1, sizeof(*r));
	report_init(r, f->kind, "example.nl");
	dnssec_evaluate(f, r);
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

static struct dnssec_facts web(enum dnssec_status st)
{
	struct dnssec_facts f = { .kind = TEST_WEB };
	strcpy(f.domain.name, "example.nl");
	f.domain.status = st;
	return f;
}

static void test_classify_answers(void **s)
{
	(void)s;
	struct dns_answer a = { .rcode = DNS_RCODE_NOERROR, .security = DNSSEC_SECURE };
	assert_int_equal(dnssec_classify(&a), DNSSEC_SECURE);
	a.security = DNSSEC_INSECURE;
	assert_int_equal(dnssec_classify(&a), DNSSEC_INSECURE);
	a.security = DNSSEC_BOGUS;                 /* SERVFAIL-then-CD success */
	a.rcode = DNS_RCODE_SERVFAIL;
	assert_int_equal(dnssec_classify(&a), DNSSEC_BOGUS);
	a.rcode = DNS_RCODE_NXDOMAIN;              /* NXDOMAIN is an exception: dnserror */
	a.security = DNSSEC_SECURE;
	assert_int_equal(dnssec_classify(&a), DNSSEC_ERROR);
	a.rcode = DNS_RCODE_SERVFAIL;
	a.security = DNSSEC_ERROR;
	assert_int_equal(dnssec_classify(&a), DNSSEC_ERROR);
	a = (struct dns_answer){ .timeout = true, .security = DNSSEC_ERROR };
	assert_int_equal(dnssec_classify(&a), DNSSEC_ERROR);
}

static void test_secure_is_100(void **s)
{
	(void)s;
	struct dnssec_facts f = web(DNSSEC_SECURE);
	struct report *r = run(&f);
	expect(r, SUB_WEB_DNSSEC_EXIST, STATUS_SUCCESS, "good");
	expect(r, SUB_WEB_DNSSEC_VALID, STATUS_SUCCESS, "good");
	assert_int_equal(r->cat[CAT_WEB_DNSSEC].percentage, 100);
	assert_int_equal(r->cat[CAT_WEB_DNSSEC].status, STATUS_SUCCESS);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(
		r->technical, "domain"), "dnssec"), "status")), "secure");
	done(r);
}

static void test_insecure_is_20_and_valid_not_tested(void **s)
{
	(void)s;
	struct dnssec_facts f = web(DNSSEC_INSECURE);
	struct report *r = run(&f);
	expect(r, SUB_WEB_DNSSEC_EXIST, STATUS_FAIL, "bad");
	expect(r, SUB_WEB_DNSSEC_VALID, STATUS_NOT_TESTED, "not-tested");
	assert_int_equal(r->cat[CAT_WEB_DNSSEC].percentage, 20);   /* §8 item 9 */
	assert_int_equal(r->cat[CAT_WEB_DNSSEC].status, STATUS_FAIL);
	done(r);
}

static void test_bogus_is_0(void **s)
{
	(void)s;
	struct dnssec_facts f = web(DNSSEC_BOGUS);
	struct report *r = run(&f);
	expect(r, SUB_WEB_DNSSEC_EXIST, STATUS_SUCCESS, "good");
	expect(r, SUB_WEB_DNSSEC_VALID, STATUS_FAIL, "bad");
	assert_int_equal(r->cat[CAT_WEB_DNSSEC].percentage, 0);
	done(r);
}

static void test_dnserror_is_resolver_error(void **s)
{
	(void)s;
	struct dnssec_facts f = web(DNSSEC_ERROR);
	struct report *r = run(&f);
	expect(r, SUB_WEB_DNSSEC_EXIST, STATUS_FAIL, "resolver-error");
	expect(r, SUB_WEB_DNSSEC_VALID, STATUS_NOT_TESTED, "not-tested");
	assert_int_equal(r->cat[CAT_WEB_DNSSEC].percentage, 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(
		r->technical, "domain"), "dnssec"), "status")), "dnserror");
	done(r);
}

static struct dnssec_facts *mail(enum dnssec_status domain, struct mx_list *mx,
                                 const enum dnssec_status *mx_st)
{
	struct dnssec_facts *f = calloc(1, sizeof(*f));
	f->kind = TEST_MAIL;
	strcpy(f->domain.name, "example.nl");
	f->domain.status = domain;
	f->mx_list = mx;
	if (mx->state == MX_HAS_MX) {
		f->n_mx = mx->n;
		for (size_t i = 0; i < mx->n; i++) {
			strcpy(f->mx[i].name, mx->names[i]);
			f->mx[i].status = mx_st[i];
		}
	}
	return f;
}

static void test_mail_min_over_domain_and_mx(void **s)
{
	(void)s;
	struct mx_list mx = { .state = MX_HAS_MX, .n = 2 };
	strcpy(mx.names[0], "mx1.example.nl");
	strcpy(mx.names[1], "mx2.example.net");
	enum dnssec_status st[2] = { DNSSEC_SECURE, DNSSEC_SECURE };
	struct dnssec_facts *f = mail(DNSSEC_SECURE, &mx, st);
	struct report *r = run(f);
	expect(r, SUB_MAIL_DNSSEC_MX_EXIST, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_DNSSEC_MX_VALID, STATUS_SUCCESS, "good");
	assert_int_equal(r->cat[CAT_MAIL_DNSSEC].percentage, 100);
	assert_non_null(json_object_get(json_object_get(r->technical, "receiving_mailservers"),
	                                "mx1.example.nl."));
	done(r);
	free(f);

	st[1] = DNSSEC_INSECURE;   /* any insecure MX -> 20 % (§3.8) */
	f = mail(DNSSEC_SECURE, &mx, st);
	r = run(f);
	expect(r, SUB_MAIL_DNSSEC_MAILTO_VALID, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_DNSSEC_MX_EXIST, STATUS_FAIL, "bad");
	assert_int_equal(r->cat[CAT_MAIL_DNSSEC].percentage, 20);
	assert_int_equal(r->cat[CAT_MAIL_DNSSEC].status, STATUS_FAIL);
	done(r);
	free(f);

	st[1] = DNSSEC_BOGUS;      /* bogus MX -> 0 % */
	f = mail(DNSSEC_SECURE, &mx, st);
	r = run(f);
	expect(r, SUB_MAIL_DNSSEC_MX_EXIST, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_DNSSEC_MX_VALID, STATUS_FAIL, "bad");
	assert_int_equal(r->cat[CAT_MAIL_DNSSEC].percentage, 0);
	done(r);
	free(f);
}

static void test_mail_no_mx_states(void **s)
{
	(void)s;
	static const struct { enum mx_state st; enum status status; const char *verdict; } cases[] = {
		{ MX_NO_MX, STATUS_NOT_TESTED, "no-mailservers" },
		{ MX_NULL_MX, STATUS_NOT_TESTED, "null-mx" },
		{ MX_NO_NULL_MX, STATUS_INFO, "no-null-mx" },
		{ MX_NULL_MX_WITH_OTHER_MX, STATUS_NOTICE, "null-mx-with-other-mx" },
		{ MX_NULL_MX_WITHOUT_A_AAAA, STATUS_INFO, "null-mx-without-a-aaaa" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mx_list mx = { .state = cases[i].st };
		struct dnssec_facts *f = mail(DNSSEC_SECURE, &mx, NULL);
		struct report *r = run(f);
		expect(r, SUB_MAIL_DNSSEC_MX_EXIST, cases[i].status, cases[i].verdict);
		assert_int_equal(r->cat[CAT_MAIL_DNSSEC].percentage, 100);
		assert_int_equal(r->cat[CAT_MAIL_DNSSEC].status, STATUS_SUCCESS);
		done(r);
		free(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify_answers),
		cmocka_unit_test(test_secure_is_100),
		cmocka_unit_test(test_insecure_is_20_and_valid_not_tested),
		cmocka_unit_test(test_bogus_is_0),
		cmocka_unit_test(test_dnserror_is_resolver_error),
		cmocka_unit_test(test_mail_min_over_domain_and_mx),
		cmocka_unit_test(test_mail_no_mx_states),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
