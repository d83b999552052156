/* api.c -- the batch API v2 (spec §5). Placeholder: the API lands with issue 18. */
#include "server/server.h"

int api_init(const struct server_config *c, struct error *err)
{
	(void)c;
	(void)err;
	return 0;
}

void api_shutdown(void)
{
}

int api_handle(struct srv_req *rq)
{
	return srv_reply_json(rq, 400, json_pack("{s:{s:s,s:s}}", "error", "label", "invalid-url",
	                                         "msg", "not yet"));
}
