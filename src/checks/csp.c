/*
 * csp.c -- the Content-Security-Policy evaluation of spec §3.4.1, following
 * internet.nl's HeaderCheckerContentSecurityPolicy (checks/http_headers.py)
 * step by step, quirks included (§8 item 42).
 *
 * internet.nl matches every value token with Python regexes (re.match, so
 * anchored at the start only unless the pattern ends in `$`). Each pattern is
 * hand-written here as a matcher over a token [start, end) of the header,
 * read only through tok_at() (bounded, -1 past the token), reproducing the
 * regex engine's backtracking order where it decides a captured group
 * (greedy `scheme://`, host alternatives, port).
 *
 * The header is walked twice without allocating: the first walk aggregates
 * what each verdict needs per directive, the second checks the "all hosts end
 * with the shortest host" rule of the self-like test once the shortest host
 * is known.
 */
#include "checks/csp.h"

#include <string.h>

#include "core/text.h"

/* ---- the directive table (spec §3.4.1) ---- */

/* Value pattern families, tried in this bit order (internet.nl lists them in
 * this order in every directive that has them). */
enum {
	PAT_HOST = 1u << 0,           /* host_source_regex */
	PAT_SCHEME = 1u << 1,         /* scheme_source_regex */
	PAT_OTHER = 1u << 2,          /* other_source_regex: keywords, nonce, hash */
	PAT_SELF_NONE = 1u << 3,      /* self_none_regex (frame-ancestors) */
	PAT_STRICT_DYNAMIC = 1u << 4, /* strict_dynamic_regex */
	PAT_REPORT_SAMPLE = 1u << 5,  /* report_sample_regex */
};

#define PATS_BASIC (PAT_HOST | PAT_SCHEME | PAT_OTHER)
#define PATS_FULL (PATS_BASIC | PAT_STRICT_DYNAMIC | PAT_REPORT_SAMPLE)

enum csp_dir {
	DIR_CHILD_SRC,
	DIR_CONNECT_SRC,
	DIR_DEFAULT_SRC,
	DIR_FONT_SRC,
	DIR_FRAME_SRC,
	DIR_IMG_SRC,
	DIR_MANIFEST_SRC,
	DIR_MEDIA_SRC,
	DIR_OBJECT_SRC,
	DIR_PREFETCH_SRC,
	DIR_SCRIPT_SRC,
	DIR_SCRIPT_SRC_ELEM,
	DIR_SCRIPT_SRC_ATTR,
	DIR_STYLE_SRC,
	DIR_STYLE_SRC_ELEM,
	DIR_STYLE_SRC_ATTR,
	DIR_WORKER_SRC,
	DIR_BASE_URI,
	DIR_PLUGIN_TYPES,
	DIR_SANDBOX,
	DIR_FORM_ACTION,
	DIR_FRAME_ANCESTORS,
	DIR_NAVIGATE_TO,
	DIR_REPORT_TO,
	DIR_BLOCK_ALL_MIXED_CONTENT,
	DIR_TRUSTED_TYPES,
	DIR_UPGRADE_INSECURE_REQUESTS,
	DIR_COUNT,
	DIR_NONE = -1,
};

#define FALLBACKS_MAX 3

struct dir_def {
	const char *name;              /* matched case-sensitively (§8 item 42) */
	unsigned patterns;             /* 0: values never influence a verdict */
	int fallback[FALLBACKS_MAX];   /* used when the directive is absent; DIR_NONE ends */
};

/*
 * spec §3.4.1. plugin-types, sandbox, report-to, trusted-types and the two
 * value-less directives are known to internet.nl, but their patterns capture
 * no named group and no fallback chain leads to them, so no verdict can see
 * their values: they are recognised and their values skipped (patterns 0).
 */
