/*
 * test_httpsrr.c -- rules over HTTPS records (RFC 9460), one test per rule.
 * Records are built from hand-made wire samples through dns_rr_parse, as the
 * resolver would hand them over.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "checks/httpsrr.h"
#include "tech_columns.h"

#define SVC_PARAM(key, len) (uint8_t)((key) >> 8), (uint8_t)(key), (uint8_t)((len) >> 8), (uint8_t)(len)

/* HTTPS 0 cdn.example.net. */
static const uint8_t alias_wire[] = {0, 0, 3, 'c', 'd', 'n', 7, 'e', 'x', 'a', 'm', 'p', 'l',
                                     'e', 3, 'n', 'e', 't', 0};
/* HTTPS 1 . alpn=h2,h3 ipv4hint=192.0.2.1 ech=(4 bytes) ipv6hint=2001:db8::1 */
static const uint8_t service_wire[] = {
	0, 1, 0,
	SVC_PARAM(1, 6), 2, 'h', '2', 2, 'h', '3',
	SVC_PARAM(4, 4), 192, 0, 2, 1,
	SVC_PARAM(5, 4), 0, 2, 0xab, 0xcd,
	SVC_PARAM(6, 16), 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
};

static struct dns_rr rr_https(const uint8_t *wire, size_t len)
{
	struct dns_rr rr;
	assert_int_equal(dns_rr_parse(DNS_TYPE_HTTPS, wire, len, &rr), 0);
	return rr;
}

static struct dns_rr rr_addr(const char *text)
{
	struct dns_rr rr;
	memset(&rr, 0, sizeof(rr));
	if (strchr(text, ':')) {
		rr.type = DNS_TYPE_AAAA;
		assert_int_equal(inet_pton(AF_INET6, text, &rr.u.aaaa), 1);
	} else {
		rr.type = DNS_TYPE_A;
		assert_int_equal(inet_pton(AF_INET, text, &rr.u.a), 1);
	}
	return rr;
}

static enum status eval(const struct httpsrr_facts *f, const char **verdict, json_t **d)
{
	*d = NULL;
	enum status st = httpsrr_evaluate(f, verdict, d);
	assert_non_null(*d);
	return st;
}

static void test_none(void **s)
{
	(void)s;
	struct httpsrr_facts f = { .name = "example.nl" };
	const char *v;
	json_t *d;

	assert_int_equal(eval(&f, &v, &d), STATUS_INFO);
	assert_string_equal(v, "none");
	assert_int_equal(json_array_size(json_object_get(d, "records")), 0);
	json_decref(d);
}

static void test_alias_mode(void **s)
{
	(void)s;
	struct dns_rr rr = rr_https(alias_wire, sizeof(alias_wire));
	struct httpsrr_facts f = { .name = "example.nl", .https = &rr, .n_https = 1 };
	const char *v;
	json_t *d, *rec;

	assert_int_equal(eval(&f, &v, &d), STATUS_SUCCESS);
	assert_string_equal(v, "good");
	rec = json_array_get(json_object_get(d, "records"), 0);
	assert_string_equal(json_string_value(json_object_get(rec, "mode")), "alias");
	assert_string_equal(json_string_value(json_object_get(rec, "target")), "cdn.example.net");
	assert_string_equal(json_string_value(json_object_get(rec, "hints")), "none");
	json_decref(d);
	dns_rr_free(&rr);
}

static void test_alias_mode_root_target_unavailable(void **s)
{
	(void)s;
	/* §2.4.2: AliasMode to "." = service not available; params ignored */
	const uint8_t wire[] = {0, 0, 0, SVC_PARAM(3, 2), 1, 187};
	struct dns_rr rr = rr_https(wire, sizeof(wire));
	struct httpsrr_facts f = { .name = "example.nl", .https = &rr, .n_https = 1 };
	const char *v;
	json_t *d, *notes;

	assert_int_equal(eval(&f, &v, &d), STATUS_SUCCESS);
	notes = json_object_get(json_array_get(json_object_get(d, "records"), 0), "notes");
	assert_int_equal(json_array_size(notes), 2);
	assert_string_equal(json_string_value(json_array_get(notes, 0)), "alias-params-ignored");
	assert_string_equal(json_string_value(json_array_get(notes, 1)), "service-unavailable");
	json_decref(d);
	dns_rr_free(&rr);
}

