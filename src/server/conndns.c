/* conndns.c -- see conndns.h. */
#define _GNU_SOURCE      /* struct in6_pktinfo, accept4 */
#include "server/conndns.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "core/cursor.h"
#include "core/deadline.h"

enum {
	T_A = 1, T_NS = 2, T_SOA = 6, T_AAAA = 28, T_OPT = 41, T_RRSIG = 46, T_NSEC = 47,
	T_DNSKEY = 48, T_IXFR = 251, T_AXFR = 252, T_ANY = 255,
};
enum {
	RC_NOERROR = 0, RC_FORMERR = 1, RC_SERVFAIL = 2, RC_NXDOMAIN = 3, RC_NOTIMP = 4,
	RC_REFUSED = 5, RC_BADVERS = 16,
};
enum { F_QR = 0x8000, F_OPCODE = 0x7800, F_AA = 0x0400, F_TC = 0x0200, F_RD = 0x0100,
       F_CD = 0x0010 };

#define NAME_WIRE_MAX   255
#define BASE_WIRE_MAX   128      /* keeps every name we derive under 255 octets */
#define UDP_SIZE_MAX    1232     /* EDNS payload we accept to fill (DNS flag day 2020) */
#define ALG_ECDSAP256   13
#define TTL_ZONE        3600     /* NS, DNSKEY, ns.<zone> addresses */
#define TTL_TEST        60       /* the test names' A/AAAA: every id is new anyway */
#define TTL_NEG         60       /* SOA TTL and minimum, NSEC TTL (RFC 9077) */
#define SIG_BEFORE_S    3600     /* inception: one hour back, for clock skew */
#define SIG_AFTER_S     (7 * 86400)
#define TCP_MSG_MAX     4096     /* a query or an answer on TCP; ours stay under 1 KiB */
#define UDP_BURST       32       /* datagrams read from one socket per poll round */

static const char *const kinds[] = { "a", "aaaa", "a-aaaa", "bogus" };
enum { K_A, K_AAAA, K_A_AAAA, K_BOGUS, K_COUNT };

/* A domain name in wire form, lowercase, root label included. */
struct name {
	uint8_t w[NAME_WIRE_MAX];
	size_t len;
};

struct listener {
	int udp, tcp;
	int family;
	unsigned short port;
};

struct tcp_conn {
	int fd;                      /* -1: free slot */
	struct netaddr from;
	deadline_t idle;
	size_t inlen, outlen, outoff;
	uint8_t in[2 + TCP_MSG_MAX];
	uint8_t out[2 + TCP_MSG_MAX];
};

struct conndns {
	EVP_PKEY *key;
	uint8_t dnskey[4 + 64];      /* DNSKEY rdata: flags 257, protocol 3, alg 13, x || y */
	uint16_t keytag;
	struct name apex[2];         /* test-ns-signed.B, test-ns6-signed.B */
	struct in_addr answer_v4, ns_v4;
	struct in6_addr answer_v6, ns_v6;
	uint32_t serial;
	conndns_seen_fn *seen;
	void *seen_arg;

	struct listener *lst;
	size_t nlst;
	struct tcp_conn *conns;
	int tcp_max, tcp_timeout_ms;
	int wake[2];
	pthread_t thread;
	bool running;
};

/* ------------------------------------------------------------- names ---- */

static uint8_t lower(uint8_t b) { return b >= 'A' && b <= 'Z' ? (uint8_t)(b | 0x20) : b; }

/* "internet.nl" (one trailing dot allowed) into lowercase wire form. */
static int base_to_wire(const char *s, struct name *out)
{
	size_t n = 0, slen = strlen(s);
	if (slen && s[slen - 1] == '.')
		slen--;
	if (slen == 0)
		return -1;
	for (size_t i = 0; i < slen;) {
		size_t j = i;
		while (j < slen && s[j] != '.')
			j++;
		if (j == i || j - i > 63 || n + 1 + (j - i) + 1 > BASE_WIRE_MAX)
			return -1;
		out->w[n++] = (uint8_t)(j - i);
		for (; i < j; i++) {
			char ch = s[i];
			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
				return -1;
			out->w[n++] = lower((uint8_t)ch);
		}
		i = j + 1;
	}
	out->w[n++] = 0;
	out->len = n;
	return 0;
}

/* `label` (len bytes) . `parent`; -1 when over 255 octets. */
static int name_child(struct name *out, const uint8_t *label, size_t len, const struct name *parent)
{
	struct name t;
	if (len == 0 || len > 63 || 1 + len + parent->len > NAME_WIRE_MAX)
		return -1;
	t.w[0] = (uint8_t)len;
	memcpy(t.w + 1, label, len);
	memcpy(t.w + 1 + len, parent->w, parent->len);
	t.len = 1 + len + parent->len;
	*out = t;
	return 0;
}

static int name_child_str(struct name *out, const char *label, const struct name *parent)
{
	return name_child(out, (const uint8_t *)label, strlen(label), parent);
}

static unsigned name_labels(const struct name *n)
{
	unsigned k = 0;
	for (size_t i = 0; i < n->len && n->w[i]; i += 1 + n->w[i])
		k++;
	return k;
}

/* The name without its first label (the root stays the root). */
static void name_parent(const struct name *n, struct name *out)
{
	size_t skip = n->w[0] ? 1u + n->w[0] : 0;
	struct name t;
	t.len = n->len - skip;
	memcpy(t.w, n->w + skip, t.len);
	*out = t;
}

static bool name_equal(const struct name *a, const struct name *b)
{
	return a->len == b->len && memcmp(a->w, b->w, a->len) == 0;
}

/*
 * RFC 4470 white lies: a name before `nc` (a child of `ce`, lowercase, not existing)
 * with no existing name between them, so an NSEC from it covers nc and nothing real.
 * Decrement the last octet of nc's label (skipping 'A'..'Z', which sort as
 * lowercase) and append \255: no label of these zones contains \255. A label ending
 * in \000 follows its prefix's whole subtree, so the owner becomes that subtree's
 * last name (\255 labels down to 255 octets); "\000" alone follows `ce` itself.
 * Returns true when the owner is `ce` (its NSEC then lists ce's real types).
 */
static bool name_before(const struct name *nc, const struct name *ce, struct name *out)
{
	uint8_t lab[63];
	size_t len = nc->w[0];
	memcpy(lab, nc->w + 1, len);
	if (lab[len - 1] != 0) {
		uint8_t b = (uint8_t)(lab[len - 1] - 1);
		lab[len - 1] = b >= 'A' && b <= 'Z' ? (uint8_t)('A' - 1) : b;
		if (len < 63 && 1 + len + 1 + ce->len <= NAME_WIRE_MAX)
			lab[len++] = 0xff;
		(void)name_child(out, lab, len, ce);
		return false;
	}
	if (len == 1) {
		*out = *ce;
		return true;
	}
	(void)name_child(out, lab, len - 1, ce);
	while (out->len + 2 <= NAME_WIRE_MAX) {
		uint8_t ff[63];
		size_t n = NAME_WIRE_MAX - out->len - 1;
		if (n > 63)
			n = 63;
		memset(ff, 0xff, n);
		(void)name_child(out, ff, n, out);
	}
	return false;
}

