/* test_mx_rules.c -- MX discovery and Null MX states (spec §3.6, §8 item 35). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "checks/mx.h"

static struct dns_rr mx(uint16_t pref, const char *exchange)
{
	struct dns_rr rr = { .type = DNS_TYPE_MX };
	rr.u.mx.preference = pref;
	snprintf(rr.u.mx.exchange, sizeof(rr.u.mx.exchange), "%s", exchange);
	return rr;
}

static enum mx_state state_of(const struct dns_rr *rrs, size_t n, bool has_address, const char *spf,
                              struct mx_list *out)
{
	struct mx_facts f = { rrs, n, has_address, spf };
	mx_evaluate(&f, out);
	return out->state;
}

static void test_null_mx_variants(void **s)
{
	(void)s;
	struct mx_list l;
	struct dns_rr one[1] = { mx(0, "") };
	struct dns_rr two[2] = { mx(0, ""), mx(10, "mail.example.nl") };
	assert_int_equal(state_of(one, 1, true, NULL, &l), MX_NULL_MX);
	assert_int_equal(state_of(one, 1, false, NULL, &l), MX_NULL_MX_WITHOUT_A_AAAA);
	assert_int_equal(state_of(two, 2, true, NULL, &l), MX_NULL_MX_WITH_OTHER_MX);
	assert_int_equal(state_of(two, 2, false, NULL, &l), MX_NULL_MX_WITH_OTHER_MX);
}

static void test_root_exchange_with_nonzero_preference_is_a_server(void **s)
{
	(void)s;
	struct mx_list l;
	struct dns_rr rr[1] = { mx(10, "") };
	assert_int_equal(state_of(rr, 1, true, NULL, &l), MX_HAS_MX);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.names[0], ".");
}

static void test_localhost_ignored_and_no_null_mx_hint(void **s)
{
	(void)s;
	struct mx_list l;
	struct dns_rr rr[1] = { mx(10, "localhost") };
	assert_int_equal(state_of(rr, 1, true, NULL, &l), MX_NO_MX);
	assert_int_equal(state_of(rr, 1, true, "v=spf1 -all", &l), MX_NO_NULL_MX);
	assert_int_equal(state_of(NULL, 0, true, "v=spf1 -all", &l), MX_NO_NULL_MX);
	assert_int_equal(state_of(NULL, 0, false, "v=spf1 -all", &l), MX_NO_MX);
	assert_int_equal(state_of(NULL, 0, true, "v=spf1 a -all", &l), MX_NO_MX);
}

static void test_spf_reject_all_only(void **s)
{
	(void)s;
	assert_true(mx_spf_is_reject_all("v=spf1 -all"));
	assert_true(mx_spf_is_reject_all("V=SPF1   -ALL "));
	assert_false(mx_spf_is_reject_all("v=spf1 ~all"));
	assert_false(mx_spf_is_reject_all("v=spf1 mx -all"));
	assert_false(mx_spf_is_reject_all("v=spf1-all"));
	assert_false(mx_spf_is_reject_all(NULL));
}

static void test_spf_select_exactly_one(void **s)
{
	(void)s;
	char a[] = "v=spf1 -all", b[] = "google-site-verification=x", c[] = "V=SPF1 mx -all";
	struct dns_rr rr[3] = { { .type = DNS_TYPE_TXT }, { .type = DNS_TYPE_TXT }, { .type = DNS_TYPE_TXT } };
	rr[0].u.txt.text = a;
	rr[1].u.txt.text = b;
	rr[2].u.txt.text = c;
	struct dns_answer ans = { .n = 2, .rr = rr };
	assert_ptr_equal(mx_spf_select(&ans), a);
	ans.n = 3;
	assert_null(mx_spf_select(&ans));          /* two SPF records: none */
	ans.rr = rr + 1;
	ans.n = 1;
	assert_null(mx_spf_select(&ans));
}

static void test_sorted_lowercased_deduplicated_capped_at_10(void **s)
{
	(void)s;
	struct mx_list l;
	struct dns_rr rr[13];
	char name[64];
	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "MX%02d.example.nl", 11 - i);
		rr[i] = mx((uint16_t)(i * 10), name);
	}
	rr[12] = mx(99, "mx00.example.nl");        /* same name, other preference */
	assert_int_equal(state_of(rr, 13, true, NULL, &l), MX_HAS_MX);
	assert_int_equal(l.n_total, 12);
	assert_int_equal(l.n, 10);
	assert_string_equal(l.names[0], "mx00.example.nl");
	assert_string_equal(l.names[9], "mx09.example.nl");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_mx_variants),
		cmocka_unit_test(test_root_exchange_with_nonzero_preference_is_a_server),
		cmocka_unit_test(test_localhost_ignored_and_no_null_mx_hint),
		cmocka_unit_test(test_spf_reject_all_only),
		cmocka_unit_test(test_spf_select_exactly_one),
		cmocka_unit_test(test_sorted_lowercased_deduplicated_capped_at_10),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