static const struct dir_def dir_table[DIR_COUNT] = {
	[DIR_CHILD_SRC] = { "child-src", PATS_FULL, { DIR_DEFAULT_SRC, DIR_NONE, DIR_NONE } },
	[DIR_CONNECT_SRC] = { "connect-src", PATS_BASIC, { DIR_DEFAULT_SRC, DIR_NONE, DIR_NONE } },
	[DIR_DEFAULT_SRC] = { "default-src", PATS_BASIC, { DIR_NONE, DIR_NONE, DIR_NONE } },
	[DIR_FONT_SRC] = { "font-src", PATS_BASIC, { DIR_DEFAULT_SRC, DIR_NONE, DIR_NONE } },
	[DIR_FRAME_SRC] = { "frame-src", PATS_BASIC, { DIR_CHILD_SRC, DIR_DEFAULT_SRC, DIR_NONE } },
	[DIR_IMG_SRC] = { "img-src", PATS_FULL, { DIR_DEFAULT_SRC, DIR_NONE, DIR_NONE } },
	[DIR_MANIFEST_SRC] = { "manifest-src", PATS_BASIC, { DIR_DEFAULT_SRC, DIR_NONE, DIR_NONE } },
	[DIR_MEDIA_SRC] = { "media-src", PATS_BASIC, { DIR_DEFAULT_SRC, DIR_NONE, DIR_NONE } },
	[DIR_OBJECT_SRC] = { "object-src", PATS_BASIC, { DIR_DEFAULT_SRC, DIR_NONE, DIR_NONE } },
	[DIR_PREFETCH_SRC] = { "prefetch-src", PATS_BASIC, { DIR_DEFAULT_SRC, DIR_NONE, DIR_NONE } },
	[DIR_SCRIPT_SRC] = { "script-src", PATS_FULL, { DIR_DEFAULT_SRC, DIR_NONE, DIR_NONE } },
	[DIR_SCRIPT_SRC_ELEM] = { "script-src-elem", PATS_FULL, { DIR_SCRIPT_SRC, DIR_DEFAULT_SRC, DIR_NONE } },
	[DIR_SCRIPT_SRC_ATTR] = { "script-src-attr", PATS_FULL, { DIR_SCRIPT_SRC, DIR_DEFAULT_SRC, DIR_NONE } },
	[DIR_STYLE_SRC] = { "style-src", PATS_BASIC, { DIR_DEFAULT_SRC, DIR_NONE, DIR_NONE } },
	[DIR_STYLE_SRC_ELEM] = { "style-src-elem", PATS_BASIC | PAT_REPORT_SAMPLE,
	                         { DIR_STYLE_SRC, DIR_DEFAULT_SRC, DIR_NONE } },
	[DIR_STYLE_SRC_ATTR] = { "style-src-attr", PATS_BASIC | PAT_REPORT_SAMPLE,
	                         { DIR_STYLE_SRC, DIR_DEFAULT_SRC, DIR_NONE } },
	[DIR_WORKER_SRC] = { "worker-src", PATS_BASIC, { DIR_CHILD_SRC, DIR_SCRIPT_SRC, DIR_DEFAULT_SRC } },
	[DIR_BASE_URI] = { "base-uri", PATS_FULL, { DIR_NONE, DIR_NONE, DIR_NONE } },
	[DIR_PLUGIN_TYPES] = { "plugin-types", 0, { DIR_NONE, DIR_NONE, DIR_NONE } },
	[DIR_SANDBOX] = { "sandbox", 0, { DIR_NONE, DIR_NONE, DIR_NONE } },
	[DIR_FORM_ACTION] = { "form-action", PATS_FULL, { DIR_NONE, DIR_NONE, DIR_NONE } },
	[DIR_FRAME_ANCESTORS] = { "frame-ancestors", PAT_HOST | PAT_SCHEME | PAT_SELF_NONE,
	                          { DIR_NONE, DIR_NONE, DIR_NONE } },
	[DIR_NAVIGATE_TO] = { "navigate-to", PATS_FULL, { DIR_NONE, DIR_NONE, DIR_NONE } },
	[DIR_REPORT_TO] = { "report-to", 0, { DIR_NONE, DIR_NONE, DIR_NONE } },
	[DIR_BLOCK_ALL_MIXED_CONTENT] = { "block-all-mixed-content", 0, { DIR_NONE, DIR_NONE, DIR_NONE } },
	[DIR_TRUSTED_TYPES] = { "trusted-types", 0, { DIR_NONE, DIR_NONE, DIR_NONE } },
	[DIR_UPGRADE_INSECURE_REQUESTS] = { "upgrade-insecure-requests", 0, { DIR_NONE, DIR_NONE, DIR_NONE } },
};

