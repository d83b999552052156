/*
 * spf.c -- SPF grammar and internet.nl's SPF policy walk (spec §3.9).
 *
 * The parser follows internet.nl's pyparsing grammar (checks/tasks/
 * spf_parser.py) step by step, including where pyparsing does not backtrack:
 * a term is the first alternative that matches a prefix, and it must then be
 * followed by a space or the end. Text is scanned by index through txt_at(),
 * which returns -1 at and past the terminator, so nothing reads past it.
 */
#include "checks/spf.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* ---- txt_set ---- */

int txt_set_add(struct txt_set *set, const char *s)
{
	char *copy;

	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 4;
		char **grown = realloc(set->strings, cap * sizeof(*grown));
		if (!grown)
			return -1;
		set->strings = grown;
		set->cap = cap;
	}
	copy = strdup(s);
	if (!copy)
		return -1;
	set->strings[set->n++] = copy;
	return 0;
}

void txt_set_clear(struct txt_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->strings[i]);
	free(set->strings);
	set->strings = NULL;
	set->n = set->cap = 0;
}

/* ---- bounded text access ---- */

/* pyparsing's `printables`: ASCII 33..126 */
static bool is_printable(int c)
{
	return c >= 33 && c <= 126;
}

/* Case-insensitive literal `lit` at `pos`? */
static bool has_char(const char *set, int c)
{
	return c > 0 && strchr(set, c) != NULL;
}

/* ---- macros and domain-spec (RFC 7208 §7.1 as internet.nl writes it) ---- */

/*
 * macro-expand at `pos`: "%{" letter [digits] ["r"] *delimiter "}", "%%",
 * "%_" or "%-". Sets *ok and returns the end; returns `pos` when there is none.
 */
static size_t macro_expand(const struct text *t, size_t pos, bool *ok)
{
	size_t p = pos;
	int c;

	*ok = false;
	if (txt_at(t, p) != '%')
		return pos;
	c = txt_at(t, p + 1);
	if (c == '%' || c == '_' || c == '-') {
		*ok = true;
		return p + 2;
	}
	if (c != '{')
		return pos;
	p += 2;
	if (!has_char("sSlLoOdDiIpPhHcCrRtTvV", txt_at(t, p)))
		return pos;
	p++;
	while (is_digit(txt_at(t, p)))
		p++;
	if (lower_ascii(txt_at(t, p)) == 'r')
		p++;
	while (has_char(".-+,/_=", txt_at(t, p)))
		p++;
	if (txt_at(t, p) != '}')
		return pos;
	*ok = true;
	return p + 1;
}

/* macro-string: any run of macro-expands and printables other than '%'. */
static size_t macro_string(const struct text *t, size_t pos)
{
	for (;;) {
		int c = txt_at(t, pos);
		bool ok;
		if (c == '%') {
			size_t end = macro_expand(t, pos, &ok);
			if (!ok)
				return pos;
			pos = end;
		} else if (is_printable(c)) {
			pos++;
		} else {
			return pos;
		}
	}
}

/*
 * toplabel as a prefix of `t`: [digits] ALPHA ..., or alnum+ "-" ...
 * (pyparsing parseString matches a prefix, so "com/24" passes).
 */
static bool toplabel_prefix(const struct text *t)
{
	size_t i = 0, j = 0;

	while (is_digit(txt_at(t, i)))
		i++;
	if (is_alpha(txt_at(t, i)))
		return true;
	while (is_alnum(txt_at(t, j)))
		j++;
	return j > 0 && txt_at(t, j) == '-';
}

/*
 * internet.nl's _check_domain_end: the last label (the one before a trailing
 * dot, if any) must start like a toplabel or a macro-expand.
 */
static bool domain_end_ok(const struct text *t, size_t from, size_t to)
{
	struct text seg = { t->s + from, to - from };
	size_t end, start;
	bool ok;

	if (seg.len == 0)
		return false;   /* empty domain-spec: IndexError -> ParseException */
	end = seg.len;
	if (txt_at(&seg, end - 1) == '.')
		end--;          /* split(".")[-2]: the label before the trailing dot */
	start = end;
	while (start > 0 && txt_at(&seg, start - 1) != '.')
		start--;
	{
		struct text label = { seg.s + start, end - start };
		if (toplabel_prefix(&label))
			return true;
		(void)macro_expand(&label, 0, &ok);
		return ok;
	}
}

