/* pages.c -- the web UI. Placeholder: the pages land with issue 18. */
#include "server/server.h"

#include <string.h>

int pages_handle(struct srv_req *rq)
{
	static const char body[] = "<!DOCTYPE html><title>inetcheck</title><p>inetcheck</p>\n";
	return srv_reply_static(rq, 200, "text/html; charset=utf-8", body, strlen(body));
}
