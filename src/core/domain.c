/* domain.c -- see domain.h. */
#include "core/domain.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <idn2.h>

/* spec §3.13: ^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+([a-zA-Z]{2,63}|xn--[a-zA-Z0-9]+)$ */
bool domain_is_valid(const char *name)
{
	size_t labels = 0;
	const char *p = name;

	if (strlen(name) > 253)
		return false;
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);

		if (len == 0 || len > 63)
			return false;
		labels++;
		if (dot) {
			/* an inner label: alnum at both ends, alnum or '-' inside */
			if (!isalnum((unsigned char)p[0]) || !isalnum((unsigned char)p[len - 1]))
				return false;
			for (size_t i = 0; i < len; i++)
				if (!isalnum((unsigned char)p[i]) && p[i] != '-')
					return false;
			p = dot + 1;
			continue;
		}
		/* the last label: alphabetic 2-63, or "xn--" followed by alnum */
		if (len > 4 && strncasecmp(p, "xn--", 4) == 0) {
			for (size_t i = 4; i < len; i++)
				if (!isalnum((unsigned char)p[i]))
					return false;
		} else {
			if (len < 2)
				return false;
			for (size_t i = 0; i < len; i++)
				if (!isalpha((unsigned char)p[i]))
					return false;
		}
		break;
	}
	return labels >= 2;
}

/* Copy [s, s+n) into buf (NUL-terminated); -1 if it does not fit. */
static int copy_span(char *buf, size_t buflen, const char *s, size_t n)
{
	if (n >= buflen)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

int domain_normalise(const char *input, bool mail, char *out, size_t outlen, struct error *err)
{
	char buf[1024];
	const char *s = input, *e;
	char *ascii = NULL;
	int rc;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (e > s && e[-1] == '/')
		e--;
	if (copy_span(buf, sizeof(buf), s, (size_t)(e - s)) < 0)
		return error_set(err, "input is too long");

	char *host = buf;
	char *scheme = strstr(buf, "://");
	if (scheme) {
		host = scheme + 3;
		host[strcspn(host, "/?#")] = '\0';
		char *at = strrchr(host, '@');   /* userinfo */
		if (at)
			host = at + 1;
		if (host[0] == '[')
			return error_set(err, "'%s' is an IP address; give a domain name", input);
		char *colon = strchr(host, ':'); /* port */
		if (colon)
			*colon = '\0';
	} else if (mail) {
		char *at = strrchr(buf, '@');    /* spec §3.6: drop up to the last '@' */
		if (at)
			host = at + 1;
	} else {
		host[strcspn(host, "/?#")] = '\0';
	}
	size_t len = strlen(host);
	if (len > 0 && host[len - 1] == '.')
		host[--len] = '\0';
	if (len == 0)
		return error_set(err, "no domain name given");

	rc = idn2_to_ascii_8z(host, &ascii, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	if (rc != IDN2_OK)
		return error_set(err, "'%s' is not a valid domain name (%s)", input, idn2_strerror(rc));
	for (char *c = ascii; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (!domain_is_valid(ascii)) {
		error_set(err, "'%s' is not a valid domain name (need two or more labels of letters, "
		          "digits and hyphens, ending in a top-level domain)", input);
		idn2_free(ascii);
		return -1;
	}
	if (strlen(ascii) >= outlen) {
		idn2_free(ascii);
		return error_set(err, "domain name too long");
	}
	strcpy(out, ascii);
	idn2_free(ascii);
	return 0;
}
