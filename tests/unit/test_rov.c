/* test_rov.c -- the relying-party layer (checks/rov.h): Routinator answers
 * judged as internet.nl's Routinator.validate, the --rpki-validator URL, and
 * validation / the AS0 existence trick through a loaded VRP set. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "checks/rov.h"

static int parse(const char *body, struct rov_answer *a)
{
	struct error err = {{0}};
	return rov_parse_routinator(body, strlen(body), a, &err);
}

#define ANSWER(state_and_reason, lists) \
	"{\"validated_route\":{\"route\":{\"origin_asn\":\"AS64500\",\"prefix\":\"192.0.2.0/24\"}," \
	"\"validity\":{" state_and_reason ",\"description\":\"x\",\"VRPs\":{" lists "}}}," \
	"\"generatedTime\":\"2026-11-23T00:00:00Z\"}"
#define VRP(asn, pfx, ml) "{\"asn\":\"" asn "\",\"prefix\":\"" pfx "\",\"max_length\":" ml "}"

static void test_routinator_valid_counts_matched(void **state)
{
	struct rov_answer a;
	(void)state;
	assert_int_equal(parse(ANSWER("\"state\":\"valid\"",
		"\"matched\":[" VRP("AS64500", "192.0.2.0/24", "\"24\"") "," VRP("AS64500", "192.0.0.0/16", "24") "],"
		"\"unmatched_as\":[],\"unmatched_length\":[]"), &a), 0);
	assert_int_equal(a.state, ROV_VALID);
	assert_int_equal(a.n_vrps, 2);
}

static void test_routinator_state_case_insensitive(void **state)
{
	/* older Routinator and the RIPE validator write "Valid" */
	struct rov_answer a;
	(void)state;
	assert_int_equal(parse(ANSWER("\"state\":\"Valid\"",
		"\"matched\":[" VRP("AS64500", "192.0.2.0/24", "24") "],\"unmatched_as\":[],\"unmatched_length\":[]"), &a), 0);
	assert_int_equal(a.state, ROV_VALID);
}

static void test_routinator_invalid_as_counts_unmatched_as(void **state)
{
	struct rov_answer a;
	(void)state;
	assert_int_equal(parse(ANSWER("\"state\":\"invalid\",\"reason\":\"as\"",
		"\"matched\":[],\"unmatched_as\":[" VRP("AS64511", "192.0.2.0/24", "24") "],"
		"\"unmatched_length\":[" VRP("AS64500", "192.0.2.0/24", "23") "," VRP("AS64500", "192.0.0.0/16", "16") "]"), &a), 0);
	assert_int_equal(a.state, ROV_INVALID_AS);
	assert_int_equal(a.n_vrps, 1);
}

static void test_routinator_invalid_length(void **state)
{
	struct rov_answer a;
	(void)state;
	assert_int_equal(parse(ANSWER("\"state\":\"invalid\",\"reason\":\"length\"",
		"\"matched\":[],\"unmatched_as\":[],\"unmatched_length\":[" VRP("AS64500", "192.0.2.0/24", "24") "]"), &a), 0);
	assert_int_equal(a.state, ROV_INVALID_LENGTH);
	assert_int_equal(a.n_vrps, 1);
}

static void test_routinator_not_found_has_no_vrps(void **state)
{
	struct rov_answer a;
	(void)state;
	assert_int_equal(parse(ANSWER("\"state\":\"not-found\"",
		"\"matched\":[],\"unmatched_as\":[],\"unmatched_length\":[]"), &a), 0);
	assert_int_equal(a.state, ROV_NOT_FOUND);
	assert_int_equal(a.n_vrps, 0);
}