/*
 * The first name after the whole subtree of `n` (a descendant of `apex`): its label
 * with \000 appended; when that is too long, the label incremented (no longer label
 * can exist then); a label of only \255 octets passes to the parent's successor, and
 * past the last name of the zone the chain wraps to the apex.
 */
static void name_after(const struct name *n, const struct name *apex, struct name *out)
{
	struct name parent;
	uint8_t lab[63];
	size_t len;

	if (name_equal(n, apex) || n->w[0] == 0) {
		*out = *apex;
		return;
	}
	len = n->w[0];
	memcpy(lab, n->w + 1, len);
	name_parent(n, &parent);
	if (len < 63 && n->len + 1 <= NAME_WIRE_MAX) {
		lab[len++] = 0;
		(void)name_child(out, lab, len, &parent);
		return;
	}
	while (len > 0 && lab[len - 1] == 0xff)
		len--;
	if (len == 0) {
		name_after(&parent, apex, out);
		return;
	}
	lab[len - 1]++;
	if (lab[len - 1] >= 'A' && lab[len - 1] <= 'Z')
		lab[len - 1] = 'Z' + 1;
	(void)name_child(out, lab, len, &parent);
}

/* The next name of the NSEC at an existing `n`: \000.<n>, the very next name, so
 * nothing below it is denied (names under the apex and the ENTs exist); when that is
 * too long, the successor of n's subtree (n has no descendants then). */
static void name_self_next(const struct name *n, const struct name *apex, struct name *out)
{
	uint8_t zero = 0;
	if (name_child(out, &zero, 1, n) < 0)
		name_after(n, apex, out);
}

/* ------------------------------------------------------------- zones ---- */

enum node { N_NONE, N_APEX, N_NS, N_CONN, N_KIND, N_ID };

/* Where a query name is: which zone, which node, or the proof points when absent. */
struct place {
	int zone;                 /* 0 test-ns-signed, 1 test-ns6-signed */
	enum node node;           /* N_NONE: the name does not exist */
	int kind;                 /* K_* for N_KIND and N_ID */
	char id[33];
	/* when node == N_NONE: */
	struct name ce, nc;       /* closest encloser and next closer name */
	enum node ce_node;
	int ce_kind;
};

static bool label_is(const uint8_t *lab, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(lab, s, len) == 0;
}

static bool label_is_id(const uint8_t *lab, size_t len)
{
	if (len != 32)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((lab[i] >= '0' && lab[i] <= '9') || (lab[i] >= 'a' && lab[i] <= 'f')))
			return false;
	return true;
}

/* The node `lab` (lowercase) names below `parent`, or N_NONE. */
static enum node node_child(enum node parent, int parent_kind, const uint8_t *lab, size_t len,
                            int *kind)
{
	switch (parent) {
	case N_APEX:
		if (label_is(lab, len, "ns"))
			return N_NS;
		if (label_is(lab, len, "conn"))
			return N_CONN;
		return N_NONE;
	case N_CONN:
		for (int k = 0; k < K_COUNT; k++)
			if (label_is(lab, len, kinds[k])) {
				*kind = k;
				return N_KIND;
			}
		return N_NONE;
	case N_KIND:
		if (label_is_id(lab, len)) {
			*kind = parent_kind;
			return N_ID;
		}
		return N_NONE;
	default:
		return N_NONE;
	}
}

/* Find `q` (lowercase) in the zones: 0, or -1 when it is under neither. */
static int place_find(const struct conndns *d, const struct name *q, struct place *pl)
{
	size_t off[128];
	unsigned nl = 0;
	for (size_t i = 0; q->w[i]; i += 1 + q->w[i])
		off[nl++] = i;
	off[nl] = q->len - 1;

	memset(pl, 0, sizeof(*pl));
	for (int z = 0; z < 2; z++) {
		const struct name *apex = &d->apex[z];
		unsigned zl = name_labels(apex);
		if (nl < zl || q->len - off[nl - zl] != apex->len ||
		    memcmp(q->w + off[nl - zl], apex->w, apex->len) != 0)
			continue;
		enum node node = N_APEX;
		int kind = 0;
		pl->zone = z;
		/* walk down from the apex: label index nl-zl-1 is the apex's child */
		for (unsigned i = nl - zl; i-- > 0;) {
			const uint8_t *lab = q->w + off[i] + 1;
			size_t len = q->w[off[i]];
			int ck = 0;
			enum node child = node_child(node, kind, lab, len, &ck);
			if (child == N_NONE) {
				pl->node = N_NONE;
				pl->id[0] = '\0';   /* below a test name is not the test name */
				pl->ce_node = node;
				pl->ce_kind = kind;
				pl->ce.len = q->len - off[i + 1];
				memcpy(pl->ce.w, q->w + off[i + 1], pl->ce.len);
				pl->nc.len = q->len - off[i];
				memcpy(pl->nc.w, q->w + off[i], pl->nc.len);
				return 0;
			}
			if (child == N_ID) {
				memcpy(pl->id, lab, 32);
				pl->id[32] = '\0';
			}
			node = child;
			kind = ck;
		}
		pl->node = node;
		pl->kind = kind;
		if (node != N_ID)
			pl->id[0] = '\0';
		return 0;
	}
	return -1;
}

/* The types at a node, ascending (NSEC and RRSIG not included). */
static size_t node_types(int zone, enum node node, int kind, uint16_t types[3])
{
	size_t n = 0;
	switch (node) {
	case N_APEX:
		types[n++] = T_SOA;
		types[n++] = T_NS;
		types[n++] = T_DNSKEY;
		break;
	case N_NS:
		if (zone == 0)
			types[n++] = T_A;
		types[n++] = T_AAAA;
		break;
	case N_ID:
		if (kind != K_AAAA)
			types[n++] = T_A;
		if (kind != K_A)
			types[n++] = T_AAAA;
		break;
	default:
		break;
	}
	return n;
}

/* spec §3.12: the bogus names' addresses go out without their RRSIGs. */
static bool rrset_signed(enum node node, int kind, uint16_t type)
{
	return !(node == N_ID && kind == K_BOGUS && (type == T_A || type == T_AAAA));
}

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

/* The rdata of the RRset `type` at a node (rd holds 512 bytes): its length, 0 when
 * there is no such RRset. */
