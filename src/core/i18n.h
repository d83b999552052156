/*
 * i18n.h -- the language of the texts for people (issue 16): English message ids,
 * translated by the catalogs gettext's msgfmt builds from po/ (domain "inetcheck"),
 * read by i18n.c itself: no locale or environment is changed, so numbers, JSON and the
 * C library's messages never change with the language, and each thread may have its own.
 */
#ifndef INETCHECK_CORE_I18N_H
#define INETCHECK_CORE_I18N_H

/* The languages there are texts for. */
enum i18n_lang { I18N_EN = 0, I18N_NL };

/*
 * Choose the language: `lang` "en" or "nl" (--lang), or NULL for the environment
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG: Dutch when the first set one starts with
 * "nl", else English). Returns 0, or -1 for a language there are no texts for.
 * The catalog is read from $INETCHECK_LOCALEDIR, else from po/ beside the
 * executable (a build tree), else from the installed locale directory; without one
 * the texts stay English.
 */
int i18n_init(const char *lang);
/* The calling thread's language: its own (i18n_use) or the process's. */
enum i18n_lang i18n_current(void);
/* For a program that answers in several languages at once (inetcheck serve):
 * i18n_bind makes the Dutch catalog ready without choosing it; i18n_use sets the
 * calling thread's own language. */
void i18n_bind(void);
void i18n_use(enum i18n_lang lang);
/* "en" or "nl" (for the HTML lang attribute). */
const char *i18n_code(void);

/* The text for people `msgid` in the chosen language (msgid itself in English or
 * when there is no translation). NULL stays NULL. */
const char *i18n(const char *msgid);
#define _(s) i18n(s)

#endif