/* domain-spec at `pos`; on success sets *end and returns true. */
static bool domain_spec(const struct text *t, size_t pos, size_t *end)
{
	size_t e = macro_string(t, pos);
	if (!domain_end_ok(t, pos, e))
		return false;
	*end = e;
	return true;
}

/* ---- addresses ---- */

/* Decimal without leading zeros in [0, max], maximal digit run; end or 0. */
static size_t small_number(const struct text *t, size_t pos, unsigned max, bool *ok)
{
	unsigned v = 0;
	size_t p = pos;

	*ok = false;
	if (!is_digit(txt_at(t, p)))
		return pos;
	if (txt_at(t, p) == '0') {
		*ok = true;       /* a leading 0 matches "0" alone; a following digit is left over */
		return p + 1;
	}
	while (is_digit(txt_at(t, p)) && p - pos < 3) {
		v = v * 10 + (unsigned)(txt_at(t, p) - '0');
		p++;
	}
	/* the regex alternations take the longest prefix that is <= max */
	while (v > max) {
		v /= 10;
		p--;
	}
	*ok = true;
	return p;
}

/* ip4-network: four octets 0..255 without leading zeros. */
static bool ip4_network(const struct text *t, size_t pos, size_t *end)
{
	bool ok;

	for (int i = 0; i < 4; i++) {
		size_t e = small_number(t, pos, 255, &ok);
		if (!ok)
			return false;
		if (i < 3) {
			if (txt_at(t, e) != '.')
				return false;   /* "01." etc.: the regex cannot match */
			e++;
		}
		pos = e;
	}
	*end = pos;
	return true;
}

/* "/" + number in [0, max], or nothing. */
static size_t cidr_length(const struct text *t, size_t pos, unsigned max)
{
	bool ok;
	size_t e;

	if (txt_at(t, pos) != '/')
		return pos;
	e = small_number(t, pos + 1, max, &ok);
	return ok ? e : pos;
}

/* dual-cidr-length: [ "/" ip4-len ] [ "//" ip6-len ] */
static size_t dual_cidr(const struct text *t, size_t pos)
{
	size_t p = cidr_length(t, pos, 32);
	if (txt_at(t, p) == '/') {
		size_t e = cidr_length(t, p + 1, 128);
		if (e != p + 1)
			p = e;
	}
	return p;
}

bool spf_ipv6_address_ok(const char *s, size_t len)
{
	char buf[64];
	struct in6_addr a;
	size_t addr_len = len;

	if (memchr(s, '/', len))
		return false;   /* IPv6Address refuses any '/' */
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			addr_len = i;
			if (i + 1 == len)
				return false;
			for (size_t k = i + 1; k < len; k++)
				if (s[k] == '%')
					return false;
			break;
		}
	}
	if (addr_len == 0 || addr_len >= sizeof(buf))
		return false;
	memcpy(buf, s, addr_len);
	buf[addr_len] = '\0';
	return inet_pton(AF_INET6, buf, &a) == 1;
}

/* IPv6Address(s) or IPv6Network(s, strict=False): prefix of ASCII digits, 0..128. */
static bool ipv6_ok(const char *s, size_t len)
{
	size_t slash = len;
	unsigned v = 0;

	if (spf_ipv6_address_ok(s, len))
		return true;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '/') {
			if (slash != len)
				return false;   /* more than one '/' */
			slash = i;
		}
	}
	if (slash == len || slash + 1 == len)
		return false;
	for (size_t i = slash + 1; i < len; i++) {
		if (!is_digit((unsigned char)s[i]))
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
		if (v > 128)
			return false;
	}
	return spf_ipv6_address_ok(s, slash);
}

/* ---- terms ---- */

/*
 * One term at `pos` (not a space). Tries internet.nl's alternatives in order
 * (all | include | a | mx | ptr | ip4 | ip6 | exists | redirect | exp |
 * name=value); the first that matches a prefix wins. Returns false when
 * none matches.
 */