static size_t node_rdata(const struct conndns *d, int zone, enum node node, int kind,
                         uint16_t type, uint8_t *rd, uint32_t *ttl)
{
	const struct name *apex = &d->apex[zone];
	struct name a, b;
	uint16_t types[3];
	size_t n = node_types(zone, node, kind, types), i;

	for (i = 0; i < n && types[i] != type; i++)
		;
	if (i == n)
		return 0;
	*ttl = node == N_ID ? TTL_TEST : TTL_ZONE;
	switch (type) {
	case T_A:
		memcpy(rd, node == N_ID ? &d->answer_v4 : &d->ns_v4, 4);
		return 4;
	case T_AAAA:
		memcpy(rd, node == N_ID ? &d->answer_v6 : &d->ns_v6, 16);
		return 16;
	case T_NS:
		(void)name_child_str(&a, "ns", apex);
		memcpy(rd, a.w, a.len);
		return a.len;
	case T_DNSKEY:
		memcpy(rd, d->dnskey, sizeof(d->dnskey));
		return sizeof(d->dnskey);
	case T_SOA:
		*ttl = TTL_NEG;
		(void)name_child_str(&a, "ns", apex);
		(void)name_child_str(&b, "hostmaster", apex);
		memcpy(rd, a.w, a.len);
		memcpy(rd + a.len, b.w, b.len);
		n = a.len + b.len;
		put32(rd + n, d->serial);
		put32(rd + n + 4, 3600);      /* refresh */
		put32(rd + n + 8, 600);       /* retry */
		put32(rd + n + 12, 604800);   /* expire */
		put32(rd + n + 16, TTL_NEG);  /* minimum: the negative TTL */
		return n + 20;
	default:
		return 0;
	}
}

/* NSEC rdata: `next`, then the type bitmap of `types` plus RRSIG and NSEC (window 0). */
static size_t nsec_rdata(const struct name *next, const uint16_t *types, size_t ntypes, uint8_t *rd)
{
	uint8_t bits[32] = { 0 };
	size_t len = 0;
	for (size_t i = 0; i <= ntypes + 1; i++) {
		uint16_t t = i < ntypes ? types[i] : i == ntypes ? T_RRSIG : T_NSEC;
		bits[t / 8] |= (uint8_t)(0x80 >> (t % 8));
		if (t / 8 + 1u > len)
			len = t / 8 + 1u;
	}
	memcpy(rd, next->w, next->len);
	rd[next->len] = 0;              /* window 0 */
	rd[next->len + 1] = (uint8_t)len;
	memcpy(rd + next->len + 2, bits, len);
	return next->len + 2 + len;
}

/* ------------------------------------------------------------ signing ---- */

/* RFC 4034 appendix B. */
static uint16_t key_tag(const uint8_t *rd, size_t len)
{
	uint32_t ac = 0;
	for (size_t i = 0; i < len; i++)
		ac += (i & 1) ? rd[i] : (uint32_t)rd[i] << 8;
	ac += (ac >> 16) & 0xffff;
	return (uint16_t)(ac & 0xffff);
}

/*
 * RRSIG rdata over the one-record RRset (owner, type, ttl, rd) into `out` (at
 * least 18 + 255 + 64 bytes). RFC 4034 §3.1.8.1: the signed data is the RRSIG rdata
 * without its signature, then the record in canonical form (our names are
 * lowercase and uncompressed already). Returns its length, 0 on failure.
 */
static size_t rrsig_make(const struct conndns *d, int zone, const struct name *owner, uint16_t type,
                         uint32_t ttl, const uint8_t *rd, size_t rdlen, uint32_t now, uint8_t *out)
{
	const struct name *signer = &d->apex[zone];
	uint8_t data[18 + NAME_WIRE_MAX + NAME_WIRE_MAX + 10 + 512];
	uint8_t der[80];
	size_t pre = 18 + signer->len, n, derlen = sizeof(der);
	const unsigned char *p = der;
	EVP_MD_CTX *md = NULL;
	ECDSA_SIG *sig = NULL;
	const BIGNUM *r, *s;
	size_t ret = 0;

	if (rdlen > 512)
		return 0;
	put16(out, type);
	out[2] = ALG_ECDSAP256;
	out[3] = (uint8_t)name_labels(owner);
	put32(out + 4, ttl);
	put32(out + 8, now + SIG_AFTER_S);
	put32(out + 12, now - SIG_BEFORE_S);
	put16(out + 16, d->keytag);
	memcpy(out + 18, signer->w, signer->len);

	memcpy(data, out, pre);
	n = pre;
	memcpy(data + n, owner->w, owner->len);
	n += owner->len;
	put16(data + n, type);
	put16(data + n + 2, 1);
	put32(data + n + 4, ttl);
	put16(data + n + 8, (uint16_t)rdlen);
	memcpy(data + n + 10, rd, rdlen);
	n += 10 + rdlen;

	if (!(md = EVP_MD_CTX_new()) ||
	    EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, d->key) != 1 ||
	    EVP_DigestSign(md, der, &derlen, data, n) != 1 ||
	    !(sig = d2i_ECDSA_SIG(NULL, &p, (long)derlen)))
		goto out;
	ECDSA_SIG_get0(sig, &r, &s);
	if (BN_bn2binpad(r, out + pre, 32) != 32 || BN_bn2binpad(s, out + pre + 32, 32) != 32)
		goto out;
	ret = pre + 64;
out:
	ECDSA_SIG_free(sig);
	EVP_MD_CTX_free(md);
	return ret;
}

/* ------------------------------------------------------------ message ---- */

/* The query as parsed; `qwire` keeps the question name exactly as received. */
struct query {
	uint16_t id, flags;
	bool have_q;
	uint8_t qwire[NAME_WIRE_MAX];
	struct name qname;              /* lowercase */
	uint16_t qtype, qclass;
	bool edns, dnssec_ok;
	uint16_t edns_size;
	uint8_t edns_version;
};

/* An answer being written into a caller's buffer; `full` once anything did not fit. */
struct msg {
	uint8_t *buf;
	size_t cap, len;
	bool full;
	const struct name *qname;       /* compression target: the question at offset 12 */
	uint16_t count[3];              /* answer, authority, additional */
	bool fail;                      /* signing failed: SERVFAIL */
};

static void msg_bytes(struct msg *m, const void *p, size_t n)
{
	if (m->full || m->cap - m->len < n) {
		m->full = true;
		return;
	}
	memcpy(m->buf + m->len, p, n);
	m->len += n;
}

static void msg_u16(struct msg *m, uint16_t v) { uint8_t b[2]; put16(b, v); msg_bytes(m, b, 2); }
static void msg_u32(struct msg *m, uint32_t v) { uint8_t b[4]; put32(b, v); msg_bytes(m, b, 4); }

