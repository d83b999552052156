/*
 * render_junit.c -- a finished report as JUnit XML (issue 21), the test-result format
 * every CI system shows: a category is a test suite, a subtest a test case, and a
 * failed subtest a failing test with the fix advice as its text. Lays out a view
 * (report/view.h); valid against Ant's JUnit schema (tests/data/schemas/JUnit.xsd).
 */
#include "report/render.h"

#include <stdlib.h>
#include <string.h>

#include "report/catalog.h"
#include "report/view.h"

#define REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD */

/* The length of the well-formed UTF-8 sequence of an XML 1.0 character at `s`
 * (§2.2: #x9 #xA #xD, #x20-#xD7FF, #xE000-#xFFFD, #x10000-#x10FFFF), or 0. */
static size_t xml_char_len(const unsigned char *s)
{
	unsigned cp;
	size_t n;

	if (s[0] < 0x80)
		return s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' ? 1 : 0;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)   /* also stops at the terminating NUL */
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

/* Text as XML character data, or (attr) an attribute value in double quotes, where
 * line breaks and tabs are kept as character references. Strings from servers may
 * hold anything: what is no XML character becomes U+FFFD. */
static void xml_escape(FILE *out, const char *str, bool attr)
{
	const unsigned char *s = (const unsigned char *)(str != NULL ? str : "");

	while (*s != '\0') {
		size_t n = xml_char_len(s);
		if (n == 0) {
			fputs(REPLACEMENT, out);
			n = 1;
		} else if (*s == '&') {
			fputs("&amp;", out);
		} else if (*s == '<') {
			fputs("&lt;", out);
		} else if (*s == '>') {
			fputs("&gt;", out);
		} else if (*s == '"' && attr) {
			fputs("&quot;", out);
		} else if (attr && (*s == '\n' || *s == '\r' || *s == '\t')) {
			fprintf(out, "&#%d;", *s);
		} else if (*s == '\r') {
			fputs("&#13;", out);   /* a raw CR would be read as a line break */
		} else {
			fwrite(s, 1, n, out);
		}
		s += n;
	}
}

static void junit_attr(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s=\"", name);
	xml_escape(out, value, true);
	fputc('"', out);
}

static bool subtest_failed(const struct view_subtest *s) { return s->status == STATUS_FAIL; }
static bool subtest_error(const struct view_subtest *s) { return s->status == STATUS_ERROR; }
static bool subtest_skipped(const struct view_subtest *s)
{
	return s->status == STATUS_NOT_TESTED || s->status == STATUS_GOOD_NOT_TESTED;
}

static void junit_testcase(FILE *out, const struct view_category *c, const struct view_subtest *s)
{
	const char *element = subtest_failed(s) ? "failure" : subtest_error(s) ? "error" : NULL;

	fputs("    <testcase", out);
	junit_attr(out, "classname", catalog_category(c->id)->api_name);
	junit_attr(out, "name", catalog_subtest(s->id)->api_name);
	fputs(" time=\"0\"", out);
	if (element != NULL) {
		char *fix = view_fix_plain(&s->fix);
		fprintf(out, ">\n      <%s", element);
		junit_attr(out, "message", s->sentence);
		junit_attr(out, "type", s->verdict);
		fputc('>', out);
		xml_escape(out, fix != NULL ? fix : s->sentence, false);
		fprintf(out, "</%s>\n    </testcase>\n", element);
		free(fix);
	} else if (subtest_skipped(s)) {
		fputs(">\n      <skipped", out);
		junit_attr(out, "message", s->sentence);
		fputs("/>\n    </testcase>\n", out);
	} else {
		fputs("/>\n", out);
	}
}

/* The suite's <system-out>: a line per warning or info subtest, what was found and
 * how to fix it (they pass: CI shows them without failing the build). */
static void junit_notes(FILE *out, const struct view_category *c)
{
	fputs("    <system-out>", out);
	for (size_t k = 0; k < c->n_subs; k++) {
		const struct view_subtest *s = &c->subs[k];
		if (s->status != STATUS_NOTICE && s->status != STATUS_INFO)
			continue;
		char *fix = view_fix_plain(&s->fix);
		xml_escape(out, s->status_api, false);
		fputs(": ", out);
		xml_escape(out, catalog_subtest(s->id)->api_name, false);
		fputs(": ", out);
		xml_escape(out, s->sentence, false);
		if (fix != NULL) {
			fputc('\n', out);
			xml_escape(out, view_label(VIEW_L_FIX), false);
			fputs(": ", out);
			xml_escape(out, fix, false);
		}
		fputc('\n', out);
		free(fix);
	}
	fputs("</system-out>\n", out);
}

static void junit_suite_open(FILE *out, const struct view *v, const char *name, int id,
                             const char *stamp, size_t tests, size_t failures, size_t errors,
                             size_t skipped)
{
	char package[64];

	snprintf(package, sizeof(package), "inetcheck.%s", catalog_test_name(v->kind));
	fputs("  <testsuite", out);
	junit_attr(out, "name", name);
	junit_attr(out, "package", package);
	fprintf(out, " id=\"%d\" timestamp=\"%s\"", id, stamp);
	junit_attr(out, "hostname", v->domain[0] != '\0' ? v->domain : "-");
	fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"0\">\n",
	        tests, failures, errors, skipped);
	fputs("    <properties>\n      <property name=\"domain\"", out);
	junit_attr(out, "value", v->domain);
	fprintf(out, "/>\n      <property name=\"test\" value=\"%s\"/>\n"
	        "      <property name=\"score\" value=\"%d\"/>\n    </properties>\n",
	        catalog_test_name(v->kind), v->percentage);
}

int render_junit(const struct view *v, FILE *out, time_t when)
{
	char stamp[32];
	struct tm tm;
	int id = 0;

	/* the schema's timestamp: ISO 8601 without a zone; ours is UTC */
	if (gmtime_r(&when, &tm) == NULL || strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(stamp, sizeof(stamp), "1970-01-01T00:00:00");
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", out);
	if (v->error) {
		/* the test could not run: one suite with one erroring case saying why */
		junit_suite_open(out, v, catalog_test_name(v->kind), id, stamp, 1, 0, 1, 0);
		fputs("    <testcase", out);
		junit_attr(out, "classname", catalog_test_name(v->kind));
		junit_attr(out, "name", v->domain);
		fputs(" time=\"0\">\n      <error type=\"error\"", out);
		junit_attr(out, "message", v->error_msg);
		fputc('>', out);
		xml_escape(out, v->error_msg, false);
		fputs("</error>\n    </testcase>\n    <system-out/>\n    <system-err/>\n  </testsuite>\n", out);
	}
	for (size_t i = 0; i < v->n_cats; i++) {
		const struct view_category *c = &v->cats[i];
		size_t failures = 0, errors = 0, skipped = 0;
		if (!c->implemented)
			continue;
		for (size_t k = 0; k < c->n_subs; k++) {
			failures += subtest_failed(&c->subs[k]);
			errors += subtest_error(&c->subs[k]);
			skipped += subtest_skipped(&c->subs[k]);
		}
		junit_suite_open(out, v, catalog_category(c->id)->api_name, id++, stamp, c->n_subs,
		                 failures, errors, skipped);
		for (size_t k = 0; k < c->n_subs; k++)
			junit_testcase(out, c, &c->subs[k]);
		junit_notes(out, c);
		fputs("    <system-err/>\n  </testsuite>\n", out);
	}
	fputs("</testsuites>\n", out);
	return ferror(out) ? -1 : 0;
}
