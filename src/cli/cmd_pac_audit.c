/*
 * cmd_pac_audit.c - m365route pac audit FILE: evaluate an existing PAC
 * file for every catalog host (library: pac_audit.c, API pacaudit.h) and
 * report, grouped, where it disagrees with the seed's routing: hosts
 * advertised over ExpressRoute not sent the ExpressRoute way, Internet-only
 * hosts sent that way, errors and invalid results, syntax newer than ES5.
 *
 * Reached through the pac verb: "m365route pac audit ..." calls
 * cmd_pac_audit() with argv[0] = "audit". Its options are declared in
 * one table (opts.h) that cli_parse() reads.
 *
 * Exit status: 0 no finding, 1 findings, 2 usage, I/O, or a file that
 * cannot be evaluated (not JavaScript, no FindProxyForURL, throws or
 * loops while loading).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"
#include "m365route/pacaudit.h"
#include "pac_cli.h"

#define MAX_RESOLVE  64
#define DEFAULT_ADDR "203.0.113.1"

static const struct cli_value formats[] = {
    {"text", CLI_FMT_TEXT}, {"json", CLI_FMT_JSON}, {NULL, 0}};

enum { O_DIRECT = CLI_O_VERB, O_LIMIT, O_MY_IP, O_RESOLVE };

static const struct cli_opt opts[] = {
    {O_DIRECT, "--direct", 0, "STR",
     "the PAC entry that is the ExpressRoute path\n"
     "(default DIRECT); only its first entry counts",
     NULL, 0},
    {O_LIMIT, "--limit", 0, "N", "hosts shown per group (default 10, 0 = all)",
     NULL, 0},
    {O_MY_IP, "--my-ip", 0, "ADDR",
     "what myIpAddress() returns (default 10.0.0.10)", NULL, 0},
    {O_RESOLVE, "--resolve", 0, "NAME=ADDR",
     "\nDNS answer for NAME (a shExpMatch pattern) in\n"
     "dnsResolve() and isInNet(); repeatable, first\n"
     "match wins; default '*=" DEFAULT_ADDR "'",
     NULL, 0},
    CLI_OPT_FORMAT(formats, "text (default) or json"),
    CLI_OPT_OUTPUT("FILE", "write the report to FILE instead of stdout"),
    CLI_OPTS_COMMON,
    CLI_OPT_END};

const struct cli_verb cli_verb_pac_audit = {
    "pac audit",
    "usage: m365route pac audit [options] FILE\n"
    "\n"
    "Evaluate an existing PAC file (FILE, '-' for stdin) in a sandboxed\n"
    "JavaScript engine (Duktape 2.7, ES5, the standard PAC helper\n"
    "functions, no network) for every host of the endpoint catalog: exact\n"
    "names, and wildcards filled with the labels contoso, x and a.b. Each\n"
    "is called as FindProxyForURL(\"https://HOST/\", \"HOST\") and the first\n"
    "entry of its result is compared with the catalog's route.\n"
    "\n"
    "Findings, grouped:\n"
    "  expressroute-not-direct  ExpressRoute-advertised hosts whose first\n"
    "                           entry is not the ExpressRoute path\n"
    "  internet-direct          Internet-only hosts sent the ExpressRoute\n"
    "                           path (the asymmetry the seed warns about)\n"
    "  bad-result               FindProxyForURL threw, looped, or returned\n"
    "                           no valid PAC string (undefined, ...)\n"
    "  not-es5                  let, const, arrow functions, template\n"
    "                           literals, class, endsWith(), ...\n"
    "\n",
    opts,
    "\n"
    "exit status: 0 no finding, 1 findings, 2 usage, I/O, or a file that\n"
    "cannot be evaluated (not JavaScript, no FindProxyForURL, throws or\n"
    "loops while loading).\n"};

struct audit_opts {
	const char *direct;
	const char *my_ip;
	long limit;
	struct mr_pac_audit_dns dns[MAX_RESOLVE];
	size_t n_dns;
};

/* One of the verb's own options (cli_take_fn). */
static int
take(void *ctx, const struct cli_opt *opt, const char *v, int val)
{
	struct audit_opts *ao = ctx;
	const char *eq;
	char *end, *name;

	(void)val;
	switch (opt->id) {
	case O_DIRECT:
		ao->direct = v;
		break;
	case O_MY_IP:
		ao->my_ip = v;
		break;
	case O_LIMIT:
		errno = 0;
		ao->limit = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0 || ao->limit < 0 ||
		    ao->limit > 1000000) {
			cli_error("--limit takes a number from 0 to "
			          "1000000, not '%s'",
			          v);
			return -1;
		}
		break;
	case O_RESOLVE:
		eq = strchr(v, '=');
		if (eq == NULL || eq == v || eq[1] == '\0') {
			cli_error("--resolve takes NAME=ADDRESS, not '%s'", v);
			return -1;
		}
		if (ao->n_dns == MAX_RESOLVE) {
			cli_error("at most %d --resolve options", MAX_RESOLVE);
			return -1;
		}
		/* argv strings are writable: split in place. */
		name = (char *)(uintptr_t)v;
		name[eq - v] = '\0';
		ao->dns[ao->n_dns].name = name;
		ao->dns[ao->n_dns].addr = eq + 1;
		ao->n_dns++;
		break;
	}
	return 0;
}

