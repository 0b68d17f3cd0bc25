/*
 * cmd_exceptions.c - m365route exceptions: the seed document's two tables
 * (wildcards whose sub-FQDNs are advertised the other way), derived from the
 * loaded feed by mr_exceptions_compute().
 */
#include <string.h>

#include "cli.h"

static const struct cli_value formats[] = {{"text", CLI_FMT_TEXT},
                                           {"json", CLI_FMT_JSON},
                                           {"markdown", CLI_FMT_MARKDOWN},
                                           {NULL, 0}};

static const struct cli_opt opts[] = {
    CLI_OPT_FORMAT(formats, "text (default), json or markdown (as the seed)"),
    CLI_OPT_OUTPUT("FILE", "write to FILE (atomically) instead of stdout"),
    CLI_OPTS_COMMON, CLI_OPT_END};

const struct cli_verb cli_verb_exceptions = {
    "exceptions",
    "usage: m365route exceptions [options]\n"
    "\n"
    "Derive from the feed the two tables of \"Routing with ExpressRoute for\n"
    "Office 365\": wildcards advertised to ExpressRoute and the Internet\n"
    "whose sub-FQDNs are advertised to the Internet only (put those first in\n"
    "a PAC file, to the proxy), and wildcards advertised to the Internet only\n"
    "whose sub-FQDNs are advertised to ExpressRoute.\n"
    "\n",
    opts, NULL};

static const char *const title_er[2] = {
    "Wildcard domain advertised to ExpressRoute and Internet circuits",
    "Sub-FQDN advertised to Internet circuits only"};
static const char *const title_inet[2] = {
    "Wildcard domain advertised to Internet circuits only",
    "Sub-FQDN advertised to ExpressRoute and Internet circuits"};

/* Markdown: '*' and '<' would be read as markup; escape them. */
static void
md_text(struct out *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '*' || *s == '_' || *s == '<' || *s == '>' ||
		    *s == '|' || *s == '\\')
			out_putc(o, '\\');
		out_putc(o, *s);
	}
}

static void
table(struct out *o, const struct mr_matcher *m,
      const struct mr_exception_row *rows, size_t n, const char *const t[2],
      int markdown)
{
	size_t i, k;

	if (markdown) {
		out_printf(o, "|**%s**|**%s**|\n|:-----|:-----|\n", t[0], t[1]);
		for (i = 0; i < n; i++) {
			out_putc(o, '|');
			md_text(o, mr_matcher_rule(m, rows[i].wildcard)->text);
			out_puts(o, "  <br/> |");
			for (k = 0; k < rows[i].n; k++) {
				md_text(
				    o,
				    mr_matcher_rule(m, rows[i].subs[k])->text);
				out_puts(o, "  <br/> ");
			}
			out_puts(o, "|\n");
		}
		return;
	}
	out_printf(o, "%s / %s:\n", t[0], t[1]);
	if (n == 0)
		out_puts(o, "  (none)\n");
	for (i = 0; i < n; i++) {
		out_printf(o, "  %s\n",
		           mr_matcher_rule(m, rows[i].wildcard)->text);
		for (k = 0; k < rows[i].n; k++)
			out_printf(o, "      %s\n",
			           mr_matcher_rule(m, rows[i].subs[k])->text);
	}
}

static void
json_rows(struct out *o, const struct mr_matcher *m,
          const struct mr_exception_row *rows, size_t n)
{
	size_t i, k;

	out_putc(o, '[');
	for (i = 0; i < n; i++) {
		out_printf(o, "%s{\"wildcard\":\"%s\",\"subs\":[", i ? "," : "",
		           mr_matcher_rule(m, rows[i].wildcard)->text);
		for (k = 0; k < rows[i].n; k++)
			out_printf(o, "%s\"%s\"", k ? "," : "",
			           mr_matcher_rule(m, rows[i].subs[k])->text);
		out_puts(o, "]}");
	}
	out_putc(o, ']');
}

int
cmd_exceptions(int argc, char **argv)
{
	struct cli_opts opt;
	struct mr_catalog *cat;
	struct mr_matcher *m;
	const struct mr_exceptions *e;
	struct out o;
	int rc;

	if ((rc = cli_parse(argc, argv, &cli_verb_exceptions, &opt, NULL, NULL,
	                    NULL)) >= 0)
		return rc;
	if ((rc = cli_load(&opt.co, &opt.dopt, &cat, &m)) != EXIT_OK)
		return rc;
	if (mr_exceptions_compute(&e, m) != MR_OK) {
		cli_error("%s", mr_error_last());
		cli_unload(cat, m);
		return EXIT_USAGE;
	}
	rc = EXIT_OK;
	if (out_open(&o, opt.output) != 0) {
		rc = EXIT_USAGE;
	} else {
		if (opt.fmt == CLI_FMT_JSON) {
			out_puts(&o, "{\"expressroute_wildcards\":");
			json_rows(&o, m, e->er, e->n_er);
			out_puts(&o, ",\"internet_wildcards\":");
			json_rows(&o, m, e->inet, e->n_inet);
			out_puts(&o, "}\n");
		} else {
			table(&o, m, e->er, e->n_er, title_er,
			      opt.fmt == CLI_FMT_MARKDOWN);
			out_putc(&o, '\n');
			table(&o, m, e->inet, e->n_inet, title_inet,
			      opt.fmt == CLI_FMT_MARKDOWN);
		}
		if (out_close(&o) != 0)
			rc = EXIT_USAGE;
	}
	cli_unload(cat, m);
	return rc;
}
