/*
 * overlay.c -- see overlay.h. Name overrides are parsed here by hand (a few bytes of
 * command line); zone files are parsed by libldns, the well-kept parser of the
 * ldns-* tools the fixture already signs its zones with.
 */
#include "dns/overlay.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "core/domain.h"

/* One address of a --resolve list, bare or "[v6]". 0, or -1. */
static int override_addr(const char *s, size_t len, struct dns_override *o, struct error *err)
{
	char buf[INET6_ADDRSTRLEN + 2];

	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(buf))
		return error_set(err, "'%.*s' is not an IP address", (int)(len > 60 ? 60 : len), s);
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (o->n4 + o->n6 >= DNS_OVERRIDE_ADDRS)
		return error_set(err, "at most %d addresses per name", DNS_OVERRIDE_ADDRS);
	if (inet_pton(AF_INET, buf, &o->v4[o->n4]) == 1)
		o->n4++;
	else if (inet_pton(AF_INET6, buf, &o->v6[o->n6]) == 1)
		o->n6++;
	else
		return error_set(err, "'%s' is not an IP address", buf);
	return 0;
}

int dns_override_parse(const char *spec, struct dns_override *out, struct error *err)
{
	const char *eq = strchr(spec, '='), *addrs, *colon, *end;
	char name[256];
	size_t namelen;

	memset(out, 0, sizeof(*out));
	/* a URL or an e-mail address is not a host name (domain_normalise would take it) */
	for (const char *p = spec; *p && p != eq; p++)
		if (*p == '/' || *p == '@')
			return error_set(err, "'%s': not a host name before the addresses", spec);
	if (eq) {
		/* NAME[:PORT]=ADDR,... */
		addrs = eq + 1;
		colon = memchr(spec, ':', (size_t)(eq - spec));
		end = colon ? colon : eq;
		if (colon) {
			char *stop;
			long port;
			errno = 0;
			port = strtol(colon + 1, &stop, 10);
			if (stop == colon + 1 || stop != eq || errno || port < 1 || port > 65535)
				return error_set(err, "'%s': the port must be a number from 1 to 65535", spec);
			out->port = (unsigned)port;
		}
	} else {
		/* curl: NAME:PORT:ADDR,... */
		char *stop;
		long port;
		colon = strchr(spec, ':');
		if (!colon)
			return error_set(err, "'%s' is not NAME[:PORT]=ADDRESS[,ADDRESS...]", spec);
		end = colon;
		errno = 0;
		port = strtol(colon + 1, &stop, 10);
		if (stop == colon + 1 || *stop != ':' || errno || port < 1 || port > 65535)
			return error_set(err, "'%s' is not NAME[:PORT]=ADDRESS[,ADDRESS...]", spec);
		out->port = (unsigned)port;
		addrs = stop + 1;
	}
	namelen = (size_t)(end - spec);
	if (namelen == 0 || namelen >= sizeof(name))
		return error_set(err, "'%s': no name before the addresses", spec);
	memcpy(name, spec, namelen);
	name[namelen] = '\0';
	/* the name is a host name as a user types it: one trailing dot, IDN, case */
	if (strpbrk(name, " \t") || domain_normalise(name, false, out->name, sizeof(out->name), err) < 0)
		return error_set(err, "'%s': '%s' is not a host name", spec, name);
	while (*addrs) {
		const char *comma = strchr(addrs, ',');
		size_t len = comma ? (size_t)(comma - addrs) : strlen(addrs);
		if (override_addr(addrs, len, out, err) < 0) {
			char why[sizeof(err->msg)];
			snprintf(why, sizeof(why), "%s", err->msg);
			return error_set(err, "'%s': %s", spec, why);
		}
		addrs += len;
		if (comma) {
			addrs++;
			if (!*addrs)
				return error_set(err, "'%s': an address is missing after the last ','", spec);
		}
	}
	if (out->n4 + out->n6 == 0)
		return error_set(err, "'%s': no address given", spec);
	return 0;
}

