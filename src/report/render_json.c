/* render_json.c -- the --json document (spec §5.3 one domain, §5.4 technical). */
#include "report/render.h"

#include "report/catalog.h"
#include "report/score.h"

json_t *render_json(const struct report *r)
{
	enum category_id cats[5];
	size_t n = catalog_categories_of(r->kind, cats);
	json_t *doc = json_object();

	json_object_set_new(doc, "domain", json_string(r->domain));
	json_object_set_new(doc, "test", json_string(catalog_test_name(r->kind)));
	if (r->what_if)
		json_object_set(doc, "what_if", r->what_if);
	if (r->error) {
		/* §5.3: an error domain has no other keys; ours says why (and what_if) */
		json_object_set_new(doc, "status", json_string("error"));
		json_object_set_new(doc, "error", json_string(r->error_msg));
		return doc;
	}
	json_object_set_new(doc, "status", json_string("ok"));
	if (r->partial)
		json_object_set_new(doc, "partial", json_true());

	json_t *scoring = json_object(), *cat_scores = json_object();
	json_t *results = json_object(), *categories = json_object(), *tests = json_object();
	json_object_set_new(scoring, "percentage", json_integer(r->percentage));
	for (size_t i = 0; i < n; i++) {
		const struct catalog_category *c = catalog_category(cats[i]);
		const struct category_result *cr = &r->cat[cats[i]];

		json_object_set_new(categories, c->api_name, json_pack("{s:s, s:s}",
			"status", status_api_name(cr->status), "verdict", cr->verdict ? cr->verdict : ""));
		json_object_set_new(cat_scores, c->api_name, json_pack("{s:i, s:i, s:i}",
			"percentage", cr->percentage, "points", cr->obtained_points, "max_points", cr->max_points));
		for (int id = c->first; id <= (int)c->last; id++) {
			const char *verdict = cr->implemented ? score_subtest_verdict(r, id) : "not-implemented";
			enum status st = cr->implemented ? score_subtest_status(r, id) : STATUS_NOT_TESTED;
			json_object_set_new(tests, catalog_subtest(id)->api_name, json_pack("{s:s, s:s}",
				"status", status_api_name(st), "verdict", verdict));
		}
	}
	json_object_set_new(scoring, "categories", cat_scores);
	json_object_set_new(doc, "scoring", scoring);
	json_object_set_new(results, "categories", categories);
	json_object_set_new(results, "tests", tests);
	json_object_set(results, "custom", r->custom);
	json_object_set_new(doc, "results", results);
	json_object_set(doc, "technical", r->technical);
	/* issue 22: beyond internet.nl's test set, under a key batch API clients ignore */
	enum category_id all[CATALOG_REPORT_CATEGORIES_MAX];
	size_t m = catalog_report_categories(r->kind, all);
	json_t *beyond = NULL;
	for (size_t i = n; i < m; i++) {
		const struct catalog_category *c = catalog_category(all[i]);
		const struct category_result *cr = &r->cat[all[i]];
		if (!cr->implemented)
			continue;
		if (!beyond)
			beyond = json_pack("{s:{}, s:{}}", "categories", "tests");
		json_object_set_new(json_object_get(beyond, "categories"), c->api_name, json_pack("{s:s, s:s}",
			"status", status_api_name(cr->status), "verdict", cr->verdict ? cr->verdict : ""));
		for (int id = c->first; id <= (int)c->last; id++)
			json_object_set_new(json_object_get(beyond, "tests"), catalog_subtest(id)->api_name,
				json_pack("{s:s, s:s}", "status", status_api_name(score_subtest_status(r, id)),
				          "verdict", score_subtest_verdict(r, id)));
	}
	if (beyond)
		json_object_set_new(doc, "beyond", beyond);
	json_object_set(doc, "warnings", r->warnings);
	return doc;
}
