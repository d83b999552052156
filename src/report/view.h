/*
 * view.h -- a finished report as people read it (issue 16): for every category and
 * subtest the texts in the chosen language (core/i18n.h), the technical details as
 * a table of strings, the fix advice split into a sentence and server snippets.
 * Built once from the report, the catalog and the texts; the text, Markdown and
 * HTML renderers only lay it out. Strings are untrusted where they come from
 * servers (table cells): renderers escape them for their format.
 */
#ifndef INETCHECK_REPORT_VIEW_H
#define INETCHECK_REPORT_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "core/result.h"
#include "report/texts.h"

#define VIEW_SNIPPETS_MAX 4

/* A configuration line for one server software ("nginx", "add_header ...;"), and
 * what the advice says after it ("with tls_certificate ..."), or NULL. */
struct view_snippet {
	char *server;
	char *code;
	char *note;
};

struct view_fix {
	char *text;                 /* NULL: nothing to do */
	struct view_snippet snippets[VIEW_SNIPPETS_MAX];
	size_t n_snippets;
};

struct view_subtest {
	enum subtest_id id;
	enum status status;
	const char *status_api;     /* "passed", "failed", ... (CSS classes, JSON) */
	const char *status_word;    /* the same for people, translated */
	const char *title;
	const char *verdict;        /* the token, e.g. "good" */
	const char *sentence;       /* what was found (translated), never NULL */
	const char *explanation;    /* what is tested and why (translated), never NULL */
	const char *columns[TEXT_COLUMNS_MAX];
	size_t n_columns;           /* 0: the rows have no header */
	json_t *rows;               /* array of arrays of strings, owned; may be empty */
	struct view_fix fix;
};

struct view_category {
	enum category_id id;
	bool implemented;
	enum status status;
	const char *status_api, *status_word;
	const char *title, *headline, *explanation;
	bool counted;               /* scored: percentage and points apply */
	int percentage, points, max_points;
	struct view_subtest *subs;  /* owned */
	size_t n_subs;
};

struct view {
	const char *domain;
	enum test_kind kind;
	const char *test_title;     /* "Website test" / "Mail test" / "Connection test", translated */
	const char *lang;           /* "en" / "nl" */
	bool error;                 /* the test could not run: error_msg, no categories */
	const char *error_msg;
	int percentage;
	struct view_category cats[6];     /* CATALOG_REPORT_CATEGORIES_MAX: the test's, then
	                                  * beyond internet.nl's (issue 22) when they ran */
	size_t n_cats;
	json_t *warnings;           /* borrowed from the report; may be NULL */
	json_t *what_if;            /* view_what_if() of the report's what_if, owned; NULL: none */
	json_t *facts;              /* view_build_facts: the stored facts, held */
};

/* Columns of a subtest's table: its header's, or its widest row's when wider. */
size_t view_table_width(const struct view_subtest *s);

/*
 * The what-if banner (issue 21) of a report's "what_if" object: an array of translated
 * sentences, the first saying this is not today's published result, then one per
 * --resolve and one per --zone (with how its DNSSEC is judged). New reference; NULL
 * when `what_if` is NULL.
 */
json_t *view_what_if(const json_t *what_if);

/* A subtest's fix advice as one plain-text string: the sentence, then one
 * "Server: code" line per snippet (its note after the code). Newly allocated
 * (free it); NULL when there is nothing to do or out of memory. For formats that
 * have one text field per finding (SARIF, JUnit). */
char *view_fix_plain(const struct view_fix *fix);

/* Build the view of a scored report; 0, or -1 when out of memory (view_free it). */
int view_build(const struct report *r, struct view *v);
void view_free(struct view *v);

/*
 * The view of a stored result (issue 18): what view_build reads from a report, kept
 * as language-independent JSON (results.view in the store) -- subtest statuses,
 * verdict tokens and table rows, category statuses, headlines' tokens and points --
 * so a permalink renders in any language long after the test.
 * view_facts: new reference, or NULL when out of memory.
 * view_build_facts: like view_build, in the thread's language (core/i18n.h); `v`
 * holds a reference to `facts` until view_free. 0, or -1 when `facts` is not a
 * facts document of this program (v is then safe to view_free).
 */
json_t *view_facts(const struct report *r);
int view_build_facts(json_t *facts, struct view *v);

/* Fixed words of the report for people, translated: "Technical details",
 * "Test explanation", "How to fix", "score", "points", "not scored", "Warnings". */
enum view_label {
	VIEW_L_DETAILS, VIEW_L_EXPLANATION, VIEW_L_FIX, VIEW_L_SCORE, VIEW_L_POINTS,
	VIEW_L_NOT_SCORED, VIEW_L_WARNINGS, VIEW_L_SUMMARY, VIEW_L_CATEGORY, VIEW_L_RESULT,
	VIEW_L_GENERATED, VIEW_L_COUNT
};
const char *view_label(enum view_label l);

#endif
