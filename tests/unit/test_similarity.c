/* test_similarity.c -- the same-website page distance (spec §3.1 step 3, §8 item 36). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/similarity.h"

static int dist(const char *a, const char *b)
{
	return similarity_distance(a, strlen(a), b, strlen(b));
}

static double dist_exact(const char *a, const char *b)
{
	return similarity_distance_exact(a, strlen(a), b, strlen(b));
}

static void test_identical_pages_distance_0(void **s)
{
	(void)s;
	const char *page = "<html><head><title>x</title></head><body><p>Hello</p></body></html>";
	assert_int_equal(dist(page, page), 0);
	assert_true(dist_exact(page, page) == 0.0);
}

static void test_both_empty_distance_0(void **s)
{
	(void)s;
	assert_int_equal(similarity_distance(NULL, 0, NULL, 0), 0);
	assert_int_equal(dist("", ""), 0);
	assert_int_equal(dist("", "abc"), 100);
}

static void test_disjoint_distance_100(void **s)
{
	(void)s;
	assert_int_equal(dist("aaaa", "bbbb"), 100);
	assert_int_equal(dist("<p>", "xyz"), 100);
}

/* difflib quick_ratio worked by hand: M = 3 (b, c, d), T = 8, ratio 0.75 */
static void test_quick_ratio_by_hand(void **s)
{
	(void)s;
	assert_int_equal(dist("abcd", "bcde"), 25);
	assert_true(dist_exact("abcd", "bcde") == 25.0);
	/* M = 2, T = 6: Python gives 100 - (4.0/6)*100 = 33.33333333333334 */
	assert_true(dist_exact("abc", "abd") == 33.33333333333334);
	assert_int_equal(dist("abc", "abd"), 33);
	/* a multiset, not a sequence: order does not matter; Python: 4.347826086956516 */
	assert_true(dist_exact("hello world", "world hello!") == 4.347826086956516);
	assert_int_equal(dist("hello world", "world hello!"), 4);
}

/* int() truncates 10.5 to 10, but the verdict compares the float (10.5 > 10) */
static void test_threshold_uses_exact_value(void **s)
{
	(void)s;
	char *a = malloc(1000), *b = malloc(1000);
	memset(a, 'a', 1000);
	memset(b, 'a', 895);
	memset(b + 895, 'b', 105);
	assert_true(similarity_distance_exact(a, 1000, b, 1000) == 10.5);
	assert_int_equal(similarity_distance(a, 1000, b, 1000), 10);
	assert_false(similarity_distance_exact(a, 1000, b, 1000) <= SIMILARITY_MAX_DISTANCE);
	free(a);
	free(b);
}

static void test_nonce_only_difference_distance_0(void **s)
{
	(void)s;
	assert_int_equal(dist("<script nonce=\"abc123\" src=\"/a.js\"></script><p>x</p>",
	                      "<script nonce=\"zzzzzzzzzzzzzzzzzzzzzz\" src=\"/a.js\"></script><p>x</p>"), 0);
	/* any quoting, any case, style too, spaces around '=' */
	assert_int_equal(dist("<SCRIPT NONCE='r4nd0m'>var a = 1;</SCRIPT><style nonce=abc>p{}</style>",
	                      "<SCRIPT Nonce = \"other\">var a = 1;</SCRIPT><style nonce=q>p{}</style>"), 0);
	/* with and without the attribute at all */
	assert_int_equal(dist("<script nonce=\"k\">f()</script>", "<script>f()</script>"), 0);
	/* a nonce on another element is kept */
	assert_true(dist_exact("<div nonce=\"aaaa\">x</div>", "<div nonce=\"bbbb\">x</div>") > 0.0);
	/* a tag whose name only starts with "script" is another element */
	assert_true(dist_exact("<scripts nonce=\"aaaa\">", "<scripts nonce=\"bbbb\">") > 0.0);
}