static bool parse_term(const struct text *t, size_t pos, struct spf_term *term)
{
	size_t k = pos, e = 0;
	int q = txt_at(t, pos);

	memset(term, 0, sizeof(*term));
	term->off = pos;
	if (q == '+' || q == '-' || q == '~' || q == '?') {
		term->qualifier = (char)q;
		k++;
	}
	if (match_ci(t, k, "all")) {
		term->kind = SPF_TERM_ALL;
		e = k + 3;
		goto found;
	}
	if (match_ci(t, k, "include:") && domain_spec(t, k + 8, &e)) {
		term->kind = SPF_TERM_INCLUDE;
		term->target_off = k + 8;
		term->target_len = e - (k + 8);
		goto found;
	}
	if (match_ci(t, k, "a") || match_ci(t, k, "mx")) {
		size_t p = k + (match_ci(t, k, "a") ? 1 : 2);
		term->kind = (p == k + 1) ? SPF_TERM_A : SPF_TERM_MX;
		if (txt_at(t, p) == ':' && domain_spec(t, p + 1, &e)) {
			term->target_off = p + 1;
			term->target_len = e - (p + 1);
			p = e;
		}
		e = dual_cidr(t, p);
		goto found;
	}
	if (match_ci(t, k, "ptr")) {
		size_t p = k + 3;
		term->kind = SPF_TERM_PTR;
		if (txt_at(t, p) == ':' && domain_spec(t, p + 1, &e)) {
			term->target_off = p + 1;
			term->target_len = e - (p + 1);
			p = e;
		}
		e = p;
		goto found;
	}
	if (match_ci(t, k, "ip4:") && ip4_network(t, k + 4, &e)) {
		term->kind = SPF_TERM_IP4;
		e = cidr_length(t, e, 32);
		goto found;
	}
	if (match_ci(t, k, "ip6:")) {
		size_t p = k + 4;
		while (p < t->len && txt_at(t, p) != ' ')
			p++;
		if (ipv6_ok(t->s + k + 4, p - (k + 4))) {
			term->kind = SPF_TERM_IP6;
			e = p;
			goto found;
		}
	}
	if (match_ci(t, k, "exists:") && domain_spec(t, k + 7, &e)) {
		term->kind = SPF_TERM_EXISTS;
		term->target_off = k + 7;
		term->target_len = e - (k + 7);
		goto found;
	}
	/* modifiers take no qualifier */
	term->qualifier = 0;
	if (match_ci(t, pos, "redirect=") && domain_spec(t, pos + 9, &e)) {
		term->kind = SPF_TERM_REDIRECT;
		term->target_off = pos + 9;
		term->target_len = e - (pos + 9);
		goto found;
	}
	if (match_ci(t, pos, "exp=") && domain_spec(t, pos + 4, &e)) {
		term->kind = SPF_TERM_EXP;
		term->target_off = pos + 4;
		term->target_len = e - (pos + 4);
		goto found;
	}
	if (is_alpha(txt_at(t, pos))) {
		size_t p = pos + 1;
		while (is_alnum(txt_at(t, p)) || has_char("-_.", txt_at(t, p)))
			p++;
		/* internet.nl's setParseAction() on macro_string makes every modifier
		 * value a domain-spec, with the domain-end check */
		if (txt_at(t, p) == '=' && domain_spec(t, p + 1, &e)) {
			term->kind = SPF_TERM_MODIFIER;
			goto found;
		}
	}
	return false;
found:
	term->len = e - pos;
	return true;
}

/*
 * pyparsing's parse_string() expands tabs to spaces first; a tab is a space
 * here too (records from DNS carry no raw tab: it arrives escaped as \009).
 */
static char *expand_tabs(const char *record, size_t len)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return NULL;
	for (size_t i = 0; i < len; i++)
		copy[i] = record[i] == '\t' ? ' ' : record[i];
	copy[len] = '\0';
	return copy;
}