/* ---- one kept value token ---- */

/* The named groups a match can carry (Python's match.group(name) non-empty). */
enum {
	G_SELF = 1u << 0,
	G_NONE = 1u << 1,
	G_UNSAFE_INLINE = 1u << 2,
	G_UNSAFE_EVAL = 1u << 3,
	G_UNSAFE_HASHES = 1u << 4,
	G_REPORT_SAMPLE = 1u << 5,
	G_HOST = 1u << 6,          /* host (and maybe scheme) spans set */
	G_SCHEME_SOURCE = 1u << 7, /* scheme-source span set */
};

struct span {
	size_t start, len;
};

struct csp_match {
	enum csp_dir dir;
	unsigned groups;
	bool has_scheme;      /* host-source written with `scheme://` */
	struct span scheme;   /* host-source scheme, without "://" */
	struct span host;     /* host-source host as captured (brackets kept) */
	struct span source;   /* scheme-source without the ':' */
};

/* ---- bounded token access ---- */

/* The byte at `i` of a token ending at `end`, or -1 at or past its end. */
static int tok_at(const struct text *t, size_t i, size_t end)
{
	return i < end ? txt_at(t, i) : -1;
}

/* Does the token [start, end) start with `lit` (case-sensitive)? */
static bool tok_has_prefix(const struct text *t, size_t start, size_t end, const char *lit)
{
	for (size_t k = 0; lit[k]; k++)
		if (tok_at(t, start + k, end) != (unsigned char)lit[k])
			return false;
	return true;
}

/* Is the span exactly `lit`? */
static bool span_is(const struct text *t, struct span s, const char *lit)
{
	return strlen(lit) == s.len && tok_has_prefix(t, s.start, s.start + s.len, lit);
}

/* Does span `s` of `t` end with span `suffix` of `u`? (Python str.endswith) */
static bool span_ends_with(const struct text *t, struct span s, const struct text *u, struct span suffix)
{
	if (suffix.len > s.len)
		return false;
	for (size_t k = 0; k < suffix.len; k++)
		if (txt_at(t, s.start + s.len - suffix.len + k) != txt_at(u, suffix.start + k))
			return false;
	return true;
}

/* Python's str.isspace() for a header decoded as ISO-8859-1, which is what
 * str.split()/strip() split on in internet.nl's parser. */
static bool is_py_space(int c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0;
}

/* ---- value patterns (spec §3.4.1; internet.nl's regexes) ---- */

/*
 * After a host: `(?::(?P<port>\d+|\*))?(?P<path>\/.*)?$` from `p`. A port, if
 * any, must be followed by the end or a path, since the path must start
 * with '/'.
 */
static bool host_tail_ok(const struct text *t, size_t p, size_t end)
{
	size_t q;

	if (p >= end || tok_at(t, p, end) == '/')
		return true;
	if (tok_at(t, p, end) != ':')
		return false;
	p++;
	if (tok_at(t, p, end) == '*')
		return p + 1 >= end || tok_at(t, p + 1, end) == '/';
	for (q = p; is_digit(tok_at(t, q, end)); q++)
		;
	if (q == p)
		return false;
	return q >= end || tok_at(t, q, end) == '/';
}

/*
 * The end of the last ']' in [start, end) that the tail may follow, or 0.
 * The bracketed host alternative `\[.+\]` is greedy, so it ends at exactly
 * this ']' wherever its '[' is, provided one character lies between.
 * Computing it once per token keeps the scheme backtracking linear.
 */
static size_t last_close(const struct text *t, size_t start, size_t end)
{
	for (size_t q = end; q > start; q--)
		if (tok_at(t, q - 1, end) == ']' && host_tail_ok(t, q, end))
			return q;
	return 0;
}