/* An owner name, compressed into the question name where a suffix matches. */
static void msg_name(struct msg *m, const struct name *n)
{
	for (size_t i = 0; n->w[i]; i += 1 + n->w[i]) {
		size_t rest = n->len - i;
		if (m->qname && rest <= m->qname->len) {
			size_t at = m->qname->len - rest;
			bool boundary = false;
			for (size_t k = 0; m->qname->w[k] && k <= at; k += 1 + m->qname->w[k])
				boundary = boundary || k == at;
			if (boundary && memcmp(m->qname->w + at, n->w + i, rest) == 0) {
				msg_bytes(m, n->w, i);
				msg_u16(m, (uint16_t)(0xc000 | (12 + at)));
				return;
			}
		}
	}
	msg_bytes(m, n->w, n->len);
}

static void msg_rr(struct msg *m, int section, const struct name *owner, uint16_t type,
                   uint32_t ttl, const uint8_t *rd, size_t rdlen)
{
	msg_name(m, owner);
	msg_u16(m, type);
	msg_u16(m, 1);
	msg_u32(m, ttl);
	msg_u16(m, (uint16_t)rdlen);
	msg_bytes(m, rd, rdlen);
	m->count[section]++;
}

/* One RRset, and its RRSIG when `sign`. */
static void msg_rrset(struct msg *m, const struct conndns *d, int zone, int section,
                      const struct name *owner, uint16_t type, uint32_t ttl,
                      const uint8_t *rd, size_t rdlen, bool sign, uint32_t now)
{
	uint8_t sig[18 + NAME_WIRE_MAX + 64];
	size_t siglen;

	msg_rr(m, section, owner, type, ttl, rd, rdlen);
	if (!sign || m->full)
		return;
	if ((siglen = rrsig_make(d, zone, owner, type, ttl, rd, rdlen, now, sig)) == 0) {
		m->fail = true;
		return;
	}
	msg_rr(m, section, owner, T_RRSIG, ttl, sig, siglen);
}

/* The NSEC at `owner` with `next` and the types of (node, kind), signed when `sign`. */
static void msg_nsec(struct msg *m, const struct conndns *d, int zone, int section,
                     const struct name *owner, const struct name *next, enum node node, int kind,
                     bool sign, uint32_t now)
{
	uint16_t types[3];
	uint8_t rd[NAME_WIRE_MAX + 2 + 32];
	size_t nt = node_types(zone, node, kind, types);
	size_t len = nsec_rdata(next, types, nt, rd);
	msg_rrset(m, d, zone, section, owner, T_NSEC, TTL_NEG, rd, len, sign, now);
}

static void msg_header(struct msg *m, const struct query *q, uint16_t flags, int rcode)
{
	m->len = 0;
	m->full = false;
	m->fail = false;
	memset(m->count, 0, sizeof(m->count));
	msg_u16(m, q->id);
	msg_u16(m, (uint16_t)(F_QR | (q->flags & (F_OPCODE | F_RD | F_CD)) | flags | (rcode & 0xf)));
	msg_u16(m, q->have_q ? 1 : 0);
	msg_u16(m, 0);
	msg_u16(m, 0);
	msg_u16(m, 0);
	if (q->have_q) {
		uint8_t qtail[4];
		msg_bytes(m, q->qwire, q->qname.len);   /* as received: 0x20 kept */
		put16(qtail, q->qtype);
		put16(qtail + 2, q->qclass);
		msg_bytes(m, qtail, 4);
	}
}

/* The OPT record (when the query had one) and the section counts. */
static size_t msg_finish(struct msg *m, const struct query *q, int rcode)
{
	if (q->edns) {
		msg_bytes(m, "", 1);                   /* owner: the root */
		msg_u16(m, T_OPT);
		msg_u16(m, UDP_SIZE_MAX);
		msg_u32(m, (uint32_t)(rcode >> 4) << 24 | (q->dnssec_ok ? 0x8000u : 0));
		msg_u16(m, 0);
		m->count[2]++;
	}
	if (m->full)
		return 0;
	put16(m->buf + 6, m->count[0]);
	put16(m->buf + 8, m->count[1]);
	put16(m->buf + 10, m->count[2]);
	return m->len;
}

static size_t msg_error(struct msg *m, const struct query *q, uint16_t flags, int rcode)
{
	msg_header(m, q, flags, rcode);
	return msg_finish(m, q, rcode);
}

/* ------------------------------------------------------------- parsing ---- */

/* The question name: labels copied as received into q->qwire, lowercase into q->qname.
 * Compression pointers (and the reserved 01/10 label types) are FORMERR. */
static int parse_qname(struct cursor *c, struct query *q)
{
	size_t n = 0;
	for (;;) {
		uint8_t len;
		if (cursor_get_u8(c, &len) < 0 || len > 63 || n + 1 + len > NAME_WIRE_MAX)
			return -1;
		q->qwire[n] = len;
		q->qname.w[n++] = len;
		if (len == 0)
			break;
		if (cursor_copy(c, q->qwire + n, len) < 0)
			return -1;
		for (size_t i = 0; i < len; i++)
			q->qname.w[n + i] = lower(q->qwire[n + i]);
		n += len;
	}
	q->qname.len = n;
	return 0;
}

/* Skip a name in a record (a compression pointer ends it). */
static int skip_name(struct cursor *c)
{
	for (unsigned labels = 0; labels < 128; labels++) {
		uint8_t len;
		if (cursor_get_u8(c, &len) < 0)
			return -1;
		if (len == 0)
			return 0;
		if ((len & 0xc0) == 0xc0)
			return cursor_skip(c, 1);
		if (len > 63 || cursor_skip(c, len) < 0)
			return -1;
	}
	return -1;
}

/* One record of the answer, authority or additional section; the OPT is kept. */
static int parse_rr(struct cursor *c, struct query *q, bool additional)
{
	struct cursor rd;
	uint8_t first;
	uint16_t type, class;
	uint32_t ttl;
	struct cursor peek = *c;
	bool root = cursor_get_u8(&peek, &first) == 0 && first == 0;

	if (skip_name(c) < 0 || cursor_get_u16(c, &type) < 0 || cursor_get_u16(c, &class) < 0 ||
	    cursor_get_u32(c, &ttl) < 0 || cursor_get_u16_prefixed(c, &rd) < 0)
		return -1;
	if (type != T_OPT)
		return 0;
	if (!additional || !root || q->edns)   /* RFC 6891 §6.1.1: one OPT, owner root */
		return -1;
	q->edns = true;
	q->edns_size = class < 512 ? 512 : class;
	q->edns_version = (uint8_t)(ttl >> 16);
	q->dnssec_ok = (ttl & 0x8000) != 0;
	return 0;
}

/* ------------------------------------------------------------- answers ---- */

