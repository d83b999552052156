/* test_tlsrpt.c -- the TLS-RPT record of RFC 8460 §3: selection, grammar,
 * rua URIs and the judgement. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "checks/kvrecord.h"
#include "checks/tlsrpt.h"

static void expect_ok(const char *record, size_t n_rua)
{
	struct tlsrpt_record rec;
	const char *why = "unset";

	if (tlsrpt_record_parse(record, &rec, &why) != 0)
		fail_msg("\"%s\" should parse, got %s", record, why);
	if (rec.n_rua != n_rua)
		fail_msg("\"%s\": %zu rua, expected %zu", record, rec.n_rua, n_rua);
	tlsrpt_record_free(&rec);
}

static void expect_bad(const char *record, const char *reason)
{
	struct tlsrpt_record rec;
	const char *why = NULL;

	if (tlsrpt_record_parse(record, &rec, &why) == 0)
		fail_msg("\"%s\" should be refused (%s)", record, reason);
	if (strcmp(why, reason) != 0)
		fail_msg("\"%s\": %s, expected %s", record, why, reason);
	assert_null(rec.rua);
	assert_int_equal(rec.n_rua, 0);
}

static void expect_judge(int rc, const char *const *strings, enum tlsrpt_status status,
                         const char *reason)
{
	struct txt_set set = { NULL, 0, 0 };
	struct tlsrpt_result r;

	for (size_t i = 0; strings && strings[i]; i++)
		assert_int_equal(txt_set_add(&set, strings[i]), 0);
	assert_int_equal(tlsrpt_judge(rc, &set, &r), 0);
	if (r.status != status)
		fail_msg("%s, expected %s", tlsrpt_status_name(r.status), tlsrpt_status_name(status));
	if (reason ? !r.reason || strcmp(r.reason, reason) != 0 : r.reason != NULL)
		fail_msg("reason %s, expected %s", r.reason ? r.reason : "NULL", reason ? reason : "NULL");
	tlsrpt_result_free(&r);
	txt_set_clear(&set);
}

/* §3: the smallest valid record, with and without a trailing separator */
static void test_rfc8460_s3_valid_records(void **state)
{
	(void)state;
	expect_ok("v=TLSRPTv1; rua=mailto:reports@example.com", 1);
	expect_ok("v=TLSRPTv1;rua=mailto:reports@example.com;", 1);
	expect_ok("v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt", 1);
	expect_ok("v=TLSRPTv1 ;  rua=mailto:a@example.com ;  ", 1);
}

/* §3: "v=TLSRPTv1" is %s (case-sensitive) and must come first */
static void test_rfc8460_s3_version_case_sensitive(void **state)
{
	(void)state;
	expect_bad("v=tlsrptv1; rua=mailto:a@example.com", "syntax");
	expect_bad("V=TLSRPTv1; rua=mailto:a@example.com", "syntax");
	expect_bad("rua=mailto:a@example.com; v=TLSRPTv1", "syntax");
	expect_bad("v=TLSRPTv10; rua=mailto:a@example.com", "syntax");
	expect_bad(" v=TLSRPTv1; rua=mailto:a@example.com", "syntax");
}

/* §3 Note 1: rua is required; "RUA=" is an extension, not rua (%s) */
static void test_rfc8460_s3_rua_required(void **state)
{
	(void)state;
	expect_bad("v=TLSRPTv1", "no-rua");
	expect_bad("v=TLSRPTv1;", "no-rua");
	expect_bad("v=TLSRPTv1; RUA=mailto:a@example.com", "no-rua");
	expect_bad("v=TLSRPTv1; foo=bar", "no-rua");
}

