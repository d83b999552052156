/*
 * i18n.c -- gettext set-up for the texts for people (issue 16).
 */
#include "core/i18n.h"

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef INETCHECK_LOCALEDIR
#define INETCHECK_LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN "inetcheck"

static enum i18n_lang current = I18N_EN;
/* A thread's own language (inetcheck serve answers each request in its own), or -1:
 * the process's. */
static _Thread_local int thread_lang = -1;

static const char *env_lang(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(*vars); i++) {
		const char *v = getenv(vars[i]);
		if (v != NULL && v[0] != '\0')
			return v;
	}
	return "";
}

/* po/ beside the executable, when it holds our Dutch catalog (a build tree). */
static const char *build_tree_dir(char *buf, size_t cap)
{
	char exe[PATH_MAX], probe[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	snprintf(probe, sizeof(probe), "%s/po/nl/LC_MESSAGES/" DOMAIN ".mo", exe);
	if (access(probe, R_OK) != 0)
		return NULL;
	snprintf(buf, cap, "%s/po", exe);
	return buf;
}

int i18n_init(const char *lang)
{
	if (lang == NULL)
		lang = strncmp(env_lang(), "nl", 2) == 0 ? "nl" : "en";
	if (strcmp(lang, "en") == 0) {
		current = I18N_EN;
		return 0;
	}
	if (strcmp(lang, "nl") != 0)
		return -1;
	current = I18N_NL;
	i18n_bind();
	return 0;
}

void i18n_bind(void)
{
	char buf[PATH_MAX + 8];
	const char *dir;

	/* gettext ignores LANGUAGE in the C locale: C.UTF-8 is always there on Debian */
	const char *lc = setlocale(LC_MESSAGES, "");
	if (lc == NULL || strcmp(lc, "C") == 0 || strcmp(lc, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", "nl", 1);
	dir = getenv("INETCHECK_LOCALEDIR");
	if (dir == NULL || dir[0] == '\0')
		dir = build_tree_dir(buf, sizeof(buf));
	if (dir == NULL)
		dir = INETCHECK_LOCALEDIR;
	bindtextdomain(DOMAIN, dir);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
}

void i18n_use(enum i18n_lang lang)
{
	thread_lang = (int)lang;
}

enum i18n_lang i18n_current(void)
{
	return thread_lang >= 0 ? (enum i18n_lang)thread_lang : current;
}

const char *i18n_code(void)
{
	return i18n_current() == I18N_NL ? "nl" : "en";
}

const char *i18n(const char *msgid)
{
	if (msgid == NULL || i18n_current() == I18N_EN || msgid[0] == '\0')
		return msgid;
	return dgettext(DOMAIN, msgid);
}
