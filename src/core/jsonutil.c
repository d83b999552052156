/* jsonutil.c -- see jsonutil.h. */
#include "core/jsonutil.h"

json_t *json_child(json_t *parent, const char *key)
{
	json_t *o = json_object_get(parent, key);
	if (!json_is_object(o)) {
		o = json_object();
		json_object_set_new(parent, key, o);
	}
	return o;
}