static const char *
load_name(enum mr_pac_audit_load l)
{
	switch (l) {
	case MR_AUDIT_LOAD_OK:
		return "loaded";
	case MR_AUDIT_LOAD_NOT_ES5:
		return "not-es5";
	case MR_AUDIT_LOAD_NOT_JS:
		return "not-javascript";
	case MR_AUDIT_LOAD_THREW:
		return "threw";
	case MR_AUDIT_LOAD_TIMEOUT:
		return "timeout";
	case MR_AUDIT_LOAD_NO_FUNC:
		return "no-findproxyforurl";
	case MR_AUDIT_LOAD_TOO_LARGE:
		return "too-large";
	case MR_AUDIT_LOAD_NO_MEMORY:
		return "memory-cap";
	}
	return "?";
}

static const char *const group_title[MR_AUDIT_GROUP_COUNT] = {
    "ExpressRoute-advertised hosts not sent the ExpressRoute path",
    "Internet-only hosts sent the ExpressRoute path",
    "hosts whose result is an error or not a valid PAC return string",
    "constructs newer than ES5 (pacparser and libproxy reject them)"};

static void
catalog_label(const struct mr_catalog *cat, char *buf, size_t cap)
{
	const char *inst = mr_catalog_instance(cat),
	           *date = mr_catalog_date(cat);

	if (inst != NULL)
		snprintf(buf, cap, "%s %s (embedded)", inst, date ? date : "");
	else
		snprintf(buf, cap, "%s", mr_catalog_source(cat));
}

static void
text_report(struct out *o, const struct mr_pac_audit *a, const char *file,
            const char *catl, const char *direct, long limit)
{
	struct mr_pac_audit_stats st;
	size_t g, i, n;

	mr_pac_audit_stats(a, &st);
	out_puts(o, "pac audit: ");
	out_safe(o, file, strlen(file));
	out_printf(o, " against %s\n", catl);
	out_printf(o, "ExpressRoute path: %s\n", direct);
	if (st.load == MR_AUDIT_LOAD_OK)
		out_printf(o,
		           "%zu hosts evaluated with %s(): %zu sent %s first, "
		           "%zu elsewhere, %zu without a valid result\n",
		           st.evaluated, st.function, st.first_direct, direct,
		           st.first_other,
		           st.evaluated - st.first_direct - st.first_other);
	if (st.skipped > 0 && st.load == MR_AUDIT_LOAD_OK)
		out_printf(o,
		           "%zu of %zu hosts not evaluated: stopped after %zu "
		           "calls ran out of the execution budget\n",
		           st.skipped, st.hosts, st.timeouts);
	for (g = 0; g < MR_AUDIT_GROUP_COUNT; g++) {
		n = mr_pac_audit_count(a, (enum mr_pac_audit_group)g);
		out_printf(o, "\n%s: %zu %s\n",
		           mr_pac_audit_group_name((enum mr_pac_audit_group)g),
		           n, group_title[g]);
		for (i = 0; i < n && (limit == 0 || i < (size_t)limit); i++) {
			const struct mr_pac_audit_finding *f =
			    mr_pac_audit_get(a, (enum mr_pac_audit_group)g, i);
			if (g == MR_AUDIT_NOT_ES5) {
				out_puts(o, "  ");
				out_safe(o, file, strlen(file));
				out_printf(o, ":%u:%u: %s\n", f->line, f->col,
				           f->result);
				continue;
			}
			out_printf(o, "  %s -> ", f->host);
			if (g == MR_AUDIT_BAD_RESULT &&
			    strcmp(f->why, "FindProxyForURL threw") == 0) {
				out_puts(o, "threw: ");
				out_safe(o, f->result, strlen(f->result));
				if (f->line > 0) {
					out_puts(o, " (");
					out_safe(o, file, strlen(file));
					out_printf(o, ":%u)", f->line);
				}
			} else if (g == MR_AUDIT_BAD_RESULT &&
			           strcmp(f->why, "not a string") == 0) {
				out_safe(o, f->result, strlen(f->result));
				out_puts(o, " (not a string)");
			} else {
				out_putc(o, '"');
				out_safe(o, f->result, strlen(f->result));
				out_putc(o, '"');
				if (f->why != NULL)
					out_printf(o, " (%s)", f->why);
			}
			if (strcmp(f->host, f->pattern) != 0)
				out_printf(o, "  [%s]", f->pattern);
			out_putc(o, '\n');
		}
		if (limit > 0 && n > (size_t)limit)
			out_printf(o, "  ... and %zu more\n",
			           n - (size_t)limit);
		if (g == MR_AUDIT_NOT_ES5 && st.load == MR_AUDIT_LOAD_NOT_ES5) {
			out_puts(o, "  Duktape 2.7 cannot compile the file (");
			out_safe(o, st.load_error, strlen(st.load_error));
			out_printf(o,
			           "): none of the %zu hosts was evaluated\n",
			           st.hosts);
		}
	}
	out_printf(o, "\n%zu finding%s\n", st.findings,
	           st.findings == 1 ? "" : "s");
}