const struct dns_override *dns_override_find(const struct dns_override *list, size_t n,
                                             const char *name, unsigned port)
{
	const struct dns_override *any = NULL;

	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(list[i].name, name) != 0)
			continue;
		if (list[i].port == 0) {
			if (!any)
				any = &list[i];
		} else if (port == 0 || list[i].port == port) {
			return &list[i];
		}
	}
	return any;
}

int dns_override_curl_entries(const struct dns_override *o, char (*out)[600], size_t cap,
                              size_t *n)
{
	unsigned ports[2] = { o->port ? o->port : 80, 443 };
	unsigned nports = o->port ? 1 : 2;

	for (unsigned p = 0; p < nports; p++) {
		char *e;
		size_t used;
		if (*n >= cap)
			return -1;
		e = out[*n];
		used = (size_t)snprintf(e, 600, "%s:%u:", o->name, ports[p]);
		for (size_t i = 0; i < o->n4 + o->n6; i++) {
			char a[INET6_ADDRSTRLEN];
			if (i < o->n4)
				inet_ntop(AF_INET, &o->v4[i], a, sizeof(a));
			else
				inet_ntop(AF_INET6, &o->v6[i - o->n4], a, sizeof(a));
			used += (size_t)snprintf(e + used, used < 600 ? 600 - used : 0,
			                         i < o->n4 ? "%s%s" : "%s[%s]", i ? "," : "", a);
		}
		if (used >= 600)
			return -1;
		(*n)++;
	}
	return 0;
}

/* ---------------------------------------------------------------- zone overlays */

/* A domain name of ldns as text: lowercase, no trailing dot ("" for the root). */
static void dname_text(const ldns_rdf *d, char *out, size_t len)
{
	char *s = ldns_rdf2str(d);
	size_t n;

	snprintf(out, len, "%s", s ? s : "");
	free(s);
	n = strlen(out);
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
}

/* Add the address of an A or AAAA record to the host of its owner (a wildcard owner is
 * not a host name). 0, or -1 when out of memory. */
static int overlay_host_add(struct dns_overlay *o, const ldns_rr *rr, size_t *cap)
{
	const ldns_rdf *rd = ldns_rr_rdf(rr, 0);
	struct dns_override *h = NULL;
	char name[256];

	dname_text(ldns_rr_owner(rr), name, sizeof(name));
	if (!rd || name[0] == '*' || name[0] == '\0')
		return 0;
	for (size_t i = o->n_hosts; i-- > 0;)
		if (!strcmp(o->hosts[i].name, name)) {
			h = &o->hosts[i];
			break;
		}
	if (!h) {
		if (o->n_hosts == DNS_OVERLAY_HOSTS_MAX)
			return 0;
		if (o->n_hosts == *cap) {
			size_t more = *cap ? *cap * 2 : 16;
			struct dns_override *grown = realloc(o->hosts, more * sizeof(*grown));
			if (!grown)
				return -1;
			o->hosts = grown;
			*cap = more;
		}
		h = &o->hosts[o->n_hosts++];
		memset(h, 0, sizeof(*h));
		snprintf(h->name, sizeof(h->name), "%s", name);
	}
	if (h->n4 + h->n6 >= DNS_OVERRIDE_ADDRS)
		return 0;
	if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_A && ldns_rdf_size(rd) == 4)
		memcpy(&h->v4[h->n4++], ldns_rdf_data(rd), 4);
	else if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_AAAA && ldns_rdf_size(rd) == 16)
		memcpy(&h->v6[h->n6++], ldns_rdf_data(rd), 16);
	return 0;
}

