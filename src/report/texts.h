/*
 * texts.h -- the texts for people (issue 16): a verdict sentence per (subtest,
 * verdict token), an explanation and the technical-details columns per subtest, a
 * title, an explanation and a headline per status for each category. Tables, not
 * code (STYLE rule 7). Every string is an English gettext message id, marked N_()
 * where it is written; Dutch lives in po/nl.po. Renderers look texts up here and
 * translate them at output time; nothing else spells a text for people.
 *
 * The texts say what internet.nl's say, in our own words (never its prose).
 */
#ifndef INETCHECK_REPORT_TEXTS_H
#define INETCHECK_REPORT_TEXTS_H

#include <stddef.h>

#include "core/result.h"

/* Marks a string for extraction (xgettext -k N_) without translating it. */
#define N_(s) (s)

#define TEXT_COLUMNS_MAX 5

/* What was found, for one verdict token of one subtest: one or two sentences
 * ("Two or more name servers of your domain have an IPv6 address."). The token
 * "not-tested" covers a subtest that did not run. */
struct text_verdict {
	enum subtest_id id;
	const char *verdict;
	const char *sentence;
};

/* One subtest: its title, what it tests, why it matters and the standard behind it
 * (a short paragraph), and the headers of its technical-details table, in the
 * order of the rows' cells (server or address first, then what was found, then its
 * status); NULL-terminated, { NULL } for a subtest without a table. */
struct text_subtest {
	enum subtest_id id;
	const char *title;
	const char *explanation;
	const char *columns[TEXT_COLUMNS_MAX + 1];
};

/* Category headline by its status (passed, failed, warning, info, error,
 * not_tested: status_api_name), and by the category text verdicts of spec §2.5
 * step 5 ("unreachable", "no-mx", ...), which take precedence. */
struct text_headline {
	enum category_id id;
	const char *status;        /* "passed", ..., or a text verdict */
	const char *headline;
};

struct text_category {
	enum category_id id;
	const char *title;         /* "Modern address (IPv6)" */
	const char *explanation;   /* what the category is about, in two or three sentences */
};

/* The tables, one file per test (texts_web.c, texts_mail.c, texts_conn.c). */
extern const struct text_verdict texts_web_verdicts[], texts_mail_verdicts[], texts_conn_verdicts[];
extern const size_t texts_web_verdicts_n, texts_mail_verdicts_n, texts_conn_verdicts_n;
extern const struct text_subtest texts_web_subtests[], texts_mail_subtests[], texts_conn_subtests[];
extern const size_t texts_web_subtests_n, texts_mail_subtests_n, texts_conn_subtests_n;
extern const struct text_headline texts_web_headlines[], texts_mail_headlines[],
	texts_conn_headlines[];
extern const size_t texts_web_headlines_n, texts_mail_headlines_n, texts_conn_headlines_n;
extern const struct text_category texts_web_categories[], texts_mail_categories[],
	texts_conn_categories[];
extern const size_t texts_web_categories_n, texts_mail_categories_n, texts_conn_categories_n;

/* A value a technical-details cell may hold (a class, a state, yes/no), and how people
 * read it; cells holding exactly `value` show `text`, translated (texts.c). */
struct text_term {
	const char *value;
	const char *text;
};

/* Lookups (English message ids; NULL when there is none). */
const char *texts_term(const char *value);
const char *texts_verdict(enum subtest_id id, const char *verdict);
const struct text_subtest *texts_subtest(enum subtest_id id);
const struct text_category *texts_category(enum category_id id);
const char *texts_headline(enum category_id id, const char *status_or_text_verdict);

#endif