static void test_service_mode_summary(void **s)
{
	(void)s;
	struct dns_rr rr = rr_https(service_wire, sizeof(service_wire));
	struct httpsrr_facts f = { .name = "example.nl", .https = &rr, .n_https = 1 };
	const char *v;
	json_t *d, *rec;

	/* no A/AAAA given for the target: hints not compared, still good */
	assert_int_equal(eval(&f, &v, &d), STATUS_SUCCESS);
	assert_string_equal(v, "good");
	rec = json_array_get(json_object_get(d, "records"), 0);
	assert_string_equal(json_string_value(json_object_get(rec, "mode")), "service");
	assert_string_equal(json_string_value(json_object_get(rec, "target")), ".");
	assert_int_equal(json_array_size(json_object_get(rec, "alpn")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(rec, "alpn"), 1)), "h3");
	assert_true(json_is_true(json_object_get(rec, "ech")));
	assert_int_equal(json_integer_value(json_object_get(rec, "ech_length")), 4);
	assert_true(json_is_null(json_object_get(rec, "port")));
	assert_string_equal(json_string_value(json_array_get(json_object_get(rec, "ipv4hint"), 0)),
	                    "192.0.2.1");
	assert_string_equal(json_string_value(json_array_get(json_object_get(rec, "ipv6hint"), 0)),
	                    "2001:db8::1");
	assert_string_equal(json_string_value(json_object_get(rec, "hints")), "not-compared");
	json_decref(d);
	dns_rr_free(&rr);
}

static void test_hints_matching(void **s)
{
	(void)s;
	struct dns_rr rr = rr_https(service_wire, sizeof(service_wire));
	struct dns_rr addrs[] = { rr_addr("192.0.2.1"), rr_addr("192.0.2.7"), rr_addr("2001:db8::1") };
	struct httpsrr_addrs a = { "example.nl", addrs, 3 };
	struct httpsrr_facts f = { "example.nl", &rr, 1, 0, &a, 1 };
	const char *v;
	json_t *d;

	assert_int_equal(eval(&f, &v, &d), STATUS_SUCCESS);
	assert_string_equal(v, "good");
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(json_object_get(d, "records"), 0), "hints")),
	                    "match");
	json_decref(d);
	dns_rr_free(&rr);
}

static void test_hints_mismatch(void **s)
{
	(void)s;
	struct dns_rr rr = rr_https(service_wire, sizeof(service_wire));
	struct dns_rr addrs[] = { rr_addr("192.0.2.9"), rr_addr("2001:db8::1") };
	struct httpsrr_addrs a = { "example.nl", addrs, 2 };
	struct httpsrr_facts f = { "example.nl", &rr, 1, 0, &a, 1 };
	const char *v;
	json_t *d, *m;

	/* §7.3: hints SHOULD match the target's A/AAAA */
	assert_int_equal(eval(&f, &v, &d), STATUS_NOTICE);
	assert_string_equal(v, "hints-mismatch");
	m = json_object_get(d, "hints_mismatch");
	assert_int_equal(json_array_size(m), 1);
	assert_string_equal(json_string_value(json_array_get(m, 0)), "192.0.2.1");
	json_decref(d);

	/* no AAAA at all: the ipv6hint does not match either */
	a.n = 1;
	assert_int_equal(eval(&f, &v, &d), STATUS_NOTICE);
	assert_int_equal(json_array_size(json_object_get(d, "hints_mismatch")), 2);
	json_decref(d);
	dns_rr_free(&rr);
}

static void test_hints_compared_with_target(void **s)
{
	(void)s;
	/* HTTPS 1 svc.example.net. ipv4hint=198.51.100.1: compared with the target's A */
	const uint8_t wire[] = {0, 1, 3, 's', 'v', 'c', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
	                        3, 'n', 'e', 't', 0, SVC_PARAM(4, 4), 198, 51, 100, 1};
	struct dns_rr rr = rr_https(wire, sizeof(wire));
	struct dns_rr own[] = { rr_addr("192.0.2.1") }, target[] = { rr_addr("198.51.100.1") };
	struct httpsrr_addrs a[] = { { "example.nl", own, 1 }, { "svc.example.net", target, 1 } };
	struct httpsrr_facts f = { "example.nl", &rr, 1, 0, a, 2 };
	const char *v;
	json_t *d;

	assert_int_equal(eval(&f, &v, &d), STATUS_SUCCESS);
	json_decref(d);
	f.n_addrs = 1;   /* the target's addresses unknown: not compared, not a mismatch */
	assert_int_equal(eval(&f, &v, &d), STATUS_SUCCESS);
	json_decref(d);
	dns_rr_free(&rr);
}