static void test_routinator_rejects_bad_answers(void **state)
{
	struct rov_answer a;
	(void)state;
	assert_int_equal(parse("", &a), -1);
	assert_int_equal(parse("Initial validation ongoing. Please wait.", &a), -1);
	assert_int_equal(parse("{}", &a), -1);
	assert_int_equal(parse(ANSWER("\"state\":\"unknown\"", "\"matched\":[]"), &a), -1);
	/* invalid without a usable reason */
	assert_int_equal(parse(ANSWER("\"state\":\"invalid\"", "\"unmatched_as\":[]"), &a), -1);
	assert_int_equal(parse(ANSWER("\"state\":\"invalid\",\"reason\":\"other\"", "\"unmatched_other\":[]"), &a), -1);
	/* the kept list must exist and hold sane VRPs */
	assert_int_equal(parse(ANSWER("\"state\":\"valid\"", "\"unmatched_as\":[]"), &a), -1);
	assert_int_equal(parse(ANSWER("\"state\":\"valid\"", "\"matched\":[" VRP("64500", "192.0.2.0/24", "24") "]"), &a), -1);
	assert_int_equal(parse(ANSWER("\"state\":\"valid\"", "\"matched\":[" VRP("AS4294967296", "192.0.2.0/24", "24") "]"), &a), -1);
	assert_int_equal(parse(ANSWER("\"state\":\"valid\"", "\"matched\":[" VRP("AS64500", "192.0.2.1/24", "24") "]"), &a), -1);
	assert_int_equal(parse(ANSWER("\"state\":\"valid\"", "\"matched\":[" VRP("AS64500", "192.0.2.0/24", "\"x\"") "]"), &a), -1);
	assert_int_equal(parse(ANSWER("\"state\":\"valid\"", "\"matched\":[7]"), &a), -1);
}

static void test_routinator_asn_upper_bound(void **state)
{
	struct rov_answer a;
	(void)state;
	assert_int_equal(parse(ANSWER("\"state\":\"valid\"",
		"\"matched\":[" VRP("AS4294967295", "192.0.2.0/24", "24") "]"), &a), 0);
}

static void check_url(const char *in, const char *want)
{
	char out[ROV_URL_MAX];
	struct error err = {{0}};
	if (!want) {
		assert_int_equal(rov_validator_url(in, out, sizeof(out), &err), -1);
		assert_true(err.msg[0] != '\0');
		return;
	}
	assert_int_equal(rov_validator_url(in, out, sizeof(out), &err), 0);
	assert_string_equal(out, want);
}

static void test_validator_url_base_gets_api_path(void **state)
{
	(void)state;
	check_url("http://127.0.0.1:8323", "http://127.0.0.1:8323/api/v1/validity");
	check_url("http://127.0.0.1:8323/", "http://127.0.0.1:8323/api/v1/validity");
	check_url("https://rpki.example.net", "https://rpki.example.net/api/v1/validity");
	check_url("http://[::1]:8323//", "http://[::1]:8323/api/v1/validity");
}

static void test_validator_url_path_kept(void **state)
{
	(void)state;
	check_url("http://routinator:8323/api/v1/validity", "http://routinator:8323/api/v1/validity");
	check_url("http://routinator:8323/api/v1/validity/", "http://routinator:8323/api/v1/validity");
	check_url("http://h/starting", "http://h/starting");
}

static void test_validator_url_rejects(void **state)
{
	(void)state;
	check_url("routinator:8323", NULL);
	check_url("ftp://h/", NULL);
	check_url("http://", NULL);
	check_url("http:///x", NULL);
	check_url("http://h/?x=1", NULL);
	check_url("http://h/#f", NULL);
}

static const char vrps_json[] =
	"{\"roas\":["
	"{\"asn\":64500,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24,\"ta\":\"t\"},"
	"{\"asn\":64500,\"prefix\":\"2001:db8::/32\",\"maxLength\":48,\"ta\":\"t\"}]}";