/* §3: rua is a list with *WSP "," *WSP between URIs */
static void test_rfc8460_s3_rua_list(void **state)
{
	struct tlsrpt_record rec;
	(void)state;
	expect_ok("v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.net/x", 2);
	expect_ok("v=TLSRPTv1; rua=mailto:a@example.com , mailto:b@example.org,  https://h.example", 3);
	assert_int_equal(tlsrpt_record_parse("v=TLSRPTv1; rua=mailto:a@example.com ,https://h.example/p",
	                                     &rec, NULL), 0);
	assert_string_equal(rec.rua[0], "mailto:a@example.com");
	assert_string_equal(rec.rua[1], "https://h.example/p");
	tlsrpt_record_free(&rec);
	expect_bad("v=TLSRPTv1; rua=mailto:a@example.com mailto:b@example.com", "syntax");
	expect_bad("v=TLSRPTv1; rua=mailto:a@example.com,", "bad-uri");
	expect_bad("v=TLSRPTv1; rua=,mailto:a@example.com", "bad-uri");
	expect_bad("v=TLSRPTv1; rua=", "bad-uri");
}

/* §3 does not forbid a repeated rua=; the URIs of both count */
static void test_rfc8460_s3_repeated_rua_collected(void **state)
{
	(void)state;
	expect_ok("v=TLSRPTv1; rua=mailto:a@example.com; rua=https://r.example.net/", 2);
}

/* §3: unknown fields are ignored when they are well-formed extensions */
static void test_rfc8460_s3_extension_fields(void **state)
{
	(void)state;
	expect_ok("v=TLSRPTv1; ext_1.a-b=value!; rua=mailto:a@example.com", 1);
	expect_ok("v=TLSRPTv1; rua=mailto:a@example.com; x=1", 1);
	/* ext-name: 1 + up to 31 more */
	expect_ok("v=TLSRPTv1; a234567890123456789012345678901b=1; rua=mailto:a@example.com", 1);
	expect_bad("v=TLSRPTv1; a234567890123456789012345678901bc=1; rua=mailto:a@example.com", "syntax");
	expect_bad("v=TLSRPTv1; _x=1; rua=mailto:a@example.com", "syntax");
	expect_bad("v=TLSRPTv1; x=; rua=mailto:a@example.com", "syntax");
	expect_bad("v=TLSRPTv1; x=a b; rua=mailto:a@example.com", "syntax");
	expect_bad("v=TLSRPTv1; x=a=b; rua=mailto:a@example.com", "syntax");
	expect_bad("v=TLSRPTv1; novalue; rua=mailto:a@example.com", "syntax");
}

/* §3 field-delim = *WSP ";" *WSP: no empty fields, no trailing WSP without ';' */
static void test_rfc8460_s3_whitespace_and_separators(void **state)
{
	(void)state;
	expect_ok("v=TLSRPTv1\t;\trua=mailto:a@example.com", 1);
	expect_bad("v=TLSRPTv1;; rua=mailto:a@example.com", "syntax");
	expect_bad("v=TLSRPTv1 rua=mailto:a@example.com", "syntax");
	expect_bad("v=TLSRPTv1; rua=mailto:a@example.com ", "syntax");
	expect_bad("v=TLSRPTv1; rua =mailto:a@example.com", "syntax");
}

/* §3: mailto URIs (RFC 6068): one address, ',' and '!' must be encoded */
static void test_rfc8460_s3_mailto_uris(void **state)
{
	(void)state;
	assert_true(tlsrpt_uri_is_valid("mailto:tls-reports@example.com"));
	assert_true(tlsrpt_uri_is_valid("MAILTO:a.b+c@mail.example.com"));
	assert_true(tlsrpt_uri_is_valid("mailto:a%21b@example.com"));
	assert_true(tlsrpt_uri_is_valid("mailto:a@example.com?subject=tls"));
	assert_false(tlsrpt_uri_is_valid("mailto:a@example.com!10m"));   /* no DMARC-style size */
	assert_false(tlsrpt_uri_is_valid("mailto:"));
	assert_false(tlsrpt_uri_is_valid("mailto:example.com"));
	assert_false(tlsrpt_uri_is_valid("mailto:@example.com"));
	assert_false(tlsrpt_uri_is_valid("mailto:a@"));
	assert_false(tlsrpt_uri_is_valid("mailto:a@b@example.com"));
	assert_false(tlsrpt_uri_is_valid("mailto:.a@example.com"));
	assert_false(tlsrpt_uri_is_valid("mailto:a..b@example.com"));
	assert_false(tlsrpt_uri_is_valid("mailto:a@-example.com"));
	assert_false(tlsrpt_uri_is_valid("mailto:a@exa_mple.com"));
	assert_false(tlsrpt_uri_is_valid("mailto:a%2@example.com"));
	expect_bad("v=TLSRPTv1; rua=mailto:a@example.com!10m", "bad-uri");
}

