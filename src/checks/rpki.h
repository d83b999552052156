/*
 * rpki.h -- the RPKI categories web_rpki (spec §3.5) and mail_rpki (§3.11).
 *
 * Host groups: web = the tested name (all its A/AAAA) and the name servers of
 * the domain (§3.1 discovery); mail = the MX names of §3.6, the domain's name
 * servers, and the name servers of every MX name (discovered from the MX name
 * upwards, de-duplicated). For every address of a group the probe asks the
 * whois server for its routes (/24 or /48, >= 10 RIS peers), validates each
 * route with the relying party (checks/rov.h), and for an address without
 * routes asks which ROAs cover it (the AS0 trick). The rules judge each group
 * exactly as internet.nl's generate_roa_existence_report and
 * generate_validity_report (checks/tasks/rpki.py) do.
 */
#ifndef INETCHECK_CHECKS_RPKI_H
#define INETCHECK_CHECKS_RPKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/check.h"
#include "checks/mx.h"
#include "checks/rov.h"
#include "core/result.h"
#include "net/guard.h"
#include "net/prefix.h"
#include "net/whois.h"

#define RPKI_MAX_HOSTS 32      /* names per group (NS sets are small; MX at most 10) */
#define RPKI_MAX_ADDRS 16      /* addresses per name, per family together */
#define RPKI_MAX_ROUTES 16     /* routes kept per address (RIS -L gives a handful) */

/* What the run was told about route origins and VRPs (CLI, main.c). */
struct rpki_config {
	struct rov_rp rp;            /* relying party; none configured -> every group with
	                              * addresses is an error, as internet.nl without Routinator */
	struct whois_server whois;   /* --bgp-whois, default riswhois.ripe.net:43 */
	bool lookup_private;         /* --allow-private: ask about non-global addresses too */
};

struct rpki_route {
	uint32_t asn;
	struct prefix prefix;
	enum rov_state state;
	size_t n_vrps;               /* VRPs in the state's list (rov.h) */
};

/* One address and what was learnt about it (internet.nl's per-IP "routing" row). */
struct rpki_addr_facts {
	struct netaddr addr;
	bool bgp_error;              /* BGPSourceUnavailableError: whois failed */
	bool rp_error;               /* RelyingPartyUnvailableError */
	struct rpki_route routes[RPKI_MAX_ROUTES];
	size_t n_routes;             /* 0: no routes (NoRoutesError), see `covered` */
	bool covered;                /* no routes: some VRP covers the address (AS0 trick) */
	char why[200];               /* the first error, for the user */
};

struct rpki_host_facts {
	char name[256];
	struct rpki_addr_facts addrs[RPKI_MAX_ADDRS];
	size_t n_addrs;
};

/* A group: only hosts with at least one address are listed (as internet.nl's rows). */
struct rpki_group_facts {
	struct rpki_host_facts *hosts;   /* owned */
	size_t n_hosts;
};

enum rpki_group { RPKI_WEB, RPKI_NS, RPKI_MX, RPKI_MX_NS, RPKI_GROUPS };

struct rpki_facts {
	enum test_kind kind;
	struct rpki_group_facts group[RPKI_GROUPS];   /* web: WEB, NS; mail: MX, NS, MX_NS */
};

/* Probe. `mx` is the shared MX list for mail, NULL for web. */
void rpki_probe(const struct check_ctx *ctx, const struct rpki_config *cfg, enum test_kind kind,
                const char *domain, const struct mx_list *mx, struct rpki_facts *f);
void rpki_facts_free(struct rpki_facts *f);

/* /24 (IPv4, IPv4-mapped IPv6 unwrapped) or /48 (IPv6) of `addr` (§3.5 step 1). */
void rpki_truncate(const struct netaddr *addr, struct netaddr *out);

/* Rules (pure), one group at a time. */
enum rpki_exists_outcome { RPKI_EXISTS_ERROR, RPKI_EXISTS_NO_ADDRESSES, RPKI_EXISTS_BAD,
                           RPKI_EXISTS_GOOD };
enum rpki_valid_outcome { RPKI_VALID_ERROR, RPKI_VALID_NO_ADDRESSES, RPKI_VALID_INVALID,
                          RPKI_VALID_BAD, RPKI_VALID_NOT_ROUTED, RPKI_VALID_GOOD };
enum rpki_exists_outcome rpki_exists_outcome(const struct rpki_group_facts *g);
enum rpki_valid_outcome rpki_valid_outcome(const struct rpki_group_facts *g);

/* Set the subtests of web_rpki or mail_rpki and the technical "routing" entries
 * (after ipv6_evaluate, whose address lists they extend, §5.4). */
void rpki_evaluate(const struct rpki_facts *f, struct report *r);

#endif