int dns_overlay_load(const char *path, struct dns_overlay *out, struct error *err)
{
	ldns_zone *z = NULL;
	ldns_status st;
	const ldns_rr *soa;
	const ldns_rr_list *rrs;
	ldns_rdf *apex;
	struct stat sb;
	FILE *f = NULL, *w = NULL;
	bool dnskey = false, rrsig = false;
	size_t hosts_cap = 0;
	int fd, line = 0, rc = -1;
	const char *tmp = getenv("TMPDIR");

	memset(out, 0, sizeof(*out));
	snprintf(out->file, sizeof(out->file), "%s", path);
	/* O_NONBLOCK: a named pipe must not block the open; fstat then refuses it */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || !(f = fdopen(fd, "r"))) {
		error_set(err, "cannot read zone file %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		error_set(err, "cannot read zone file %s: not a regular file", path);
		goto out;
	}
	if (sb.st_size > DNS_OVERLAY_MAX_BYTES) {
		error_set(err, "zone file %s is larger than %ld MiB", path, DNS_OVERLAY_MAX_BYTES >> 20);
		goto out;
	}
	st = ldns_zone_new_frm_fp_l(&z, f, NULL, 3600, LDNS_RR_CLASS_IN, &line);
	if (st != LDNS_STATUS_OK) {
		error_set(err, "zone file %s, line %d: %s", path, line, ldns_get_errorstr_by_id(st));
		z = NULL;
		goto out;
	}
	soa = ldns_zone_soa(z);
	if (!soa) {
		error_set(err, "zone file %s has no SOA record: its SOA names the zone (the origin)", path);
		goto out;
	}
	apex = ldns_rr_owner(soa);
	dname_text(apex, out->origin, sizeof(out->origin));
	if (!out->origin[0]) {
		error_set(err, "zone file %s is a root zone: overlays of the root are not supported", path);
		goto out;
	}
	/* it goes into libunbound's configuration: a host-name-like origin only */
	if (out->origin[strspn(out->origin, "abcdefghijklmnopqrstuvwxyz0123456789-_.")] != '\0') {
		error_set(err, "zone file %s: its origin '%s' is not a host name", path, out->origin);
		goto out;
	}
	rrs = ldns_zone_rrs(z);
	out->records = 1 + ldns_rr_list_rr_count(rrs);
	for (size_t i = 0; i < ldns_rr_list_rr_count(rrs); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(rrs, i);
		const ldns_rdf *owner = ldns_rr_owner(rr);
		ldns_rr_type t = ldns_rr_get_type(rr);
		bool at_apex = ldns_dname_compare(owner, apex) == 0;
		if (!at_apex && !ldns_dname_is_subdomain(owner, apex)) {
			char o[256];
			dname_text(owner, o, sizeof(o));
			error_set(err, "zone file %s: %s is not in the zone %s (its SOA's name)", path,
			          o, out->origin);
			goto out;
		}
		dnskey |= at_apex && t == LDNS_RR_TYPE_DNSKEY;
		rrsig |= t == LDNS_RR_TYPE_RRSIG;
		if ((t == LDNS_RR_TYPE_A || t == LDNS_RR_TYPE_AAAA) && overlay_host_add(out, rr, &hosts_cap) < 0) {
			error_set(err, "out of memory");
			goto out;
		}
	}
	out->is_signed = dnskey && rrsig;

	if (!tmp || !*tmp || strpbrk(tmp, "\"\n\\") || strlen(tmp) > 1000)
		tmp = "/tmp";   /* the path goes into libunbound's configuration, quoted */
	snprintf(out->canonical, sizeof(out->canonical), "%s/inetcheck-zone-XXXXXX", tmp);
	fd = mkstemp(out->canonical);
	if (fd < 0 || !(w = fdopen(fd, "w"))) {
		error_set(err, "cannot write a temporary copy of zone file %s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(out->canonical);
		}
		out->canonical[0] = '\0';
		goto out;
	}
	ldns_zone_print(w, z);
	if (ferror(w) | fclose(w)) {
		error_set(err, "cannot write a temporary copy of zone file %s", path);
		goto out;
	}
	rc = 0;
out:
	if (z)
		ldns_zone_deep_free(z);
	fclose(f);
	if (rc < 0)
		dns_overlay_release(out);
	return rc;
}

void dns_overlay_release(struct dns_overlay *o)
{
	if (o->canonical[0])
		unlink(o->canonical);
	o->canonical[0] = '\0';
	free(o->hosts);
	o->hosts = NULL;
	o->n_hosts = 0;
}
