/*
 * cmd_diff.c -- `inetcheck diff OLD.json NEW.json`: what changed between two --json
 * results of the same test (report/diff.h). Exit 1 when the new score is lower, 2
 * when a file is unreadable, not a result, or of another test.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <string.h>

#include "core/i18n.h"
#include "report/diff.h"

json_t *diff_load(const char *file)
{
	json_error_t jerr;
	json_t *doc = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);

	if (doc == NULL && jerr.line < 1)
		fprintf(stderr, "inetcheck: %s\n", jerr.text);   /* "unable to open FILE: why" */
	else if (doc == NULL)
		fprintf(stderr, "inetcheck: %s: not a JSON document (line %d: %s)\n", file, jerr.line,
		        jerr.text);
	return doc;
}

int cmd_diff(int argc, char **argv)
{
	enum { O_FORMAT = 256, O_JSON, O_LANG, O_HELP };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, O_FORMAT },
		{ "lang", required_argument, NULL, O_LANG },
		{ "json", no_argument, NULL, O_JSON },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct error err = {{0}};
	enum format format = FORMAT_TEXT;
	const char *files[2] = { NULL, NULL };
	const char *lang = NULL;
	size_t n_files = 0;
	struct diff d;
	json_t *old_doc, *new_doc;
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:", longopts, NULL)) != -1 || optind < argc) {
		if (c == -1) {
			if (n_files == 2)
				return usage_error("diff: unexpected argument '%s'", argv[optind]);
			files[n_files++] = argv[optind++];
			continue;
		}
		switch (c) {
		case O_FORMAT:
			if (!strcmp(optarg, "text"))
				format = FORMAT_TEXT;
			else if (!strcmp(optarg, "markdown"))
				format = FORMAT_MARKDOWN;
			else if (!strcmp(optarg, "json"))
				format = FORMAT_JSON;
			else
				return usage_error("diff: --format wants text, markdown or json, not '%s'", optarg);
			break;
		case O_JSON: format = FORMAT_JSON; break;
		case O_LANG:
			if (strcmp(optarg, "en") != 0 && strcmp(optarg, "nl") != 0)
				return usage_error("diff: --lang wants en or nl, not '%s'", optarg);
			lang = optarg;
			break;
		case O_HELP:
			fputs(usage_text, stdout);
			return EXIT_OK;
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("diff: unknown option '%s'", argv[optind - 1]);
		}
	}
	if (n_files != 2)
		return usage_error("diff: two --json results are required: OLD.json NEW.json");
	i18n_init(lang);   /* the headings of text and markdown; NULL: the environment's */
	old_doc = diff_load(files[0]);
	new_doc = old_doc != NULL ? diff_load(files[1]) : NULL;
	rc = new_doc != NULL ? diff_compute(old_doc, new_doc, files[0], files[1], &d, &err) : -1;
	json_decref(old_doc);
	json_decref(new_doc);
	if (rc < 0) {
		if (err.msg[0] != '\0')
			fprintf(stderr, "inetcheck: diff: %s\n", err.msg);
		return EXIT_USAGE;
	}
	if (format == FORMAT_JSON) {
		json_t *doc = render_diff_json(&d);
		if (doc == NULL) {
			fprintf(stderr, "inetcheck: out of memory\n");
			diff_free(&d);
			return EXIT_NOTRUN;
		}
		print_json(doc);
		json_decref(doc);
	} else if (format == FORMAT_MARKDOWN) {
		render_diff_markdown(&d, stdout);
	} else {
		render_diff_text(&d, stdout);
	}
	rc = diff_worse(&d) ? EXIT_BELOW : EXIT_OK;
	diff_free(&d);
	return rc;
}
