/*
 * render.h -- text and JSON output of a finished, scored report. Renderers
 * compute nothing; they read the report and the catalog.
 */
#ifndef INETCHECK_REPORT_RENDER_H
#define INETCHECK_REPORT_RENDER_H

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>

#include "core/result.h"

/*
 * The --json document (spec §5.3 one domain, plus technical §5.4):
 * {"domain", "test": "web"|"mail", "status": "ok"|"error", "partial"?: true,
 *  "scoring": {"percentage"}, "results": {"categories", "tests", "custom"},
 *  "technical": {...}}  -- new reference, caller decrefs.
 */
json_t *render_json(const struct report *r);

/* Human report: categories with status and percentage, subtests with status,
 * verdict, details and a fix line. Colour only when `colour`. */
void render_text(const struct report *r, FILE *out, bool colour);

#endif
