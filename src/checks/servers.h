/*
 * servers.h -- spec §2.4 per-server aggregation, shared by web_https,
 * web_appsecpriv and mail_starttls: each server is evaluated alone into its own
 * report, then folded into the domain's report; category points are the
 * minimum over servers of each server's summed points.
 */
#ifndef INETCHECK_CHECKS_SERVERS_H
#define INETCHECK_CHECKS_SERVERS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/result.h"

/*
 * Fold the subtests of category `cat` from `server` (one server evaluated
 * alone) into `sum`. The first call (first == true) copies; later calls keep
 * the worse capped status (ties: the later server's result wins) and the worst
 * requirement level over servers. Points are copied with the winner.
 *
 * Tech: the table of every server, in server order (§2.4 shows one row per
 * server). Each of the server's rows gets `label` (its address or name) as
 * its first cell: a string row "x" becomes ["label", "x"], an array row
 * [a, b] becomes ["label", a, b]. Web CAA is the domain's, not the server's
 * ([found on, record, finding]): its rows are not prefixed. A row already in
 * the summary is not added twice (the same CAA record seen via two servers).
 */
void servers_merge(struct report *sum, const struct report *server, enum category_id cat, bool first,
                   const char *label);

/*
 * §2.4 / internet.nl DomainServersModel.totalscore: the score fields are those
 * of the *summary* (subtests of `cat` whose aggregated worst status in `sum` is
 * FAIL and that have points), and each server's sum is the points its own
 * report holds in those fields (unset = 0; a field two subtests share, like mail
 * dane_score, counts for each). Returns the minimum over the `n` servers, 0
 * when n == 0.
 */
int servers_min_points(const struct report *sum, const struct report *const *servers, size_t n,
                       enum category_id cat);

#endif
