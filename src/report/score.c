/* score.c -- status capping (spec §2.2), category verdicts (§2.5), percentages (§4). */
#include "report/score.h"

#include "report/catalog.h"

enum status score_subtest_worst(const struct report *r, enum subtest_id id)
{
	const struct subtest_result *s = &r->sub[id];
	return s->worst_set ? s->worst : catalog_subtest(id)->worst;
}

enum status score_subtest_status(const struct report *r, enum subtest_id id)
{
	const struct subtest_result *s = &r->sub[id];
	enum status worst = score_subtest_worst(r, id);

	if (!s->evaluated)
		return STATUS_NOT_TESTED;
	/* §2.2: a status worse than the requirement level is stored as that level */
	if (!s->forced && status_worse(s->status, worst))
		return worst;
	return s->status;
}

enum override score_subtest_override(const struct report *r, enum subtest_id id)
{
	enum override ovr = r->sub[id].override_mandatory;
	return ovr != OVERRIDE_NONE ? ovr : catalog_subtest(id)->override_mandatory;
}

const char *score_subtest_verdict(const struct report *r, enum subtest_id id)
{
	const struct subtest_result *s = &r->sub[id];
	return s->evaluated && s->verdict ? s->verdict : "not-tested";
}

int score_percentage(int max_points, int points)
{
	if (max_points <= 0)
		return 0;
	/* §4.1: int(100.0 / max * pts), that operation order, IEEE double */
	volatile double factor = 100.0 / (double)max_points;
	volatile double pct = factor * (double)points;
	return (int)pct;
}

/* §2.3: counted in the maximum when required (worst FAIL) and it has a score field. */
static bool subtest_scored(const struct report *r, enum subtest_id id)
{
	return score_subtest_worst(r, id) == STATUS_FAIL && catalog_subtest(id)->max_points > 0;
}

/* §2.5: the icon of one category from its (aggregated) subtests. */
static enum status category_icon(const struct report *r, const struct catalog_category *c)
{
	bool is_mandatory = false, has_optional = false;
	int count[STATUS_SUCCESS + 1] = {0};

	for (int id = c->first; id <= (int)c->last; id++) {
		enum status worst = score_subtest_worst(r, id);
		enum status st = score_subtest_status(r, id);
		enum override ovr = score_subtest_override(r, id);

		/* step 1: fixed order walk; an override is the last writer */
		if (worst == STATUS_FAIL)
			is_mandatory = true;
		else if (worst == STATUS_NOTICE)
			has_optional = true;
		if (ovr != OVERRIDE_NONE)
			is_mandatory = ovr == OVERRIDE_TRUE;

		/* step 2: count statuses; a not-tested subtest also counts in its
		 * worst-status bucket unless its override is False */
		count[st]++;
		if ((st == STATUS_NOT_TESTED || st == STATUS_GOOD_NOT_TESTED) && ovr != OVERRIDE_FALSE)
			count[worst]++;
	}

	/* step 4: TLS categories follow their first subtest when the rest was not
	 * tested (strictly NOT_TESTED); a not-tested first subtest maps to info,
	 * GOOD_NOT_TESTED too, since a category icon is never not_tested (§5.3) */
	if (c->id == CAT_WEB_HTTPS || c->id == CAT_MAIL_STARTTLS) {
		bool rest_untested = true;
		for (int id = c->first + 1; id <= (int)c->last; id++)
			if (score_subtest_status(r, id) != STATUS_NOT_TESTED)
				rest_untested = false;
		if (rest_untested) {
			enum status first = score_subtest_status(r, c->first);
			return first == STATUS_NOT_TESTED || first == STATUS_GOOD_NOT_TESTED ? STATUS_INFO : first;
		}
	}

	/* step 3 */
	if (count[STATUS_ERROR])
		return STATUS_ERROR;
	if (count[STATUS_FAIL])
		return STATUS_FAIL;
	if (count[STATUS_NOTICE] && !is_mandatory)
		return STATUS_NOTICE;
	if (count[STATUS_INFO] && !is_mandatory && !has_optional)
		return STATUS_INFO;
	return STATUS_SUCCESS;
}

