/*
 * overlay.h -- testing before go-live (issue 21): name overrides (--resolve) and zone
 * overlays (--zone).
 *
 * An override says "connect to these addresses for NAME" to the probes that connect
 * (HTTPS, IPv6 reachability, STARTTLS, `inetcheck tls`, HTTP redirects): they ask
 * resolver_query_connect(). Every other lookup (DNSSEC, CAA, TLSA, SPF, RPKI, ...) still
 * sees the real records. An overlay is a zone file that libunbound answers from as if it
 * were published (an auth-zone "for upstream"): names at or below its origin, for every
 * lookup. A signed overlay is validated from the trust anchor like the published zone
 * would be; an unsigned one is treated as insecure (domain-insecure), never as bogus.
 */
#ifndef INETCHECK_DNS_OVERLAY_H
#define INETCHECK_DNS_OVERLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <netinet/in.h>

#include "core/error.h"

#define DNS_OVERRIDE_ADDRS 8     /* addresses of one --resolve */
#define DNS_OVERRIDES_MAX 32     /* --resolve options of one run */
#define DNS_OVERLAYS_MAX 16      /* --zone options of one run */
#define DNS_OVERLAY_MAX_BYTES (256L * 1024 * 1024)

struct dns_override {
	char name[256];            /* A-label, lowercase, no trailing dot */
	unsigned port;             /* 0: every port */
	size_t n4, n6;
	struct in_addr v4[DNS_OVERRIDE_ADDRS];
	struct in6_addr v6[DNS_OVERRIDE_ADDRS];
};

/*
 * Parse one --resolve value: NAME[:PORT]=ADDR[,ADDR...] (also curl's own spelling
 * NAME:PORT:ADDR[,ADDR...]); IPv6 addresses bare or in brackets. Pure: 0, or -1 with
 * `err` saying what is wrong (fuzz/fuzz_override.c).
 */
int dns_override_parse(const char *spec, struct dns_override *out, struct error *err);

/* The override of `name` for a connection to `port` among `list`: one for that port,
 * else one for every port; `port` 0 takes either. NULL when none. */
const struct dns_override *dns_override_find(const struct dns_override *list, size_t n,
                                             const char *name, unsigned port);

/* "NAME:PORT:ADDR,ADDR" entries for libcurl's CURLOPT_RESOLVE (ports 80 and 443 for an
 * override of every port), appended to `out` (`*n` of `cap` used). -1 when full. */
int dns_override_curl_entries(const struct dns_override *o, char (*out)[600], size_t cap,
                              size_t *n);

struct dns_overlay {
	char file[4096];           /* as given */
	char origin[256];          /* lowercase, no trailing dot */
	bool is_signed;            /* DNSKEY at the origin and RRSIG records */
	size_t records;
	char canonical[4096];      /* the parsed file written out again for libunbound ("" = none) */
	/* the A/AAAA records of the file by owner (port 0), for the HTTP client, which
	 * resolves redirect targets itself: malloc'd, freed by dns_overlay_release */
	struct dns_override *hosts;
	size_t n_hosts;
};

#define DNS_OVERLAY_HOSTS_MAX 4096   /* names with addresses handed to the HTTP client */

/*
 * Read a zone file (RFC 1035 master format; parsed by libldns): its SOA names the
 * origin (a $ORIGIN line or absolute names are needed), every owner must be at or below
 * it (libldns keeps the first SOA of a file and drops later ones). The records are written out again in canonical form
 * to a private temporary file, the one libunbound reads (a file it could not read
 * would stop it at start-up with a cryptic message; one without SOA crashes it).
 * 0, or -1 with `err` naming the file and, for a syntax error, the line.
 */
int dns_overlay_load(const char *path, struct dns_overlay *out, struct error *err);
/* Remove the temporary file and free `hosts`; safe twice. */
void dns_overlay_release(struct dns_overlay *o);

#endif
