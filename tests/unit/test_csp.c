/* test_csp.c -- Content-Security-Policy evaluation (spec §3.4.1, §8 item 42). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "checks/csp.h"

#define D "example.nl"

/* The three directives besides default-src a passing policy needs. */
#define REST "; frame-ancestors 'self'; base-uri 'self'; form-action 'self'"
#define MINIMAL "default-src 'self'" REST

/* Evaluate `header` for `domain`; the failures must be exactly the
 * NULL-terminated list that follows, in this order. */
static void expect_failures(const char *header, const char *domain, ...)
{
	struct csp_result r;
	const char *want[CSP_FAILURES_MAX + 1];
	size_t n = 0;
	va_list ap;
	char got[512] = "";

	va_start(ap, domain);
	while (n < CSP_FAILURES_MAX && (want[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);

	csp_evaluate(header, domain, &r);
	for (size_t i = 0; i < r.n_failures; i++) {
		strncat(got, r.failures[i], sizeof(got) - strlen(got) - 2);
		strncat(got, " ", sizeof(got) - strlen(got) - 1);
	}
	if (!r.found)
		fail_msg("%s: not found", header);
	if (r.n_failures != n)
		fail_msg("%s: failures [%s], expected %zu", header, got, n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(r.failures[i], want[i]) != 0)
			fail_msg("%s: failures [%s], #%zu expected %s", header, got, i, want[i]);
	assert_int_equal(r.good, n == 0);
}

#define PASSES(header, domain) expect_failures((header), (domain), (const char *)NULL)
#define FAILS(header, domain, ...) expect_failures((header), (domain), __VA_ARGS__, (const char *)NULL)

static void test_csp_minimal_passing_policy(void **state)
{
	(void)state;
	PASSES(MINIMAL, D);
	/* directive order, extra whitespace and empty directives do not matter */
	PASSES("  form-action 'self' ;; base-uri\t'self';frame-ancestors 'self' ; default-src  'self';", D);
}

static void test_csp_internetnl_own_header_passes(void **state)
{
	(void)state;
	PASSES("base-uri 'self' https://*.internet.nl; form-action 'self' https://*.internet.nl; "
	       "frame-ancestors 'none'; default-src 'self' https://*.internet.nl",
	       "internet.nl");
	PASSES("base-uri 'self' https://*." D "; form-action 'self' https://*." D "; "
	       "frame-ancestors 'none'; default-src 'self' https://*." D,
	       D);
}

static void test_csp_absent_not_found(void **state)
{
	struct csp_result r;

	(void)state;
	csp_evaluate(NULL, D, &r);
	assert_false(r.found);
	assert_false(r.good);
	assert_int_equal(r.n_failures, 0);
	/* internet.nl tests `if not value`: an empty value is absent too */
	csp_evaluate("", D, &r);
	assert_false(r.found);
	assert_false(r.good);
	assert_int_equal(r.n_failures, 0);
	/* a present but useless header is found, and fails everything */
	FAILS("   ", D, "missing-invalid-default-src", "missing-invalid-frame-src",
	      "missing-invalid-frame-ancestors", "missing-invalid-base-uri", "missing-invalid-form-action");
}

static void test_csp_has_unsafe_inline(void **state)
{
	(void)state;
	FAILS(MINIMAL "; style-src 'self' 'unsafe-inline'", D, "has-unsafe-inline");
	/* other_source is matched as a prefix (re.match): trailing bytes do not matter */
	FAILS(MINIMAL "; style-src 'unsafe-inline'junk", D, "has-unsafe-inline");
}

static void test_csp_has_unsafe_eval(void **state)
{
	(void)state;
	FAILS(MINIMAL "; script-src 'self' 'unsafe-eval'", D, "has-unsafe-eval");
}

static void test_csp_has_unsafe_hashes(void **state)
{
	(void)state;
	FAILS(MINIMAL "; script-src 'self' 'unsafe-hashes'", D, "has-unsafe-hashes");
	/* keyword case matters: 'UNSAFE-HASHES' is dropped */
	PASSES(MINIMAL "; script-src 'self' 'UNSAFE-HASHES'", D);
}

static void test_csp_has_http_scheme_source(void **state)
{
	(void)state;
	FAILS(MINIMAL "; img-src http:", D, "has-http");
	/* scheme-sources are case-sensitive: HTTP: matches nothing and is dropped */
	PASSES(MINIMAL "; img-src HTTP:", D);
}

static void test_csp_has_http_host(void **state)
{
	(void)state;
	FAILS(MINIMAL "; img-src http://cdn.example.org", D, "has-http");
	FAILS(MINIMAL "; img-src *://cdn.example.org", D, "has-http");
	/* the scheme is compared exactly */
	PASSES(MINIMAL "; img-src HTTP://cdn.example.org", D);
	/* greedy scheme: the last "://" splits, so the scheme here is "http://a" */
	PASSES(MINIMAL "; img-src http://a://b", D);
}

static void test_csp_has_bare_https(void **state)
{
	(void)state;
	FAILS(MINIMAL "; img-src https:", D, "has-bare-https");
	PASSES(MINIMAL "; img-src https://cdn.example.org", D);
}

static void test_csp_host_without_scheme(void **state)
{
	(void)state;
	FAILS(MINIMAL "; img-src cdn.example.org", D, "has-host-without-scheme");
	FAILS(MINIMAL "; img-src *.example.org:443/path", D, "has-host-without-scheme");
	FAILS(MINIMAL "; img-src [::1]:8080", D, "has-host-without-scheme");
	PASSES(MINIMAL "; img-src https://cdn.example.org:*/x", D);
	/* in frame-ancestors too */
	FAILS("default-src 'self'; frame-ancestors 'self' example.org; base-uri 'self'; form-action 'self'", D,
	      "has-host-without-scheme");
}

static void test_csp_has_data_in_script_src(void **state)
{
	(void)state;
	FAILS(MINIMAL "; script-src 'self' data:", D, "has-data");
	FAILS(MINIMAL "; object-src data:", D, "has-data");
	/* via the default-src fallback (which then is not self-like either) */
	FAILS("default-src 'self' data:" REST, D, "has-data", "missing-invalid-default-src");
	/* script-src present: default-src's data: is not looked at for it ... */
	FAILS("default-src 'self' data:; script-src 'self'; object-src 'self'" REST, D,
	      "missing-invalid-default-src");
	/* ... and script-src-elem does not count at all */
	PASSES(MINIMAL "; script-src-elem data:", D);
}

static void test_csp_data_in_img_src_ok(void **state)
{
	(void)state;
	PASSES(MINIMAL "; img-src 'self' data:", D);
	PASSES(MINIMAL "; style-src data: blob:; font-src data: mediastream: filesystem:", D);
}

static void test_csp_has_invalid_host_star(void **state)
{
	(void)state;
	FAILS(MINIMAL "; img-src *", D, "has-host-without-scheme", "has-invalid-host");
	FAILS(MINIMAL "; img-src https://*", D, "has-invalid-host");
	FAILS(MINIMAL "; img-src https://127.0.0.1:8443", D, "has-invalid-host");
	/* only exactly "*" or "127.0.0.1" */
	PASSES(MINIMAL "; img-src https://127.0.0.2 https://*.example.org", D);
}

static void test_csp_default_src_missing(void **state)
{
	(void)state;
	FAILS("frame-ancestors 'self'; base-uri 'self'; form-action 'self'", D, "missing-invalid-default-src", "missing-invalid-frame-src");
	/* a frame-src with 'self' saves frame-src, not default-src */
	FAILS("frame-src 'self'" REST, D, "missing-invalid-default-src");
	/* default-src without any kept value is absent */
	FAILS("default-src" REST, D, "missing-invalid-default-src", "missing-invalid-frame-src");
	FAILS("default-src 'bogus'" REST, D, "missing-invalid-default-src", "missing-invalid-frame-src");
	/* 'self' next to a foreign host */
	FAILS("default-src 'self' https://example.org" REST, D, "missing-invalid-default-src");
	/* a host without 'self' */
	FAILS("default-src https://www.example.nl" REST, D, "missing-invalid-default-src");
	/* a nonce is kept and is not a self-like value */
	FAILS("default-src 'self' 'nonce-abc='" REST, D, "missing-invalid-default-src");
	/* missing-invalid-frame-src only when default-src is not self-like */
	PASSES("default-src 'self'; frame-src data:" REST, D);
}

static void test_csp_default_src_none_alone_self_like(void **state)
{
	(void)state;
	PASSES("default-src 'none'" REST, D);
	/* 'none' short-circuits only without 'self', 'report-sample' or hosts */
	FAILS("default-src 'none' 'self'" REST, D, "missing-invalid-default-src");
	FAILS("default-src 'none' https://www.example.nl" REST, D, "missing-invalid-default-src");
	/* ... but other kept tokens do not stop it (internet.nl's order of tests) */
	PASSES("default-src 'none' 'sha256-abc'" REST, D);
}

static void test_csp_self_like_suffix_quirk(void **state)
{
	(void)state;
	/* a plain string suffix test: evilexample.nl is "under" example.nl */
	PASSES("default-src 'self' https://evilexample.nl" REST, D);
	PASSES("default-src 'self'; frame-ancestors 'self'; base-uri 'self' https://evilexample.nl; "
	       "form-action 'self'",
	       D);
	/* the comparison is case-sensitive, trailing dots are stripped */
	FAILS("default-src 'self' https://EXAMPLE.NL" REST, D, "missing-invalid-default-src");
	PASSES("default-src 'self' https://www.example.nl." REST, D "...");
}

static void test_csp_self_like_wildcard(void **state)
{
	(void)state;
	PASSES("default-src 'self' https://*.example.nl" REST, D);
	/* *.X passes when D ends with X, however short X is */
	PASSES("default-src 'self' https://*.nl" REST, D);
	FAILS("default-src 'self' https://*.example.org" REST, D, "missing-invalid-default-src");
	FAILS("default-src 'self' https://*." REST, D, "missing-invalid-default-src");
}

static void test_csp_self_like_shortest_host_rule(void **state)
{
	(void)state;
	/* every host must end with the shortest host */
	PASSES("default-src 'self' https://example.nl https://www.example.nl" REST, D);
	/* the shortest host is compared literally: nothing ends with "*.example.nl" */
	FAILS("default-src 'self' https://*.example.nl https://www.a.example.nl" REST, D,
	      "missing-invalid-default-src");
	/* two different hosts of the same length never do */
	FAILS("default-src 'self' https://a.example.nl https://b.example.nl" REST, D,
	      "missing-invalid-default-src");
	/* *.nl is fine alone but www.example.nl does not end with "*.nl" */
	FAILS("default-src 'self' https://*.nl https://www.example.nl" REST, D, "missing-invalid-default-src");
	/* the same host twice is one host */
	PASSES("default-src 'self' https://a.example.nl https://a.example.nl" REST, D);
}

static void test_csp_frame_src_fallback_child_src(void **state)
{
	(void)state;
	/* default-src is not self-like and has no 'self'/'none'/host for frame-src */
	FAILS("default-src 'nonce-abc'" REST, D, "missing-invalid-default-src", "missing-invalid-frame-src");
	/* frame-src falls back to child-src before default-src */
	FAILS("default-src 'nonce-abc'; child-src 'none'" REST, D, "missing-invalid-default-src");
	FAILS("default-src 'nonce-abc'; child-src https://any.example.org" REST, D,
	      "missing-invalid-default-src");
	/* a present frame-src wins over child-src */
	FAILS("default-src 'nonce-abc'; child-src 'self'; frame-src data:" REST, D,
	      "missing-invalid-default-src", "missing-invalid-frame-src");
	/* ... and a frame-src whose values all got dropped is absent */
	FAILS("default-src 'nonce-abc'; child-src 'self'; frame-src 'bogus'" REST, D,
	      "missing-invalid-default-src");
	/* default-src as the last fallback: a foreign host is enough for frame-src */
	FAILS("default-src 'self' https://example.org" REST, D, "missing-invalid-default-src");
}

static void test_csp_frame_ancestors_host_only_fails(void **state)
{
	(void)state;
	FAILS("default-src 'self'; frame-ancestors https://example.nl; base-uri 'self'; form-action 'self'", D,
	      "missing-invalid-frame-ancestors");
	PASSES("default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'", D);
	PASSES("default-src 'self'; frame-ancestors 'self' https://example.org; base-uri 'self'; "
	       "form-action 'self'",
	       D);
	/* frame-ancestors has no fallback; 'self' must be exact there */
	FAILS("default-src 'self'; base-uri 'self'; form-action 'self'", D, "missing-invalid-frame-ancestors");
	FAILS("default-src 'self'; frame-ancestors 'self'x; base-uri 'self'; form-action 'self'", D,
	      "missing-invalid-frame-ancestors");
}

static void test_csp_base_uri_missing(void **state)
{
	(void)state;
	FAILS("default-src 'self'; frame-ancestors 'self'; form-action 'self'", D, "missing-invalid-base-uri");
	FAILS("default-src 'self'; frame-ancestors 'self'; base-uri https://example.org; form-action 'self'", D,
	      "missing-invalid-base-uri");
	/* base-uri keeps 'report-sample' and 'strict-dynamic'; only the first is self-like */
	PASSES("default-src 'self'; frame-ancestors 'self'; base-uri 'self' 'report-sample'; form-action 'self'",
	       D);
	FAILS("default-src 'self'; frame-ancestors 'self'; base-uri 'self' 'strict-dynamic'; form-action 'self'",
	      D, "missing-invalid-base-uri");
	PASSES("default-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'", D);
}

static void test_csp_form_action_any_host_ok(void **state)
{
	(void)state;
	PASSES("default-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action https://example.org", D);
	PASSES("default-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'none'", D);
	FAILS("default-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action data:", D,
	      "missing-invalid-form-action");
	FAILS("default-src 'self'; frame-ancestors 'self'; base-uri 'self'", D, "missing-invalid-form-action");
}

static void test_csp_directive_name_case_sensitive(void **state)
{
	(void)state;
	FAILS("Default-Src 'self'" REST, D, "missing-invalid-default-src", "missing-invalid-frame-src");
	/* unknown directives are ignored, values and all */
	PASSES(MINIMAL "; SCRIPT-SRC 'unsafe-inline'; x-custom http:", D);
}

static void test_csp_two_policies_merged(void **state)
{
	(void)state;
	PASSES("default-src 'self', frame-ancestors 'self'; base-uri 'self', form-action 'self'", D);
	/* values of a repeated directive are appended, not replaced */
	FAILS("default-src 'self'" REST ", default-src https://example.org", D, "missing-invalid-default-src");
	FAILS(MINIMAL ", " MINIMAL "; script-src 'unsafe-eval'", D, "has-unsafe-eval");
}

static void test_csp_token_dropped_when_not_matching(void **state)
{
	(void)state;
	/* dropped tokens do not count against self-likeness */
	PASSES("default-src 'self' 'bogus' HTTPS: 'nonce-' 'sha1-abc'" REST, D);
	/* 'report-sample' is not a default-src pattern: dropped there */
	PASSES("default-src 'self' 'report-sample'" REST, D);
	/* 'strict-dynamic' is not a default-src pattern either */
	PASSES("default-src 'self' 'strict-dynamic'" REST, D);
	/* a quote ends a bare host: "a'b" is no host-source */
	PASSES(MINIMAL "; img-src a'b", D);
	/* a bad port drops the token */
	PASSES(MINIMAL "; img-src example.org:80x", D);
}

static void test_csp_failure_order(void **state)
{
	(void)state;
	/* internet.nl's ParseResult.failures(): unsafe-hashes comes after invalid-host */
	FAILS("script-src 'unsafe-hashes' 'unsafe-eval' 'unsafe-inline' data: https: http: *", D,
	      "has-unsafe-inline", "has-unsafe-eval", "has-http", "has-bare-https", "has-host-without-scheme",
	      "has-data", "has-invalid-host", "has-unsafe-hashes", "missing-invalid-default-src",
	      "missing-invalid-frame-src", "missing-invalid-frame-ancestors", "missing-invalid-base-uri",
	      "missing-invalid-form-action");
}

static void test_csp_host_source_grammar(void **state)
{
	(void)state;
	/* bracketed hosts: the last ']' before a valid tail */
	PASSES(MINIMAL "; img-src https://[::1]:443/p", D);
	PASSES(MINIMAL "; img-src https://[::1]:*", D);
	/* no host after the scheme: "https://" alone is dropped */
	PASSES(MINIMAL "; img-src https://", D);
	/* a path may hold anything, even "://" */
	FAILS(MINIMAL "; img-src a/b://c'd", D, "has-host-without-scheme");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csp_minimal_passing_policy),
		cmocka_unit_test(test_csp_internetnl_own_header_passes),
		cmocka_unit_test(test_csp_absent_not_found),
		cmocka_unit_test(test_csp_has_unsafe_inline),
		cmocka_unit_test(test_csp_has_unsafe_eval),
		cmocka_unit_test(test_csp_has_unsafe_hashes),
		cmocka_unit_test(test_csp_has_http_scheme_source),
		cmocka_unit_test(test_csp_has_http_host),
		cmocka_unit_test(test_csp_has_bare_https),
		cmocka_unit_test(test_csp_host_without_scheme),
		cmocka_unit_test(test_csp_has_data_in_script_src),
		cmocka_unit_test(test_csp_data_in_img_src_ok),
		cmocka_unit_test(test_csp_has_invalid_host_star),
		cmocka_unit_test(test_csp_default_src_missing),
		cmocka_unit_test(test_csp_default_src_none_alone_self_like),
		cmocka_unit_test(test_csp_self_like_suffix_quirk),
		cmocka_unit_test(test_csp_self_like_wildcard),
		cmocka_unit_test(test_csp_self_like_shortest_host_rule),
		cmocka_unit_test(test_csp_frame_src_fallback_child_src),
		cmocka_unit_test(test_csp_frame_ancestors_host_only_fails),
		cmocka_unit_test(test_csp_base_uri_missing),
		cmocka_unit_test(test_csp_form_action_any_host_ok),
		cmocka_unit_test(test_csp_directive_name_case_sensitive),
		cmocka_unit_test(test_csp_two_policies_merged),
		cmocka_unit_test(test_csp_token_dropped_when_not_matching),
		cmocka_unit_test(test_csp_failure_order),
		cmocka_unit_test(test_csp_host_source_grammar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
