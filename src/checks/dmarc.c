/*
 * dmarc.c -- DMARC grammar and internet.nl's DMARC rules (spec §3.9).
 *
 * The parser follows internet.nl's pyparsing grammar (checks/tasks/
 * dmarc_parser.py) literally: no backtracking into a tag once it matched,
 * spaces only where the grammar has WSP, and the URI check of
 * _check_dmarc_uri with Python's urlsplit rules. Text is scanned by index
 * through txt_at(), which returns -1 at and past the end.
 */
#include "checks/dmarc.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static bool match_exact(const struct text *t, size_t pos, const char *lit)
{
	for (size_t k = 0; lit[k]; k++)
		if (txt_at(t, pos + k) != (unsigned char)lit[k])
			return false;
	return true;
}

/* WSP: zero or more spaces (only ' ', as White(ws=" ")) */
static size_t wsp(const struct text *t, size_t p)
{
	while (txt_at(t, p) == ' ')
		p++;
	return p;
}

/* WSP ";" WSP */
static bool sep(const struct text *t, size_t p, size_t *end)
{
	p = wsp(t, p);
	if (txt_at(t, p) != ';')
		return false;
	*end = wsp(t, p + 1);
	return true;
}

/* WSP "=" WSP */
static bool equal(const struct text *t, size_t p, size_t *end)
{
	p = wsp(t, p);
	if (txt_at(t, p) != '=')
		return false;
	*end = wsp(t, p + 1);
	return true;
}

/* ---- Python's ipaddress / urlsplit, as far as _check_dmarc_uri needs them ---- */


struct url {
	char *buf;                /* owned: the URL after lstrip and removal of \t\r\n */
	size_t len;
	bool has_scheme;
	bool value_error;         /* urlsplit would raise ValueError */
	size_t netloc_off, netloc_len;   /* netloc_len 0 = empty netloc */
	size_t path_off, path_len;
};

static bool in_set(const char *set, int c)
{
	return c > 0 && strchr(set, c) != NULL;
}

/* Position of the first `c` in [from, to) of `s`, or `to`. */
static size_t find_char(const char *s, size_t from, size_t to, char c)
{
	while (from < to && s[from] != c)
		from++;
	return from;
}

/* urllib.parse._check_bracketed_netloc: false when it would raise ValueError */
static bool bracketed_netloc_ok(const char *n, size_t len)
{
	size_t hp = 0, open, host_from, host_to;

	for (size_t i = 0; i < len; i++)
		if (n[i] == '@')
			hp = i + 1;     /* rpartition('@')[2] */
	open = find_char(n, hp, len, '[');
	if (open < len) {
		size_t close;
		if (open != hp)
			return false;   /* data before the bracket */
		host_from = open + 1;
		close = find_char(n, host_from, len, ']');
		host_to = close;
		if (close < len && close + 1 < len && n[close + 1] != ':')
			return false;   /* data between ']' and the port */
	} else {
		host_from = hp;
		host_to = find_char(n, hp, len, ':');
	}
	/* _check_bracketed_host */
	if (host_to > host_from && n[host_from] == 'v') {
		size_t i = host_from + 1;
		while (i < host_to && in_set("0123456789abcdefABCDEF", (unsigned char)n[i]))
			i++;
		return i > host_from + 1 && i < host_to && n[i] == '.' && i + 1 < host_to;
	}
	/* ip_address(): an IPv4 address is refused in brackets, so only IPv6 passes */
	return spf_ipv6_address_ok(n + host_from, host_to - host_from);
}