/*
 * `(?P<host>[^:/']+|\[.+\])` plus the tail, on [p, end). The first
 * alternative is tried first and is greedy (a shorter run would leave a
 * character the tail cannot start with); the bracketed one ends at `close`
 * (from last_close()).
 */
static bool host_rest_match(const struct text *t, size_t p, size_t end, size_t close, struct span *host)
{
	size_t q = p;
	int c;

	while ((c = tok_at(t, q, end)) != -1 && c != ':' && c != '/' && c != '\'')
		q++;
	if (q > p && host_tail_ok(t, q, end)) {
		*host = (struct span){ p, q - p };
		return true;
	}
	if (tok_at(t, p, end) != '[' || close < p + 3)
		return false;
	*host = (struct span){ p, close - p };
	return true;
}

/*
 * host_source_regex: `^(?:(?P<scheme>.+)://)?` host tail. The greedy scheme
 * makes the regex try the last "://" first; without any working split the
 * scheme-less form is tried.
 */
static bool match_host_source(const struct text *t, size_t start, size_t end, struct csp_match *m)
{
	size_t close = last_close(t, start, end);

	if (end - start >= 4) {
		for (size_t i = end - 3; i > start; i--) {
			if (tok_has_prefix(t, i, end, "://") && host_rest_match(t, i + 3, end, close, &m->host)) {
				m->has_scheme = true;
				m->scheme = (struct span){ start, i - start };
				m->groups = G_HOST;
				return true;
			}
		}
	}
	if (host_rest_match(t, start, end, close, &m->host)) {
		m->has_scheme = false;
		m->groups = G_HOST;
		return true;
	}
	return false;
}

/* scheme_source_regex: the whole token is one of these schemes plus ':'
 * (case-sensitive, so "HTTPS:" is dropped). */
static bool match_scheme_source(const struct text *t, size_t start, size_t end, struct csp_match *m)
{
	static const char *const schemes[] = { "http", "https", "data", "mediastream", "blob", "filesystem" };

	for (size_t k = 0; k < sizeof(schemes) / sizeof(schemes[0]); k++) {
		size_t n = strlen(schemes[k]);
		if (end - start == n + 1 && tok_has_prefix(t, start, end, schemes[k]) &&
		    tok_at(t, start + n, end) == ':') {
			m->source = (struct span){ start, n };
			m->groups = G_SCHEME_SOURCE;
			return true;
		}
	}
	return false;
}

/* `'<prefix>[+a-zA-Z0-9/]+=*'` at the token start (re.match: trailing
 * characters after the closing quote are allowed). */
static bool match_b64_source(const struct text *t, size_t start, size_t end, const char *prefix)
{
	size_t p = start + strlen(prefix), q;
	int c;

	if (!tok_has_prefix(t, start, end, prefix))
		return false;
	for (q = p; (c = tok_at(t, q, end)) != -1 && (is_alnum(c) || c == '+' || c == '/'); q++)
		;
	if (q == p)
		return false;
	while (tok_at(t, q, end) == '=')
		q++;
	return tok_at(t, q, end) == '\'';
}

/* other_source_regex: keyword sources, nonces and hashes, as a prefix. */
static bool match_other_source(const struct text *t, size_t start, size_t end, struct csp_match *m)
{
	static const struct {
		const char *lit;
		unsigned group;
	} keywords[] = {
		{ "'self'", G_SELF },
		{ "'unsafe-eval'", G_UNSAFE_EVAL },
		{ "'unsafe-hashes'", G_UNSAFE_HASHES },
		{ "'unsafe-inline'", G_UNSAFE_INLINE },
		{ "'none'", G_NONE },
	};

	for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++) {
		if (tok_has_prefix(t, start, end, keywords[k].lit)) {
			m->groups = keywords[k].group;
			return true;
		}
	}
	/* nonces and hashes are kept but capture no group */
	m->groups = 0;
	return match_b64_source(t, start, end, "'nonce-") || match_b64_source(t, start, end, "'sha256-") ||
	       match_b64_source(t, start, end, "'sha384-") || match_b64_source(t, start, end, "'sha512-");
}

