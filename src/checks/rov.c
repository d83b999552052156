/*
 * rov.c -- see rov.h.
 *
 * The HTTP side is a plain libcurl GET: the validator is infrastructure the
 * user named, not a test target, so neither the target guard nor address
 * pinning (net/http.c) applies; the certificate of an https validator is
 * verified. The answer is parsed with jansson and judged as internet.nl's
 * checks/tasks/routing.py (Routinator.validate) does.
 */
#include "checks/rov.h"

#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool rov_configured(const struct rov_rp *rp)
{
	return rp && (rp->vrps || rp->url);
}

/* ------------------------------------------------------ answer parsing ---- */

/* "AS64500" -> 64500; internet.nl strips two characters and requires < 2^32. */
static int parse_as_string(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (strlen(s) < 3 || strncasecmp(s, "AS", 2) != 0 || s[2] < '0' || s[2] > '9')
		return -1;
	errno = 0;
	v = strtoull(s + 2, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int check_vrp(const json_t *vrp, size_t i, const char *list, struct error *err)
{
	const json_t *asn = json_object_get(vrp, "asn");
	const json_t *prefix = json_object_get(vrp, "prefix");
	const json_t *ml = json_object_get(vrp, "max_length");
	struct prefix p;
	uint32_t as;

	if (!json_is_object(vrp))
		return error_set(err, "%s[%zu] is not an object", list, i);
	if (!json_is_string(asn) || parse_as_string(json_string_value(asn), &as) < 0)
		return error_set(err, "%s[%zu]: bad asn", list, i);
	if (!json_is_string(prefix) || prefix_parse(json_string_value(prefix), &p, NULL) < 0)
		return error_set(err, "%s[%zu]: bad prefix", list, i);
	if (json_is_integer(ml))
		return 0;
	if (json_is_string(ml)) {
		const char *s = json_string_value(ml);
		char *end;
		errno = 0;
		(void)strtol(s, &end, 10);
		if (*s && !*end && !errno)
			return 0;
	}
	return error_set(err, "%s[%zu]: bad max_length", list, i);
}

int rov_parse_routinator(const char *body, size_t len, struct rov_answer *out, struct error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	const json_t *validity, *state, *reason, *vrps, *list = NULL;
	const char *st, *listname = NULL;
	char key[32];
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!root)
		return error_set(err, "not JSON (%s)", jerr.text);
	validity = json_object_get(json_object_get(root, "validated_route"), "validity");
	state = json_object_get(validity, "state");
	if (!json_is_string(state)) {
		error_set(err, "no validated_route.validity.state");
		goto out;
	}
	st = json_string_value(state);
	vrps = json_object_get(validity, "VRPs");
	if (strcasecmp(st, "valid") == 0) {
		out->state = ROV_VALID;
		listname = "matched";
	} else if (strcasecmp(st, "invalid") == 0) {
		reason = json_object_get(validity, "reason");
		if (!json_is_string(reason) ||
		    (strcmp(json_string_value(reason), "as") != 0 &&
		     strcmp(json_string_value(reason), "length") != 0)) {
			error_set(err, "invalid state without reason \"as\" or \"length\"");
			goto out;
		}
		out->state = strcmp(json_string_value(reason), "as") == 0 ? ROV_INVALID_AS
		                                                         : ROV_INVALID_LENGTH;
		snprintf(key, sizeof(key), "unmatched_%s", json_string_value(reason));
		listname = key;
	} else if (strcasecmp(st, "not-found") == 0) {
		out->state = ROV_NOT_FOUND;
	} else {
		error_set(err, "unknown state \"%.40s\"", st);
		goto out;
	}
	if (listname) {
		size_t i;
		const json_t *v;
		list = json_object_get(vrps, listname);
		if (!json_is_array(list)) {
			error_set(err, "no VRPs.%s list", listname);
			goto out;
		}
		json_array_foreach(list, i, v) {
			if (check_vrp(v, i, listname, err) < 0)
				goto out;
		}
		out->n_vrps = json_array_size(list);
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* ----------------------------------------------------------- validator ---- */

int rov_validator_url(const char *arg, char *out, size_t outlen, struct error *err)
{
	const char *rest, *path;
	size_t host_end, end;
	int n;

	if (strncasecmp(arg, "http://", 7) == 0)
		rest = arg + 7;
	else if (strncasecmp(arg, "https://", 8) == 0)
		rest = arg + 8;
	else
		return error_set(err, "%s: not an http:// or https:// URL", arg);
	if (!*rest || *rest == '/')
		return error_set(err, "%s: no host", arg);
	if (strpbrk(arg, "?# \t\r\n"))
		return error_set(err, "%s: a query, fragment or white space is not allowed", arg);
	path = strchr(rest, '/');
	host_end = path ? (size_t)(path - arg) : strlen(arg);
	end = strlen(arg);
	while (end > host_end && arg[end - 1] == '/')
		end--;                                 /* "http://h:8323/x/" -> "http://h:8323/x" */
	if (end == host_end)
		n = snprintf(out, outlen, "%.*s/api/v1/validity", (int)host_end, arg);
	else
		n = snprintf(out, outlen, "%.*s", (int)end, arg);
	if (n < 0 || (size_t)n >= outlen)
		return error_set(err, "%s: URL too long", arg);
	return 0;
}

struct body {
	char *data;
	size_t len;
	bool too_long;
};

static size_t on_body(char *p, size_t size, size_t nmemb, void *userdata)
{
	struct body *b = userdata;
	size_t n = size * nmemb;
	char *grown;

	if (b->len + n > ROV_MAX_ANSWER) {
		b->too_long = true;
		return 0;                              /* aborts the transfer */
	}
	grown = realloc(b->data, b->len + n + 1);
	if (!grown)
		return 0;
	b->data = grown;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

static int http_validate(const char *base, uint32_t asn, const struct prefix *route,
                         deadline_t deadline, struct rov_answer *out, struct error *err)
{
	char url[ROV_URL_MAX + 80], pfx[PREFIX_STRLEN], errbuf[CURL_ERROR_SIZE] = "";
	struct body b = {0};
	long status = 0, timeout_ms = deadline_left_ms(deadline);
	CURL *curl;
	CURLcode rc;
	int ret = -1;

	if (timeout_ms <= 0)
		return error_set(err, "no time left for the validator");
	if (timeout_ms > ROV_HTTP_TIMEOUT_MS)
		timeout_ms = ROV_HTTP_TIMEOUT_MS;
	snprintf(url, sizeof(url), "%s/%" PRIu32 "/%s", base, asn, prefix_str(route, pfx, sizeof(pfx)));
	curl = curl_easy_init();
	if (!curl)
		return error_set(err, "curl_easy_init failed");
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(curl);
	if (b.too_long)
		error_set(err, "%s: answer over %d bytes", url, ROV_MAX_ANSWER);
	else if (rc != CURLE_OK)
		error_set(err, "%s: %s", url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
	else if (status >= 400)
		error_set(err, "%s: HTTP status %ld", url, status);
	else if (rov_parse_routinator(b.data ? b.data : "", b.len, out, err) == 0)
		ret = 0;
	else if (err) {
		char why[sizeof(err->msg)];
		snprintf(why, sizeof(why), "%s", err->msg);
		error_set(err, "%s: %s", url, why);
	}
	free(b.data);
	return ret;
}

/* ------------------------------------------------------------- either ---- */

static void from_match(const struct vrp_match *m, enum rov_state st, struct rov_answer *out)
{
	out->state = st;
	out->n_vrps = st == ROV_VALID ? m->matched :
	              st == ROV_INVALID_AS ? m->unmatched_as :
	              st == ROV_INVALID_LENGTH ? m->unmatched_length : 0;
}

int rov_validate(const struct rov_rp *rp, uint32_t asn, const struct prefix *route,
                 deadline_t deadline, struct rov_answer *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	if (rp && rp->vrps) {
		struct vrp_match m;
		from_match(&m, vrp_validate(rp->vrps, asn, route, &m), out);
		return 0;
	}
	if (rp && rp->url)
		return http_validate(rp->url, asn, route, deadline, out, err);
	return error_set(err, "no relying party (give --rpki-vrps FILE or --rpki-validator URL)");
}

int rov_covered(const struct rov_rp *rp, const struct netaddr *addr, deadline_t deadline,
                bool *covered, struct error *err)
{
	struct prefix host;
	struct rov_answer a;

	*covered = false;
	prefix_from_netaddr(addr, prefix_family_bits(addr->family), &host);
	if (rov_validate(rp, 0, &host, deadline, &a, err) < 0)
		return -1;
	*covered = a.n_vrps > 0;
	return 0;
}
