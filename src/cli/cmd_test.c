/*
 * cmd_test.c -- `inetcheck web|mail DOMAIN`: one test of internet.nl, its report as
 * JSON or for people (text, Markdown, HTML).
 */
#include "cli/cli.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "checks/testrun.h"
#include "core/domain.h"
#include "core/i18n.h"
#include "net/http.h"
#include "report/catalog.h"
#include "report/diff.h"
#include "report/render.h"
#include "report/score.h"
#include "report/view.h"

/* One report for people (issue 16) in `format` to `out`: text (or --brief), markdown
 * or html; or for CI (issue 21): sarif or junit. */
static void write_people(const struct report *r, const struct view *v, enum format format,
                         bool brief, bool colour, FILE *out)
{
	if (format == FORMAT_SARIF) {
		json_t *doc = render_sarif(v);
		if (doc == NULL || json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
			fprintf(stderr, "inetcheck: out of memory\n");
		else
			fputc('\n', out);
		json_decref(doc);
	} else if (format == FORMAT_JUNIT)
		render_junit(v, out, time(NULL));
	else if (format == FORMAT_TEXT && brief)
		render_text(r, out, colour);
	else if (format == FORMAT_MARKDOWN)
		render_markdown(v, out);
	else if (format == FORMAT_HTML)
		render_html(v, out);
	else
		render_text_full(v, out, colour, out == stdout ? text_width() : 100);
}

/* The report on stdout (unless JSON, printed by the caller) and the --text, --markdown,
 * --html, --sarif, --junit files. 0, or -1 when a file could not be written (said on stderr). */
static int print_people(const struct report *r, const struct options *o)
{
	struct view v;
	int rc = 0;

	if (view_build(r, &v) < 0) {
		fprintf(stderr, "inetcheck: out of memory\n");
		view_free(&v);
		return -1;
	}
	if (o->format != FORMAT_JSON)
		write_people(r, &v, o->format, o->brief, want_colour(o), stdout);
	for (int f = 0; f < FORMAT_COUNT; f++) {
		FILE *out;
		if (o->also[f] == NULL)
			continue;
		out = fopen(o->also[f], "w");
		if (out == NULL) {
			fprintf(stderr, "inetcheck: %s: %s\n", o->also[f], strerror(errno));
			rc = -1;
			continue;
		}
		write_people(r, &v, (enum format)f, o->brief, false, out);
		if (ferror(out) | fclose(out)) {
			fprintf(stderr, "inetcheck: %s: write failed\n", o->also[f]);
			rc = -1;
		}
	}
	view_free(&v);
	return rc;
}

/* --baseline (issue 21): what changed since the result in `baseline`, on stderr so that
 * stdout stays the report. EXIT_BELOW when the score is lower, EXIT_OK, or EXIT_USAGE. */
static int compare_baseline(const struct report *r, json_t *baseline, const char *file)
{
	struct error err = {{0}};
	json_t *doc = render_json(r);
	struct diff d;
	int rc;

	if (doc == NULL || diff_compute(baseline, doc, file, "this test", &d, &err) < 0) {
		fprintf(stderr, "inetcheck: --baseline: %s\n", doc == NULL ? "out of memory" : err.msg);
		json_decref(doc);
		return EXIT_USAGE;
	}
	json_decref(doc);
	fprintf(stderr, "inetcheck: changes since --baseline %s:\n", file);
	render_diff_text(&d, stderr);
	rc = diff_worse(&d) ? EXIT_BELOW : EXIT_OK;
	if (rc == EXIT_BELOW)
		fprintf(stderr, "inetcheck: score %d%% is lower than --baseline's %d%%\n", d.new_percentage,
		        d.old_percentage);
	diff_free(&d);
	return rc;
}

int cmd_test(int argc, char **argv)
{
	struct options o;
	struct test_env env;
	struct report *r = NULL;
	struct error err = {{0}};
	char domain[256];
	json_t *baseline = NULL;
	const char *cmd;
	int rc;

	cmd = argv[0];   /* "web" or "mail" */
	rc = parse_options(argc, argv, CMD_TEST, &o);
	if (rc)
		return rc;
	i18n_init(o.lang);   /* a --lang value was checked by parse_options */
	o.kind = strcmp(cmd, "web") ? TEST_MAIL : TEST_WEB;
	if (!o.input)
		return usage_error("%s: a domain to test is required", cmd);
	if (domain_normalise(o.input, o.kind == TEST_MAIL, domain, sizeof(domain), &err) < 0) {
		fprintf(stderr, "inetcheck: %s\n", err.msg);
		return EXIT_USAGE;
	}
	if (o.baseline != NULL) {
		/* a bad --baseline is bad input, said before a test of minutes */
		enum test_kind base_kind;
		if ((baseline = diff_load(o.baseline)) == NULL)
			return EXIT_USAGE;
		if (diff_check_result(baseline, o.baseline, &base_kind, &err) < 0 || base_kind != o.kind) {
			if (err.msg[0] == '\0')
				snprintf(err.msg, sizeof(err.msg), "%s: a %s result, not one of a %s test", o.baseline,
				         catalog_test_name(base_kind), cmd);
			fprintf(stderr, "inetcheck: --baseline %s\n", err.msg);
			json_decref(baseline);
			return EXIT_USAGE;
		}
	}
	rc = test_env_open(&o, cmd, &env);
	if (rc) {
		json_decref(baseline);
		return rc;
	}

	r = calloc(1, sizeof(*r));
	if (!r) {
		rc = EXIT_NOTRUN;
		goto out;
	}
	struct testrun_options to = { .res = env.res, .timeout_s = o.timeout_s, .ca_file = o.ca_file,
	                              .ehlo = o.ehlo, .rpki = &env.rpki,
	                              .dkim_selectors = o.n_dkim_selectors ? o.dkim_selectors : NULL };
	char fd_why[200];
	int ran = testrun_run(&to, o.kind, domain, r);
	r->what_if = json_incref(env.what_if);   /* after report_init, in testrun_run */
	if (ran < 0 || *descriptors_problem(fd_why, sizeof(fd_why))) {
		if (!r->error && *descriptors_problem(fd_why, sizeof(fd_why))) {
			/* the report is complete but its failures are ours: not a result */
			r->error = true;
			snprintf(r->error_msg, sizeof(r->error_msg), "%s", fd_why);
		}
		fprintf(stderr, "inetcheck: cannot test %s: %s\n", domain, r->error_msg);
		rc = EXIT_NOTRUN;
		if (o.json) {
			json_t *doc = render_json(r);
			print_json(doc);
			json_decref(doc);
		}
		/* CI formats say so too: an unsuccessful SARIF run, a JUnit error */
		if (o.format == FORMAT_SARIF || o.format == FORMAT_JUNIT)
			print_people(r, &o);
		goto out;
	}
	score_report(r);

	size_t i;
	json_t *w;
	json_array_foreach(r->warnings, i, w)
		fprintf(stderr, "inetcheck: warning: %s\n", json_string_value(w));
	if (o.json) {
		json_t *doc = render_json(r);
		print_json(doc);
		json_decref(doc);
	}
	rc = EXIT_OK;
	if (print_people(r, &o) < 0)
		rc = EXIT_OUTPUT;   /* a --text/--markdown/--html file could not be written */
	if (o.fail_under >= 0 && r->percentage < o.fail_under) {
		fprintf(stderr, "inetcheck: score %d%% is below --fail-under %d%%\n", r->percentage, o.fail_under);
		if (rc == EXIT_OK)
			rc = EXIT_BELOW;
	}
	if (o.fail_on >= 0 && score_any_subtest_at(r, (enum status)o.fail_on)) {
		fprintf(stderr, "inetcheck: a subtest is %s (--fail-on %s)\n",
		        o.fail_on == STATUS_FAIL ? "failed" : o.fail_on == STATUS_NOTICE ? "failed or a warning"
		                                                                   : "failed, a warning or info",
		        status_api_name((enum status)o.fail_on));
		if (rc == EXIT_OK)
			rc = EXIT_BELOW;
	}
	if (baseline != NULL) {
		int base_rc = compare_baseline(r, baseline, o.baseline);
		if (rc == EXIT_OK)
			rc = base_rc;
	}
out:
	if (r) {
		report_release(r);
		free(r);
	}
	test_env_close(&env);
	json_decref(baseline);
	return rc;
}