int spf_record_parse(const char *record, struct spf_record *out)
{
	size_t len = strlen(record);
	char *norm = expand_tabs(record, len);
	struct text t = { norm, len };
	size_t pos, cap = 0;

	memset(out, 0, sizeof(*out));
	if (!norm || !match_ci(&t, 0, "v=spf1"))
		goto fail;
	pos = 6;
	for (;;) {
		size_t p = pos;
		struct spf_term term;

		if (pos == t.len)
			break;
		if (txt_at(&t, pos) != ' ')
			goto fail;  /* e.g. "v=spf10", or a term followed by junk */
		while (txt_at(&t, p) == ' ')
			p++;
		if (p == t.len)
			break;      /* trailing spaces */
		if (!parse_term(&t, p, &term))
			goto fail;
		if (out->n_terms == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct spf_term *grown = realloc(out->terms, ncap * sizeof(*grown));
			if (!grown)
				goto fail;
			out->terms = grown;
			cap = ncap;
		}
		out->terms[out->n_terms++] = term;
		pos = p + term.len;
	}
	free(norm);
	return 0;
fail:
	free(norm);
	spf_record_free(out);
	return -1;
}

void spf_record_free(struct spf_record *rec)
{
	free(rec->terms);
	rec->terms = NULL;
	rec->n_terms = 0;
}

bool spf_record_is_valid(const char *record)
{
	struct spf_record rec;

	if (spf_record_parse(record, &rec) != 0)
		return false;
	spf_record_free(&rec);
	return true;
}

static bool starts_with_ci(const char *s, const char *prefix)
{
	struct text t = { s, strlen(s) };
	return match_ci(&t, 0, prefix);
}

int spf_select_record(const struct txt_set *txt)
{
	int found = -1;

	for (size_t i = 0; i < txt->n; i++) {
		if (!starts_with_ci(txt->strings[i], "v=spf1"))
			continue;
		if (found >= 0)
			return -1;  /* spec §1.4: two or more -> none */
		found = (int)i;
	}
	return found;
}

const char *spf_policy_status_name(enum spf_policy_status s)
{
	switch (s) {
	case SPF_POLICY_VALID: return "valid";
	case SPF_POLICY_INVALID_SYNTAX: return "invalid_syntax";
	case SPF_POLICY_MAX_DNS_LOOKUPS: return "max_dns_lookups";
	case SPF_POLICY_INVALID_ALL: return "invalid_all";
	case SPF_POLICY_INVALID_INCLUDE: return "invalid_include";
	case SPF_POLICY_INVALID_REDIRECT: return "invalid_redirect";
	}
	return "invalid_syntax";
}

/* ---- the walk ---- */

#define POINTS_PASS 10
#define POINTS_PARTIAL 2
#define POINTS_FAIL 0

/* One TXT answer remembered for the length of a walk, so each name is asked once. */
struct memo_entry {
	char *name;
	int rc;
	struct txt_set txt;
};

struct walk {
	txt_lookup_fn lookup;
	void *ctx;
	struct spf_policy *out;
	struct memo_entry *memo;
	size_t n_memo, cap_memo;
	int rfc_records;
	bool oom;
};

/* No empty label (but a trailing dot), labels of at most 63, at most 255 octets on the wire. */
static bool name_is_valid(const char *name)
{
	size_t label = 0, total = 1, i;

	for (i = 0; name[i]; i++) {
		if (name[i] == '.') {
			if (label == 0)
				return false;
			total += label + 1;
			label = 0;
		} else if (++label > 63) {
			return false;
		}
	}
	if (i == 0)
		return false;
	total += label ? label + 1 : 0;
	return total <= 255;
}

/* The TXT lookup of `name` through the memo; NULL when out of memory. */
static const struct memo_entry *walk_fetch(struct walk *w, const char *name)
{
	struct memo_entry *m;

	for (size_t i = 0; i < w->n_memo; i++)
		if (strcmp(w->memo[i].name, name) == 0)
			return &w->memo[i];
	if (w->n_memo == w->cap_memo) {
		size_t cap = w->cap_memo ? w->cap_memo * 2 : 8;
		struct memo_entry *grown = realloc(w->memo, cap * sizeof(*grown));
		if (!grown) {
			w->oom = true;
			return NULL;
		}
		w->memo = grown;
		w->cap_memo = cap;
	}
	m = &w->memo[w->n_memo];
	memset(m, 0, sizeof(*m));
	m->name = strdup(name);
	if (!m->name) {
		w->oom = true;
		return NULL;
	}
	/* dnspython raises for a name it cannot build (a DNSException): never ask */
	if (!name_is_valid(name)) {
		m->rc = DNS_LOOKUP_ERROR;
	} else {
		m->rc = w->lookup(w->ctx, name, &m->txt);
		if (m->rc != DNS_LOOKUP_OK) {
			txt_set_clear(&m->txt);
			if (m->rc != DNS_LOOKUP_NXDOMAIN && m->rc != DNS_LOOKUP_NODATA)
				m->rc = DNS_LOOKUP_ERROR;
		} else if (m->txt.n == 0) {
			m->rc = DNS_LOOKUP_NODATA;
		}
	}
	w->n_memo++;
	return m;
}

