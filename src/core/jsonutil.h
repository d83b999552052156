/* jsonutil.h -- small helpers over jansson. */
#ifndef INETCHECK_CORE_JSONUTIL_H
#define INETCHECK_CORE_JSONUTIL_H

#include <jansson.h>

/* parent[key] as an object, created when absent (borrowed reference). */
json_t *json_child(json_t *parent, const char *key);

#endif
