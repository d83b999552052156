/*
 * texts.c -- lookups in the text tables of texts_web.c and texts_mail.c (issue 16).
 * The tables are small (a few hundred rows): a linear search per lookup is cheaper
 * than building an index, and a report does a few hundred lookups.
 */
#include "report/texts.h"

#include <stdbool.h>
#include <string.h>

#include "report/catalog.h"

static bool is_web(enum subtest_id id)
{
	const struct catalog_subtest *s = catalog_subtest(id);
	return s != NULL && catalog_category(s->category)->test == TEST_WEB;
}

const char *texts_verdict(enum subtest_id id, const char *verdict)
{
	const struct text_verdict *t = is_web(id) ? texts_web_verdicts : texts_mail_verdicts;
	size_t n = is_web(id) ? texts_web_verdicts_n : texts_mail_verdicts_n;

	for (size_t i = 0; verdict != NULL && i < n; i++)
		if (t[i].id == id && strcmp(t[i].verdict, verdict) == 0)
			return t[i].sentence;
	return NULL;
}

const struct text_subtest *texts_subtest(enum subtest_id id)
{
	const struct text_subtest *t = is_web(id) ? texts_web_subtests : texts_mail_subtests;
	size_t n = is_web(id) ? texts_web_subtests_n : texts_mail_subtests_n;

	for (size_t i = 0; i < n; i++)
		if (t[i].id == id)
			return &t[i];
	return NULL;
}

const struct text_category *texts_category(enum category_id id)
{
	bool web = catalog_category(id)->test == TEST_WEB;
	const struct text_category *t = web ? texts_web_categories : texts_mail_categories;
	size_t n = web ? texts_web_categories_n : texts_mail_categories_n;

	for (size_t i = 0; i < n; i++)
		if (t[i].id == id)
			return &t[i];
	return NULL;
}

const char *texts_headline(enum category_id id, const char *status)
{
	bool web = catalog_category(id)->test == TEST_WEB;
	const struct text_headline *t = web ? texts_web_headlines : texts_mail_headlines;
	size_t n = web ? texts_web_headlines_n : texts_mail_headlines_n;

	for (size_t i = 0; status != NULL && i < n; i++)
		if (t[i].id == id && strcmp(t[i].status, status) == 0)
			return t[i].headline;
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