static void walk_free(struct walk *w)
{
	for (size_t i = 0; i < w->n_memo; i++) {
		free(w->memo[i].name);
		txt_set_clear(&w->memo[i].txt);
	}
	free(w->memo);
}

static void add_bad(struct walk *w, const char *domain, const char *record)
{
	struct spf_policy *p = w->out;
	struct spf_bad_record *grown;

	grown = realloc(p->bad, (p->n_bad + 1) * sizeof(*grown));
	if (!grown) {
		w->oom = true;
		return;
	}
	p->bad = grown;
	grown[p->n_bad].domain = strdup(domain);
	grown[p->n_bad].record = record ? strdup(record) : NULL;
	if (!grown[p->n_bad].domain || (record && !grown[p->n_bad].record)) {
		free(grown[p->n_bad].domain);
		free(grown[p->n_bad].record);
		w->oom = true;
		return;
	}
	p->n_bad++;
}

/* A term's text, lowercased, as a new string (NULL when out of memory). */
static char *term_lower(const char *record, const struct spf_term *term)
{
	char *s = malloc(term->len + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < term->len; i++)
		s[i] = (char)lower_ascii((unsigned char)record[term->off + i]);
	s[term->len] = '\0';
	return s;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + (n - m), suffix) == 0;
}

struct verdict {
	enum spf_policy_status status;
	int points;
	int left;           /* lookups left after this part of the walk */
};

static struct verdict check_policy(struct walk *w, const char *domain, const char *record,
                                   int max_lookups, bool is_include);

/*
 * mail.py spf_check_include_redirect: enter an include (op ':') or redirect
 * (op '=') term. The target is term.split(op)[1]: the text between the first
 * and the second `op` (quirk kept).
 */
static struct verdict check_target(struct walk *w, const char *term, char op,
                                   enum spf_policy_status bad_status, int max_lookups,
                                   bool is_include)
{
	struct verdict v = { SPF_POLICY_VALID, POINTS_PASS, max_lookups };
	const struct memo_entry *m;
	size_t start, end;
	char *url;
	int idx;

	/* spec §3.9: the budget is checked only here, on entering */
	if (max_lookups < 0) {
		v.status = SPF_POLICY_MAX_DNS_LOOKUPS;
		v.points = POINTS_PARTIAL;
		return v;
	}
	/* term.split(op)[1].strip(): from after the first `op` to the next one */
	for (start = 0; term[start] && term[start] != op; start++)
		;
	if (!term[start])
		return v;   /* cannot happen: the caller saw "include:" or "redirect=" */
	start++;
	for (end = start; term[end] && term[end] != op; end++)
		;
	while (start < end && strchr(" \t\n\v\f\r", term[start]))
		start++;
	while (end > start && strchr(" \t\n\v\f\r", term[end - 1]))
		end--;
	url = strndup(term + start, end - start);
	if (!url) {
		w->oom = true;
		return v;
	}
	/* spec §3.9: macro domains are not followed */
	if (strchr(url, '{')) {
		free(url);
		return v;
	}
	m = walk_fetch(w, url);
	if (!m) {
		free(url);
		return v;
	}
	if (m->rc != DNS_LOOKUP_OK) {
		/* any DNSException: NXDOMAIN, NODATA, SERVFAIL, ... -> partial points */
		v.status = bad_status;
		v.points = POINTS_PARTIAL;
		free(url);
		return v;
	}
	idx = spf_select_record(&m->txt);
	v = check_policy(w, url, idx >= 0 ? m->txt.strings[idx] : NULL, max_lookups, is_include);
	if (v.status != SPF_POLICY_VALID && v.status != SPF_POLICY_MAX_DNS_LOOKUPS)
		v.status = bad_status;
	free(url);
	return v;
}