static void test_malformed_invalid(void **s)
{
	(void)s;
	struct dns_rr rr = rr_https(service_wire, sizeof(service_wire));
	struct httpsrr_facts f = { .name = "example.nl", .n_malformed = 1 };
	const char *v;
	json_t *d;

	/* only a record that did not parse (e.g. keys out of order, §2.2) */
	assert_int_equal(eval(&f, &v, &d), STATUS_FAIL);
	assert_string_equal(v, "invalid");
	assert_int_equal(json_integer_value(json_object_get(d, "malformed")), 1);
	json_decref(d);
	/* also next to a good one */
	f.https = &rr;
	f.n_https = 1;
	assert_int_equal(eval(&f, &v, &d), STATUS_FAIL);
	json_decref(d);
	dns_rr_free(&rr);
}

static void test_mandatory_key_missing_invalid(void **s)
{
	(void)s;
	/* §8: keys listed in mandatory MUST appear in the record: port is listed, absent */
	const uint8_t wire[] = {0, 1, 0, SVC_PARAM(0, 2), 0, 3, SVC_PARAM(1, 3), 2, 'h', '2'};
	struct dns_rr rr = rr_https(wire, sizeof(wire));
	struct httpsrr_facts f = { .name = "example.nl", .https = &rr, .n_https = 1 };
	const char *v;
	json_t *d;

	assert_int_equal(eval(&f, &v, &d), STATUS_FAIL);
	assert_string_equal(v, "invalid");
	assert_non_null(strstr(json_string_value(json_object_get(d, "reason")), "port"));
	json_decref(d);
	dns_rr_free(&rr);
}

static void test_no_default_alpn_without_alpn_invalid(void **s)
{
	(void)s;
	/* §7.1.1: no-default-alpn needs alpn */
	const uint8_t wire[] = {0, 1, 0, SVC_PARAM(2, 0)};
	struct dns_rr rr = rr_https(wire, sizeof(wire));
	struct httpsrr_facts f = { .name = "example.nl", .https = &rr, .n_https = 1 };
	const char *v;
	json_t *d;

	assert_int_equal(eval(&f, &v, &d), STATUS_FAIL);
	assert_string_equal(v, "invalid");
	json_decref(d);
	dns_rr_free(&rr);
}

static void test_mixed_modes_noted(void **s)
{
	(void)s;
	/* §2.4.2: with AliasMode present, ServiceMode records are ignored by clients */
	struct dns_rr rr[2] = { rr_https(alias_wire, sizeof(alias_wire)),
		                rr_https(service_wire, sizeof(service_wire)) };
	struct httpsrr_facts f = { .name = "example.nl", .https = rr, .n_https = 2 };
	const char *v;
	json_t *d;

	assert_int_equal(eval(&f, &v, &d), STATUS_SUCCESS);
	assert_true(json_is_true(json_object_get(d, "mixed_modes")));
	json_decref(d);
	dns_rr_free(&rr[0]);
	dns_rr_free(&rr[1]);
}

static void test_unknown_keys_listed(void **s)
{
	(void)s;
	const uint8_t wire[] = {0, 1, 0, SVC_PARAM(3, 2), 0x20, 0xfb, SVC_PARAM(7, 2), '/', 'q'};
	struct dns_rr rr = rr_https(wire, sizeof(wire));
	struct httpsrr_facts f = { .name = "example.nl", .https = &rr, .n_https = 1 };
	const char *v;
	json_t *d, *rec;

	assert_int_equal(eval(&f, &v, &d), STATUS_SUCCESS);
	rec = json_array_get(json_object_get(d, "records"), 0);
	assert_int_equal(json_integer_value(json_object_get(rec, "port")), 8443);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(rec, "unknown_keys"), 0)),
	                 7);
	json_decref(d);
	assert_int_equal(httpsrr_evaluate(&f, &v, NULL), STATUS_SUCCESS);   /* details optional */
	dns_rr_free(&rr);
}

/* ---- httpsrr_report: web_beyond_https_rr (issue 22 item 5) ---- */

static struct report *web_report(void)
{
	struct report *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	report_init(r, TEST_WEB, "example.nl");
	return r;
}

