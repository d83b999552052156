/*
 * score.h -- from subtest results to category verdicts and percentages
 * (spec §2.2 capping, §2.5 category verdict, §4 percentages). Pure functions.
 */
#ifndef INETCHECK_REPORT_SCORE_H
#define INETCHECK_REPORT_SCORE_H

#include "core/result.h"

/* Final (capped) status of a subtest: its requested status, made no worse than
 * its requirement level unless forced; unevaluated -> NOT_TESTED. */
enum status score_subtest_status(const struct report *r, enum subtest_id id);
/* Effective requirement level (catalog's unless result_set_worst was used). */
enum status score_subtest_worst(const struct report *r, enum subtest_id id);
/* Effective §2.5 override_mandatory: the result's, else the catalog's default
 * (False for every RPKI subtest, §3.5). */
enum override score_subtest_override(const struct report *r, enum subtest_id id);
/* Verdict token to report ("not-tested" when unevaluated). */
const char *score_subtest_verdict(const struct report *r, enum subtest_id id);

/* int(100.0 / max * pts) in IEEE double arithmetic, as spec §4.1; 0 if max == 0. */
int score_percentage(int max_points, int points);

/* --fail-on (issue 21): whether a subtest of an implemented category has a status
 * from failed up to `mildest` (STATUS_FAIL: failed; STATUS_NOTICE: failed or
 * warning; STATUS_INFO: failed, warning or info). Errors (could not test) and not
 * tested do not count. After score_report. */
bool score_any_subtest_at(const struct report *r, enum status mildest);

/* Fill every category's max, obtained, percentage, counted, status and verdict,
 * and the overall percentage and `partial` flag (§4.2). The connection test's
 * categories pass iff their score is 100 (§3.12); its overall is the same average,
 * int((IPv6 + DNSSEC) / 2) clamped to 0..100. */
void score_report(struct report *r);

#endif