/* mail.py spf_check_policy; `record` NULL = no single SPF record (a syntax error there). */
static struct verdict check_policy(struct walk *w, const char *domain, const char *record,
                                   int max_lookups, bool is_include)
{
	struct verdict v = { SPF_POLICY_VALID, POINTS_PASS, max_lookups };
	struct spf_record rec = { NULL, 0 };
	char **lower = NULL;
	size_t *follow = NULL, n_follow = 0;
	bool all_found = false, has_redirect = false;

	if (!record || spf_record_parse(record, &rec) != 0) {
		v.status = SPF_POLICY_INVALID_SYNTAX;
		v.points = POINTS_FAIL;
		goto out;
	}
	if (rec.n_terms == 0) {
		/* "v=spf1" alone defaults to ?all */
		v.status = SPF_POLICY_INVALID_ALL;
		v.points = POINTS_PARTIAL;
		goto out;
	}
	lower = calloc(rec.n_terms, sizeof(*lower));
	follow = calloc(rec.n_terms, sizeof(*follow));
	if (!lower || !follow) {
		w->oom = true;
		goto out;
	}
	for (size_t i = 0; i < rec.n_terms; i++) {
		lower[i] = term_lower(record, &rec.terms[i]);
		if (!lower[i]) {
			w->oom = true;
			goto out;
		}
	}
	/* spec §3.9 / §8 item 34: internet.nl's approximate lookup counting */
	{
		size_t n_inc = 0, n_red = 0;
		size_t *red = calloc(rec.n_terms, sizeof(*red));
		if (!red) {
			w->oom = true;
			goto out;
		}
		for (size_t i = 0; i < rec.n_terms; i++) {
			const char *term = lower[i];
			if (strncmp(term, "redirect", 8) == 0) {
				red[n_red++] = i;
				v.left--;
			} else if (strstr(term, "include:")) {
				follow[n_inc++] = i;
				v.left--;
			} else if (strstr(term, "mx") || strstr(term, "ptr") || strstr(term, "exists")
			           || strcmp(term, "a") == 0) {
				v.left--;
			} else if (ends_with(term, "all") && strlen(term) < 5) {
				all_found = true;
				if (term[0] == '+' || term[0] == 'a' || (!is_include && term[0] == '?')) {
					v.status = SPF_POLICY_INVALID_ALL;
					v.points = POINTS_PARTIAL;
				}
				break;  /* terms after the first all are not looked at */
			}
		}
		has_redirect = n_red > 0;
		/* redirects are followed after all includes */
		for (size_t i = 0; i < n_red; i++)
			follow[n_inc + i] = red[i];
		n_follow = n_inc + n_red;
		free(red);
	}
	/* no all and no redirect: ?all by default; fine for an include (not_match) */
	if (v.status == SPF_POLICY_VALID && !is_include && !has_redirect && !all_found) {
		v.status = SPF_POLICY_INVALID_ALL;
		v.points = POINTS_PARTIAL;
	}
	for (size_t i = 0; v.status == SPF_POLICY_VALID && i < n_follow && !w->oom; i++) {
		const char *term = lower[follow[i]];
		if (strstr(term, "redirect=") && !all_found) {
			v = check_target(w, term, '=', SPF_POLICY_INVALID_REDIRECT, v.left, false);
			break;  /* only one redirect is followed */
		} else if (strstr(term, "include:")) {
			v = check_target(w, term, ':', SPF_POLICY_INVALID_INCLUDE, v.left, true);
		}
	}
out:
	if (v.status != SPF_POLICY_VALID)
		add_bad(w, domain, record);
	if (lower)
		for (size_t i = 0; i < rec.n_terms; i++)
			free(lower[i]);
	free(lower);
	free(follow);
	spf_record_free(&rec);
	return v;
}

/* ---- RFC 7208 §4.6.4 count, and the tree that shows where the lookups come from ---- */

static json_t *rfc_count(struct walk *w, const char *domain, const char *record, int depth);

/* A child node for `term` (include or redirect) of `record`: the target's own node, or
 * one saying why it was not walked (issue 22 item 4). NULL when out of memory. */