/* self_none_regex: exactly 'self' or 'none'. */
static bool match_self_none(const struct text *t, size_t start, size_t end, struct csp_match *m)
{
	if (end - start == 6 && tok_has_prefix(t, start, end, "'self'")) {
		m->groups = G_SELF;
		return true;
	}
	if (end - start == 6 && tok_has_prefix(t, start, end, "'none'")) {
		m->groups = G_NONE;
		return true;
	}
	return false;
}

/* Try the directive's patterns in order; the first match wins (spec §3.4.1). */
static bool match_value(const struct text *t, size_t start, size_t end, unsigned patterns, struct csp_match *m)
{
	m->groups = 0;
	m->has_scheme = false;
	if ((patterns & PAT_HOST) && match_host_source(t, start, end, m))
		return true;
	if ((patterns & PAT_SCHEME) && match_scheme_source(t, start, end, m))
		return true;
	if ((patterns & PAT_OTHER) && match_other_source(t, start, end, m))
		return true;
	if ((patterns & PAT_SELF_NONE) && match_self_none(t, start, end, m))
		return true;
	if ((patterns & PAT_STRICT_DYNAMIC) && tok_has_prefix(t, start, end, "'strict-dynamic'")) {
		m->groups = 0;
		return true;
	}
	if ((patterns & PAT_REPORT_SAMPLE) && tok_has_prefix(t, start, end, "'report-sample'")) {
		m->groups = G_REPORT_SAMPLE;
		return true;
	}
	return false;
}

/* ---- the walk over the header ---- */

typedef void (*csp_visit_fn)(void *ctx, const struct text *t, const struct csp_match *m);

static enum csp_dir dir_lookup(const struct text *t, size_t start, size_t end)
{
	for (int d = 0; d < DIR_COUNT; d++) {
		if (strlen(dir_table[d].name) == end - start && tok_has_prefix(t, start, end, dir_table[d].name))
			return (enum csp_dir)d;
	}
	return DIR_NONE;
}

/* The next whitespace-separated token in [*pos, end), or false. */
static bool next_token(const struct text *t, size_t *pos, size_t end, size_t *tok_start, size_t *tok_end)
{
	size_t p = *pos;

	while (p < end && is_py_space(tok_at(t, p, end)))
		p++;
	if (p >= end)
		return false;
	*tok_start = p;
	while (p < end && !is_py_space(tok_at(t, p, end)))
		p++;
	*tok_end = p;
	*pos = p;
	return true;
}

/*
 * spec §3.4.1: policies split on ',', directives on ';' (so a directive is a
 * run without either), words on whitespace; the first word names the
 * directive; every kept value is visited in header order.
 */
static void csp_walk(const struct text *t, csp_visit_fn visit, void *ctx)
{
	size_t pos = 0;

	while (pos < t->len) {
		size_t end = pos, p, name_start, name_end, v_start, v_end;
		enum csp_dir dir;
		int c;

		while ((c = txt_at(t, end)) != -1 && c != ',' && c != ';')
			end++;
		p = pos;
		pos = end + 1;
		if (!next_token(t, &p, end, &name_start, &name_end))
			continue;
		dir = dir_lookup(t, name_start, name_end);
		if (dir == DIR_NONE || dir_table[dir].patterns == 0)
			continue; /* unknown directives are ignored (case-sensitive names) */
		while (next_token(t, &p, end, &v_start, &v_end)) {
			struct csp_match m;
			if (!match_value(t, v_start, v_end, dir_table[dir].patterns, &m))
				continue; /* non-matching tokens are silently dropped */
			m.dir = dir;
			visit(ctx, t, &m);
		}
	}
}

/* ---- aggregation ---- */

struct dir_facts {
	bool present;            /* at least one kept value (Python: key in parsed) */
	bool any_self, any_none, any_host, any_data;
	/* self-like bookkeeping (spec §3.4.1, _check_none_self_similar) */
	size_t n_kept;           /* kept values */
	size_t n_expected;       /* 'self', 'report-sample' and host values */
	bool host_mismatch;      /* a host outside D: not self-like */
	bool have_shortest;
	struct span shortest;    /* shortest host (trailing dots stripped) */
	bool not_under_shortest; /* a host not ending with the shortest */
};

