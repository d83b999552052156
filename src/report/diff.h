/*
 * diff.h -- what changed between two results of the same test (issue 21): two --json
 * documents (report/render.h render_json) of web or mail, e.g. yesterday's and
 * today's, or staging's and production's (the domains may differ). Only what
 * changed: the scores, each category whose status changed, each subtest whose
 * status or verdict changed. Pure: documents in, a struct out; `inetcheck diff` and
 * --baseline print it.
 */
#ifndef INETCHECK_REPORT_DIFF_H
#define INETCHECK_REPORT_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "core/error.h"
#include "core/result.h"

/* A category or subtest that changed. A side where it is missing has NULL status
 * and verdict. Strings point into the documents the diff holds. */
struct diff_change {
	const char *name;          /* batch API name: "web_https", "web_https_tls_version" */
	const char *category;      /* a subtest's category ("web_https"); NULL for a category */
	const char *old_status, *old_verdict;
	const char *new_status, *new_verdict;
};

struct diff {
	const char *test;          /* "web", "mail" */
	const char *old_domain, *new_domain;
	int old_percentage, new_percentage;
	struct diff_change *categories;   /* in report order; owned */
	size_t n_categories;
	struct diff_change *tests;        /* in catalog order; owned */
	size_t n_tests;
	json_t *old_doc, *new_doc;        /* held until diff_free */
};

/* Whether `doc` is a finished web or mail result of this program (its test into
 * `kind`): 0, or -1 with the reason, naming the document `which`, in `err`. */
int diff_check_result(json_t *doc, const char *which, enum test_kind *kind, struct error *err);

/*
 * Compare two --json documents. 0, or -1 with the reason in `err` when either is
 * not a finished result of this program ("not an inetcheck --json result", a test
 * that could not run) or they are of different tests (web and mail). `which_old` and
 * `which_new` name the documents in that reason (file names); NULL: "old", "new".
 * The diff holds references to both documents; diff_free it after a 0 (after a -1
 * there is nothing to free).
 */
int diff_compute(json_t *old_doc, json_t *new_doc, const char *which_old, const char *which_new,
                 struct diff *d, struct error *err);
void diff_free(struct diff *d);

/* Nothing changed: same score, no category and no subtest changed. */
bool diff_empty(const struct diff *d);
/* The new score is lower than the old (the exit status 1 of diff and --baseline). */
bool diff_worse(const struct diff *d);

/*
 * The diff for people: the domains (both, when they differ), "score: 90% -> 85% (-5)",
 * then a line per changed category and subtest ("NAME  old-status/verdict -> new"),
 * or "no change". render_diff_text: plain text; render_diff_markdown: GitHub Markdown
 * (tables). 0, or -1 when writing failed.
 */
int render_diff_text(const struct diff *d, FILE *out);
int render_diff_markdown(const struct diff *d, FILE *out);
/*
 * The diff as JSON (README "inetcheck diff"):
 * {"test", "old": {"domain", "percentage"}, "new": {"domain", "percentage"},
 *  "same_domain": bool, "score_change": new - old, "changed": bool, "worse": bool,
 *  "categories": [{"name", "old": {"status","verdict"}|null, "new": ...|null}],
 *  "tests": [{"name", "category", "old": ..., "new": ...}]}. New reference.
 */
json_t *render_diff_json(const struct diff *d);

#endif