static json_t *rfc_follow(struct walk *w, const char *record, const struct spf_term *term, int depth)
{
	const struct memo_entry *m;
	char *name;
	json_t *node = NULL;
	int idx;

	name = strndup(record + term->target_off, term->target_len);
	if (!name) {
		w->oom = true;
		return NULL;
	}
	for (char *c = name; *c; c++)
		*c = (char)lower_ascii((unsigned char)*c);
	if (memchr(name, '%', term->target_len)) {
		/* a macro needs the message context: not followed */
		node = json_pack("{s:s, s:s}", "domain", name, "error", "macro");
	} else if (depth + 1 > SPF_RFC_WALK_MAX_DEPTH || w->rfc_records >= SPF_RFC_WALK_MAX_RECORDS) {
		w->out->rfc_lookups_capped = true;
		node = json_pack("{s:s, s:s}", "domain", name, "error", "not-followed");
	} else if (!(m = walk_fetch(w, name))) {
		node = NULL;
	} else if (m->rc != DNS_LOOKUP_OK) {
		bool is_void = m->rc == DNS_LOOKUP_NXDOMAIN || m->rc == DNS_LOOKUP_NODATA;
		/* §4.6.4: a lookup that gives NXDOMAIN or no answer is a void lookup */
		w->out->rfc_void_lookups += is_void;
		node = json_pack("{s:s, s:s, s:i}", "domain", name, "error",
		                 m->rc == DNS_LOOKUP_NXDOMAIN ? "nxdomain" : m->rc == DNS_LOOKUP_NODATA ? "nodata"
		                                                                         : "dns-error",
		                 "void_lookups", is_void ? 1 : 0);
	} else if ((idx = spf_select_record(&m->txt)) < 0) {
		node = json_pack("{s:s, s:s}", "domain", name, "error", "no-single-spf-record");
	} else {
		node = rfc_count(w, name, m->txt.strings[idx], depth + 1);
	}
	free(name);
	if (node) {
		char *how = strndup(record + term->off, term->len);
		json_object_set_new(node, "via", how ? json_string(how) : json_null());
		free(how);
	} else {
		w->oom = true;
	}
	return node;
}

/*
 * The node of one record: {"domain", "record", "lookups" (its own terms that cost a DNS
 * lookup: include, a, mx, ptr, exists, and redirect when there is no all), "total"
 * (lookups plus every child's total), "void_lookups" (include/redirect targets with
 * NXDOMAIN or no TXT, here and below), "children" [nodes of include and redirect
 * targets, each with "via" (the term) and, when not walked, "error": "nxdomain",
 * "nodata", "dns-error", "no-single-spf-record", "macro", "not-followed", "syntax"]}.
 * The counts add up to spf_policy.rfc_lookups and rfc_void_lookups.
 */
static json_t *rfc_count(struct walk *w, const char *domain, const char *record, int depth)
{
	struct spf_record rec;
	bool has_all = false;
	const struct spf_term *redirect = NULL;
	json_t *node, *children;
	json_int_t own = 0, total = 0, voids = 0;

	node = json_pack("{s:s, s:s}", "domain", domain, "record", record);
	if (!node) {
		w->oom = true;
		return NULL;
	}
	if (spf_record_parse(record, &rec) != 0) {
		json_object_set_new(node, "error", json_string("syntax"));
		return node;
	}
	children = json_array();
	w->rfc_records++;
	for (size_t i = 0; i < rec.n_terms; i++)
		if (rec.terms[i].kind == SPF_TERM_ALL)
			has_all = true;
	for (size_t i = 0; i < rec.n_terms && !w->oom; i++) {
		const struct spf_term *term = &rec.terms[i];
		switch (term->kind) {
		case SPF_TERM_INCLUDE:
			own++;
			w->out->rfc_lookups++;
			if (term->target_len)
				json_array_append_new(children, rfc_follow(w, record, term, depth));
			break;
		case SPF_TERM_A:
		case SPF_TERM_MX:
		case SPF_TERM_PTR:
		case SPF_TERM_EXISTS:
			own++;
			w->out->rfc_lookups++;
			break;
		case SPF_TERM_REDIRECT:
			/* RFC 7208 §6.1: redirect is ignored when there is an all */
			if (!has_all && !redirect)
				redirect = term;
			break;
		default:
			break;
		}
	}
	if (redirect && !w->oom) {
		own++;
		w->out->rfc_lookups++;
		if (redirect->target_len)
			json_array_append_new(children, rfc_follow(w, record, redirect, depth));
	}
	total = own;
	for (size_t i = 0; i < json_array_size(children); i++) {
		json_t *c = json_array_get(children, i);
		total += json_integer_value(json_object_get(c, "total"));
		voids += json_integer_value(json_object_get(c, "void_lookups"));
	}
	json_object_set_new(node, "lookups", json_integer(own));
	json_object_set_new(node, "total", json_integer(total));
	json_object_set_new(node, "void_lookups", json_integer(voids));
	json_object_set_new(node, "children", children);
	spf_record_free(&rec);
	return node;
}

