/* servers.c -- see servers.h (spec §2.4). */
#include "checks/servers.h"

#include "core/jsonutil.h"
#include "report/catalog.h"

/* The requirement level of a subtest in `r` (§2.2, a was_tested promotion or the catalog's). */
static enum status effective_worst(const struct report *r, enum subtest_id id)
{
	const struct subtest_result *s = &r->sub[id];
	return s->worst_set ? s->worst : catalog_subtest(id)->worst;
}

/* The status the scorer would show (§2.2 capping; not evaluated = not tested). */
static enum status capped_status(const struct report *r, enum subtest_id id)
{
	const struct subtest_result *s = &r->sub[id];
	enum status worst = effective_worst(r, id);

	if (!s->evaluated)
		return STATUS_NOT_TESTED;
	if (!s->forced && status_worse(s->status, worst))
		return worst;
	return s->status;
}

/* One row of a server's tech with the server's label as its first cell. */
static json_t *row_prefixed(const json_t *row, const char *label)
{
	json_t *out = json_array();

	if (label != NULL)
		json_array_append_new(out, json_string(label));
	if (json_is_array(row))
		json_array_extend(out, (json_t *)row);
	else
		json_array_append(out, (json_t *)row);
	return out;
}

/* The summary's rows `acc` (may be NULL) followed by the server's rows. */
static json_t *tech_concat(const json_t *acc, const json_t *tech, const char *label)
{
	json_t *out = json_array(), *v;
	size_t i;

	if (json_is_array(acc))
		json_array_extend(out, (json_t *)acc);
	if (tech == NULL)
		return out;
	if (!json_is_array(tech)) {
		json_array_append_new(out, row_prefixed(tech, label));
		return out;
	}
	json_array_foreach(tech, i, v) {
		json_t *row = row_prefixed(v, label), *have;
		size_t k;
		bool dup = false;
		json_array_foreach(out, k, have)
			dup |= json_equal(have, row) != 0;
		if (dup)
			json_decref(row);
		else
			json_array_append_new(out, row);
	}
	return out;
}

void servers_merge(struct report *sum, const struct report *server, enum category_id cat, bool first,
                   const char *label)
{
	const struct catalog_category *c = catalog_category(cat);

	for (int id = c->first; id <= (int)c->last; id++) {
		struct subtest_result *dst = &sum->sub[id];
		const struct subtest_result *src = &server->sub[id];
		enum status w_server = effective_worst(server, id);
		enum status worst = w_server;

		/* §2.4: the summary requirement level is the worst over servers, so a
		 * subtest required on one server stays in the category maximum */
		if (!first && status_worse(effective_worst(sum, id), w_server))
			worst = effective_worst(sum, id);
		/* §2.4: the worse (capped) status wins; ties go to the later server */
		json_t *acc = first ? NULL : dst->tech;
		if (first)
			json_decref(dst->tech);
		dst->tech = NULL;
		if (first || !status_worse(capped_status(sum, id), capped_status(server, id)))
			*dst = *src;
		/* §2.4: every server's rows, in server order */
		dst->tech = acc == NULL && src->tech == NULL ? NULL
		          : tech_concat(acc, src->tech, id == SUB_WEB_HTTPS_TLS_CAA ? NULL : label);
		json_decref(acc);
		if (dst->worst_set || worst != catalog_subtest(id)->worst) {
			dst->worst_set = true;
			dst->worst = worst;
		}
	}
}

int servers_min_points(const struct report *sum, const struct report *const *servers, size_t n,
                       enum category_id cat)
{
	const struct catalog_category *c = catalog_category(cat);
	int min = -1;

	for (size_t i = 0; i < n; i++) {
		int points = 0;
		for (int id = c->first; id <= (int)c->last; id++) {
			if (effective_worst(sum, id) != STATUS_FAIL || catalog_subtest(id)->max_points <= 0)
				continue;
			if (servers[i]->sub[id].points > 0)    /* NULL counts as 0 (§2.3) */
				points += servers[i]->sub[id].points;
		}
		if (min < 0 || points < min)
			min = points;
	}
	return min < 0 ? 0 : min;
}
