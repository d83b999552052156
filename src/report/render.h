/*
 * render.h -- text and JSON output of a finished, scored report. Renderers
 * compute nothing; they read the report and the catalog.
 */
#ifndef INETCHECK_REPORT_RENDER_H
#define INETCHECK_REPORT_RENDER_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <jansson.h>

#include "core/result.h"

/*
 * The --json document (spec §5.3 one domain, plus technical §5.4):
 * {"domain", "test": "web"|"mail"|"connection", "status": "ok"|"error", "partial"?: true,
 *  "scoring": {"percentage"}, "results": {"categories", "tests", "custom"},
 *  "technical": {...}}  -- new reference, caller decrefs.
 */
json_t *render_json(const struct report *r);

/* The brief human report (--brief): categories with status and percentage, one line
 * per subtest with status and verdict token, details and a fix line. Colour only
 * when `colour`. */
void render_text(const struct report *r, FILE *out, bool colour);

/*
 * The report people read (issue 16), from its view (report/view.h): per category a
 * headline, per subtest its status, what was found, the technical-details table,
 * the test explanation and how to fix it, in the chosen language.
 * render_text_full: for a terminal, wrapped to `width` columns, colour when
 *   `colour`; render_markdown: GitHub-flavoured Markdown; render_html: one
 *   self-contained HTML5 document (inline CSS, no script, printable).
 * Every string from a server is escaped for the format. Return 0, or -1 when
 * writing failed.
 */
struct view;
int render_text_full(const struct view *v, FILE *out, bool colour, int width);
int render_markdown(const struct view *v, FILE *out);
int render_html(const struct view *v, FILE *out);
/* The same report for a page of `inetcheck serve` (issue 18): render_html's <header>
 * to <footer> without the document around them; the page includes
 * render_html_css() in its style sheet. */
int render_html_body(const struct view *v, FILE *out);
const char *render_html_css(void);
/*
 * The CI formats of issue 21, from the same view:
 * render_sarif: a SARIF 2.1.0 log -- one rule per subtest of the implemented
 *   categories (id: the batch API name, e.g. "web_https_tls_version"), one result per
 *   failed (level error) or warning (level warning) subtest, its message the
 *   sentence and how to fix it; the location is the tested domain as the artifact URI
 *   (line 1) and "DOMAIN/CATEGORY" as a logical location. A test that could not run
 *   is an unsuccessful invocation without results. New reference, NULL when out of
 *   memory.
 * render_junit: JUnit XML (Ant's schema): one <testsuite> per category (name and
 *   classname its batch API name), one <testcase> per subtest (name its batch API
 *   name); failed -> <failure> (message the sentence, text how to fix), error ->
 *   <error>, not tested -> <skipped>; warnings and infos pass and are listed in the
 *   suite's <system-out>. `when` is the suite timestamp, `hostname` the tested domain.
 *   Every string is escaped for XML (control characters and invalid UTF-8 become
 *   U+FFFD). 0, or -1 when writing failed.
 */
json_t *render_sarif(const struct view *v);
int render_junit(const struct view *v, FILE *out, time_t when);

/* Text as HTML text or attribute value: & < > " ' escaped, control characters
 * (never valid in HTML) replaced by U+FFFD. What every page of ours uses. */
void html_escape(FILE *out, const char *s);
/* Text as Markdown text, also in a table cell: & < > as HTML entities, Markdown
 * punctuation backslash-escaped, control characters and line breaks as spaces
 * (render_markdown.c; inetcheck diff uses it too). */
void md_text(FILE *out, const char *s);

/*
 * `inetcheck tls`: one TLS server, its scan facts and the TLS subtests that
 * tls_evaluate() set (web rules §3.3.8, or mail rules §3.10 with STARTTLS).
 */
struct tls_scan_facts;

/* What the command tested, as the user sees it. */
struct tls_target {
	const char *host;        /* as given: a name (A-label) or an IP literal */
	const char *address;     /* the address connected to, text form */
	unsigned port;
	const char *sni;         /* server_name sent; NULL: none */
	const char *starttls;    /* NULL, or "smtp" */
	bool mail;               /* mail rules (§3.10) instead of web rules (§3.3.8) */
};

/* The TLS-only score: over the TLS subtests of the rules that count (effective
 * requirement level FAIL and a score field, §2.3), statuses capped as §2.2. */
struct tls_score {
	int points;
	int max_points;
	int percentage;          /* int(100.0 / max_points * points), §4.1; 0 if max is 0 */
};
void render_tls_score(const struct report *r, bool mail, struct tls_score *out);

/*
 * The `inetcheck tls --json` document (README "inetcheck tls", inetcheck(1)):
 * target, rules, status, reach, versions, suites, cipher_order, groups,
 * pq_groups, features, certificate, subtests, details (a copy of `details`,
 * may be NULL), score, connections, elapsed_ms, warnings. New reference.
 */
json_t *render_tls_json(const struct tls_scan_facts *f, const struct report *r,
                        const json_t *details, const struct tls_target *t);

/* The human report of one TLS server; colour only when `colour`. The trust verdict
 * is read from `details` (tls_evaluate's cert_trusted, cert_trust_error). */
void render_tls_text(const struct tls_scan_facts *f, const struct report *r,
                     const json_t *details, const struct tls_target *t, FILE *out, bool colour);

#endif