/* The answer for a name under the zones (the question parsed, class IN). */
static size_t answer_zone(const struct conndns *d, struct msg *m, const struct query *q,
                          const struct place *pl)
{
	const struct name *apex = &d->apex[pl->zone];
	bool sign = q->dnssec_ok;
	uint32_t now = (uint32_t)time(NULL);
	uint8_t rd[512];
	uint32_t ttl;
	size_t n;
	uint16_t types[3];
	struct name next;

	msg_header(m, q, F_AA, pl->node == N_NONE ? RC_NXDOMAIN : RC_NOERROR);
	if (pl->node != N_NONE) {
		size_t nt = node_types(pl->zone, pl->node, pl->kind, types);
		bool any = false;
		for (size_t i = 0; i < nt; i++) {
			if (q->qtype != types[i] && q->qtype != T_ANY && q->qtype != T_RRSIG)
				continue;
			n = node_rdata(d, pl->zone, pl->node, pl->kind, types[i], rd, &ttl);
			bool s = rrset_signed(pl->node, pl->kind, types[i]);
			if (q->qtype == T_RRSIG) {   /* the signatures alone */
				uint8_t sig[18 + NAME_WIRE_MAX + 64];
				size_t sl;
				if (!s)
					continue;
				if ((sl = rrsig_make(d, pl->zone, &q->qname, types[i], ttl, rd, n, now, sig)) == 0)
					m->fail = true;
				else
					msg_rr(m, 0, &q->qname, T_RRSIG, ttl, sig, sl);
			} else {
				msg_rrset(m, d, pl->zone, 0, &q->qname, types[i], ttl, rd, n,
				          sign && s, now);
			}
			any = true;
		}
		if (q->qtype == T_NSEC) {
			name_self_next(&q->qname, apex, &next);
			msg_nsec(m, d, pl->zone, 0, &q->qname, &next, pl->node, pl->kind, sign, now);
			any = true;
		}
		if (!any) {   /* NODATA: the SOA, and the name's own NSEC (RFC 4035 §3.1.3.1) */
			n = node_rdata(d, pl->zone, N_APEX, 0, T_SOA, rd, &ttl);
			msg_rrset(m, d, pl->zone, 1, apex, T_SOA, ttl, rd, n, sign, now);
			if (sign) {
				name_self_next(&q->qname, apex, &next);
				msg_nsec(m, d, pl->zone, 1, &q->qname, &next, pl->node, pl->kind, sign, now);
			}
		}
	} else {      /* NXDOMAIN: SOA, NSEC covering the next closer name, NSEC covering *.ce */
		struct name owner, star, wowner, wnext;
		n = node_rdata(d, pl->zone, N_APEX, 0, T_SOA, rd, &ttl);
		msg_rrset(m, d, pl->zone, 1, apex, T_SOA, ttl, rd, n, sign, now);
		if (sign) {
			bool at_ce = name_before(&pl->nc, &pl->ce, &owner);
			name_after(&pl->nc, apex, &next);
			if (at_ce)
				msg_nsec(m, d, pl->zone, 1, &owner, &next, pl->ce_node, pl->ce_kind, sign, now);
			else
				msg_nsec(m, d, pl->zone, 1, &owner, &next, N_NONE, 0, sign, now);
			if (name_child_str(&star, "*", &pl->ce) == 0) {
				bool w_at_ce = name_before(&star, &pl->ce, &wowner);
				name_after(&star, apex, &wnext);
				if (!name_equal(&wowner, &owner))
					msg_nsec(m, d, pl->zone, 1, &wowner, &wnext,
					         w_at_ce ? pl->ce_node : N_NONE, pl->ce_kind, sign, now);
			}
		}
	}
	return msg_finish(m, q, pl->node == N_NONE ? RC_NXDOMAIN : RC_NOERROR);
}

static size_t answer(struct conndns *d, const uint8_t *buf, size_t len, const struct netaddr *source,
                     bool tcp, uint8_t *out, size_t outlen)
{
	struct query q;
	struct cursor c;
	struct place pl;
	uint16_t qd, an, ns, ar;
	size_t limit, n;
	struct msg m = { .buf = out };

	memset(&q, 0, sizeof(q));
	cursor_init(&c, buf, len);
	if (cursor_get_u16(&c, &q.id) < 0 || cursor_get_u16(&c, &q.flags) < 0 ||
	    cursor_get_u16(&c, &qd) < 0 || cursor_get_u16(&c, &an) < 0 ||
	    cursor_get_u16(&c, &ns) < 0 || cursor_get_u16(&c, &ar) < 0)
		return 0;
	if (q.flags & F_QR)      /* never answer an answer */
		return 0;
	limit = tcp ? 65535 : 512;
	m.cap = outlen < limit ? outlen : limit;
	if (m.cap < 12)
		return 0;
	if (qd != 1)
		return msg_error(&m, &q, 0, (q.flags & F_OPCODE) ? RC_NOTIMP : RC_FORMERR);
	if (parse_qname(&c, &q) < 0 || cursor_get_u16(&c, &q.qtype) < 0 ||
	    cursor_get_u16(&c, &q.qclass) < 0)
		return msg_error(&m, &q, 0, RC_FORMERR);
	q.have_q = true;
	for (unsigned i = 0; i < (unsigned)an + ns + ar; i++)
		if (parse_rr(&c, &q, i >= (unsigned)an + ns) < 0) {
			q.edns = false;
			return msg_error(&m, &q, 0, RC_FORMERR);
		}
	if (!tcp && q.edns) {
		limit = q.edns_size < UDP_SIZE_MAX ? q.edns_size : UDP_SIZE_MAX;
		m.cap = outlen < limit ? outlen : limit;
	}
	if (q.flags & F_OPCODE)
		return msg_error(&m, &q, 0, RC_NOTIMP);
	if (q.edns && q.edns_version != 0)
		return msg_error(&m, &q, 0, RC_BADVERS);
	if (q.qtype == T_OPT)
		return msg_error(&m, &q, 0, RC_FORMERR);
	if (q.qclass != 1 || place_find(d, &q.qname, &pl) < 0)
		return msg_error(&m, &q, 0, RC_REFUSED);

	if (d->seen) {
		struct conndns_query seen = { .ns6 = pl.zone == 1, .qtype = q.qtype, .tcp = tcp };
		memcpy(seen.id, pl.id, sizeof(seen.id));
		seen.kind = pl.node == N_ID ? kinds[pl.kind] : "";
		if (source)
			seen.source = *source;
		d->seen(d->seen_arg, &seen);
	}
	if (q.qtype == T_AXFR || q.qtype == T_IXFR)   /* no transfers: the zones are made per query */
		return msg_error(&m, &q, 0, RC_REFUSED);

	m.qname = &q.qname;
	n = answer_zone(d, &m, &q, &pl);
	if (m.fail)
		return msg_error(&m, &q, 0, RC_SERVFAIL);
	if (n == 0) {   /* too large: the question alone, with TC */
		m.qname = NULL;
		return msg_error(&m, &q, F_AA | F_TC, pl.node == N_NONE ? RC_NXDOMAIN : RC_NOERROR);
	}
	return n;
}