static void
json_report(struct out *o, const struct mr_pac_audit *a, const char *file,
            const char *catl, const char *direct, long limit)
{
	struct mr_pac_audit_stats st;
	size_t g, i, n;

	mr_pac_audit_stats(a, &st);
	out_puts(o, "{\"file\":");
	json_quote(o, file);
	out_puts(o, ",\"catalog\":");
	json_quote(o, catl);
	out_puts(o, ",\"direct\":");
	json_quote(o, direct);
	out_printf(o, ",\"load\":\"%s\",\"load_error\":", load_name(st.load));
	json_quote(o, st.load_error);
	out_puts(o, ",\"function\":");
	json_quote(o, st.function);
	out_printf(o,
	           ",\"hosts\":%zu,\"evaluated\":%zu,\"first_direct\":%zu,"
	           "\"first_other\":%zu,\"timeouts\":%zu,\"skipped\":%zu,"
	           "\"findings\":%zu,"
	           "\"groups\":{",
	           st.hosts, st.evaluated, st.first_direct, st.first_other,
	           st.timeouts, st.skipped, st.findings);
	for (g = 0; g < MR_AUDIT_GROUP_COUNT; g++) {
		n = mr_pac_audit_count(a, (enum mr_pac_audit_group)g);
		out_printf(
		    o, "%s\"%s\":{\"count\":%zu,\"items\":[", g ? "," : "",
		    mr_pac_audit_group_name((enum mr_pac_audit_group)g), n);
		for (i = 0; i < n && (limit == 0 || i < (size_t)limit); i++) {
			const struct mr_pac_audit_finding *f =
			    mr_pac_audit_get(a, (enum mr_pac_audit_group)g, i);
			out_puts(o, i ? ",{" : "{");
			if (f->host != NULL) {
				out_puts(o, "\"host\":");
				json_quote(o, f->host);
				out_puts(o, ",\"pattern\":");
				json_quote(o, f->pattern);
				out_printf(o, ",\"route\":\"%s\",",
				           mr_route_name(f->route));
			}
			out_puts(o, "\"result\":");
			json_quote(o, f->result);
			out_puts(o, ",\"why\":");
			json_quote(o, f->why);
			out_printf(o, ",\"line\":%u,\"column\":%u}", f->line,
			           f->col);
		}
		out_puts(o, "]}");
	}
	out_puts(o, "}}\n");
}

/* A file that cannot be audited: FILE[:LINE]: error: ... on stderr. */
static void
load_error(const struct mr_pac_audit *a, const char *file)
{
	struct mr_pac_audit_stats st;
	const char *what = "cannot be evaluated";

	mr_pac_audit_stats(a, &st);
	switch (st.load) {
	case MR_AUDIT_LOAD_NOT_JS:
		what = "not a JavaScript PAC file";
		break;
	case MR_AUDIT_LOAD_THREW:
		what = "the PAC file throws while loading";
		break;
	case MR_AUDIT_LOAD_TIMEOUT:
		what = "the PAC file does not finish loading (an endless "
		       "loop?)";
		break;
	case MR_AUDIT_LOAD_NO_FUNC:
		what = "not a PAC file: it defines no function "
		       "FindProxyForURL";
		break;
	case MR_AUDIT_LOAD_TOO_LARGE:
		what = "the PAC file is too large to audit";
		break;
	case MR_AUDIT_LOAD_NO_MEMORY:
		what = "the PAC file exceeds the sandbox's memory cap";
		break;
	default:
		break;
	}
	if (st.load_line > 0)
		fprintf(stderr, "%s:%u: error: %s", file, st.load_line, what);
	else
		fprintf(stderr, "%s: error: %s", file, what);
	if (st.load_error != NULL && st.load != MR_AUDIT_LOAD_NO_FUNC &&
	    st.load != MR_AUDIT_LOAD_TOO_LARGE)
		fprintf(stderr, " (%s)", st.load_error);
	fputc('\n', stderr);
}