/* urllib.parse.urlsplit on s[from, to). -1 when out of memory. */
static int url_split(const char *s, size_t from, size_t to, struct url *u)
{
	size_t i, colon, rest, end;

	memset(u, 0, sizeof(*u));
	while (from < to && (unsigned char)s[from] <= 0x20)
		from++;     /* lstrip(_WHATWG_C0_CONTROL_OR_SPACE) */
	u->buf = malloc(to - from + 1);
	if (!u->buf)
		return -1;
	for (i = from; i < to; i++)
		if (s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			u->buf[u->len++] = s[i];
	u->buf[u->len] = '\0';
	rest = 0;
	colon = find_char(u->buf, 0, u->len, ':');
	if (colon < u->len && colon > 0 && is_alpha((unsigned char)u->buf[0])) {
		u->has_scheme = true;
		for (i = 0; i < colon; i++)
			if (!is_alnum((unsigned char)u->buf[i]) && !in_set("+-.", (unsigned char)u->buf[i]))
				u->has_scheme = false;
		if (u->has_scheme)
			rest = colon + 1;
	}
	if (rest + 1 < u->len && u->buf[rest] == '/' && u->buf[rest + 1] == '/') {
		size_t n_end = u->len, k;
		bool open = false, close = false;
		for (k = rest + 2; k < u->len; k++)
			if (in_set("/?#", (unsigned char)u->buf[k])) {
				n_end = k;
				break;
			}
		u->netloc_off = rest + 2;
		u->netloc_len = n_end - (rest + 2);
		for (k = u->netloc_off; k < n_end; k++) {
			open = open || u->buf[k] == '[';
			close = close || u->buf[k] == ']';
		}
		if (open != close || (open && !bracketed_netloc_ok(u->buf + u->netloc_off, u->netloc_len)))
			u->value_error = true;
		rest = n_end;
	}
	end = find_char(u->buf, rest, u->len, '#');
	end = find_char(u->buf, rest, end, '?');
	u->path_off = rest;
	u->path_len = end - rest;
	return 0;
}

/*
 * _check_dmarc_uri on t[from, to): at most one '!', followed by a digit;
 * the part before it must have a URI scheme. -1 when out of memory.
 */
static int uri_check(const struct text *t, size_t from, size_t to, bool *ok)
{
	size_t bang = to, n_bang = 0;
	struct url u;

	*ok = false;
	for (size_t i = from; i < to; i++)
		if (txt_at(t, i) == '!') {
			n_bang++;
			bang = i;
		}
	if (n_bang > 1)
		return 0;
	if (n_bang == 1 && !is_digit(txt_at(t, bang + 1)))
		return 0;   /* dmarc_uri_numeric parses a prefix: one digit is enough */
	if (url_split(t->s, from, bang, &u) != 0)
		return -1;
	*ok = u.has_scheme && !u.value_error;
	free(u.buf);
	return 0;
}

/* ---- the grammar ---- */

enum value_kind {
	V_REQUEST,      /* none | quarantine | reject */
	V_YNU,
	V_YN,
	V_RS,
	V_URIS,
	V_DIGITS,
	V_FO,
	V_RF,
	V_PCT,
};

/* spec §3.9 / RFC 7489 §6.4, RFC 9091, RFC 9989: the tags after p=, in grammar order */
static const struct tag {
	const char *name;
	enum value_kind kind;
} tags[] = {
	{ "sp", V_REQUEST }, { "np", V_REQUEST }, { "psd", V_YNU }, { "t", V_YN },
	{ "rua", V_URIS }, { "ruf", V_URIS }, { "adkim", V_RS }, { "aspf", V_RS },
	{ "ri", V_DIGITS }, { "fo", V_FO }, { "rf", V_RF }, { "pct", V_PCT },
};
#define N_TAGS (sizeof(tags) / sizeof(tags[0]))

struct parse_state {
	const struct text *t;
	struct dmarc_record *rec;
	/* the value ranges of rua and ruf, for the report hosts */
	size_t value_from[2], value_to[2];
	bool oom;
};

static bool request_value(const struct text *t, size_t p, size_t *end, enum dmarc_request *r)
{
	if (match_ci(t, p, "none")) {
		*r = DMARC_REQUEST_NONE;
		*end = p + 4;
	} else if (match_ci(t, p, "quarantine")) {
		*r = DMARC_REQUEST_QUARANTINE;
		*end = p + 10;
	} else if (match_ci(t, p, "reject")) {
		*r = DMARC_REQUEST_REJECT;
		*end = p + 6;
	} else {
		return false;
	}
	return true;
}

static bool one_of(const struct text *t, size_t p, const char *set, size_t *end, char *v)
{
	int c = lower_ascii(txt_at(t, p));
	if (!in_set(set, c))
		return false;
	*v = (char)c;
	*end = p + 1;
	return true;
}

/* rf keyword: Word(alphanums + "-") not ending in '-' */
static bool keyword(const struct text *t, size_t p, size_t *end)
{
	size_t e = p;
	while (is_alnum(txt_at(t, e)) || txt_at(t, e) == '-')
		e++;
	if (e == p || txt_at(t, e - 1) == '-')
		return false;
	*end = e;
	return true;
}

/* dmarc_uri: [^ ,;]+ that passes uri_check; records the range for the hosts */
static bool uri(struct parse_state *st, size_t p, size_t *end)
{
	const struct text *t = st->t;
	size_t e = p;
	bool ok;
	int c;

	while ((c = txt_at(t, e)) >= 0 && c != ' ' && c != ',' && c != ';')
		e++;
	if (e == p)
		return false;
	if (uri_check(t, p, e, &ok) != 0) {
		st->oom = true;
		return false;
	}
	if (!ok)
		return false;
	*end = e;
	return true;
}

/* The value of one tag (after "name" and equal). */
static bool tag_value(struct parse_state *st, size_t idx, size_t p, size_t *end)
{
	const struct text *t = st->t;
	struct dmarc_record *rec = st->rec;
	size_t e = p, q;
	char v;

	switch (tags[idx].kind) {
	case V_REQUEST: {
		enum dmarc_request r;
		if (!request_value(t, p, end, &r))
			return false;
		if (idx == 0) {
			rec->has_sp = true;
			rec->sp = r;
		} else {
			rec->has_np = true;
			rec->np = r;
		}
		return true;
	}
	case V_YNU:
		if (!one_of(t, p, "ynu", end, &rec->psd))
			return false;
		return true;
	case V_YN:
		return one_of(t, p, "yn", end, &rec->t);
	case V_RS:
		return one_of(t, p, "rs", end, idx == 6 ? &rec->adkim : &rec->aspf);
	case V_DIGITS:
		while (is_digit(txt_at(t, e)))
			e++;
		if (e == p)
			return false;
		rec->has_ri = true;
		*end = e;
		return true;
	case V_PCT:
		/* Word(nums, max=3) takes at most three digits; a fourth is left over */
		rec->pct = 0;
		while (is_digit(txt_at(t, e)) && e - p < 3) {
			rec->pct = rec->pct * 10 + (unsigned)(txt_at(t, e) - '0');
			e++;
		}
		if (e == p)
			return false;
		rec->has_pct = true;
		*end = e;
		return true;
	case V_FO:
		if (!one_of(t, p, "01ds", &e, &v))
			return false;
		for (;;) {
			q = wsp(t, e);
			if (txt_at(t, q) != ':')
				break;
			q = wsp(t, q + 1);
			if (!one_of(t, q, "01ds", &q, &v))
				break;
			e = q;
		}
		rec->has_fo = true;
		*end = e;
		return true;
	case V_RF:
		if (!keyword(t, p, &e))
			return false;
		for (;;) {
			q = wsp(t, e);
			if (txt_at(t, q) != ':' || !keyword(t, q + 1, &q))
				break;
			e = q;
		}
		rec->has_rf = true;
		*end = e;
		return true;
	case V_URIS: {
		int which = idx == 4 ? 0 : 1;
		size_t u_end;
		if (!uri(st, p, &e))
			return false;
		for (;;) {
			q = wsp(t, e);
			if (txt_at(t, q) != ',')
				break;
			q = wsp(t, q + 1);
			if (!uri(st, q, &u_end))
				break;
			e = u_end;
		}
		if (st->oom)
			return false;
		st->value_from[which] = p;
		st->value_to[which] = e;
		if (which == 0)
			rec->has_rua = true;
		else
			rec->has_ruf = true;
		*end = e;
		return true;
	}
	}
	return false;
}

/* "name" WSP "=" WSP value */
static bool tag(struct parse_state *st, size_t idx, size_t p, size_t *end)
{
	size_t q;
	if (!match_ci(st->t, p, tags[idx].name))
		return false;
	if (!equal(st->t, p + strlen(tags[idx].name), &q))
		return false;
	return tag_value(st, idx, q, end);
}

static int add_host(struct dmarc_record *rec, const char *s, size_t len)
{
	char **grown = realloc(rec->hosts, (rec->n_hosts + 1) * sizeof(*grown));
	char *h;

	if (!grown)
		return -1;
	rec->hosts = grown;
	h = strndup(s, len);
	if (!h)
		return -1;
	for (char *c = h; *c; c++)
		*c = (char)lower_ascii((unsigned char)*c);
	rec->hosts[rec->n_hosts++] = h;
	return 0;
}

/*
 * mail.py _dmarc_get_ru_host for one of rua/ruf. Python takes
 * "rua=u1,u2".split("=")[1], so the value ends at the first '=' inside the
 * URIs (quirk kept), then splits it on ','.
 */
static int collect_hosts(struct parse_state *st, int which)
{
	const struct text *t = st->t;
	size_t n = 0;
	char *value;
	int rc = 0;

	if (!(which == 0 ? st->rec->has_rua : st->rec->has_ruf))
		return 0;
	/* URIs hold no spaces: the joined value is the tag value without its WSP */
	value = malloc(st->value_to[which] - st->value_from[which] + 1);
	if (!value)
		return -1;
	for (size_t k = st->value_from[which]; k < st->value_to[which]; k++)
		if (txt_at(t, k) != ' ')
			value[n++] = (char)txt_at(t, k);
	value[n] = '\0';
	n = find_char(value, 0, n, '=');
	for (size_t from = 0; from <= n;) {
		size_t to = find_char(value, from, n, ',');
		struct url u;
		if (url_split(value, from, to, &u) != 0) {
			rc = -1;
			break;
		}
		/* a ValueError here crashes internet.nl's task; we skip the URI */
		if (!u.value_error && u.netloc_len == 0 && u.path_len > 0) {
			size_t h = u.path_off, h_end = u.path_off + u.path_len;
			size_t at = find_char(u.buf, h, h_end, '@');
			if (at < h_end) {
				h = at + 1;
				h_end = find_char(u.buf, h, h_end, '!');
			}
			/* strip() whitespace, then rstrip('.') after lower() */
			while (h < h_end && in_set(" \t\n\v\f\r\x1c\x1d\x1e\x1f", (unsigned char)u.buf[h]))
				h++;
			while (h_end > h && in_set(" \t\n\v\f\r\x1c\x1d\x1e\x1f", (unsigned char)u.buf[h_end - 1]))
				h_end--;
			while (h_end > h && u.buf[h_end - 1] == '.')
				h_end--;
			if (add_host(st->rec, u.buf + h, h_end - h) != 0)
				rc = -1;
		}
		free(u.buf);
		if (rc != 0)
			break;
		from = to + 1;
	}
	free(value);
	return rc;
}

int dmarc_record_parse(const char *record, struct dmarc_record *out)
{
	size_t len = strlen(record);
	char *norm = malloc(len + 1);
	struct text t = { norm, len };
	struct parse_state *st;
	bool used[N_TAGS] = { false };
	size_t p, q;
	enum dmarc_request r;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	st = calloc(1, sizeof(*st));
	if (!st || !norm)
		goto out;
	/* pyparsing's parse_string() expands tabs first: a tab is a space here too */
	for (size_t i = 0; i < len; i++)
		norm[i] = record[i] == '\t' ? ' ' : record[i];
	norm[len] = '\0';
	st->t = &t;
	st->rec = out;
	/* version: "v" (caseless) WSP "=" WSP "DMARC1" (case-sensitive), then sep */
	if (!match_ci(&t, 0, "v") || !equal(&t, 1, &p) || !match_exact(&t, p, "DMARC1"))
		goto out;
	if (!sep(&t, p + 6, &p))
		goto out;   /* spec §3.9: bare "v=DMARC1" without ';' */
	/* p= may only come first, with no separator before it (the version's sep) */
	if (match_ci(&t, p, "p") && equal(&t, p + 1, &q) && request_value(&t, q, &q, &r)) {
		out->has_p = true;
		out->p = r;
		p = q;
	}
	/* the other tags in any order, each at most once, each after a sep */
	for (bool matched = true; matched;) {
		matched = false;
		for (size_t i = 0; i < N_TAGS; i++) {
			size_t e;
			if (used[i] || !sep(&t, p, &q))
				continue;
			if (tag(st, i, q, &e)) {
				used[i] = true;
				matched = true;
				p = e;
			}
			if (st->oom)
				goto out;
		}
	}
	if (sep(&t, p, &q))
		p = q;
	if (p != t.len)
		goto out;   /* unknown tag, duplicate, p= after others, junk */
	if (collect_hosts(st, 0) != 0 || collect_hosts(st, 1) != 0)
		goto out;
	rc = 0;
out:
	free(st);
	free(norm);
	if (rc != 0)
		dmarc_record_free(out);
	return rc;
}

void dmarc_record_free(struct dmarc_record *rec)
{
	for (size_t i = 0; i < rec->n_hosts; i++)
		free(rec->hosts[i]);
	free(rec->hosts);
	memset(rec, 0, sizeof(*rec));
}

bool dmarc_record_is_valid(const char *record)
{
	struct dmarc_record rec;

	if (dmarc_record_parse(record, &rec) != 0)
		return false;
	dmarc_record_free(&rec);
	return true;
}

int dmarc_select_record(const struct txt_set *txt, size_t *n_found)
{
	size_t n = 0;
	int idx = -1;

	for (size_t i = 0; i < txt->n; i++) {
		struct text t = { txt->strings[i], strlen(txt->strings[i]) };
		if (match_ci(&t, 0, "v=dmarc1")) {
			if (n == 0)
				idx = (int)i;
			n++;
		}
	}
	if (n_found)
		*n_found = n;
	return n == 1 ? idx : (n == 0 ? -1 : -2);
}

const char *dmarc_org_domain(const psl_ctx_t *psl, const char *domain)
{
	const char *reg;

	if (!psl)
		psl = psl_builtin();
	if (!psl || !domain[0])
		return "";
	reg = psl_registrable_domain(psl, domain);
	return reg ? reg : "";
}

const char *dmarc_policy_status_name(enum dmarc_policy_status s)
{
	switch (s) {
	case DMARC_POLICY_VALID: return "valid";
	case DMARC_POLICY_INVALID_SYNTAX: return "invalid_syntax";
	case DMARC_POLICY_INVALID_P_SP: return "invalid_p_sp";
	case DMARC_POLICY_INVALID_EXTERNAL: return "invalid_external";
	}
	return "invalid_syntax";
}

enum dmarc_policy_status dmarc_policy_sufficiency(const struct dmarc_record *rec,
                                                  bool is_org_domain)
{
	enum dmarc_request r;

	if (!rec)
		return DMARC_POLICY_INVALID_SYNTAX;
	/* spec §3.9: sp= counts for an org-domain record when present, else p= */
	if (is_org_domain && rec->has_sp)
		r = rec->sp;
	else if (rec->has_p)
		r = rec->p;
	else
		return DMARC_POLICY_INVALID_P_SP;
	if (r == DMARC_REQUEST_NONE)
		return DMARC_POLICY_INVALID_P_SP;
	/* t=y (RFC 9989 test mode) downgrades quarantine; reject stays valid */
	if (r == DMARC_REQUEST_QUARANTINE && rec->t == 'y')
		return DMARC_POLICY_INVALID_P_SP;
	return DMARC_POLICY_VALID;
}

bool dmarc_external_authorised(const struct txt_set *txt)
{
	size_t n = 0;

	for (size_t i = 0; i < txt->n && n < 2; i++)
		if (dmarc_record_is_valid(txt->strings[i]))
			n++;
	return n == 1;
}

/* ---- discovery ---- */

enum { FOUND, NOT_FOUND_CONTINUE, NOT_FOUND_STOP };

/* mail.py _dmarc_dns_lookup for _dmarc.<name>. -1 when out of memory. */
static int lookup_dmarc(const char *name, txt_lookup_fn lookup, void *ctx,
                        struct dmarc_result *out, int *outcome)
{
	struct txt_set txt = { NULL, 0, 0 };
	size_t len = strlen(name) + sizeof("_dmarc.");
	char *qname = malloc(len);
	int idx, rc = 0;

	*outcome = NOT_FOUND_STOP;
	if (!qname)
		return -1;
	snprintf(qname, len, "_dmarc.%s", name);
	out->lookup_rc = lookup(ctx, qname, &txt);
	free(qname);
	out->n_found = 0;
	txt_set_clear(&out->found);
	if (out->lookup_rc == DNS_LOOKUP_OK) {
		for (size_t i = 0; i < txt.n; i++) {
			struct text t = { txt.strings[i], strlen(txt.strings[i]) };
			if (match_ci(&t, 0, "v=dmarc1") && txt_set_add(&out->found, txt.strings[i]) < 0)
				rc = -1;
		}
		idx = dmarc_select_record(&txt, &out->n_found);
		if (idx >= 0) {
			out->record = strdup(txt.strings[idx]);
			if (!out->record)
				rc = -1;
			*outcome = FOUND;
		} else if (idx == -1) {
			*outcome = NOT_FOUND_CONTINUE;
		}
	} else if (out->lookup_rc == DNS_LOOKUP_NXDOMAIN || out->lookup_rc == DNS_LOOKUP_NODATA) {
		*outcome = NOT_FOUND_CONTINUE;  /* internet.nl issue #1808: NODATA as well */
	}
	txt_set_clear(&txt);
	return rc;
}

static char *lower_dup(const char *s)
{
	size_t n = strlen(s);
	char *d;

	while (n > 0 && s[n - 1] == '.')
		n--;
	d = strndup(s, n);
	if (d)
		for (char *c = d; *c; c++)
			*c = (char)lower_ascii((unsigned char)*c);
	return d;
}

/* mail.py dmarc_verify_external_destinations. -1 when out of memory. */
static int verify_external(const struct dmarc_record *rec, const char *domain, const psl_ctx_t *psl,
                           txt_lookup_fn lookup, void *ctx, struct dmarc_result *out)
{
	const char *domain_org = dmarc_org_domain(psl, domain);

	for (size_t i = 0; i < rec->n_hosts; i++) {
		const char *host = rec->hosts[i];
		struct txt_set txt = { NULL, 0, 0 };
		size_t len;
		char *qname;
		bool ok;

		if (strcmp(domain_org, dmarc_org_domain(psl, host)) == 0)
			continue;
		len = strlen(domain) + strlen(host) + sizeof("._report._dmarc.");
		qname = malloc(len);
		if (!qname)
			return -1;
		snprintf(qname, len, "%s._report._dmarc.%s", domain, host);
		ok = lookup(ctx, qname, &txt) == DNS_LOOKUP_OK && dmarc_external_authorised(&txt);
		txt_set_clear(&txt);
		free(qname);
		if (!ok) {
			/* spec §3.9: a warning, the points stay */
			out->policy_status = DMARC_POLICY_INVALID_EXTERNAL;
			out->unauthorised_host = strdup(host);
			return out->unauthorised_host ? 0 : -1;
		}
	}
	return 0;
}

int dmarc_check(const char *domain, const psl_ctx_t *psl, txt_lookup_fn lookup, void *ctx,
                struct dmarc_result *out)
{
	struct dmarc_record rec;
	bool parsed = false, is_org = false;
	char *d = NULL;
	int outcome, rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&rec, 0, sizeof(rec));
	d = lower_dup(domain);
	if (!d)
		goto out;
	if (lookup_dmarc(d, lookup, ctx, out, &outcome) != 0)
		goto out;
	if (outcome == NOT_FOUND_CONTINUE) {
		/* spec §3.9 / §8 item 33: fall back to the organisational domain */
		const char *org = dmarc_org_domain(psl, d);
		is_org = true;
		if (org[0]) {
			out->org_domain = strdup(org);
			if (!out->org_domain || lookup_dmarc(org, lookup, ctx, out, &outcome) != 0)
				goto out;
		}
	}
	if (!out->record) {
		out->points = DMARC_POINTS_FAIL;
		out->policy_points = DMARC_POINTS_FAIL;
		rc = 0;
		goto out;
	}
	out->available = true;
	out->points = DMARC_POINTS_PASS;
	out->policy_domain = strdup(is_org ? out->org_domain : d);
	if (!out->policy_domain)
		goto out;
	parsed = dmarc_record_parse(out->record, &rec) == 0;
	out->policy_status = dmarc_policy_sufficiency(parsed ? &rec : NULL, is_org);
	if (out->policy_status == DMARC_POLICY_VALID
	    && verify_external(&rec, out->policy_domain, psl, lookup, ctx, out) != 0)
		goto out;
	switch (out->policy_status) {
	case DMARC_POLICY_VALID:
	case DMARC_POLICY_INVALID_EXTERNAL:
		out->policy_points = DMARC_POINTS_PASS;
		break;
	case DMARC_POLICY_INVALID_P_SP:
		out->policy_points = DMARC_POINTS_PARTIAL;
		break;
	case DMARC_POLICY_INVALID_SYNTAX:
		out->policy_points = DMARC_POINTS_FAIL;
		break;
	}
	rc = 0;
out:
	if (parsed)
		dmarc_record_free(&rec);
	free(d);
	if (rc != 0)
		dmarc_result_free(out);
	return rc;
}