size_t conndns_answer(struct conndns *d, const uint8_t *query, size_t len,
                      const struct netaddr *source, bool tcp, uint8_t *out, size_t outlen)
{
	return answer(d, query, len, source, tcp, out, outlen);
}

/* ---------------------------------------------------------------- keys ---- */

static int no_password(char *buf, int size, int rwflag, void *u)
{
	(void)buf; (void)size; (void)rwflag; (void)u;
	return -1;   /* an encrypted key file is refused, never a terminal prompt */
}

/* The key of `path` when it is ECDSA P-256, its DNSKEY rdata and key tag. */
static EVP_PKEY *key_load(const char *path, uint8_t dnskey[68], uint16_t *tag, struct error *err)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *k = NULL;
	BIGNUM *x = NULL, *y = NULL;
	char group[64] = "";

	if (!f) {
		error_set(err, "key file %s: %s", path, strerror(errno));
		return NULL;
	}
	k = PEM_read_PrivateKey(f, NULL, no_password, NULL);
	fclose(f);
	if (!k) {
		error_set(err, "key file %s: not a PEM private key", path);
		goto fail;
	}
	if (!EVP_PKEY_is_a(k, "EC") ||
	    EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), NULL) != 1 ||
	    (strcmp(group, "prime256v1") != 0 && strcmp(group, "P-256") != 0)) {
		error_set(err, "key file %s: not an ECDSA P-256 key (DNSSEC algorithm 13)", path);
		goto fail;
	}
	if (EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_X, &x) != 1 ||
	    EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_Y, &y) != 1 ||
	    BN_bn2binpad(x, dnskey + 4, 32) != 32 || BN_bn2binpad(y, dnskey + 36, 32) != 32) {
		error_set(err, "key file %s: no public key", path);
		goto fail;
	}
	put16(dnskey, 257);        /* zone key + SEP: one key signs everything (CSK) */
	dnskey[2] = 3;
	dnskey[3] = ALG_ECDSAP256;
	*tag = key_tag(dnskey, 68);
	BN_free(x);
	BN_free(y);
	return k;
fail:
	BN_free(x);
	BN_free(y);
	EVP_PKEY_free(k);
	return NULL;
}

int conndns_key_create(const char *path, struct error *err)
{
	EVP_PKEY *k = NULL;
	FILE *f = NULL;
	uint8_t dnskey[68];
	uint16_t tag;
	int fd, ret = -1;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno == EEXIST) {
		if (!(k = key_load(path, dnskey, &tag, err)))
			return -1;
		EVP_PKEY_free(k);
		return 0;
	}
	if (fd < 0)
		return error_set(err, "key file %s: %s", path, strerror(errno));
	if (!(k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"))) {
		error_set(err, "key file %s: key generation failed", path);
		goto out;
	}
	if (!(f = fdopen(fd, "w"))) {
		error_set(err, "key file %s: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) != 1) {
		error_set(err, "key file %s: cannot write the key", path);
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		error_set(err, "key file %s: %s", path, strerror(errno));
		goto out;
	}
	f = NULL;
	ret = 0;
out:
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (ret < 0)
		unlink(path);
	EVP_PKEY_free(k);
	return ret;
}

/* Presentation form of a name of letters, digits, '-', '_' (as base_to_wire makes). */
static void name_text(const struct name *n, char *out, size_t outlen)
{
	size_t o = 0;
	for (size_t i = 0; n->w[i] && o + 64 < outlen; i += 1 + n->w[i]) {
		memcpy(out + o, n->w + i + 1, n->w[i]);
		o += n->w[i];
		out[o++] = '.';
	}
	out[o] = '\0';
}

int conndns_ds_records(const char *key_file, const char *base, char *out, size_t outlen,
                       struct error *err)
{
	static const char *const zones[] = { "test-ns-signed", "test-ns6-signed" };
	uint8_t dnskey[68], data[NAME_WIRE_MAX + 68], digest[32];
	struct name b, apex;
	uint16_t tag;
	size_t o = 0;
	EVP_PKEY *k;

	if (base_to_wire(base, &b) < 0)
		return error_set(err, "base domain %s: not a host name of at most 128 octets", base);
	if (!(k = key_load(key_file, dnskey, &tag, err)))
		return -1;
	EVP_PKEY_free(k);
	for (int z = 0; z < 2; z++) {
		char text[NAME_WIRE_MAX + 64], hex[65];
		unsigned int dlen = 0;
		int w;
		(void)name_child_str(&apex, zones[z], &b);
		memcpy(data, apex.w, apex.len);
		memcpy(data + apex.len, dnskey, sizeof(dnskey));
		if (EVP_Digest(data, apex.len + sizeof(dnskey), digest, &dlen, EVP_sha256(), NULL) != 1 ||
		    dlen != 32)
			return error_set(err, "SHA-256 failed");
		for (int i = 0; i < 32; i++)
			snprintf(hex + 2 * i, 3, "%02X", digest[i]);
		name_text(&apex, text, sizeof(text));
		w = snprintf(out + o, outlen - o, "%s %d IN DS %u %d 2 %s\n", text, TTL_ZONE, tag,
		             ALG_ECDSAP256, hex);
		if (w < 0 || (size_t)w >= outlen - o)
			return error_set(err, "DS records: buffer of %zu bytes too small", outlen);
		o += (size_t)w;
	}
	return 0;
}

/* ------------------------------------------------------------- network ---- */

/* "ADDR:PORT" or "[ADDR]:PORT", address literal. */
static int listen_parse(const char *spec, struct netaddr *a)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(spec, ':');
	char *end;
	unsigned long port;
	size_t hl;

	if (!colon || colon[1] == '\0')
		return -1;
	hl = (size_t)(colon - spec);
	if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']') {
		spec++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof(host))
		return -1;
	memcpy(host, spec, hl);
	host[hl] = '\0';
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (*end || errno || port > 65535 || netaddr_parse(host, a) < 0)
		return -1;
	a->port = (unsigned short)port;
	return 0;
}

static int socket_bound(const struct netaddr *a, int type)
{
	struct sockaddr_storage ss;
	socklen_t sl = netaddr_sockaddr(a, &ss);
	int one = 1;
	int fd = socket(a->family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		error_note_errno(errno);
		return -1;
	}
	if ((a->family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0) ||
	    (type == SOCK_STREAM && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0) ||
	    /* the destination of each datagram, so the answer leaves from it */
	    (type == SOCK_DGRAM && a->family == AF_INET &&
	     setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0) ||
	    (type == SOCK_DGRAM && a->family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one)) < 0) ||
	    bind(fd, (struct sockaddr *)&ss, sl) < 0 ||
	    (type == SOCK_STREAM && listen(fd, 64) < 0)) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static unsigned short socket_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct netaddr a;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0 ||
	    netaddr_from_sockaddr((struct sockaddr *)&ss, sl, &a) < 0)
		return 0;
	return a.port;
}