static void test_viewstate_only_difference_distance_0(void **s)
{
	(void)s;
	assert_int_equal(dist("<form><input type=\"hidden\" name=\"__VIEWSTATE\" value=\"AAAA\" /><p>x</p></form>",
	                      "<form><input type=\"hidden\" name=\"__VIEWSTATE\" value=\"QkJCQkJCQkJCQkJC\" /><p>x</p></form>"), 0);
	/* the element is removed entirely, so a page without it compares equal */
	assert_int_equal(dist("<form><INPUT NAME=__VIEWSTATE VALUE='zz'><p>x</p></form>",
	                      "<form><p>x</p></form>"), 0);
	/* other inputs and other name values stay (the value is case-sensitive, as in bs4) */
	assert_true(dist_exact("<input name=\"__viewstate\" value=\"AAAA\">",
	                       "<input name=\"__viewstate\" value=\"BBBB\">") > 0.0);
	assert_true(dist_exact("<input name=\"q\" value=\"AAAA\">",
	                       "<input name=\"q\" value=\"BBBB\">") > 0.0);
}

/* text inside <script> and comments is not markup */
static void test_raw_text_and_comments_are_not_tags(void **s)
{
	(void)s;
	assert_true(dist_exact("<script>x='<input name=\"__VIEWSTATE\" value=\"AAAA\">'</script>",
	                       "<script>x='<input name=\"__VIEWSTATE\" value=\"BBBB\">'</script>") > 0.0);
	assert_true(dist_exact("<!-- <input name=\"__VIEWSTATE\" value=\"AAAA\"> -->",
	                       "<!-- <input name=\"__VIEWSTATE\" value=\"BBBB\"> -->") > 0.0);
	/* a '>' inside a quoted value does not end the tag */
	assert_int_equal(dist("<script data-x=\"a>b\" nonce=\"1\">y</script>",
	                      "<script data-x=\"a>b\" nonce=\"2222\">y</script>"), 0);
}

/* malformed markup is counted as text, never read past its end */
static void test_malformed_markup(void **s)
{
	(void)s;
	assert_int_equal(dist("<script nonce=\"abc", "<script nonce=\"abc"), 0);
	assert_true(dist_exact("<script nonce=\"abc", "<script nonce=\"xyz") > 0.0);
	assert_int_equal(dist("<", "<"), 0);
	assert_int_equal(dist("a < b <!-- c", "a < b <!-- c"), 0);
	assert_int_equal(dist("<input name=__VIEWSTATE", "<input name=__VIEWSTATE"), 0);
	assert_int_equal(dist("<a =x>", "<a =x>"), 0);
}

static void test_bodies_cut_at_500000_bytes(void **s)
{
	(void)s;
	size_t n = SIMILARITY_MAX_BODY + 1000;
	char *a = malloc(n), *b = malloc(n);

	assert_int_equal(SIMILARITY_MAX_BODY, 500000);
	memset(a, 'x', n);
	memset(b, 'x', n);
	memset(a + SIMILARITY_MAX_BODY, 'y', 1000);     /* beyond the cut: ignored */
	assert_int_equal(similarity_distance(a, n, b, n), 0);
	assert_int_equal(similarity_distance(a, n, b, SIMILARITY_MAX_BODY), 0);
	a[SIMILARITY_MAX_BODY - 1] = 'y';                /* inside the cut: counts */
	assert_true(similarity_distance_exact(a, n, b, n) > 0.0);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical_pages_distance_0),
		cmocka_unit_test(test_both_empty_distance_0),
		cmocka_unit_test(test_disjoint_distance_100),
		cmocka_unit_test(test_quick_ratio_by_hand),
		cmocka_unit_test(test_threshold_uses_exact_value),
		cmocka_unit_test(test_nonce_only_difference_distance_0),
		cmocka_unit_test(test_viewstate_only_difference_distance_0),
		cmocka_unit_test(test_raw_text_and_comments_are_not_tags),
		cmocka_unit_test(test_malformed_markup),
		cmocka_unit_test(test_bodies_cut_at_500000_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