/* §3: https URIs need a host; other schemes are not defined */
static void test_rfc8460_s3_https_uris(void **state)
{
	(void)state;
	assert_true(tlsrpt_uri_is_valid("https://reports.example.com"));
	assert_true(tlsrpt_uri_is_valid("HTTPS://reports.example.com:8443/tlsrpt?k=v#f"));
	assert_true(tlsrpt_uri_is_valid("https://user@192.0.2.1/x"));
	assert_true(tlsrpt_uri_is_valid("https://[2001:db8::1]:443/x"));
	assert_false(tlsrpt_uri_is_valid("https://"));
	assert_false(tlsrpt_uri_is_valid("https:///path"));
	assert_false(tlsrpt_uri_is_valid("https:reports.example.com"));
	assert_false(tlsrpt_uri_is_valid("https://host:65536/"));
	assert_false(tlsrpt_uri_is_valid("https://host:x/"));
	assert_false(tlsrpt_uri_is_valid("https://[zz]/"));
	assert_false(tlsrpt_uri_is_valid("https://h.example/a#b#c"));
	assert_false(tlsrpt_uri_is_valid("https://h.example/a b"));
	assert_false(tlsrpt_uri_is_valid("http://reports.example.com/"));
	assert_false(tlsrpt_uri_is_valid("ftp://reports.example.com/"));
	assert_false(tlsrpt_uri_is_valid(""));
	expect_bad("v=TLSRPTv1; rua=http://r.example.com/", "bad-uri");
}

/* §3: exactly one record; several -> invalid; none -> absent; others ignored */
static void test_rfc8460_s3_record_selection(void **state)
{
	const char *one[] = { "v=spf1 -all", "v=TLSRPTv1; rua=mailto:a@example.com", NULL };
	const char *two[] = { "v=TLSRPTv1; rua=mailto:a@example.com",
	                      "v=TLSRPTv1; rua=mailto:b@example.com", NULL };
	const char *none[] = { "v=spf1 -all", "v=TLSRPTv10; rua=mailto:a@example.com", NULL };
	const char *caseless[] = { "V=tlsrptv1; rua=mailto:a@example.com", NULL };
	(void)state;
	expect_judge(DNS_LOOKUP_OK, one, TLSRPT_GOOD, NULL);
	expect_judge(DNS_LOOKUP_OK, two, TLSRPT_INVALID, "several-records");
	expect_judge(DNS_LOOKUP_OK, none, TLSRPT_ABSENT, NULL);
	expect_judge(DNS_LOOKUP_OK, caseless, TLSRPT_INVALID, "syntax");
	expect_judge(DNS_LOOKUP_NXDOMAIN, NULL, TLSRPT_ABSENT, NULL);
	expect_judge(DNS_LOOKUP_NODATA, NULL, TLSRPT_ABSENT, NULL);
	expect_judge(DNS_LOOKUP_ERROR, NULL, TLSRPT_NOT_TESTED, "dns");
}

/* the judgement: every reason token reaches the result */
static void test_tlsrpt_judge_reasons(void **state)
{
	const char *syntax[] = { "v=TLSRPTv1; rua", NULL };
	const char *no_rua[] = { "v=TLSRPTv1; x=y", NULL };
	const char *bad_uri[] = { "v=TLSRPTv1; rua=mailto:nobody", NULL };
	(void)state;
	expect_judge(DNS_LOOKUP_OK, syntax, TLSRPT_INVALID, "syntax");
	expect_judge(DNS_LOOKUP_OK, no_rua, TLSRPT_INVALID, "no-rua");
	expect_judge(DNS_LOOKUP_OK, bad_uri, TLSRPT_INVALID, "bad-uri");
}

