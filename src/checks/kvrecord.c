/*
 * kvrecord.c -- "v=...; name=value" TXT records of RFC 8460 §3 and
 * RFC 8461 §3.1, and the RFC 5321 Domain check. Text is read by index
 * through txt_at(), which yields -1 at and past the end.
 */
#include "checks/kvrecord.h"

#include <ctype.h>

#include <string.h>

#include "core/text.h"

static bool is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

/* RFC 8460 §3 / RFC 8461 §3.1: ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".") */
static bool is_ext_name(const struct text *t, size_t off, size_t len)
{
	if (len < 1 || len > 32 || !is_alnum(txt_at(t, off)))
		return false;
	for (size_t i = 1; i < len; i++) {
		int c = txt_at(t, off + i);
		if (!is_alnum(c) && c != '_' && c != '-' && c != '.')
			return false;
	}
	return true;
}

int kvrecord_split(const char *record, size_t len, const char *version, struct kv_field *fields)
{
	struct text t = { record, len };
	size_t vlen = strlen(version), p = vlen;
	int n = 0;

	for (size_t k = 0; k < vlen; k++)
		if (txt_at(&t, k) != (unsigned char)version[k])
			return -1;
	for (;;) {
		size_t start, end, eq, q = p;

		/* field-delim = *WSP ";" *WSP after the version or a field */
		while (is_wsp(txt_at(&t, q)))
			q++;
		if (txt_at(&t, q) == -1)
			return q == p ? n : -1;   /* WSP at the very end is not in the ABNF */
		if (txt_at(&t, q) != ';')
			return -1;
		p = q + 1;
		while (is_wsp(txt_at(&t, p)))
			p++;
		if (txt_at(&t, p) == -1)
			return n;         /* the optional trailing separator */
		start = p;
		while (txt_at(&t, p) != -1 && txt_at(&t, p) != ';')
			p++;
		end = p;
		if (txt_at(&t, p) == ';')
			while (end > start && is_wsp(txt_at(&t, end - 1)))
				end--;
		for (eq = start; eq < end && txt_at(&t, eq) != '='; eq++)
			;
		if (eq == end || !is_ext_name(&t, start, eq - start) || n >= KVRECORD_FIELDS_MAX)
			return -1;
		fields[n].name_off = start;
		fields[n].name_len = eq - start;
		fields[n].value_off = eq + 1;
		fields[n].value_len = end - (eq + 1);
		n++;
		p = end;
	}
}

bool kvrecord_is_ext_value(const char *record, size_t off, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)record[off + i];
		if (c < 0x21 || c > 0x7e || c == '=' || c == ';')
			return false;
	}
	return true;
}

bool kvrecord_name_is(const char *record, const struct kv_field *f, const char *name)
{
	return strlen(name) == f->name_len && memcmp(record + f->name_off, name, f->name_len) == 0;
}

bool kvrecord_is_domain(const char *s, size_t len)
{
	size_t label = 0;

	if (len == 0 || len > 253)
		return false;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];
		if (c == '.') {
			/* Ldh-str ends in Let-dig: no empty label, no hyphen before a dot */
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!is_alnum(c) && !(c == '-' && label > 0))
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0 && s[len - 1] != '-';
}

bool kvrecord_is_version(const char *s, const char *version)
{
	struct text t = { s, strlen(s) };
	size_t vlen = strlen(version);
	int next = txt_at(&t, vlen);

	for (size_t k = 0; k < vlen; k++) {
		int c = txt_at(&t, k);
		if (c == -1 || tolower(c) != tolower((unsigned char)version[k]))
			return false;
	}
	return next == -1 || next == ';' || is_wsp(next);
}

int kvrecord_select(const char *const *strings, size_t n, const char *version, size_t *n_found)
{
	size_t found = 0;
	int idx = -1;

	for (size_t i = 0; i < n; i++)
		if (kvrecord_is_version(strings[i], version) && found++ == 0)
			idx = (int)i;
	if (n_found)
		*n_found = found;
	return found == 1 ? idx : (found == 0 ? -1 : -2);
}