struct csp_facts {
	struct text domain;      /* D without trailing dots */
	bool unsafe_inline, unsafe_eval, unsafe_hashes;
	bool http, bare_https, host_without_scheme, invalid_host;
	struct dir_facts dirs[DIR_COUNT];
};

/* The host as the self-like test sees it: Python's host.rstrip(".") */
static struct span host_stripped(const struct text *t, struct span host)
{
	while (host.len > 0 && txt_at(t, host.start + host.len - 1) == '.')
		host.len--;
	return host;
}

/*
 * spec §3.4.1 self-like, per host: D itself, a name ending in D (plain
 * suffix: "evilD" passes, §8 item 42), or "*.X" with D ending in X.
 */
static bool host_under_domain(const struct text *t, struct span host, const struct text *domain)
{
	struct span d = { 0, domain->len };

	if (host.len == domain->len && span_ends_with(t, host, domain, d))
		return true;
	if (host.len >= 2 && txt_at(t, host.start) == '*' && txt_at(t, host.start + 1) == '.') {
		struct span rest = { host.start + 2, host.len - 2 };
		if (rest.len == 0)
			return false;
		return span_ends_with(domain, d, t, rest);
	}
	return span_ends_with(t, host, domain, d);
}

static void aggregate(void *ctx, const struct text *t, const struct csp_match *m)
{
	struct csp_facts *f = ctx;
	struct dir_facts *df = &f->dirs[m->dir];

	df->present = true;
	df->n_kept++;
	if (m->groups & G_SELF) {
		df->any_self = true;
		df->n_expected++;
	}
	if (m->groups & G_NONE)
		df->any_none = true;
	if (m->groups & G_REPORT_SAMPLE)
		df->n_expected++;
	if (m->groups & G_UNSAFE_INLINE)
		f->unsafe_inline = true;
	if (m->groups & G_UNSAFE_EVAL)
		f->unsafe_eval = true;
	if (m->groups & G_UNSAFE_HASHES)
		f->unsafe_hashes = true;
	if (m->groups & G_SCHEME_SOURCE) {
		if (span_is(t, m->source, "http"))
			f->http = true;
		if (span_is(t, m->source, "https"))
			f->bare_https = true;
		if (span_is(t, m->source, "data"))
			df->any_data = true;
	}
	if (m->groups & G_HOST) {
		struct span h = host_stripped(t, m->host);
		df->any_host = true;
		df->n_expected++;
		/* spec §3.4.1: scheme "http" or "*" counts as has-http */
		if (m->has_scheme && (span_is(t, m->scheme, "http") || span_is(t, m->scheme, "*")))
			f->http = true;
		if (!m->has_scheme)
			f->host_without_scheme = true;
		if (span_is(t, m->host, "*") || span_is(t, m->host, "127.0.0.1"))
			f->invalid_host = true;
		if (!host_under_domain(t, h, &f->domain))
			df->host_mismatch = true;
		if (!df->have_shortest || h.len < df->shortest.len) {
			df->shortest = h;
			df->have_shortest = true;
		}
	}
}

/* Second walk: every host must end with the shortest host of its directive. */
static void check_shortest(void *ctx, const struct text *t, const struct csp_match *m)
{
	struct csp_facts *f = ctx;
	struct dir_facts *df = &f->dirs[m->dir];

	if (!(m->groups & G_HOST))
		return;
	if (!span_ends_with(t, host_stripped(t, m->host), t, df->shortest))
		df->not_under_shortest = true;
}

/* The directive a verdict reads: itself if present, else its first present
 * fallback, else none. */
static enum csp_dir dir_resolve(const struct csp_facts *f, enum csp_dir dir)
{
	if (f->dirs[dir].present)
		return dir;
	for (int k = 0; k < FALLBACKS_MAX && dir_table[dir].fallback[k] != DIR_NONE; k++) {
		enum csp_dir fb = (enum csp_dir)dir_table[dir].fallback[k];
		if (f->dirs[fb].present)
			return fb;
	}
	return DIR_NONE;
}