int spf_policy_evaluate(const char *domain, const char *record, txt_lookup_fn lookup, void *ctx,
                        struct spf_policy *out)
{
	struct walk w = { lookup, ctx, out, NULL, 0, 0, 0, false };
	struct verdict v;

	memset(out, 0, sizeof(*out));
	v = check_policy(&w, domain, record, SPF_POLICY_MAX_LOOKUPS, false);
	out->status = v.status;
	out->points = v.points;
	if (!w.oom)
		out->rfc_tree = rfc_count(&w, domain, record, 0);
	walk_free(&w);
	if (w.oom) {
		spf_policy_free(out);
		return -1;
	}
	return 0;
}

void spf_policy_free(struct spf_policy *p)
{
	for (size_t i = 0; i < p->n_bad; i++) {
		free(p->bad[i].domain);
		free(p->bad[i].record);
	}
	free(p->bad);
	p->bad = NULL;
	p->n_bad = 0;
	json_decref(p->rfc_tree);
	p->rfc_tree = NULL;
}

int spf_check(const char *domain, txt_lookup_fn lookup, void *ctx, struct spf_result *out)
{
	struct txt_set txt = { NULL, 0, 0 };
	int idx, rc = 0;

	memset(out, 0, sizeof(*out));
	out->lookup_rc = lookup(ctx, domain, &txt);
	if (out->lookup_rc == DNS_LOOKUP_OK && (idx = spf_select_record(&txt)) >= 0) {
		out->record = strdup(txt.strings[idx]);
		if (!out->record) {
			rc = -1;
			goto out;
		}
		out->available = true;
		out->points = POINTS_PASS;
		rc = spf_policy_evaluate(domain, out->record, lookup, ctx, &out->policy);
	} else {
		out->policy.status = SPF_POLICY_VALID;
		out->policy.points = POINTS_FAIL;
	}
out:
	txt_set_clear(&txt);
	if (rc != 0)
		spf_result_free(out);
	return rc;
}

void spf_result_free(struct spf_result *r)
{
	free(r->record);
	r->record = NULL;
	spf_policy_free(&r->policy);
}

bool spf_matches_non_sending_pattern(const char *record)
{
	struct text t = { record, strlen(record) };
	size_t p = 6, q;

	/* ^v=spf1\ +(?:exp=[^ ]+\ +)?-all;?(?:\ +exp=[^ ]+)?$ */
	if (strncmp(record, "v=spf1", 6) != 0 || txt_at(&t, p) != ' ')
		return false;
	while (txt_at(&t, p) == ' ')
		p++;
	if (strncmp(record + p, "exp=", 4) == 0) {
		q = p + 4;
		while (q < t.len && txt_at(&t, q) != ' ')
			q++;
		if (q > p + 4 && txt_at(&t, q) == ' ') {
			while (txt_at(&t, q) == ' ')
				q++;
			p = q;
		}
	}
	if (strncmp(record + p, "-all", 4) != 0)
		return false;
	p += 4;
	if (txt_at(&t, p) == ';')
		p++;
	if (txt_at(&t, p) == ' ') {
		q = p;
		while (txt_at(&t, q) == ' ')
			q++;
		if (strncmp(record + q, "exp=", 4) == 0) {
			size_t r = q + 4;
			while (r < t.len && txt_at(&t, r) != ' ')
				r++;
			if (r > q + 4)
				p = r;
		}
	}
	/* Python's $: the end, or just before a final newline */
	return p == t.len || (p + 1 == t.len && txt_at(&t, p) == '\n');
}
