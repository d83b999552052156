/*
 * main.c -- the inetcheck command line: the subcommand, then its file in src/cli/
 * (cmd_test.c: web and mail; cmd_tls.c: tls; cmd_batch.c: batch; cmd_serve.c: serve;
 * cmd_worker.c: worker; cmd_status.c: status; cmd_diff.c: diff; cmd_conn_records.c:
 * conn-records). Exit codes: cli.h.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
	struct options o;
	const char *cmd;
	int rc;

	std_fds_hold();
	descriptors_raise();
	if (argc < 2) {
		fputs(usage_text, stderr);
		return output_finish(EXIT_USAGE);
	}
	/* the command comes first: inetcheck web|mail DOMAIN [options], inetcheck tls HOST */
	cmd = argv[1];
	if (strcmp(cmd, "tls") == 0)
		return output_finish(cmd_tls(argc - 1, argv + 1));
	if (strcmp(cmd, "web") == 0 || strcmp(cmd, "mail") == 0)
		return output_finish(cmd_test(argc - 1, argv + 1));
	if (strcmp(cmd, "batch") == 0)
		return output_finish(cmd_batch(argc - 1, argv + 1));
	if (strcmp(cmd, "serve") == 0)
		return output_finish(cmd_serve(argc - 1, argv + 1));
	if (strcmp(cmd, "worker") == 0)
		return output_finish(cmd_worker(argc - 1, argv + 1));
	if (strcmp(cmd, "status") == 0)
		return output_finish(cmd_status(argc - 1, argv + 1));
	if (strcmp(cmd, "diff") == 0)
		return output_finish(cmd_diff(argc - 1, argv + 1));
	if (strcmp(cmd, "conn-records") == 0)
		return output_finish(cmd_conn_records(argc - 1, argv + 1));
	if (cmd[0] == '-') {
		rc = parse_options(argc, argv, CMD_TEST, &o);   /* --help, --version, or an error */
		if (rc)
			return output_finish(rc);
		fputs(usage_text, stderr);
		return output_finish(EXIT_USAGE);
	}
	fprintf(stderr, "inetcheck: unknown command '%s' (expected 'web', 'mail', 'tls', 'batch', "
	        "'serve', 'worker', 'status', 'diff' or 'conn-records')\n"
	        "Try 'inetcheck --help'.\n", cmd);
	return output_finish(EXIT_USAGE);
}
