/*
 * oui.h -- the IEEE register of MAC address blocks (MA-L, 24-bit OUIs), for the
 * connection test's privacy rule (spec §3.12): an IPv6 interface id built from a MAC
 * address gives its device away when that MAC's OUI belongs to a known vendor.
 * Read once from Debian's ieee-data (packages.txt) into a sorted array of OUIs;
 * a lookup is a binary search. The table is read-only after loading, so any number
 * of threads may look up at once.
 */
#ifndef INETCHECK_CHECKS_OUI_H
#define INETCHECK_CHECKS_OUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Where Debian's ieee-data puts the register (oui.csv beside it reads as well). */
#define OUI_DEFAULT_PATH "/usr/share/ieee-data/oui.txt"

struct oui_table;

/*
 * Read the register at `path`: the text form (lines "0050C2     (base 16)\tVendor")
 * or the CSV form (lines "MA-L,0050C2,Vendor,..."); every other line is ignored, and
 * an OUI listed twice counts once. Returns a new table (oui_table_free), or NULL with
 * the reason in `err`: the file cannot be read, or it lists no OUI at all.
 */
struct oui_table *oui_table_load(const char *path, struct error *err);
void oui_table_free(struct oui_table *t);

/* How many distinct OUIs the table holds (0 for NULL). */
size_t oui_table_size(const struct oui_table *t);
/* Whether `oui` (the MAC's first three octets, first octet in bits 23..16) is
 * assigned to a vendor; false for a NULL table. */
bool oui_table_has(const struct oui_table *t, uint32_t oui);

#endif