/* UDP and TCP on `spec`; port 0 takes one free for both. */
static int listener_open(const char *spec, struct listener *l, struct error *err)
{
	struct netaddr a;
	if (listen_parse(spec, &a) < 0)
		return error_set(err, "DNS listen address %s: want ADDRESS:PORT, e.g. [::1]:53", spec);
	l->family = a.family;
	for (int attempt = 0; attempt < 20; attempt++) {
		struct netaddr t = a;
		if ((l->udp = socket_bound(&t, SOCK_DGRAM)) < 0)
			return error_set(err, "DNS listen address %s (UDP): %s", spec, strerror(errno));
		t.port = socket_port(l->udp);
		if ((l->tcp = socket_bound(&t, SOCK_STREAM)) >= 0) {
			l->port = t.port;
			return 0;
		}
		int e = errno;
		close(l->udp);
		l->udp = -1;
		if (a.port != 0 || e != EADDRINUSE)
			return error_set(err, "DNS listen address %s (TCP): %s", spec, strerror(e));
	}
	return error_set(err, "DNS listen address %s: no port free for both UDP and TCP", spec);
}

/* The reply's source: the address the query came to (IP_PKTINFO / IPV6_PKTINFO), so
 * a socket bound to a wildcard address answers from the right one. */
static void reply_source(struct msghdr *in_mh, struct msghdr *out_mh, uint8_t *ctl, size_t ctlcap)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(in_mh); cm; cm = CMSG_NXTHDR(in_mh, cm)) {
		struct cmsghdr *o;
		size_t len;
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO)
			len = sizeof(struct in_pktinfo);
		else if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_PKTINFO)
			len = sizeof(struct in6_pktinfo);
		else
			continue;
		if (CMSG_SPACE(len) > ctlcap)
			return;
		memset(ctl, 0, CMSG_SPACE(len));
		out_mh->msg_control = ctl;
		out_mh->msg_controllen = CMSG_SPACE(len);
		o = CMSG_FIRSTHDR(out_mh);
		o->cmsg_level = cm->cmsg_level;
		o->cmsg_type = cm->cmsg_type;
		o->cmsg_len = CMSG_LEN(len);
		if (len == sizeof(struct in_pktinfo)) {
			struct in_pktinfo pi;
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			pi.ipi_spec_dst = pi.ipi_addr;
			pi.ipi_ifindex = 0;
			memcpy(CMSG_DATA(o), &pi, sizeof(pi));
		} else {
			memcpy(CMSG_DATA(o), CMSG_DATA(cm), len);
		}
		return;
	}
}

/* Read up to UDP_BURST datagrams and answer each from the address it came to. */
static void udp_serve(struct conndns *d, int fd, uint8_t *in, uint8_t *out)
{
	for (int i = 0; i < UDP_BURST; i++) {
		struct sockaddr_storage from;
		union { struct cmsghdr h; uint8_t b[CMSG_SPACE(sizeof(struct in6_pktinfo)) + 64]; } ctl, rctl;
		struct iovec iov = { .iov_base = in, .iov_len = 65535 }, riov;
		struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov,
		                     .msg_iovlen = 1, .msg_control = ctl.b, .msg_controllen = sizeof(ctl.b) };
		struct msghdr rmh;
		struct netaddr src;
		ssize_t got = recvmsg(fd, &mh, MSG_DONTWAIT);
		size_t n;

		if (got < 0)
			return;
		if (netaddr_from_sockaddr((struct sockaddr *)&from, mh.msg_namelen, &src) < 0)
			continue;
		n = answer(d, in, (size_t)got, &src, false, out, UDP_SIZE_MAX);
		if (n == 0)
			continue;
		riov = (struct iovec){ .iov_base = out, .iov_len = n };
		rmh = (struct msghdr){ .msg_name = &from, .msg_namelen = mh.msg_namelen,
		                       .msg_iov = &riov, .msg_iovlen = 1 };
		reply_source(&mh, &rmh, rctl.b, sizeof(rctl.b));
		(void)sendmsg(fd, &rmh, MSG_DONTWAIT | MSG_NOSIGNAL);
	}
}

static void conn_close(struct tcp_conn *c)
{
	close(c->fd);
	c->fd = -1;
}

/* Answer the complete queries buffered on `c` while nothing waits to be sent. */
static void conn_process(struct conndns *d, struct tcp_conn *c)
{
	while (c->outlen == 0 && c->fd >= 0) {
		struct cursor cur, msg, peek;
		uint16_t want;
		size_t n;

		cursor_init(&cur, c->in, c->inlen);
		if (cursor_get_u16_prefixed(&cur, &msg) < 0) {
			cursor_init(&peek, c->in, c->inlen);
			if (cursor_get_u16(&peek, &want) == 0 && (want == 0 || want > TCP_MSG_MAX))
				conn_close(c);
			return;
		}
		n = answer(d, cursor_data(&msg), cursor_len(&msg), &c->from, true, c->out + 2, TCP_MSG_MAX);
		memmove(c->in, cursor_data(&cur), cursor_len(&cur));
		c->inlen = cursor_len(&cur);
		if (n) {
			put16(c->out, (uint16_t)n);
			c->outlen = n + 2;
			c->outoff = 0;
		}
	}
}

static void conn_service(struct conndns *d, struct tcp_conn *c, short revents)
{
	if (c->outlen && (revents & (POLLOUT | POLLERR | POLLHUP))) {
		ssize_t w = send(c->fd, c->out + c->outoff, c->outlen - c->outoff, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
			conn_close(c);
			return;
		}
		if (w > 0 && (c->outoff += (size_t)w) == c->outlen) {
			c->outlen = c->outoff = 0;
			c->idle = deadline_in(d->tcp_timeout_ms);
			conn_process(d, c);
		}
	} else if (!c->outlen && (revents & (POLLIN | POLLERR | POLLHUP))) {
		ssize_t r = recv(c->fd, c->in + c->inlen, sizeof(c->in) - c->inlen, MSG_DONTWAIT);
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
			conn_close(c);
			return;
		}
		if (r > 0) {   /* a partial query does not extend the deadline: no slow-loris */
			c->inlen += (size_t)r;
			conn_process(d, c);
		}
	}
}

