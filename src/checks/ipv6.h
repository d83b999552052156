/*
 * ipv6.h -- the IPv6 categories web_ipv6 (spec §3.1) and mail_ipv6 (§3.7).
 */
#ifndef INETCHECK_CHECKS_IPV6_H
#define INETCHECK_CHECKS_IPV6_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/check.h"
#include "checks/mx.h"
#include "core/result.h"
#include "net/guard.h"

#define IPV6_MAX_ADDRS 16
#define IPV6_MAX_NS 16

struct ipv6_addr_facts {
	struct netaddr addr;
	unsigned ports_ok;        /* bit i set: port i of the host's port list answered */
	bool refused;             /* the target guard refused it (counts as unreachable) */
};

/* One name (name server, web server or mail server) and its addresses. */
struct ipv6_host_facts {
	char name[256];
	struct ipv6_addr_facts v4[IPV6_MAX_ADDRS], v6[IPV6_MAX_ADDRS];
	size_t n4, n6;
	unsigned n_ports;         /* 1 (NS: DNS on 53, MX: 25) or 2 (web: 80, 443) */
};

/* The IPv4/IPv6 same-website comparison (§3.1 steps 1-3). */
struct ipv6_site_facts {
	bool v4_response, v6_response;   /* some address of the family answered HTTP */
	unsigned v4_ports, v6_ports;     /* bit 0: port 80 answered, bit 1: port 443 */
	long v4_status, v6_status;       /* final status of the last successful response */
	double distance;                 /* 0.0..100.0, similarity_distance_exact of the bodies */
	char refused[256];               /* the guard refused a redirect target: its reason */
};

struct ipv6_facts {
	enum test_kind kind;
	struct ipv6_host_facts ns[IPV6_MAX_NS];
	size_t n_ns;
	/* web */
	struct ipv6_host_facts web;
	bool site_compared;              /* the comparison ran (preconditions held) */
	struct ipv6_site_facts site;
	/* mail */
	const struct mx_list *mx_list;
	struct ipv6_host_facts mx[MX_MAX];
	size_t n_mx;
};

/* Probe: NS discovery (§3.1), addresses, reachability, and (web) the
 * same-website comparison. `mx` is the shared MX list for mail, NULL for web. */
void ipv6_probe(const struct check_ctx *ctx, enum test_kind kind, const char *domain,
                const struct mx_list *mx, struct ipv6_facts *f);

/* Rules (pure). */
/* Per-name points of §3.1: 10, 2 or 0. */
int ipv6_host_points(const struct ipv6_host_facts *h);
/* True if some port answered over IPv4 but over no IPv6 address (v6_conn_diff). */
bool ipv6_host_port_diff(const struct ipv6_host_facts *h);
/* ns_score of §3.1 (single counted NS capped at 5). */
int ipv6_ns_score(const struct ipv6_host_facts *ns, size_t n);
/* mx_score of §3.7: average of per-MX points. */
int ipv6_mx_score(const struct ipv6_host_facts *mx, size_t n);

/* Set the subtests of web_ipv6 or mail_ipv6 and their technical details. */
void ipv6_evaluate(const struct ipv6_facts *f, struct report *r);

#endif