/* spec §3.4.1 "self-like" (default-src, base-uri). */
static bool dir_self_like(const struct dir_facts *df)
{
	if (!df->present || df->host_mismatch)
		return false;
	/* 'none' without 'self', 'report-sample' or hosts short-circuits; other
	 * kept tokens (nonces, hashes, 'unsafe-*', schemes) do not stop it */
	if (df->any_none && !df->any_self && df->n_expected == 0)
		return true;
	if (!df->any_self)
		return false;
	if (df->any_host && df->not_under_shortest)
		return false;
	return df->n_expected == df->n_kept;
}

static void add_failure(struct csp_result *out, const char *msgid)
{
	if (out->n_failures < CSP_FAILURES_MAX)
		out->failures[out->n_failures++] = msgid;
}

void csp_evaluate(const char *header, const char *domain, struct csp_result *out)
{
	struct csp_facts f;
	struct text t;
	enum csp_dir obj, script, frame;
	bool has_data = false, default_ok, frame_ok, ancestors_ok, base_ok, form_ok;
	const struct dir_facts *df;

	memset(out, 0, sizeof *out);
	/* internet.nl tests `if not value`: an empty header counts as absent */
	if (!header || !header[0])
		return;
	out->found = true;

	memset(&f, 0, sizeof f);
	f.domain = (struct text){ domain ? domain : "", domain ? strlen(domain) : 0 };
	while (f.domain.len > 0 && txt_at(&f.domain, f.domain.len - 1) == '.')
		f.domain.len--;
	t = (struct text){ header, strlen(header) };
	csp_walk(&t, aggregate, &f);
	csp_walk(&t, check_shortest, &f);

	/* spec §3.4.1: data: in object-src / script-src or their default-src fallback */
	obj = dir_resolve(&f, DIR_OBJECT_SRC);
	script = dir_resolve(&f, DIR_SCRIPT_SRC);
	if (obj != DIR_NONE && f.dirs[obj].any_data)
		has_data = true;
	if (script != DIR_NONE && f.dirs[script].any_data)
		has_data = true;

	default_ok = dir_self_like(&f.dirs[DIR_DEFAULT_SRC]);
	base_ok = dir_self_like(&f.dirs[DIR_BASE_URI]);
	frame = dir_resolve(&f, DIR_FRAME_SRC);
	frame_ok = frame != DIR_NONE &&
	           (f.dirs[frame].any_self || f.dirs[frame].any_none || f.dirs[frame].any_host);
	/* hosts alone are not enough for frame-ancestors (its host values carry no self/none) */
	df = &f.dirs[DIR_FRAME_ANCESTORS];
	ancestors_ok = df->any_self || df->any_none;
	df = &f.dirs[DIR_FORM_ACTION];
	form_ok = df->any_self || df->any_none || df->any_host;

	/* the order internet.nl's ParseResult.failures() produces them */
	if (f.unsafe_inline)
		add_failure(out, "has-unsafe-inline");
	if (f.unsafe_eval)
		add_failure(out, "has-unsafe-eval");
	if (f.http)
		add_failure(out, "has-http");
	if (f.bare_https)
		add_failure(out, "has-bare-https");
	if (f.host_without_scheme)
		add_failure(out, "has-host-without-scheme");
	if (has_data)
		add_failure(out, "has-data");
	if (f.invalid_host)
		add_failure(out, "has-invalid-host");
	if (f.unsafe_hashes)
		add_failure(out, "has-unsafe-hashes");
	if (!default_ok)
		add_failure(out, "missing-invalid-default-src");
	if (!default_ok && !frame_ok)
		add_failure(out, "missing-invalid-frame-src");
	if (!ancestors_ok)
		add_failure(out, "missing-invalid-frame-ancestors");
	if (!base_ok)
		add_failure(out, "missing-invalid-base-uri");
	if (!form_ok)
		add_failure(out, "missing-invalid-form-action");
	out->good = out->n_failures == 0;
}