int
cmd_pac_audit(int argc, char **argv)
{
	struct mr_pac_audit_opts po = MR_PAC_AUDIT_OPTS_INIT;
	struct audit_opts ao;
	struct cli_opts opt;
	struct mr_catalog *cat;
	struct mr_matcher *m;
	struct mr_pac_audit *a = NULL;
	struct mr_pac_audit_stats st;
	struct mr_diags *d = NULL;
	struct out o;
	char catl[512], direct[256];
	const char *file, *why;
	char *js;
	size_t len;
	int rc, first;

	memset(&ao, 0, sizeof(ao));
	ao.limit = 10;
	if ((rc = cli_parse(argc, argv, &cli_verb_pac_audit, &opt, &first, take,
	                    &ao)) >= 0)
		return rc;
	if (first >= argc) {
		cli_error("pac audit: which PAC file? (see 'm365route pac "
		          "audit --help')");
		return EXIT_USAGE;
	}
	if (first + 1 < argc) {
		cli_error("pac audit: one PAC file at a time, not '%s' too",
		          argv[first + 1]);
		return EXIT_USAGE;
	}
	file = argv[first];
	if (strcmp(file, "-") == 0 && opt.co.file != NULL &&
	    strcmp(opt.co.file, "-") == 0) {
		cli_error("pac audit: the feed and the PAC file cannot both "
		          "come from stdin");
		return EXIT_USAGE;
	}
	if (ao.direct != NULL && (why = mr_pac_audit_check_return(
	                              ao.direct, strlen(ao.direct))) != NULL) {
		cli_error("--direct '%s' is not a PAC return string: %s",
		          ao.direct, why);
		return EXIT_USAGE;
	}
	po.direct = ao.direct;
	po.my_ip = ao.my_ip;
	if (ao.n_dns == 0) {
		ao.dns[0].name = "*";
		ao.dns[0].addr = DEFAULT_ADDR;
		ao.n_dns = 1;
	}
	po.dns = ao.dns;
	po.n_dns = ao.n_dns;
	mr_pac_audit_first_entry(ao.direct ? ao.direct : "DIRECT",
	                         strlen(ao.direct ? ao.direct : "DIRECT"),
	                         direct, sizeof(direct));

	if ((rc = cli_load(&opt.co, &opt.dopt, &cat, &m)) != EXIT_OK)
		return rc;
	catalog_label(cat, catl, sizeof(catl));
	if (mr_read_file(file, 8u << 20, "a PAC file", &js, &len) != MR_OK) {
		cli_error("%s", mr_error_last());
		cli_unload(cat, m);
		return EXIT_USAGE;
	}
	if (strcmp(file, "-") == 0)
		file = "<stdin>";
	if (mr_diags_new(&d) != MR_OK) {
		cli_error("out of memory");
		rc = EXIT_USAGE;
		goto out;
	}
	rc = mr_pac_audit(&a, file, js, len, m, &po, d);
	if (rc != MR_OK && rc != MR_EPARSE) {
		cli_error("pac audit: %s", mr_error_last());
		rc = EXIT_USAGE;
		goto out;
	}
	if (rc == MR_EPARSE) {
		load_error(a, file);
		rc = EXIT_USAGE;
		goto out;
	}
	if (out_open(&o, opt.output) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (opt.fmt == CLI_FMT_JSON)
		json_report(&o, a, file, catl, direct, ao.limit);
	else
		text_report(&o, a, file, catl, direct, ao.limit);
	if (out_close(&o) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	mr_pac_audit_stats(a, &st);
	rc = st.findings > 0 ? EXIT_FINDINGS : EXIT_OK;
out:
	mr_pac_audit_free(a);
	mr_diags_free(d);
	free(js);
	cli_unload(cat, m);
	return rc;
}