static void tcp_accept(struct conndns *d, int lfd)
{
	for (int i = 0; i < d->tcp_max; i++) {
		struct tcp_conn *c = &d->conns[i];
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		if (c->fd >= 0)
			continue;
		c->fd = accept4(lfd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (c->fd < 0) {
			if (errno == EMFILE || errno == ENFILE)
				error_note_errno(errno);
			return;
		}
		if (netaddr_from_sockaddr((struct sockaddr *)&ss, sl, &c->from) < 0) {
			conn_close(c);
			continue;
		}
		c->inlen = c->outlen = c->outoff = 0;
		c->idle = deadline_in(d->tcp_timeout_ms);
	}
}

static void *serve_main(void *arg)
{
	struct conndns *d = arg;
	size_t npfd = 1 + 2 * d->nlst + (size_t)d->tcp_max;
	struct pollfd *pfd = calloc(npfd, sizeof(*pfd));
	uint8_t *in = malloc(65536), *out = malloc(UDP_SIZE_MAX);

	if (!pfd || !in || !out)
		goto out;
	for (;;) {
		size_t k = 0;
		int busy = 0;
		deadline_t next = deadline_in(60000);

		for (int i = 0; i < d->tcp_max; i++)
			busy += d->conns[i].fd >= 0;
		pfd[k++] = (struct pollfd){ .fd = d->wake[0], .events = POLLIN };
		for (size_t i = 0; i < d->nlst; i++) {
			pfd[k++] = (struct pollfd){ .fd = d->lst[i].udp, .events = POLLIN };
			/* a full table leaves new connections in the kernel's backlog */
			pfd[k++] = (struct pollfd){ .fd = busy < d->tcp_max ? d->lst[i].tcp : -1, .events = POLLIN };
		}
		for (int i = 0; i < d->tcp_max; i++) {
			struct tcp_conn *c = &d->conns[i];
			pfd[k++] = (struct pollfd){ .fd = c->fd, .events = c->outlen ? POLLOUT : POLLIN };
			if (c->fd >= 0)
				next = deadline_min(next, c->idle);
		}
		if (poll(pfd, npfd, deadline_left_ms(next)) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents)
			break;
		k = 1;
		for (size_t i = 0; i < d->nlst; i++, k += 2) {
			if (pfd[k].revents & POLLIN)
				udp_serve(d, d->lst[i].udp, in, out);
			if (pfd[k + 1].revents & POLLIN)
				tcp_accept(d, d->lst[i].tcp);
		}
		for (int i = 0; i < d->tcp_max; i++, k++) {
			struct tcp_conn *c = &d->conns[i];
			if (c->fd < 0 || pfd[k].fd != c->fd)
				continue;   /* a slot filled by tcp_accept in this round */
			if (pfd[k].revents)
				conn_service(d, c, pfd[k].revents);
			if (c->fd >= 0 && deadline_expired(c->idle))
				conn_close(c);
		}
	}
out:
	free(pfd);
	free(in);
	free(out);
	return NULL;
}

/* --------------------------------------------------------- start / stop ---- */

static int addr_of(const char *s, int family, void *out, const char *what, struct error *err)
{
	struct netaddr a;
	if (!s || netaddr_parse(s, &a) < 0 || a.family != family)
		return error_set(err, "%s: want an IPv%d address, not %s", what,
		                 family == AF_INET ? 4 : 6, s ? s : "nothing");
	if (family == AF_INET)
		memcpy(out, &a.a.v4, 4);
	else
		memcpy(out, &a.a.v6, 16);
	return 0;
}

struct conndns *conndns_start(const struct conndns_config *cfg, struct error *err)
{
	struct conndns *d = calloc(1, sizeof(*d));
	struct name b;
	size_t nl = 0;

	if (!d) {
		error_set(err, "out of memory");
		return NULL;
	}
	d->wake[0] = d->wake[1] = -1;
	if (!cfg->base || base_to_wire(cfg->base, &b) < 0) {
		error_set(err, "connection test base domain %s: not a host name of at most 128 octets",
		          cfg->base ? cfg->base : "(none)");
		goto fail;
	}
	(void)name_child_str(&d->apex[0], "test-ns-signed", &b);
	(void)name_child_str(&d->apex[1], "test-ns6-signed", &b);
	if (addr_of(cfg->answer_v4, AF_INET, &d->answer_v4, "connection test answer address", err) < 0 ||
	    addr_of(cfg->answer_v6, AF_INET6, &d->answer_v6, "connection test answer address", err) < 0 ||
	    addr_of(cfg->ns_v4 ? cfg->ns_v4 : cfg->answer_v4, AF_INET, &d->ns_v4,
	            "connection test name server address", err) < 0 ||
	    addr_of(cfg->ns_v6 ? cfg->ns_v6 : cfg->answer_v6, AF_INET6, &d->ns_v6,
	            "connection test name server address", err) < 0)
		goto fail;
	if (!cfg->key_file) {
		error_set(err, "connection test: no DNSSEC key file");
		goto fail;
	}
	if (!(d->key = key_load(cfg->key_file, d->dnskey, &d->keytag, err)))
		goto fail;
	d->serial = (uint32_t)time(NULL);
	d->seen = cfg->seen;
	d->seen_arg = cfg->seen_arg;
	d->tcp_max = cfg->tcp_max > 0 ? cfg->tcp_max : 16;
	d->tcp_timeout_ms = cfg->tcp_timeout_ms > 0 ? cfg->tcp_timeout_ms : 10000;

	while (cfg->listen && cfg->listen[nl])
		nl++;
	if (nl == 0)
		return d;
	if (!(d->lst = calloc(nl, sizeof(*d->lst))) ||
	    !(d->conns = calloc((size_t)d->tcp_max, sizeof(*d->conns)))) {
		error_set(err, "out of memory");
		goto fail;
	}
	for (int i = 0; i < d->tcp_max; i++)
		d->conns[i].fd = -1;
	for (size_t i = 0; i < nl; i++) {
		d->lst[i].udp = d->lst[i].tcp = -1;
		d->nlst++;
		if (listener_open(cfg->listen[i], &d->lst[i], err) < 0)
			goto fail;
	}
	if (pipe2(d->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		error_set(err, "pipe: %s", strerror(errno));
		goto fail;
	}
	if (pthread_create(&d->thread, NULL, serve_main, d) != 0) {
		error_set(err, "connection test DNS: cannot start its thread");
		goto fail;
	}
	d->running = true;
	return d;
fail:
	conndns_stop(d);
	return NULL;
}

unsigned short conndns_port(const struct conndns *d, size_t i)
{
	return d && i < d->nlst ? d->lst[i].port : 0;
}

void conndns_stop(struct conndns *d)
{
	if (!d)
		return;
	if (d->running) {
		ssize_t w;
		do
			w = write(d->wake[1], "x", 1);
		while (w < 0 && errno == EINTR);
		pthread_join(d->thread, NULL);
	}
	for (size_t i = 0; i < d->nlst; i++) {
		if (d->lst[i].udp >= 0)
			close(d->lst[i].udp);
		if (d->lst[i].tcp >= 0)
			close(d->lst[i].tcp);
	}
	for (int i = 0; d->conns && i < d->tcp_max; i++)
		if (d->conns[i].fd >= 0)
			close(d->conns[i].fd);
	if (d->wake[0] >= 0)
		close(d->wake[0]);
	if (d->wake[1] >= 0)
		close(d->wake[1]);
	free(d->lst);
	free(d->conns);
	EVP_PKEY_free(d->key);
	free(d);
}