static void score_category(struct report *r, enum category_id cid)
{
	const struct catalog_category *c = catalog_category(cid);
	struct category_result *cat = &r->cat[cid];
	int max = 0, sum = 0;

	if (!cat->implemented) {
		cat->max_points = cat->obtained_points = cat->percentage = 0;
		cat->counted = false;
		cat->status = STATUS_NOT_TESTED;
		cat->verdict = "not-implemented";
		r->partial = true;
		return;
	}
	for (int id = c->first; id <= (int)c->last; id++) {
		if (!subtest_scored(r, id))
			continue;
		max += catalog_subtest(id)->max_points;
		if (r->sub[id].points > 0)            /* NULL counts as 0 (§2.3) */
			sum += r->sub[id].points;
	}
	cat->max_points = max;
	/* §2.4: per-server evaluators set the minimum over servers of their sums */
	cat->obtained_points = cat->points >= 0 ? cat->points : sum;
	cat->percentage = score_percentage(max, cat->obtained_points);
	cat->counted = max > 0;                      /* §4.1: max 0 -> skipped */
	/* §3.12: a connection-test category passes on a full score and fails otherwise;
	 * its warnings and informational results never change the icon */
	if (c->test == TEST_CONN)
		cat->status = cat->percentage >= 100 ? STATUS_SUCCESS : STATUS_FAIL;
	else
		cat->status = category_icon(r, c);
	cat->verdict = cat->text_verdict ? cat->text_verdict : status_api_name(cat->status);
}

/* An informational category beyond internet.nl (issue 22): its worst tested subtest's
 * status, no points, never counted, and no "partial" when it did not run. */
static void score_beyond(struct report *r, enum category_id cid)
{
	const struct catalog_category *c = catalog_category(cid);
	struct category_result *cat = &r->cat[cid];
	enum status worst = STATUS_NOT_TESTED;

	cat->max_points = cat->obtained_points = cat->percentage = 0;
	cat->counted = false;
	for (int id = c->first; cat->implemented && id <= (int)c->last; id++) {
		enum status st = r->sub[id].evaluated ? score_subtest_status(r, (enum subtest_id)id)
		                                      : STATUS_NOT_TESTED;
		if (st != STATUS_NOT_TESTED && st != STATUS_GOOD_NOT_TESTED &&
		    (worst == STATUS_NOT_TESTED || status_worse(st, worst)))
			worst = st;
	}
	cat->status = worst;
	cat->verdict = cat->implemented ? status_api_name(worst) : "not-implemented";
}

void score_report(struct report *r)
{
	enum category_id cats[5];
	size_t n = catalog_categories_of(r->kind, cats);
	int sum = 0, counted = 0;

	r->partial = false;
	for (size_t i = 0; i < n; i++) {
		score_category(r, cats[i]);
		if (r->cat[cats[i]].counted) {
			sum += r->cat[cats[i]].percentage;
			counted++;
		}
	}
	/* issue 22: beyond internet.nl, after the score and outside it */
	enum category_id all[CATALOG_REPORT_CATEGORIES_MAX];
	size_t m = catalog_report_categories(r->kind, all);
	for (size_t i = n; i < m; i++)
		score_beyond(r, all[i]);
	/* §4.2: each counted category weighs equally; integer truncation, clamped */
	r->percentage = counted ? sum / counted : 0;
	if (r->percentage > 100)
		r->percentage = 100;
	if (r->percentage < 0)
		r->percentage = 0;
}

bool score_any_subtest_at(const struct report *r, enum status mildest)
{
	enum category_id cats[5];
	size_t n = catalog_categories_of(r->kind, cats);

	for (size_t i = 0; i < n; i++) {
		const struct catalog_category *c = catalog_category(cats[i]);
		if (!r->cat[cats[i]].implemented)
			continue;
		for (int id = (int)c->first; id <= (int)c->last; id++) {
			enum status st = score_subtest_status(r, (enum subtest_id)id);
			if (st >= STATUS_FAIL && st <= mildest)
				return true;
		}
	}
	return false;
}