static void test_vrp_set_validate_and_covered(void **state)
{
	struct error err = {{0}};
	struct vrp_set *set = vrp_load_buffer("t.json", vrps_json, sizeof(vrps_json) - 1, &err);
	struct rov_rp rp = { .vrps = set };
	struct rov_answer a;
	struct prefix p;
	struct netaddr ip;
	bool covered;
	(void)state;
	assert_non_null(set);
	assert_true(rov_configured(&rp));
	prefix_parse("192.0.2.0/24", &p, NULL);
	assert_int_equal(rov_validate(&rp, 64500, &p, deadline_in(1000), &a, &err), 0);
	assert_int_equal(a.state, ROV_VALID);
	assert_int_equal(a.n_vrps, 1);
	assert_int_equal(rov_validate(&rp, 64511, &p, deadline_in(1000), &a, &err), 0);
	assert_int_equal(a.state, ROV_INVALID_AS);
	assert_int_equal(a.n_vrps, 1);
	prefix_parse("192.0.2.0/25", &p, NULL);
	assert_int_equal(rov_validate(&rp, 64500, &p, deadline_in(1000), &a, &err), 0);
	assert_int_equal(a.state, ROV_INVALID_LENGTH);
	/* the AS0 trick: any covering VRP, whatever its asn and maxLength */
	netaddr_parse("192.0.2.77", &ip);
	assert_int_equal(rov_covered(&rp, &ip, deadline_in(1000), &covered, &err), 0);
	assert_true(covered);
	netaddr_parse("2001:db8:1:2::3", &ip);
	assert_int_equal(rov_covered(&rp, &ip, deadline_in(1000), &covered, &err), 0);
	assert_true(covered);
	netaddr_parse("198.51.100.1", &ip);
	assert_int_equal(rov_covered(&rp, &ip, deadline_in(1000), &covered, &err), 0);
	assert_false(covered);
	/* an IPv4-mapped address stays IPv6 for the AS0 lookup, as in internet.nl */
	netaddr_parse("::ffff:192.0.2.77", &ip);
	assert_int_equal(rov_covered(&rp, &ip, deadline_in(1000), &covered, &err), 0);
	assert_false(covered);
	vrp_free(set);
}

static void test_no_relying_party_is_unavailable(void **state)
{
	struct rov_rp rp = {0};
	struct rov_answer a;
	struct prefix p;
	struct error err = {{0}};
	(void)state;
	assert_false(rov_configured(&rp));
	prefix_parse("192.0.2.0/24", &p, NULL);
	assert_int_equal(rov_validate(&rp, 64500, &p, deadline_in(1000), &a, &err), -1);
	assert_non_null(strstr(err.msg, "--rpki-vrps"));
}

static void test_unreachable_validator_is_unavailable(void **state)
{
	/* port 1 on loopback: nothing listens, connect is refused at once */
	struct rov_rp rp = { .url = "http://127.0.0.1:1/api/v1/validity" };
	struct rov_answer a;
	struct prefix p;
	struct error err = {{0}};
	(void)state;
	prefix_parse("192.0.2.0/24", &p, NULL);
	assert_int_equal(rov_validate(&rp, 64500, &p, deadline_in(3000), &a, &err), -1);
	assert_non_null(strstr(err.msg, "http://127.0.0.1:1/api/v1/validity/64500/192.0.2.0/24"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routinator_valid_counts_matched),
		cmocka_unit_test(test_routinator_state_case_insensitive),
		cmocka_unit_test(test_routinator_invalid_as_counts_unmatched_as),
		cmocka_unit_test(test_routinator_invalid_length),
		cmocka_unit_test(test_routinator_not_found_has_no_vrps),
		cmocka_unit_test(test_routinator_rejects_bad_answers),
		cmocka_unit_test(test_routinator_asn_upper_bound),
		cmocka_unit_test(test_validator_url_base_gets_api_path),
		cmocka_unit_test(test_validator_url_path_kept),
		cmocka_unit_test(test_validator_url_rejects),
		cmocka_unit_test(test_vrp_set_validate_and_covered),
		cmocka_unit_test(test_no_relying_party_is_unavailable),
		cmocka_unit_test(test_unreachable_validator_is_unavailable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