void dmarc_result_free(struct dmarc_result *r)
{
	free(r->record);
	free(r->org_domain);
	free(r->policy_domain);
	free(r->unauthorised_host);
	txt_set_clear(&r->found);
	r->record = r->org_domain = r->policy_domain = r->unauthorised_host = NULL;
}

/* ---- non-sending domain ---- */

/* The end of what regex '.' can span from `from`: up to a newline or the end. */
static size_t line_end(const struct text *t, size_t from)
{
	while (from < t->len && txt_at(t, from) != '\n')
		from++;
	return from;
}

/* Does `lit` occur within t[from, to)? */
static bool contains_between(const struct text *t, size_t from, size_t to, const char *lit)
{
	size_t n = strlen(lit);
	for (size_t i = from; i + n <= to; i++)
		if (match_exact(t, i, lit))
			return true;
	return false;
}

bool dmarc_matches_non_sending_pattern(const char *record, bool is_org_domain)
{
	struct text t = { record, strlen(record) };
	size_t p = 9;

	if (!match_exact(&t, 0, "v=DMARC1;"))
		return false;
	if (is_org_domain && contains_between(&t, p, line_end(&t, p), "sp=reject"))
		return true;    /* .*sp=reject */
	p = wsp(&t, p);
	if (!match_exact(&t, p, "p=reject"))
		return false;
	/* org: (?!.*sp=) after p=reject; non-org: ";?" adds nothing to a match */
	return !is_org_domain || !contains_between(&t, p + 8, line_end(&t, p + 8), "sp=");
}

bool dmarc_dkim_available(int lookup_rc)
{
	return lookup_rc == DNS_LOOKUP_OK || lookup_rc == DNS_LOOKUP_NODATA;
}

bool dmarc_is_non_sending_domain(bool dkim_available, const struct dmarc_result *dmarc,
                                 const struct spf_result *spf)
{
	bool is_org = dmarc->org_domain && dmarc->org_domain[0];

	return !dkim_available && dmarc->available && dmarc->record
	       && dmarc->policy_status == DMARC_POLICY_VALID
	       && dmarc_matches_non_sending_pattern(dmarc->record, is_org) && spf->available
	       && spf->record && spf->policy.status == SPF_POLICY_VALID
	       && spf_matches_non_sending_pattern(spf->record);
}