/* the informational judgement: status, verdict and technical details */
static void test_tlsrpt_evaluate_details(void **state)
{
	struct txt_set set = { NULL, 0, 0 };
	enum status st;
	const char *verdict;
	json_t *d;
	(void)state;

	txt_set_add(&set, "v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.net/");
	txt_set_add(&set, "unrelated");
	assert_int_equal(tlsrpt_evaluate(DNS_LOOKUP_OK, &set, &st, &verdict, &d), 0);
	assert_int_equal(st, STATUS_SUCCESS);
	assert_string_equal(verdict, "good");
	assert_int_equal(json_array_size(json_object_get(d, "records")), 1);
	assert_int_equal(json_array_size(json_object_get(d, "rua")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(d, "rua"), 1)),
	                    "https://r.example.net/");
	assert_true(json_is_null(json_object_get(d, "reason")) || !json_object_get(d, "reason"));
	json_decref(d);

	txt_set_add(&set, "v=TLSRPTv1; rua=mailto:b@example.com");
	assert_int_equal(tlsrpt_evaluate(DNS_LOOKUP_OK, &set, &st, &verdict, &d), 0);
	assert_int_equal(st, STATUS_FAIL);
	assert_string_equal(verdict, "invalid");
	assert_string_equal(json_string_value(json_object_get(d, "reason")), "several-records");
	assert_int_equal(json_array_size(json_object_get(d, "records")), 2);
	json_decref(d);

	assert_int_equal(tlsrpt_evaluate(DNS_LOOKUP_NXDOMAIN, NULL, &st, &verdict, &d), 0);
	assert_int_equal(st, STATUS_INFO);
	assert_string_equal(verdict, "absent");
	json_decref(d);
	assert_int_equal(tlsrpt_evaluate(DNS_LOOKUP_ERROR, NULL, &st, &verdict, &d), 0);
	assert_int_equal(st, STATUS_NOT_TESTED);
	assert_string_equal(verdict, "not-tested");
	json_decref(d);
	txt_set_clear(&set);
}

/* RFC 5321 §4.1.2 Domain, shared with MTA-STS mx patterns */
static void test_rfc5321_domain(void **state)
{
	char label63[64], label64[65], long_name[300];
	(void)state;
	assert_true(kvrecord_is_domain("example.com", 11));
	assert_true(kvrecord_is_domain("a-b.c0", 6));
	assert_true(kvrecord_is_domain("localhost", 9));
	assert_false(kvrecord_is_domain("", 0));
	assert_false(kvrecord_is_domain("example.com.", 12));
	assert_false(kvrecord_is_domain(".example.com", 12));
	assert_false(kvrecord_is_domain("a..b", 4));
	assert_false(kvrecord_is_domain("-a.b", 4));
	assert_false(kvrecord_is_domain("a-.b", 4));
	assert_false(kvrecord_is_domain("a_b.c", 5));
	memset(label63, 'a', 63);
	label63[63] = '\0';
	memset(label64, 'a', 64);
	label64[64] = '\0';
	assert_true(kvrecord_is_domain(label63, 63));
	assert_false(kvrecord_is_domain(label64, 64));
	snprintf(long_name, sizeof(long_name), "%s.%s.%s.%s", label63, label63, label63, label63);
	assert_false(kvrecord_is_domain(long_name, strlen(long_name)));   /* 255 > 253 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8460_s3_valid_records),
		cmocka_unit_test(test_rfc8460_s3_version_case_sensitive),
		cmocka_unit_test(test_rfc8460_s3_rua_required),
		cmocka_unit_test(test_rfc8460_s3_rua_list),
		cmocka_unit_test(test_rfc8460_s3_repeated_rua_collected),
		cmocka_unit_test(test_rfc8460_s3_extension_fields),
		cmocka_unit_test(test_rfc8460_s3_whitespace_and_separators),
		cmocka_unit_test(test_rfc8460_s3_mailto_uris),
		cmocka_unit_test(test_rfc8460_s3_https_uris),
		cmocka_unit_test(test_rfc8460_s3_record_selection),
		cmocka_unit_test(test_tlsrpt_judge_reasons),
		cmocka_unit_test(test_tlsrpt_evaluate_details),
		cmocka_unit_test(test_rfc5321_domain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
