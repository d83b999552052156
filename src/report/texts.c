/*
 * texts.c -- lookups in the text tables of texts_web.c, texts_mail.c and texts_conn.c
 * (issue 16), chosen by the test the subtest or category belongs to.
 * The tables are small (a few hundred rows): a linear search per lookup is cheaper
 * than building an index, and a report does a few hundred lookups.
 */
#include "report/texts.h"

#include <string.h>

#include "report/catalog.h"

/* The tables of one test. */
struct texts_of_test {
	const struct text_verdict *verdicts;
	const size_t *n_verdicts;
	const struct text_subtest *subtests;
	const size_t *n_subtests;
	const struct text_headline *headlines;
	const size_t *n_headlines;
	const struct text_category *categories;
	const size_t *n_categories;
};

static const struct texts_of_test tables[] = {
	[TEST_WEB] = { texts_web_verdicts, &texts_web_verdicts_n, texts_web_subtests,
	               &texts_web_subtests_n, texts_web_headlines, &texts_web_headlines_n,
	               texts_web_categories, &texts_web_categories_n },
	[TEST_MAIL] = { texts_mail_verdicts, &texts_mail_verdicts_n, texts_mail_subtests,
	                &texts_mail_subtests_n, texts_mail_headlines, &texts_mail_headlines_n,
	                texts_mail_categories, &texts_mail_categories_n },
	[TEST_CONN] = { texts_conn_verdicts, &texts_conn_verdicts_n, texts_conn_subtests,
	                &texts_conn_subtests_n, texts_conn_headlines, &texts_conn_headlines_n,
	                texts_conn_categories, &texts_conn_categories_n },
};

static const struct texts_of_test *of_category(enum category_id id)
{
	return &tables[catalog_category(id)->test];
}

static const struct texts_of_test *of_subtest(enum subtest_id id)
{
	return of_category(catalog_subtest(id)->category);
}

const char *texts_verdict(enum subtest_id id, const char *verdict)
{
	const struct texts_of_test *t = of_subtest(id);

	for (size_t i = 0; verdict != NULL && i < *t->n_verdicts; i++)
		if (t->verdicts[i].id == id && strcmp(t->verdicts[i].verdict, verdict) == 0)
			return t->verdicts[i].sentence;
	return NULL;
}

const struct text_subtest *texts_subtest(enum subtest_id id)
{
	const struct texts_of_test *t = of_subtest(id);

	for (size_t i = 0; i < *t->n_subtests; i++)
		if (t->subtests[i].id == id)
			return &t->subtests[i];
	return NULL;
}

const struct text_category *texts_category(enum category_id id)
{
	const struct texts_of_test *t = of_category(id);

	for (size_t i = 0; i < *t->n_categories; i++)
		if (t->categories[i].id == id)
			return &t->categories[i];
	return NULL;
}

const char *texts_headline(enum category_id id, const char *status)
{
	const struct texts_of_test *t = of_category(id);

	for (size_t i = 0; status != NULL && i < *t->n_headlines; i++)
		if (t->headlines[i].id == id && strcmp(t->headlines[i].status, status) == 0)
			return t->headlines[i].headline;
	return NULL;
}

/* Cell values of the technical-details tables that are words for people. */
static const struct text_term terms[] = {
	{ "good", N_("good") },
	{ "sufficient", N_("sufficient") },
	{ "phase-out", N_("phase out") },
	{ "phase_out", N_("phase out") },
	{ "insufficient", N_("insufficient") },
	{ "bad", N_("bad") },
	{ "yes", N_("yes") },
	{ "no", N_("no") },
	{ "none", N_("none") },
	{ "unknown", N_("unknown") },
	{ "None", N_("none") },
	{ "secure", N_("secure") },
	{ "insecure", N_("insecure") },
	{ "bogus", N_("bogus") },
	{ "reachable", N_("reachable") },
	{ "unreachable", N_("unreachable") },
	{ "validated", N_("validated") },
	{ "failed", N_("failed") },
	{ "valid", N_("valid") },
	{ "not-found", N_("not found") },
	/* mail_beyond_mta_sts (checks/mtasts_probe.c) */
	{ "fetched", N_("fetched") },
	{ "no address", N_("no address") },
	{ "certificate not valid", N_("certificate not valid") },
	{ "redirect, not followed", N_("redirect, not followed") },
	{ "not found (404)", N_("not found (404)") },
	{ "HTTP status other than 200", N_("HTTP status other than 200") },
	{ "content type not text/plain", N_("content type not text/plain") },
	{ "larger than 64 KiB", N_("larger than 64 KiB") },
	{ "syntax error", N_("syntax error") },
	{ "not fetched", N_("not fetched") },
	{ "not covered", N_("not covered") },
	{ "covered, certificate valid", N_("covered, certificate valid") },
	{ "covered, certificate not valid", N_("covered, certificate not valid") },
	{ "covered, certificate not checked", N_("covered, certificate not checked") },
	{ "not-tested", N_("not tested") },
	{ "not tested", N_("not tested") },
	{ "invalid (as)", N_("invalid (origin AS)") },
	{ "invalid (length)", N_("invalid (prefix length)") },
	{ "not_allowed", N_("not allowed") },
	{ "allowed_with_low_limit", N_("allowed, with a low limit") },
	{ "allowed_with_too_high_limit", N_("allowed, without a sufficient limit") },
	{ "supported", N_("supported") },
	{ "not_supported", N_("not supported") },
	{ "error", N_("error") },
	{ "recommendation", N_("recommendation") },
	{ "found", N_("found") },
	{ "policy-found", N_("a policy was found") },
	{ "no-policy-found", N_("no policy was found") },
	{ "not applicable", N_("not applicable") },
	{ "not applicable (no TLS 1.2)", N_("not applicable (no TLS 1.2)") },
	{ "not applicable (TLS 1.3 only)", N_("not applicable (TLS 1.3 only)") },
	{ "no HTTP on port 80", N_("no HTTP on port 80") },
	{ "no HTTPS", N_("no HTTPS") },
	{ "yes, SHA-1 (insufficient)", N_("yes, SHA-1 (insufficient)") },
	{ "yes, SHA-224 (phase out)", N_("yes, SHA-224 (phase out)") },
	{ "yes, but the response is not valid", N_("yes, but the response is not valid") },
	{ "no OCSP responder in the certificate", N_("no OCSP responder in the certificate") },
};

const char *texts_term(const char *value)
{
	for (size_t i = 0; value != NULL && i < sizeof(terms) / sizeof(terms[0]); i++)
		if (strcmp(terms[i].value, value) == 0)
			return terms[i].text;
	return NULL;
}