static void report_done(struct report *r)
{
	report_release(r);
	free(r);
}

/* STYLE rule 3: a lookup without an answer is no verdict */
static void test_report_dns_failure_is_not_tested(void **s)
{
	(void)s;
	struct report *r = web_report();
	struct httpsrr_lookup l;

	memset(&l, 0, sizeof(l));
	l.probed = l.dns_failed = true;
	snprintf(l.name, sizeof(l.name), "example.nl");
	snprintf(l.failed_name, sizeof(l.failed_name), "example.nl");
	httpsrr_report(&l, r);
	assert_true(r->cat[CAT_WEB_BEYOND].implemented);
	assert_true(r->sub[SUB_WEB_BEYOND_HTTPS_RR].evaluated);
	assert_int_equal(r->sub[SUB_WEB_BEYOND_HTTPS_RR].status, STATUS_NOT_TESTED);
	assert_string_equal(r->sub[SUB_WEB_BEYOND_HTTPS_RR].verdict, "not-tested");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(
		r->technical, "domain"), "https_rr"), "error")), "DNS lookup failed");
	report_done(r);
}

/* the table has the subtest's five columns; the details go to technical.domain.https_rr */
static void test_report_table_fits_columns(void **s)
{
	(void)s;
	struct report *r = web_report();
	struct dns_rr https = rr_https(service_wire, sizeof(service_wire));
	struct dns_rr addrs[2] = { rr_addr("192.0.2.1"), rr_addr("2001:db8::1") };
	struct httpsrr_lookup l;
	const json_t *row;

	memset(&l, 0, sizeof(l));
	l.probed = true;
	snprintf(l.name, sizeof(l.name), "example.nl");
	l.https.rr = &https;
	l.https.n = 1;
	l.n_names = 1;
	snprintf(l.names[0], sizeof(l.names[0]), "example.nl");
	l.addr_rr[0] = addrs;
	l.n_addr_rr[0] = 2;
	httpsrr_report(&l, r);
	assert_int_equal(r->sub[SUB_WEB_BEYOND_HTTPS_RR].status, STATUS_SUCCESS);
	assert_string_equal(r->sub[SUB_WEB_BEYOND_HTTPS_RR].verdict, "good");
	tech_assert_fits(r, false);
	row = json_array_get(r->sub[SUB_WEB_BEYOND_HTTPS_RR].tech, 0);
	assert_string_equal(json_string_value(json_array_get(row, 0)), "1 service");
	assert_string_equal(json_string_value(json_array_get(row, 2)), "h2, h3");
	assert_string_equal(json_string_value(json_array_get(row, 3)), "yes (4 bytes)");
	assert_string_equal(json_string_value(json_array_get(row, 4)), "match: 192.0.2.1, 2001:db8::1");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(
		r->technical, "domain"), "https_rr"), "name")), "example.nl");
	dns_rr_free(&https);
	report_done(r);
}

/* no record: info/none and no table */
static void test_report_none_has_no_table(void **s)
{
	(void)s;
	struct report *r = web_report();
	struct httpsrr_lookup l;

	memset(&l, 0, sizeof(l));
	l.probed = true;
	snprintf(l.name, sizeof(l.name), "example.nl");
	httpsrr_report(&l, r);
	assert_int_equal(r->sub[SUB_WEB_BEYOND_HTTPS_RR].status, STATUS_INFO);
	assert_string_equal(r->sub[SUB_WEB_BEYOND_HTTPS_RR].verdict, "none");
	assert_null(r->sub[SUB_WEB_BEYOND_HTTPS_RR].tech);
	report_done(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_alias_mode),
		cmocka_unit_test(test_alias_mode_root_target_unavailable),
		cmocka_unit_test(test_service_mode_summary),
		cmocka_unit_test(test_hints_matching),
		cmocka_unit_test(test_hints_mismatch),
		cmocka_unit_test(test_hints_compared_with_target),
		cmocka_unit_test(test_malformed_invalid),
		cmocka_unit_test(test_mandatory_key_missing_invalid),
		cmocka_unit_test(test_no_default_alpn_without_alpn_invalid),
		cmocka_unit_test(test_mixed_modes_noted),
		cmocka_unit_test(test_unknown_keys_listed),
		cmocka_unit_test(test_report_dns_failure_is_not_tested),
		cmocka_unit_test(test_report_table_fits_columns),
		cmocka_unit_test(test_report_none_has_no_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
