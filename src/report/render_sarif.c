/*
 * render_sarif.c -- a finished report as SARIF 2.1.0 (issue 21), for code-scanning
 * dashboards such as GitHub's: one rule per subtest of the test, one result per
 * subtest that failed or warns, its message what was found and how to fix it.
 * Lays out a view (report/view.h); the texts are the report's, in its language.
 */
#include "report/render.h"

#include <stdlib.h>

#include "report/catalog.h"
#include "report/view.h"

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

/* The level of a finding, and the default of a rule from its requirement level (§2.2):
 * required subtests fail (error), recommended ones warn, optional ones inform. */
static const char *sarif_level(enum status st)
{
	return st == STATUS_FAIL ? "error" : st == STATUS_NOTICE ? "warning" : "note";
}

static json_t *sarif_text(const char *s)
{
	return json_pack("{s:s}", "text", s != NULL && *s != '\0' ? s : "-");
}

static json_t *sarif_rule(const struct view_category *c, const struct view_subtest *s)
{
	const struct catalog_subtest *cs = catalog_subtest(s->id);
	const char *cat = catalog_category(c->id)->api_name;
	const char *why = s->explanation[0] != '\0' ? s->explanation : s->title;
	/* issue 22: a test beyond internet.nl's set is tagged so, and only ever a note or
	 * warning by default (it never changes the internet.nl score) */
	bool beyond = catalog_category(c->id)->beyond;

	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:{s:s}, s:{s:s, s:[s,s]}}",
	                 "id", cs->api_name, "name", cs->api_name,
	                 "shortDescription", sarif_text(s->title),
	                 "fullDescription", sarif_text(why), "help", sarif_text(why),
	                 "defaultConfiguration", "level", beyond ? "note" : sarif_level(cs->worst),
	                 "properties", "category", cat, "tags", beyond ? "beyond-internet.nl" : "internet.nl",
	                 cat);
}

/* The message of a finding: what was found, then how to fix it. New reference. */
static json_t *sarif_message(const struct view_subtest *s)
{
	char *fix = view_fix_plain(&s->fix);
	json_t *msg = fix != NULL ? json_sprintf("%s\n%s: %s", s->sentence, view_label(VIEW_L_FIX), fix)
	                          : json_string(s->sentence);

	free(fix);
	return msg;
}

static json_t *sarif_result(const struct view *v, const struct view_category *c,
                            const struct view_subtest *s, size_t rule_index)
{
	const char *rule = catalog_subtest(s->id)->api_name;
	const char *cat = catalog_category(c->id)->api_name;
	/* issue 22: beyond internet.nl, a finding is a note: it never changes the score */
	const char *level = catalog_category(c->id)->beyond ? "note" : sarif_level(s->status);

	/* GitHub wants a file: the tested domain stands for it (line 1); the fingerprint
	 * keeps one alert per domain and subtest across runs */
	return json_pack("{s:s, s:i, s:s, s:{s:o}, s:[{s:{s:{s:s}, s:{s:i}}, s:[{s:s, s:o, s:s}]}],"
	                 " s:{s:o}, s:{s:s, s:s, s:s}}",
	                 "ruleId", rule, "ruleIndex", (int)rule_index, "level", level,
	                 "message", "text", sarif_message(s),
	                 "locations", "physicalLocation", "artifactLocation", "uri", v->domain,
	                 "region", "startLine", 1,
	                 "logicalLocations", "name", cat,
	                 "fullyQualifiedName", json_sprintf("%s/%s", v->domain, cat), "kind", "module",
	                 "partialFingerprints", "inetcheckSubtest/v1",
	                 json_sprintf("%s/%s", v->domain, rule),
	                 "properties", "status", s->status_api, "verdict", s->verdict, "category", cat);
}

json_t *render_sarif(const struct view *v)
{
	json_t *rules = json_array(), *results = json_array(), *doc = NULL, *invocation;
	size_t n_rules = 0;

	if (rules == NULL || results == NULL)
		goto fail;
	for (size_t i = 0; i < v->n_cats; i++) {
		const struct view_category *c = &v->cats[i];
		if (!c->implemented)
			continue;
		for (size_t k = 0; k < c->n_subs; k++) {
			const struct view_subtest *s = &c->subs[k];
			if (json_array_append_new(rules, sarif_rule(c, s)) < 0)
				goto fail;
			if ((s->status == STATUS_FAIL || s->status == STATUS_NOTICE) &&
			    json_array_append_new(results, sarif_result(v, c, s, n_rules)) < 0)
				goto fail;
			n_rules++;
		}
	}
	/* a test that could not run is a failed invocation with no results */
	invocation = json_pack("{s:b}", "executionSuccessful", !v->error);
	if (invocation != NULL && v->error)
		json_object_set_new(invocation, "toolExecutionNotifications",
		                    json_pack("[{s:s, s:{s:s}}]", "level", "error", "message", "text",
		                              v->error_msg != NULL ? v->error_msg : ""));
	/* automationDetails.id: one analysis per test and domain, so that GitHub keeps
	 * their alerts apart */
	doc = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:{s:o}, s:[o], s:o,"
	                " s:{s:s, s:s, s:i}}]}",
	                "$schema", SARIF_SCHEMA, "version", "2.1.0",
	                "runs", "tool", "driver", "name", "inetcheck", "version", INETCHECK_VERSION,
	                "semanticVersion", INETCHECK_VERSION, "rules", rules,
	                "automationDetails", "id",
	                json_sprintf("inetcheck/%s/%s/", catalog_test_name(v->kind), v->domain),
	                "invocations", invocation, "results", results,
	                "properties", "domain", v->domain, "test", catalog_test_name(v->kind),
	                "percentage", v->percentage);
	return doc;   /* NULL when out of memory; json_pack's "o" took the references */
fail:
	json_decref(rules);
	json_decref(results);
	return NULL;
}
