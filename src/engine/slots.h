/*
 * slots.h -- the per-address connection budget held across processes (issue 19 item
 * 3): the store's side of net/budget.h's shared slots. Every process working one
 * store (serve with in-process workers, `inetcheck worker` on any machine) keeps its
 * connections to an address within slots it holds in the store's address_slots table
 * (store_slot_take and friends), so the limits hold for all of them together.
 */
#ifndef INETCHECK_ENGINE_SLOTS_H
#define INETCHECK_ENGINE_SLOTS_H

#include <stdbool.h>

#include "core/error.h"

struct slots;

/* Share the budget through the store at `db` from now on, the slots held under a
 * name made of `worker` and a random suffix (unique to this process even when two
 * workers were given one name). Call before any connection is made. NULL (err) when
 * the store cannot be opened. */
struct slots *slots_start(const char *db, const char *worker, struct error *err);
/* Stop sharing. `give_back`: every connection is closed, so the slots are given back
 * and s freed; otherwise (tests still run, the process is about to exit) they are left
 * to their short lease and s is not freed (a test may still be asking the store). */
void slots_stop(struct slots *s, bool give_back);

#endif
