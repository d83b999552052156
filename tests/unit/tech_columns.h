/*
 * tech_columns.h -- issue 16: the technical details of every subtest are a table
 * whose rows fit the subtest's columns (src/report/texts_web.c, texts_mail.c):
 * an array of rows, each an array of strings, exactly as many as there are
 * columns. The report shows a header only when they fit (view.c), so a rule test
 * that ends in tech_assert_fits(r, ...) fails as soon as an evaluator's row
 * width drifts from its columns.
 *
 * `per_server`: the report is one server's, before servers_merge() puts the
 * server's address or name in front of each row (web_https, web_appsecpriv,
 * mail_starttls; web CAA is the domain's and never gets it).
 */
#ifndef INETCHECK_TESTS_TECH_COLUMNS_H
#define INETCHECK_TESTS_TECH_COLUMNS_H

#include <stdio.h>

#include "core/result.h"
#include "report/catalog.h"
#include "report/texts.h"

static inline size_t tech_columns_of(enum subtest_id id)
{
	const struct text_subtest *ts = texts_subtest(id);
	size_t n = 0;

	while (ts != NULL && n < TEXT_COLUMNS_MAX && ts->columns[n] != NULL)
		n++;
	return n;
}

static inline void tech_assert_fits(const struct report *r, bool per_server)
{
	for (int id = 0; id < SUB_COUNT; id++) {
		const json_t *tech = r->sub[id].tech, *row, *cell;
		enum category_id cat = catalog_subtest((enum subtest_id)id)->category;
		size_t i, c, added = per_server && id != SUB_WEB_HTTPS_TLS_CAA &&
		                     (cat == CAT_WEB_HTTPS || cat == CAT_WEB_APPSECPRIV ||
		                      cat == CAT_MAIL_STARTTLS);
		size_t ncols = tech_columns_of((enum subtest_id)id);

		if (tech == NULL)
			continue;
		if (!json_is_array(tech) || ncols == 0) {
			fprintf(stderr, "%s: tech is no table (columns: %zu)\n",
			        catalog_subtest((enum subtest_id)id)->api_name, ncols);
			fail();
		}
		json_array_foreach(tech, i, row) {
			char *dump = json_dumps(row, JSON_COMPACT | JSON_ENCODE_ANY);
			if (!json_is_array(row) || json_array_size(row) + added != ncols) {
				fprintf(stderr, "%s: row %s does not fit its %zu columns\n",
				        catalog_subtest((enum subtest_id)id)->api_name, dump ? dump : "?", ncols);
				free(dump);
				fail();
			}
			json_array_foreach(row, c, cell)
				if (!json_is_string(cell)) {
					fprintf(stderr, "%s: row %s has a cell that is no string\n",
					        catalog_subtest((enum subtest_id)id)->api_name, dump ? dump : "?");
					free(dump);
					fail();
				}
			free(dump);
		}
	}
}

#endif
