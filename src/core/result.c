/* result.c -- report model helpers (see result.h). */
#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void report_init(struct report *r, enum test_kind kind, const char *domain)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	strncpy(r->domain, domain, sizeof(r->domain) - 1);
	for (int i = 0; i < SUB_COUNT; i++) {
		r->sub[i].status = STATUS_NOT_TESTED;
		r->sub[i].points = POINTS_NULL;
	}
	for (int i = 0; i < CAT_COUNT; i++)
		r->cat[i].points = -1;
	r->custom = json_object();
	r->technical = json_object();
	r->warnings = json_array();
}

void report_release(struct report *r)
{
	for (int i = 0; i < SUB_COUNT; i++) {
		json_decref(r->sub[i].tech);
		r->sub[i].tech = NULL;
	}
	json_decref(r->custom);
	json_decref(r->technical);
	json_decref(r->warnings);
	json_decref(r->what_if);
	r->custom = r->technical = r->warnings = r->what_if = NULL;
}

void result_set(struct report *r, enum subtest_id id, enum status st, const char *verdict)
{
	r->sub[id].evaluated = true;
	r->sub[id].status = st;
	r->sub[id].forced = false;
	r->sub[id].verdict = verdict;
}

void result_force(struct report *r, enum subtest_id id, enum status st, const char *verdict)
{
	result_set(r, id, st, verdict);
	r->sub[id].forced = true;
}

void result_set_worst(struct report *r, enum subtest_id id, enum status worst)
{
	r->sub[id].worst_set = true;
	r->sub[id].worst = worst;
}

void result_set_points(struct report *r, enum subtest_id id, int points)
{
	r->sub[id].points = points;
}

void result_set_tech(struct report *r, enum subtest_id id, json_t *tech)
{
	json_decref(r->sub[id].tech);
	r->sub[id].tech = tech;
}

void report_warn(struct report *r, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* the same warning once (e.g. one refused address seen by two probes) */
	size_t i;
	json_t *v;
	json_array_foreach(r->warnings, i, v)
		if (strcmp(json_string_value(v), buf) == 0)
			return;
	json_array_append_new(r->warnings, json_string(buf));
}
