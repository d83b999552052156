/*
 * catalog.h -- the single table of every category and subtest (shared/DESIGN.md
 * "the catalog"): report key, batch API name, requirement level, points and the
 * verdict tokens each status can carry. Scoring, every renderer and (later) the
 * batch API metadata read it; nothing else spells a subtest name.
 */
#ifndef INETCHECK_REPORT_CATALOG_H
#define INETCHECK_REPORT_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/result.h"

struct catalog_subtest {
	enum subtest_id id;
	enum category_id category;
	const char *key;          /* internet.nl report key, e.g. "ns_aaaa" */
	const char *api_name;     /* batch API test name, e.g. "web_ipv6_ns_address" (§5.3);
	                           * ours for the connection test ("conn_ipv6_privacy") */
	const char *title;        /* short human title for the text report */
	enum status worst;        /* requirement level: FAIL=required, NOTICE=recommended,
	                           * INFO=optional (§2.2) */
	int max_points;           /* full score; 0 = no score field (§2.3) */
	const char *verdicts;     /* space-separated verdict tokens it can produce */
	enum override override_mandatory; /* default of the §2.5 step 1 override, used when
	                           * the result leaves it OVERRIDE_NONE (RPKI: False, §3.5) */
};

struct catalog_category {
	enum category_id id;
	enum test_kind test;
	const char *api_name;     /* "web_ipv6", ... (§5.3) */
	const char *title;        /* "IPv6", "DNSSEC", ... */
	enum subtest_id first;    /* subtests first..last, in their fixed order (§2.5) */
	enum subtest_id last;
	bool beyond;              /* beyond internet.nl's test set (issue 22): informational,
	                           * never scored, not in the batch API's results */
};

const struct catalog_subtest *catalog_subtest(enum subtest_id id);
const struct catalog_category *catalog_category(enum category_id id);
/* The categories of one test, in report order; returns how many (into `out`, up to 5;
 * the connection test has 2). */
size_t catalog_categories_of(enum test_kind kind, enum category_id out[5]);
/* The categories a report shows: the test's own (as above), then its informational
 * ones beyond internet.nl (issue 22); returns how many (up to 6). */
#define CATALOG_REPORT_CATEGORIES_MAX 6
size_t catalog_report_categories(enum test_kind kind, enum category_id out[CATALOG_REPORT_CATEGORIES_MAX]);
/* Lookup by batch API name; NULL if unknown. */
const struct catalog_subtest *catalog_find_subtest(const char *api_name);
const struct catalog_category *catalog_find_category(const char *api_name);

/* A test's name in documents and stored results: "web", "mail", "connection". */
const char *catalog_test_name(enum test_kind kind);
/* The reverse; 0, or -1 for a name that is no test's. */
int catalog_test_parse(const char *name, enum test_kind *out);
/* False for the subtests of the connection test, which the batch API has not (§3.12). */
bool catalog_in_batch_api(enum subtest_id id);

/* Batch API text of a status (§2.1): "passed", "failed", "warning", "info",
 * "not_tested", "error". */
const char *status_api_name(enum status st);

/* One plain-language line on what to do about subtest `id` having verdict
 * `verdict` (NULL when the verdict needs no action); an English message id
 * (report/texts.h). */
const char *catalog_advice(enum subtest_id id, const char *verdict);
/* The server settings that do it, "nginx: 'setting'; Apache: 'setting'" (a message
 * id too), or NULL. */
const char *catalog_advice_how(enum subtest_id id, const char *verdict);

#endif
