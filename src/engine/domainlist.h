/*
 * domainlist.h -- a list of domains to test, read as a stream (issue 17 item 1):
 * one domain per line, normalised as for a single test (core/domain.h: URLs, e-mail
 * addresses, IDNs); blank lines and lines whose first non-blank character is '#'
 * are skipped; an invalid line is reported with its number and skipped; a domain
 * seen before is skipped. Memory grows with the number of distinct domains (8 bytes
 * each, a hash set), never with the length of a line or of the list.
 */
#ifndef INETCHECK_ENGINE_DOMAINLIST_H
#define INETCHECK_ENGINE_DOMAINLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DOMAINLIST_LINE_MAX 4096   /* longer lines are invalid (no domain is that long) */

struct domainlist {
	FILE *in;
	bool mail;                /* e-mail addresses: the part after the last '@' */
	unsigned long line;       /* number of the line read last */
	unsigned long invalid, duplicates, blank;
	uint64_t *seen;           /* open addressing, 0 = empty */
	size_t seen_cap, seen_n;
	char *buf;
	size_t buf_cap;
};

enum domainlist_entry { DOMAINLIST_END = 0, DOMAINLIST_DOMAIN, DOMAINLIST_INVALID,
                        DOMAINLIST_DUPLICATE, DOMAINLIST_ERROR };

/* Read from `in` (not closed by domainlist_free). */
void domainlist_init(struct domainlist *l, FILE *in, bool mail);
void domainlist_free(struct domainlist *l);

/*
 * The next entry: DOMAINLIST_DOMAIN with the A-label in `domain`; INVALID with the
 * reason in `why` (l->line is its line); DUPLICATE with the domain in `domain`;
 * END at the end of the input; ERROR when reading failed (`why` says so) or memory
 * ran out. Blank and comment lines are skipped, not returned.
 */
enum domainlist_entry domainlist_next(struct domainlist *l, char domain[256], char *why,
                                      size_t why_len);

#endif
