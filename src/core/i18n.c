/*
 * i18n.c -- the texts for people in English or Dutch (issue 16). The Dutch catalog is
 * the .mo file msgfmt builds from po/nl.po, read here once into memory and searched
 * per message: a lookup touches no locale and no environment, so `inetcheck serve`
 * answers each request in its own language while the C library's own messages
 * (strerror, strsignal: logs and technical details) stay as they are (issue 18).
 */
#include "core/i18n.h"

#include <stdint.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
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

/* The Dutch catalog: the .mo file whole, and its (original, translation) pairs. */
static struct {
	char *data;
	size_t len;
	uint32_t n, originals, translations;
	bool swapped;
} mo;
static pthread_once_t mo_once = PTHREAD_ONCE_INIT;

static uint32_t mo_u32(size_t off, bool *ok)
{
	uint32_t v;

	if (off > mo.len || mo.len - off < 4) {
		*ok = false;
		return 0;
	}
	memcpy(&v, mo.data + off, 4);
	return mo.swapped ? __builtin_bswap32(v) : v;
}

/* String `i` of the table at `table`: NULL when the file says something impossible. */
static const char *mo_string(uint32_t table, uint32_t i)
{
	bool ok = true;
	size_t at = (size_t)table + (size_t)i * 8;
	uint32_t len = mo_u32(at, &ok), off = mo_u32(at + 4, &ok);

	if (!ok || off > mo.len || mo.len - off <= len || mo.data[(size_t)off + len] != '\0')
		return NULL;
	return mo.data + off;
}

static void mo_load_from(const char *dir)
{
	char path[PATH_MAX + 64];
	FILE *f;
	long size;
	bool ok = true;

	snprintf(path, sizeof(path), "%s/nl/LC_MESSAGES/" DOMAIN ".mo", dir);
	if ((f = fopen(path, "rb")) == NULL)
		return;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 28 && size < 64 * 1024 * 1024 &&
	    fseek(f, 0, SEEK_SET) == 0 && (mo.data = malloc((size_t)size)) != NULL &&
	    fread(mo.data, 1, (size_t)size, f) == (size_t)size) {
		uint32_t magic;
		mo.len = (size_t)size;
		memcpy(&magic, mo.data, 4);
		mo.swapped = magic == 0xde120495u;
		if (magic == 0x950412deu || mo.swapped) {
			mo.n = mo_u32(8, &ok);
			mo.originals = mo_u32(12, &ok);
			mo.translations = mo_u32(16, &ok);
			if (ok && mo.n > 0 && mo_string(mo.originals, mo.n - 1) != NULL &&
			    mo_string(mo.translations, mo.n - 1) != NULL)
				goto out;
		}
	}
	free(mo.data);
	memset(&mo, 0, sizeof(mo));
out:
	fclose(f);
}

static void mo_load(void)
{
	char buf[PATH_MAX + 8];
	const char *dir = getenv("INETCHECK_LOCALEDIR");

	if (dir == NULL || dir[0] == '\0')
		dir = build_tree_dir(buf, sizeof(buf));
	if (dir == NULL)
		dir = INETCHECK_LOCALEDIR;
	mo_load_from(dir);
}

/* The Dutch text of `msgid`, or NULL. msgfmt sorts the originals by byte value. */
static const char *mo_lookup(const char *msgid)
{
	uint32_t lo = 0, hi = mo.n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *o = mo_string(mo.originals, mid);
		int c;
		if (o == NULL)
			return NULL;
		c = strcmp(msgid, o);
		if (c == 0) {
			const char *t = mo_string(mo.translations, mid);
			return t != NULL && t[0] != '\0' ? t : NULL;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
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
	pthread_once(&mo_once, mo_load);
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
	const char *t;

	if (msgid == NULL || i18n_current() == I18N_EN || msgid[0] == '\0')
		return msgid;
	t = mo_lookup(msgid);
	return t != NULL ? t : msgid;
}
