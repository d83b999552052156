/*
 * mx.h -- MX discovery and Null MX states, shared by every mail category
 * (spec §3.6).
 */
#ifndef INETCHECK_CHECKS_MX_H
#define INETCHECK_CHECKS_MX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/deadline.h"
#include "core/result.h"
#include "dns/resolver.h"

#define MX_MAX 10       /* spec §3.6, §8 item 35: at most 10, alphabetical */

enum mx_state {
	MX_HAS_MX,
	MX_NO_MX,
	MX_NULL_MX,
	MX_NO_NULL_MX,                /* no MX, has A/AAAA and SPF "-all" only: suggest Null MX */
	MX_NULL_MX_WITH_OTHER_MX,
	MX_NULL_MX_WITHOUT_A_AAAA,
};

/* What the DNS said about the mail domain (facts). */
struct mx_facts {
	const struct dns_rr *mx;      /* MX records (CD query); errors = none */
	size_t n_mx;
	bool has_address;             /* the domain has an A or AAAA record */
	const char *spf;              /* the single v=spf1 TXT record, or NULL */
};

struct mx_list {
	enum mx_state state;
	char names[MX_MAX][256];      /* lowercase, no trailing dot, sorted */
	size_t n;
	size_t n_total;               /* usable MX names before the cap of 10 */
};

/* The rule of §3.6: facts -> state and the list of MX names to test. Pure. */
void mx_evaluate(const struct mx_facts *facts, struct mx_list *out);

/* True if `spf` is a record whose only term is "-all" (the no_null_mx hint). */
bool mx_spf_is_reject_all(const char *spf);

/*
 * Pick the SPF record from a TXT answer: the single string starting
 * (case-insensitively) with "v=spf1"; NULL when there are none or several
 * (spec §1.4). Returns a pointer into `txt`.
 */
const char *mx_spf_select(const struct dns_answer *txt);

/* Query MX, A, AAAA and TXT for `domain` (CD) and evaluate. Returns 0. */
int mx_discover(struct resolver *res, const char *domain, deadline_t deadline, struct mx_list *out);

/*
 * §3.6 table: set `id`, the MX subtest of a mail category (mx_aaaa,
 * dnssec_mx_exists, starttls_exists), for a state without usable MX: not_tested
 * for no MX and Null MX, info for no-null-mx, and the forced warning / info of
 * the two broken Null MX states. `no_mx_verdict` is the category's own token for
 * MX_NO_MX ("other", "no-mailservers", "other-2"). Returns the category's text
 * verdict (§2.5 step 5: "no-mx", "null-mx", ...), NULL for MX_HAS_MX (nothing set).
 */
const char *mx_state_result(enum mx_state st, enum subtest_id id, const char *no_mx_verdict,
                            struct report *r);

/* Token used in the technical output and text report, e.g. "null_mx". */
const char *mx_state_name(enum mx_state s);

#endif
