/*
 * cmd_endpoints.c - m365route endpoints update | rollback | diff | status |
 * changes: keep the stored catalog current from Microsoft's web service,
 * safely, and show what a new catalog means for routing (feed.h).
 *
 * The library does the work; this file parses the options it adds to the
 * common ones (--data-dir, --base-url, --force, --retries, --timeout,
 * --connect-timeout, --max-wait, --plan: one table per sub-command that
 * cli_parse() reads, opts.h), resolves the default data directory from the
 * environment (the library never reads it), prints and picks exit codes:
 * 0 done (also: up to date), 1 the safety rules refused a download, 2
 * usage, network, HTTP, file errors or an invalid download.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "feed_cli.h"
#include "json.h"
#include "m365route/feed.h"

#define PATHMAX 4096

static const struct cli_value formats_text[] = {{"text", CLI_FMT_TEXT},
                                                {NULL, 0}};
static const struct cli_value formats[] = {
    {"text", CLI_FMT_TEXT}, {"json", CLI_FMT_JSON}, {NULL, 0}};

enum {
	O_DATA_DIR = CLI_O_VERB,
	O_BASE_URL,
	O_PLAN,
	O_FORCE,
	O_RETRIES,
	O_TIMEOUT,
	O_CONNECT_TIMEOUT,
	O_MAX_WAIT
};

/*
 * Every sub-command takes every option of the verb (so that one it does
 * not use is refused by refuse() with a message that says so); the ones
 * it does not use have no help text and are not listed.
 */
#define DATA_DIR(help)                                                         \
	{                                                                      \
		O_DATA_DIR, "--data-dir", 0, "DIR", help, NULL, 0              \
	}
#define DATA_DIR_HELP                                                          \
	"the store (default: $M365ROUTE_DATA_DIR, else\n"                      \
	"$XDG_DATA_HOME/m365route, else ~/.local/share/m365route)"
#define INSTANCE_HELP "worldwide (default), china, usgovdod, usgovgcchigh"
#define PLAN(help)                                                             \
	{                                                                      \
		O_PLAN, "--plan", 0, "DIR", help, NULL, 0                      \
	}
#define UPDATE_OPTS(base, force, retries, timeout, ctimeout, maxwait)            \
	{O_BASE_URL, "--base-url", 0, "URL", base, NULL, 0},                     \
	    {O_FORCE, "--force", 0, NULL, force, NULL, 0},                       \
	    {O_RETRIES, "--retries", 0, "N", retries, NULL, 0},                  \
	    {O_TIMEOUT, "--timeout", 0, "S", timeout, NULL, 0},                  \
	    {O_CONNECT_TIMEOUT, "--connect-timeout", 0, "S", ctimeout, NULL, 0}, \
	{                                                                        \
		O_MAX_WAIT, "--max-wait", 0, "S", maxwait, NULL, 0               \
	}
#define UPDATE_HIDDEN UPDATE_OPTS(NULL, NULL, NULL, NULL, NULL, NULL)
/* Common options a sub-command accepts without listing them. */
#define HIDDEN_COMMON                                                          \
	CLI_OPT_CATALOG(NULL), CLI_OPT_EMBEDDED(NULL),                         \
	    {CLI_O_W, "-W", 0, "<slug>", NULL, NULL, CLI_PREFIX},              \
	    {CLI_O_WERROR, "-Werror", 0, NULL, NULL, NULL, 0},                 \
	{                                                                      \
		CLI_O_MAX_ERRORS, "--max-errors", 0, "N", NULL, NULL, 0        \
	}

static const struct cli_opt no_opts[] = {CLI_OPT_HELP, CLI_OPT_END};

const struct cli_verb cli_verb_endpoints = {
    "endpoints",
    "usage: m365route endpoints <update|rollback|diff|status|changes> "
    "[options]\n"
    "\n"
    "Keep the endpoint catalog current from Microsoft's web service, and\n"
    "show what a new catalog means for routing.\n"
    "\n"
    "  update     fetch /version and, when it changed, the new catalog;\n"
    "             validate it, check the safety rules, install it\n"
    "  rollback   go back to the catalog the last update replaced\n"
    "  diff       OLD NEW: sets added/removed/changed, routes that moved,\n"
    "             exception-table entries, whether plan's artefacts are "
    "stale\n"
    "  status     what is stored, and which catalog the other verbs use\n"
    "  changes    FILE: read a /changes response\n"
    "\n"
    "'m365route endpoints <sub> --help' tells more. The data directory is\n"
    "--data-dir, else $M365ROUTE_DATA_DIR, else $XDG_DATA_HOME/m365route,\n"
    "else ~/.local/share/m365route.\n",
    no_opts, NULL};

static const struct cli_opt update_opts[] = {
    DATA_DIR(DATA_DIR_HELP),
    CLI_OPT_INSTANCE(INSTANCE_HELP),
    UPDATE_OPTS("the service (default https://endpoints.office.com;\n"
                "plain http only to 127.0.0.1, [::1], localhost)",
                "install even if unchanged or refused by the rules",
                "extra attempts after 429/5xx (0-10, default 3)",
                "per request, whole transfer (1-3600, default 60)",
                "per connection attempt (1-600, default 10)",
                "longest Retry-After to honour (default 120)"),
    CLI_OPT_DIAG_FORMAT("text (default) or json diagnostics on stderr"),
    CLI_OPT_VERBOSE("also show notes about the downloaded feed"),
    CLI_OPT_HELP,
    PLAN(NULL),
    CLI_OPT_FORMAT(formats_text, NULL),
    CLI_OPT_OUTPUT("FILE", NULL),
    HIDDEN_COMMON,
    CLI_OPT_END};

const struct cli_verb cli_verb_endpoints_update = {
    "endpoints update",
    "usage: m365route endpoints update [options]\n"
    "\n"
    "Ask the web service for the latest version of the instance's catalog\n"
    "(GET /version/<Instance>) and, only when it is newer than the stored\n"
    "one, download it (GET /endpoints/<Instance>). The download is\n"
    "validated completely, as any feed is loaded, and compared with the\n"
    "stored catalog (the embedded snapshot when none is stored): it is\n"
    "refused when it has more than 25% fewer endpoint sets, URL patterns,\n"
    "IP prefixes or prefixes of ExpressRoute sets, or no ExpressRoute set\n"
    "where there were some, unless --force. It is then installed\n"
    "atomically; the catalog it replaces is kept for rollback.\n"
    "Every request carries the installation's ClientRequestId (created once\n"
    "in the data directory). 429 and 5xx answers are retried after\n"
    "Retry-After or an exponential back-off.\n"
    "\n",
    update_opts,
    "\n"
    "exit status: 0 installed or up to date, 1 refused by the safety rules\n"
    "(nothing changed), 2 usage, network, HTTP or file errors, or a download\n"
    "that is not a valid catalog (nothing changed).\n"};

static const struct cli_opt rollback_opts[] = {
    DATA_DIR(DATA_DIR_HELP),
    CLI_OPT_INSTANCE(INSTANCE_HELP),
    CLI_OPT_HELP,
    UPDATE_HIDDEN,
    PLAN(NULL),
    CLI_OPT_FORMAT(formats_text, NULL),
    CLI_OPT_OUTPUT("FILE", NULL),
    CLI_OPT_DIAG_FORMAT(NULL),
    CLI_OPT_VERBOSE(NULL),
    HIDDEN_COMMON,
    CLI_OPT_END};

const struct cli_verb cli_verb_endpoints_rollback = {
    "endpoints rollback",
    "usage: m365route endpoints rollback [options]\n"
    "\n"
    "Go back to the catalog the last update replaced (it is validated\n"
    "first). Current and previous swap, and the version rolled back from is\n"
    "held: 'update' does not install it again until a newer one is\n"
    "published, unless --force.\n"
    "\n",
    rollback_opts,
    "\n"
    "exit status: 0 done, 2 nothing to roll back to or an error.\n"};

static const struct cli_opt diff_opts[] = {
    CLI_OPT_FORMAT(formats, "text (default) or json"),
    CLI_OPT_OUTPUT("FILE", "write to FILE (atomically) instead of stdout"),
    PLAN("also check a plan directory: its summary.txt\n"
         "line 'catalog-digest: <sha256>' against NEW"),
    DATA_DIR(DATA_DIR_HELP),
    CLI_OPT_INSTANCE(INSTANCE_HELP),
    CLI_OPT_DIAG_FORMAT("text (default) or json diagnostics on stderr"),
    CLI_OPT_HELP,
    UPDATE_HIDDEN,
    CLI_OPT_VERBOSE(NULL),
    HIDDEN_COMMON,
    CLI_OPT_END};

const struct cli_verb cli_verb_endpoints_diff = {
    "endpoints diff",
    "usage: m365route endpoints diff [options] OLD NEW\n"
    "\n"
    "Compare two catalogs: endpoint sets added, removed and changed; host\n"
    "patterns and prefixes whose route differs (each catalog's own matcher\n"
    "decides: moved between ExpressRoute and the Internet, newly routed, no\n"
    "longer routed); entries of the two exception tables that appeared or\n"
    "went away; and whether PAC files and router prefix lists written from\n"
    "OLD are stale (the catalog digests differ). OLD and NEW are files, or\n"
    "@embedded (the snapshot compiled in), @current or @previous (stored).\n"
    "\n",
    diff_opts, NULL};

static const struct cli_opt status_opts[] = {
    CLI_OPT_FORMAT(formats, "text (default) or json"),
    DATA_DIR(DATA_DIR_HELP),
    CLI_OPT_INSTANCE(INSTANCE_HELP),
    CLI_OPT_HELP,
    UPDATE_HIDDEN,
    PLAN(NULL),
    CLI_OPT_OUTPUT("FILE", NULL),
    CLI_OPT_DIAG_FORMAT(NULL),
    CLI_OPT_VERBOSE(NULL),
    HIDDEN_COMMON,
    CLI_OPT_END};

const struct cli_verb cli_verb_endpoints_status = {
    "endpoints status",
    "usage: m365route endpoints status [options]\n"
    "\n"
    "Show the data directory, the ClientRequestId, the stored versions\n"
    "(current, previous, held back), the catalog digest, and which catalog\n"
    "the other verbs use.\n"
    "\n",
    status_opts,
    "\n"
    "exit status: 0, or 2 when the store is damaged.\n"};

static const struct cli_opt changes_opts[] = {
    CLI_OPT_FORMAT(formats, "text (default) or json"),
    CLI_OPT_OUTPUT("FILE", "write to FILE (atomically) instead of stdout"),
    CLI_OPT_DIAG_FORMAT("text (default) or json diagnostics on stderr"),
    CLI_OPT_VERBOSE("also show notes"),
    CLI_OPT_HELP,
    UPDATE_HIDDEN,
    PLAN(NULL),
    DATA_DIR(NULL),
    CLI_OPT_INSTANCE(NULL),
    HIDDEN_COMMON,
    CLI_OPT_END};

const struct cli_verb cli_verb_endpoints_changes = {
    "endpoints changes",
    "usage: m365route endpoints changes [options] FILE\n"
    "\n"
    "Read a /changes/<instance>/<version> response (FILE, '-' for stdin)\n"
    "and print its records. Booleans written as strings are accepted.\n"
    "\n",
    changes_opts, NULL};

/* The options this verb adds to the common ones. */
struct fopts {
	const char *data_dir;
	const char *base_url;
	const char *plan;
	int force;
	long retries, timeout, connect_timeout, max_wait;
};

const char *
cli_data_dir(const char *opt, char *buf, size_t n)
{
	const char *e;

	if (opt != NULL) {
		snprintf(buf, n, "%s", opt);
		return buf;
	}
	if ((e = getenv("M365ROUTE_DATA_DIR")) != NULL) {
		if (e[0] == '\0')
			return NULL;
		snprintf(buf, n, "%s", e);
		return buf;
	}
	if ((e = getenv("XDG_DATA_HOME")) != NULL && e[0] == '/') {
		snprintf(buf, n, "%s/m365route", e);
		return buf;
	}
	if ((e = getenv("HOME")) != NULL && e[0] != '\0') {
		snprintf(buf, n, "%s/.local/share/m365route", e);
		return buf;
	}
	return NULL;
}

static int
number(const char *opt, const char *v, long lo, long hi, long *out)
{
	char *end;
	long x;

	errno = 0;
	x = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || x < lo || x > hi) {
		cli_error("%s takes a number from %ld to %ld, not '%s'", opt,
		          lo, hi, v);
		return -1;
	}
	*out = x;
	return 0;
}

/* One of the verb's own options (cli_take_fn). */
static int
take(void *ctx, const struct cli_opt *opt, const char *v, int val)
{
	struct fopts *f = ctx;

	(void)val;
	switch (opt->id) {
	case O_FORCE:
		f->force = 1;
		return 0;
	case O_RETRIES:
		return number(opt->name, v, 0, 10, &f->retries);
	case O_TIMEOUT:
		return number(opt->name, v, 1, 3600, &f->timeout);
	case O_CONNECT_TIMEOUT:
		return number(opt->name, v, 1, 600, &f->connect_timeout);
	case O_MAX_WAIT:
		return number(opt->name, v, 0, 86400, &f->max_wait);
	}
	if (v[0] == '\0') {
		cli_error("%s needs a non-empty value", opt->name);
		return -1;
	}
	if (opt->id == O_DATA_DIR)
		f->data_dir = v;
	else if (opt->id == O_BASE_URL)
		f->base_url = v;
	else
		f->plan = v;
	return 0;
}

/* Options that a sub-command does not take. */
static int
refuse(const char *sub, const struct fopts *f, const struct cli_opts *o,
       unsigned allowed)
{
	const char *bad = NULL;

	if (f->base_url && !(allowed & 1))
		bad = "--base-url";
	else if (f->force && !(allowed & 1))
		bad = "--force";
	else if ((f->retries >= 0 || f->timeout >= 0 ||
	          f->connect_timeout >= 0 || f->max_wait >= 0) &&
	         !(allowed & 1))
		bad = "--retries/--timeout/--connect-timeout/--max-wait";
	else if (f->plan && !(allowed & 2))
		bad = "--plan";
	else if (f->data_dir && !(allowed & 4))
		bad = "--data-dir";
	else if (o->co.file != NULL)
		bad = "--catalog";
	if (bad == NULL)
		return -1;
	cli_error("endpoints %s: %s does not apply here (see 'm365route "
	          "endpoints %s --help')",
	          sub, bad, sub);
	return EXIT_USAGE;
}

static const char *
need_dir(const struct fopts *f, char *buf, size_t n)
{
	const char *d = cli_data_dir(f->data_dir, buf, n);

	if (d == NULL)
		cli_error("no data directory: give --data-dir DIR (HOME and "
		          "XDG_DATA_HOME are not set, or M365ROUTE_DATA_DIR is "
		          "set empty)");
	return d;
}

/* What every verb on the data directory starts from. */
struct store {
	struct cli_opts opt;
	char dbuf[PATHMAX];
	const char *dir;  /* the data directory (in dbuf) */
	const char *inst; /* the instance's canonical name */
};

/* The start those verbs share: parse argv, refuse the options that do not
 * apply (refuse()), find the directory and the instance. -1 to go on,
 * else the exit status (message printed). */
static int
store_verb(struct store *s, int argc, char **argv, const struct cli_verb *verb,
           const char *sub, unsigned allowed, struct fopts *f)
{
	int rc;

	if ((rc = cli_parse(argc, argv, verb, &s->opt, NULL, take, f)) >= 0)
		return rc;
	if ((rc = refuse(sub, f, &s->opt, allowed)) >= 0)
		return rc;
	if ((s->dir = need_dir(f, s->dbuf, sizeof(s->dbuf))) == NULL)
		return EXIT_USAGE;
	s->inst = mr_feed_instance_name(s->opt.co.instance ? s->opt.co.instance
	                                                   : "worldwide");
	if (s->inst == NULL) {
		cli_error("unknown instance '%s' (worldwide, china, usgovdod, "
		          "usgovgcchigh)",
		          s->opt.co.instance);
		return EXIT_USAGE;
	}
	return -1;
}

static void
log_note(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "%s: note: %s\n", cli_prog, msg);
}

static void
render_load(struct mr_diags *d, const struct cli_diag_opts *dopt, int rc,
            const char *what)
{
	cli_render_diags(d, dopt);
	if (rc == MR_EPARSE) {
		size_t e = mr_diags_errors(d);
		cli_error("%s: not a valid catalog (%zu error%s)", what, e,
		          e == 1 ? "" : "s");
	} else if (rc != MR_OK) {
		cli_error("%s", mr_error_last());
	}
}

/*
 * Loading a catalog named on the command line.
 */

struct side {
	struct mr_catalog *cat;
	struct mr_matcher *m;
	char label[PATHMAX + 64];
};

static int
load_side(struct side *s, const char *spec, const char *instance,
          const struct fopts *f, const struct cli_diag_opts *dopt)
{
	struct mr_feed_state st;
	struct mr_diags *d;
	char dbuf[PATHMAX];
	const char *dir, *path = spec;
	int rc;

	memset(s, 0, sizeof(*s));
	if (mr_diags_new(&d) != MR_OK) {
		cli_error("out of memory");
		return EXIT_USAGE;
	}
	if (strcmp(spec, "@embedded") == 0) {
		rc = mr_catalog_load_embedded(&s->cat, instance, d);
		snprintf(s->label, sizeof(s->label), "embedded %s snapshot",
		         mr_feed_instance_name(instance)
		             ? mr_feed_instance_name(instance)
		             : instance);
		goto loaded;
	}
	if (strcmp(spec, "@current") == 0 || strcmp(spec, "@previous") == 0) {
		if ((dir = need_dir(f, dbuf, sizeof(dbuf))) == NULL) {
			mr_diags_free(d);
			return EXIT_USAGE;
		}
		if ((rc = mr_feed_state_read(&st, dir, instance)) != MR_OK) {
			cli_error("%s: %s", spec, mr_error_last());
			mr_diags_free(d);
			return EXIT_USAGE;
		}
		if (spec[1] == 'p' && st.previous[0] == '\0') {
			cli_error("@previous: no previous catalog of %s is "
			          "stored in '%s'",
			          st.instance, dir);
			mr_diags_free(d);
			return EXIT_USAGE;
		}
		path = spec[1] == 'p' ? st.previous_path : st.path;
		snprintf(s->label, sizeof(s->label), "%s (stored %s %s)", path,
		         st.instance,
		         spec[1] == 'p' ? st.previous : st.version);
	} else {
		snprintf(s->label, sizeof(s->label), "%s", spec);
	}
	rc = mr_catalog_load_file(&s->cat, path, d);
loaded:
	render_load(d, dopt, rc, s->label);
	mr_diags_free(d);
	if (rc != MR_OK)
		return EXIT_USAGE;
	if (mr_matcher_build(&s->m, s->cat) != MR_OK) {
		cli_error("%s", mr_error_last());
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static void
unload_side(struct side *s)
{
	mr_matcher_free(s->m);
	mr_catalog_free(s->cat);
}

static size_t
count_er(const struct mr_catalog *c)
{
	size_t i, n = 0;

	for (i = 0; i < mr_catalog_count(c); i++)
		n += mr_catalog_set(c, i)->express_route;
	return n;
}

/*
 * diff
 */

static const struct {
	unsigned bit;
	const char *name;
} fields[] = {
    {MR_DIFF_AREA, "serviceArea"},  {MR_DIFF_DISPLAY, "serviceAreaDisplayName"},
    {MR_DIFF_CATEGORY, "category"}, {MR_DIFF_ER, "expressRoute"},
    {MR_DIFF_REQUIRED, "required"}, {MR_DIFF_NOTES, "notes"},
    {MR_DIFF_TCP, "tcpPorts"},      {MR_DIFF_UDP, "udpPorts"},
    {MR_DIFF_URLS, "urls"},         {MR_DIFF_IPS, "ips"},
};

#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

static const char *
yn(bool b)
{
	return b ? "true" : "false";
}

static const char *
opt_s(const char *s)
{
	return s ? s : "-";
}

static void
set_line(struct out *o, const struct mr_endpoint_set *s)
{
	out_printf(
	    o, "  %lld %s %s %s, %zu url%s, %zu prefix%s\n", (long long)s->id,
	    s->service_area, mr_category_name(s->category),
	    s->express_route ? "expressroute" : "internet", s->n_urls,
	    s->n_urls == 1 ? "" : "s", s->n_ips, s->n_ips == 1 ? "" : "es");
}

static void
changed_line(struct out *o, const struct mr_diff_set *c)
{
	const struct mr_endpoint_set *a = c->old, *b = c->new;
	size_t k;
	int first = 1;

	out_printf(o, "  %lld %s:", (long long)c->id, b->service_area);
	for (k = 0; k < N_FIELDS; k++) {
		unsigned f = fields[k].bit;
		if (!(c->fields & f))
			continue;
		out_puts(o, first ? " " : "; ");
		first = 0;
		switch (f) {
		case MR_DIFF_AREA:
			out_printf(o, "serviceArea %s -> %s", a->service_area,
			           b->service_area);
			break;
		case MR_DIFF_CATEGORY:
			out_printf(o, "category %s -> %s",
			           mr_category_name(a->category),
			           mr_category_name(b->category));
			break;
		case MR_DIFF_ER:
			out_printf(o, "expressRoute %s -> %s",
			           yn(a->express_route), yn(b->express_route));
			break;
		case MR_DIFF_REQUIRED:
			out_printf(o, "required %s -> %s", yn(a->required),
			           yn(b->required));
			break;
		case MR_DIFF_TCP:
			out_printf(o, "tcpPorts %s -> %s", opt_s(a->tcp_ports),
			           opt_s(b->tcp_ports));
			break;
		case MR_DIFF_UDP:
			out_printf(o, "udpPorts %s -> %s", opt_s(a->udp_ports),
			           opt_s(b->udp_ports));
			break;
		case MR_DIFF_URLS:
			out_printf(o, "urls +%zu -%zu", c->urls_added,
			           c->urls_removed);
			break;
		case MR_DIFF_IPS:
			out_printf(o, "ips +%zu -%zu", c->ips_added,
			           c->ips_removed);
			break;
		default:
			out_puts(o, fields[k].name);
			break;
		}
	}
	out_putc(o, '\n');
}

static const char *
route_word(enum mr_route r)
{
	return r == MR_ROUTE_EXPRESSROUTE ? "expressroute"
	       : r == MR_ROUTE_INTERNET   ? "internet"
	                                  : "unrouted";
}

static void
routes_text(struct out *o, const struct mr_catalog_diff *df, const char *title,
            int which)
{
	size_t i, n = 0;

	for (i = 0; i < df->n_routes; i++) {
		const struct mr_diff_route *r = &df->routes[i];
		int w = r->from == MR_ROUTE_UNKNOWN      ? 1
		        : r->to == MR_ROUTE_UNKNOWN      ? 2
		        : r->to == MR_ROUTE_EXPRESSROUTE ? 3
		                                         : 4;
		if (w != which)
			continue;
		if (n++ == 0)
			out_printf(o, "  %s:\n", title);
		if (which > 2)
			out_printf(o, "    %s\n", r->text);
		else
			out_printf(o, "    %-50s %s%s\n", r->text,
			           route_word(which == 1 ? r->to : r->from),
			           !r->partly   ? ""
			           : which == 1 ? " (parts were routed before)"
			                        : " (parts are still routed)");
	}
}

static void
plan_check(const char *plan, char *pd, int *prc)
{
	*prc = MR_ENOTFOUND;
	pd[0] = '\0';
	if (plan != NULL)
		*prc = mr_feed_plan_digest(pd, plan);
}

static void
diff_text(struct out *o, const struct side *a, const struct side *b,
          const struct mr_catalog_diff *df, const char *plan)
{
	char pd[MR_DIGEST_LEN + 1];
	size_t i;
	int prc;

	out_printf(o, "old  %s: %zu sets (%zu ExpressRoute)\n", a->label,
	           mr_catalog_count(a->cat), count_er(a->cat));
	out_printf(o, "new  %s: %zu sets (%zu ExpressRoute)\n\n", b->label,
	           mr_catalog_count(b->cat), count_er(b->cat));
	out_printf(o, "endpoint sets: %zu removed, %zu added, %zu changed\n",
	           df->n_removed, df->n_added, df->n_changed);
	if (df->n_removed)
		out_puts(o, " removed:\n");
	for (i = 0; i < df->n_removed; i++)
		set_line(o, df->removed[i].old);
	if (df->n_added)
		out_puts(o, " added:\n");
	for (i = 0; i < df->n_added; i++)
		set_line(o, df->added[i].new);
	if (df->n_changed)
		out_puts(o, " changed:\n");
	for (i = 0; i < df->n_changed; i++)
		changed_line(o, &df->changed[i]);

	out_printf(o,
	           "\nrouting: %zu moved between ExpressRoute and the "
	           "Internet, %zu newly routed, %zu no longer routed\n",
	           df->n_moved, df->n_appeared, df->n_disappeared);
	routes_text(o, df, "moved to ExpressRoute", 3);
	routes_text(o, df, "moved to the Internet only", 4);
	routes_text(o, df, "newly routed (route now)", 1);
	routes_text(o, df, "no longer in the feed (route before)", 2);

	out_printf(o, "\nexception tables: %zu entr%s changed\n",
	           df->n_exceptions, df->n_exceptions == 1 ? "y" : "ies");
	for (i = 0; i < df->n_exceptions; i++) {
		const struct mr_diff_exception *e = &df->exceptions[i];
		out_printf(o, "  %s %s table: %s -> %s\n", e->added ? "+" : "-",
		           e->er_table ? "ExpressRoute-wildcard"
		                       : "Internet-wildcard",
		           e->wildcard, e->sub);
	}

	out_printf(o, "\nartefacts: catalog digest %.12s -> %.12s: ",
	           df->old_digest, df->new_digest);
	if (df->artefacts_stale)
		out_puts(o, "PAC files and router prefix lists written from "
		            "the old catalog are stale; run 'm365route plan' "
		            "again\n");
	else
		out_puts(o, "unchanged; artefacts written from the old catalog "
		            "are still current\n");
	plan_check(plan, pd, &prc);
	if (plan == NULL)
		return;
	if (prc == MR_OK)
		out_printf(o, "plan %s: written from catalog %.12s: %s\n", plan,
		           pd,
		           strcmp(pd, df->new_digest) == 0
		               ? "current for the new catalog"
		               : "STALE for the new catalog; run 'm365route "
		                 "plan' again");
	else
		out_printf(o, "plan %s: %s\n", plan, mr_error_last());
}

static void
jset(struct out *o, const struct mr_endpoint_set *s)
{
	out_printf(o, "{\"id\":%lld,\"serviceArea\":", (long long)s->id);
	json_quote(o, s->service_area);
	out_printf(o,
	           ",\"category\":\"%s\",\"expressRoute\":%s,\"required\":%s,"
	           "\"urls\":%zu,\"ips\":%zu}",
	           mr_category_name(s->category), yn(s->express_route),
	           yn(s->required), s->n_urls, s->n_ips);
}

static void
jside(struct out *o, const struct side *s, const char *digest)
{
	out_puts(o, "{\"source\":");
	json_quote(o, s->label);
	out_printf(o, ",\"sets\":%zu,\"expressroute_sets\":%zu,\"digest\":",
	           mr_catalog_count(s->cat), count_er(s->cat));
	json_quote(o, digest);
	out_putc(o, '}');
}

static void
diff_json(struct out *o, const struct side *a, const struct side *b,
          const struct mr_catalog_diff *df, const char *plan)
{
	char pd[MR_DIGEST_LEN + 1];
	size_t i, k;
	int prc, first;

	out_puts(o, "{\"old\":");
	jside(o, a, df->old_digest);
	out_puts(o, ",\"new\":");
	jside(o, b, df->new_digest);
	out_puts(o, ",\"sets\":{\"removed\":[");
	for (i = 0; i < df->n_removed; i++) {
		out_puts(o, i ? "," : "");
		jset(o, df->removed[i].old);
	}
	out_puts(o, "],\"added\":[");
	for (i = 0; i < df->n_added; i++) {
		out_puts(o, i ? "," : "");
		jset(o, df->added[i].new);
	}
	out_puts(o, "],\"changed\":[");
	for (i = 0; i < df->n_changed; i++) {
		const struct mr_diff_set *c = &df->changed[i];
		out_printf(o, "%s{\"id\":%lld,\"fields\":[", i ? "," : "",
		           (long long)c->id);
		for (k = 0, first = 1; k < N_FIELDS; k++)
			if (c->fields & fields[k].bit) {
				out_printf(o, "%s\"%s\"", first ? "" : ",",
				           fields[k].name);
				first = 0;
			}
		out_puts(o, "],\"old\":");
		jset(o, c->old);
		out_puts(o, ",\"new\":");
		jset(o, c->new);
		out_printf(o,
		           ",\"urls_added\":%zu,\"urls_removed\":%zu,"
		           "\"ips_added\":%zu,\"ips_removed\":%zu}",
		           c->urls_added, c->urls_removed, c->ips_added,
		           c->ips_removed);
	}
	out_printf(o,
	           "]},\"routing\":{\"moved\":%zu,\"appeared\":%zu,"
	           "\"disappeared\":%zu,\"changes\":[",
	           df->n_moved, df->n_appeared, df->n_disappeared);
	for (i = 0; i < df->n_routes; i++) {
		const struct mr_diff_route *r = &df->routes[i];
		out_puts(o, i ? ",{\"text\":" : "{\"text\":");
		json_quote(o, r->text);
		out_printf(o,
		           ",\"kind\":\"%s\",\"from\":\"%s\",\"to\":\"%s\","
		           "\"partly\":%s}",
		           r->is_prefix ? "prefix" : "pattern",
		           mr_route_name(r->from), mr_route_name(r->to),
		           yn(r->partly));
	}
	out_puts(o, "]},\"exceptions\":[");
	for (i = 0; i < df->n_exceptions; i++) {
		const struct mr_diff_exception *e = &df->exceptions[i];
		out_printf(o, "%s{\"change\":\"%s\",\"table\":\"%s\",",
		           i ? "," : "", e->added ? "added" : "removed",
		           e->er_table ? "expressroute_wildcards"
		                       : "internet_wildcards");
		out_puts(o, "\"wildcard\":");
		json_quote(o, e->wildcard);
		out_puts(o, ",\"sub\":");
		json_quote(o, e->sub);
		out_putc(o, '}');
	}
	out_printf(o, "],\"artefacts_stale\":%s", yn(df->artefacts_stale));
	plan_check(plan, pd, &prc);
	if (plan != NULL) {
		out_puts(o, ",\"plan\":{\"dir\":");
		json_quote(o, plan);
		if (prc == MR_OK) {
			out_puts(o, ",\"digest\":");
			json_quote(o, pd);
			out_printf(o, ",\"stale\":%s}",
			           yn(strcmp(pd, df->new_digest) != 0));
		} else {
			out_puts(o, ",\"digest\":null,\"stale\":null,"
			            "\"error\":");
			json_quote(o, mr_error_last());
			out_putc(o, '}');
		}
	}
	out_puts(o, "}\n");
}

static int
sub_diff(int argc, char **argv, struct fopts *f)
{
	struct cli_opts opt;
	struct side a, b;
	struct mr_catalog_diff *df = NULL;
	const char *inst;
	struct out o;
	int rc, first;

	if ((rc = cli_parse(argc, argv, &cli_verb_endpoints_diff, &opt, &first,
	                    take, f)) >= 0)
		return rc;
	if ((rc = refuse("diff", f, &opt, 2 | 4)) >= 0)
		return rc;
	if (argc - first != 2) {
		cli_error("endpoints diff takes two catalogs, OLD and NEW (see "
		          "'m365route endpoints diff --help')");
		return EXIT_USAGE;
	}
	if (f->plan != NULL) {
		char pd[MR_DIGEST_LEN + 1];
		if (mr_feed_plan_digest(pd, f->plan) == MR_EIO) {
			cli_error("--plan: %s", mr_error_last());
			return EXIT_USAGE;
		}
	}
	inst = opt.co.instance ? opt.co.instance : "worldwide";
	if (load_side(&a, argv[first], inst, f, &opt.dopt) != EXIT_OK) {
		unload_side(&a);
		return EXIT_USAGE;
	}
	if (load_side(&b, argv[first + 1], inst, f, &opt.dopt) != EXIT_OK) {
		unload_side(&a);
		unload_side(&b);
		return EXIT_USAGE;
	}
	rc = EXIT_OK;
	if (mr_catalog_diff(&df, a.m, b.m) != MR_OK) {
		cli_error("%s", mr_error_last());
		rc = EXIT_USAGE;
	} else if (out_open(&o, opt.output) != 0) {
		rc = EXIT_USAGE;
	} else {
		if (opt.fmt == CLI_FMT_JSON)
			diff_json(&o, &a, &b, df, f->plan);
		else
			diff_text(&o, &a, &b, df, f->plan);
		if (out_close(&o) != 0)
			rc = EXIT_USAGE;
	}
	mr_catalog_diff_free(df);
	unload_side(&a);
	unload_side(&b);
	return rc;
}

/*
 * update, rollback
 */

static void
opts_from(struct mr_feed_opts *fo, const struct fopts *f, const char *dir,
          const char *instance)
{
	struct mr_feed_opts init = MR_FEED_OPTS_INIT;

	*fo = init;
	fo->data_dir = dir;
	fo->instance = instance;
	fo->base_url = f->base_url;
	fo->force = f->force != 0;
	if (f->retries >= 0)
		fo->retries = (unsigned)f->retries;
	if (f->timeout >= 0)
		fo->timeout_ms = f->timeout * 1000;
	if (f->connect_timeout >= 0)
		fo->connect_timeout_ms = f->connect_timeout * 1000;
	if (f->max_wait >= 0)
		fo->max_wait_s = (unsigned)f->max_wait;
	fo->log = log_note;
}

/* Run fn (mr_feed_update() or mr_feed_rollback()) on the store's instance.
 * -1 with *r filled and the findings in *d (the caller frees them), else
 * EXIT_USAGE with the findings on what and "INST: error: INST: failed"
 * printed. */
static int
feed_run(int (*fn)(struct mr_feed_result *, const struct mr_feed_opts *,
                   struct mr_diags *),
         struct mr_feed_result *r, struct mr_diags **d, const struct store *s,
         const struct fopts *f, const char *what, const char *failed)
{
	struct mr_feed_opts fo;
	int rc;

	opts_from(&fo, f, s->dir, s->inst);
	if (mr_diags_new(d) != MR_OK) {
		cli_error("out of memory");
		return EXIT_USAGE;
	}
	if ((rc = fn(r, &fo, *d)) == MR_OK)
		return -1;
	render_load(*d, &s->opt.dopt, rc, what);
	fprintf(stderr, "%s: error: %s: %s\n", cli_prog, s->inst, failed);
	mr_diags_free(*d);
	return EXIT_USAGE;
}

/* After an update: one line of what changed (best effort). */
static void
update_summary(const struct mr_feed_result *r, const char *instance,
               const struct cli_diag_opts *dopt)
{
	struct side a, b;
	struct mr_catalog_diff *df = NULL;
	struct fopts none;
	struct cli_diag_opts quiet = *dopt;

	memset(&none, 0, sizeof(none));
	memset(&b, 0, sizeof(b));
	quiet.verbose = 0;
	if (load_side(&a, r->previous_path[0] ? r->previous_path : "@embedded",
	              instance, &none, &quiet) != EXIT_OK ||
	    load_side(&b, r->path, instance, &none, &quiet) != EXIT_OK ||
	    mr_catalog_diff(&df, a.m, b.m) != MR_OK) {
		unload_side(&a);
		unload_side(&b);
		return;
	}
	printf("  changes    against %s: %zu sets removed, %zu added, %zu "
	       "changed; %zu routes moved, %zu newly routed, %zu no longer "
	       "routed; %zu exception-table entries\n",
	       r->previous_path[0] ? r->previous : "the embedded snapshot",
	       df->n_removed, df->n_added, df->n_changed, df->n_moved,
	       df->n_appeared, df->n_disappeared, df->n_exceptions);
	printf("  artefacts  %s\n",
	       df->artefacts_stale
	           ? "catalog digest changed: PAC files and prefix lists "
	             "written by 'plan' are stale; run it again"
	           : "catalog digest unchanged: artefacts are current");
	printf("  details    m365route endpoints diff %s @current\n",
	       r->previous_path[0] ? "@previous" : "@embedded");
	mr_catalog_diff_free(df);
	unload_side(&a);
	unload_side(&b);
}

/* A note for a count that dropped by more than the 25% the rules allow. */
static void
fewer(const char *what, size_t before, size_t after, bool embedded)
{
	fprintf(stderr,
	        "note: it has %zu %s, %zu%% fewer than the %zu of the %s "
	        "(the limit is 25%%)\n",
	        after, what, before ? (before - after) * 100 / before : 0,
	        before, embedded ? "embedded snapshot" : "stored catalog");
}

static int
sub_update(int argc, char **argv, struct fopts *f)
{
	struct mr_feed_result r;
	struct store s;
	struct mr_diags *d;
	int rc;

	if ((rc = store_verb(&s, argc, argv, &cli_verb_endpoints_update,
	                     "update", 1 | 4, f)) >= 0)
		return rc;
	if ((rc = feed_run(mr_feed_update, &r, &d, &s, f,
	                   "the downloaded /endpoints response",
	                   "update failed; the stored catalog was not "
	                   "changed")) >= 0)
		return rc;
	cli_render_diags(d, &s.opt.dopt);
	mr_diags_free(d);
	switch (r.outcome) {
	case MR_FEED_UP_TO_DATE:
		printf("%s: up to date (version %s)\n", s.inst, r.version);
		return EXIT_OK;
	case MR_FEED_OLDER:
		cli_warn("%s: the service reports version %s, older than the "
		         "stored %s; not downloading (--force to install it)",
		         s.inst, r.latest, r.version);
		printf("%s: kept version %s\n", s.inst, r.version);
		return EXIT_OK;
	case MR_FEED_HELD:
		printf("%s: version %s was rolled back; kept %s (--force "
		       "installs it again)\n",
		       s.inst, r.latest, r.version);
		return EXIT_OK;
	case MR_FEED_REFUSED:
		cli_error("%s: refusing version %s: nothing was changed",
		          s.inst, r.latest);
		if (r.refused & MR_FEED_SHRINKS)
			fewer("endpoint sets", r.sets_before, r.sets_after,
			      r.baseline_embedded);
		if (r.refused & MR_FEED_FEWER_URLS)
			fewer("distinct URL patterns", r.urls_before,
			      r.urls_after, r.baseline_embedded);
		if (r.refused & MR_FEED_FEWER_IPS)
			fewer("distinct IP prefixes", r.ips_before, r.ips_after,
			      r.baseline_embedded);
		if (r.refused & MR_FEED_FEWER_ER_IPS)
			fewer("distinct prefixes in ExpressRoute sets",
			      r.er_ips_before, r.er_ips_after,
			      r.baseline_embedded);
		if (r.refused & MR_FEED_LOSES_ER)
			fprintf(stderr,
			        "note: it has no ExpressRoute set; the %s has "
			        "%zu\n",
			        r.baseline_embedded ? "embedded snapshot"
			                            : "stored catalog",
			        r.er_before);
		fprintf(stderr, "hint: check the new catalog; 'm365route "
		                "endpoints update --force' installs it "
		                "anyway\n");
		return EXIT_FINDINGS;
	case MR_FEED_UPDATED:
		printf("%s: installed version %s%s%s\n", s.inst, r.version,
		       r.previous[0] ? ", replacing " : "",
		       r.previous[0] ? r.previous : "");
		printf("  file       %s\n", r.path);
		printf("  sets       %zu -> %zu (ExpressRoute %zu -> %zu)%s\n",
		       r.sets_before, r.sets_after, r.er_before, r.er_after,
		       r.baseline_embedded ? ", against the embedded snapshot"
		                           : "");
		printf("  urls       %zu -> %zu\n", r.urls_before,
		       r.urls_after);
		printf("  prefixes   %zu -> %zu (ExpressRoute %zu -> %zu)\n",
		       r.ips_before, r.ips_after, r.er_ips_before,
		       r.er_ips_after);
		if (r.refused)
			cli_warn("%s: installed despite the safety rules "
			         "(--force)",
			         s.inst);
		update_summary(&r, s.inst, &s.opt.dopt);
		return EXIT_OK;
	case MR_FEED_ROLLED_BACK:
		break;
	}
	return EXIT_OK;
}

static int
sub_rollback(int argc, char **argv, struct fopts *f)
{
	struct mr_feed_result r;
	struct store s;
	struct mr_diags *d;
	int rc;

	if ((rc = store_verb(&s, argc, argv, &cli_verb_endpoints_rollback,
	                     "rollback", 4, f)) >= 0)
		return rc;
	if ((rc = feed_run(mr_feed_rollback, &r, &d, &s, f,
	                   "the previous catalog",
	                   "nothing was rolled back")) >= 0)
		return rc;
	mr_diags_free(d);
	printf("%s: rolled back to version %s (%zu sets); %s is held back "
	       "until a newer version is published\n",
	       s.inst, r.version, r.sets_after, r.previous);
	printf("  file       %s\n", r.path);
	return EXIT_OK;
}

/*
 * status
 */

static int
sub_status(int argc, char **argv, struct fopts *f)
{
	struct mr_feed_state st;
	struct store s;
	struct mr_catalog *cat = NULL;
	struct mr_diags *d = NULL;
	char guid[64] = "", digest[MR_DIGEST_LEN + 1] = "", path[PATHMAX + 32];
	const char *err = NULL;
	size_t i;
	FILE *g;
	int rc, src;

	if ((rc = store_verb(&s, argc, argv, &cli_verb_endpoints_status,
	                     "status", 4, f)) >= 0)
		return rc;
	snprintf(path, sizeof(path), "%s/client-request-id", s.dir);
	if ((g = fopen(path, "r")) != NULL) {
		if (fgets(guid, sizeof(guid), g) == NULL)
			guid[0] = '\0';
		guid[strcspn(guid, "\r\n")] = '\0';
		if (!mr_guid_valid(guid))
			snprintf(guid, sizeof(guid), "(invalid)");
		fclose(g);
	}
	src = mr_feed_state_read(&st, s.dir, s.inst);
	if (src != MR_OK && src != MR_ENOTFOUND)
		err = mr_error_last();
	if (src == MR_OK && mr_diags_new(&d) == MR_OK &&
	    mr_catalog_load_file(&cat, st.path, d) == MR_OK)
		mr_catalog_digest(digest, cat);
	else if (src == MR_OK)
		err = "the stored catalog does not load";
	if (s.opt.fmt == CLI_FMT_JSON) {
		printf("{\"instance\":\"%s\",\"data_dir\":", s.inst);
		fputc('"', stdout);
		for (i = 0; s.dir[i]; i++) {
			unsigned char c = (unsigned char)s.dir[i];
			if (c == '"' || c == '\\')
				printf("\\%c", c);
			else if (c < 0x20 || c >= 0x7f)
				printf("\\u%04x", c);
			else
				putchar(c);
		}
		printf("\",\"client_request_id\":%s%s%s,", guid[0] ? "\"" : "",
		       guid[0] ? guid : "null", guid[0] ? "\"" : "");
		if (src == MR_OK && err == NULL)
			printf("\"stored\":true,\"version\":\"%s\","
			       "\"previous\":%s%s%s,\"held\":%s%s%s,"
			       "\"updated\":\"%s\",\"digest\":\"%s\","
			       "\"uses\":\"stored\"}\n",
			       st.version, st.previous[0] ? "\"" : "",
			       st.previous[0] ? st.previous : "null",
			       st.previous[0] ? "\"" : "",
			       st.held[0] ? "\"" : "",
			       st.held[0] ? st.held : "null",
			       st.held[0] ? "\"" : "", st.updated, digest);
		else
			printf("\"stored\":false,\"uses\":\"%s\"}\n",
			       err ? "error" : "embedded");
	} else {
		printf("instance        %s\n", s.inst);
		printf("data directory  %s\n", s.dir);
		printf("client id       %s\n",
		       guid[0] ? guid
		               : "(none yet: created by the first update)");
		if (src == MR_OK && err == NULL) {
			printf("installed       %s (updated %s)\n", st.version,
			       st.updated);
			printf("  file          %s\n", st.path);
			printf("  digest        %s\n", digest);
			printf("previous        %s\n",
			       st.previous[0]
			           ? st.previous
			           : "(none: rollback not possible)");
			if (st.held[0])
				printf(
				    "held back       %s (rolled back; update "
				    "skips it)\n",
				    st.held);
			printf("verbs use       the stored catalog %s\n",
			       st.version);
		} else if (err == NULL) {
			for (i = 0; i < mr_embedded_count(); i++)
				if (strcmp(mr_embedded_name(i), s.inst) == 0)
					break;
			printf("installed       (nothing stored)\n");
			printf("verbs use       the embedded snapshot of %s\n",
			       i < mr_embedded_count() ? mr_embedded_date(i)
			                               : "?");
		}
	}
	if (err != NULL)
		cli_error("%s", err);
	mr_catalog_free(cat);
	mr_diags_free(d);
	return err ? EXIT_USAGE : EXIT_OK;
}

/*
 * changes
 */

/* " key=value" (value escaped by out_safe()), when there is a value. */
static void
field_text(struct out *o, const char *key, const char *v)
{
	if (v == NULL)
		return;
	out_printf(o, " %s=", key);
	out_safe(o, v, strlen(v));
}

static void
values_text(struct out *o, const char *name, const struct mr_change_values *v)
{
	if (!v->present)
		return;
	out_printf(o, "  %-9s", name);
	if (v->has_express_route)
		out_printf(o, " expressRoute=%s", yn(v->express_route));
	field_text(o, "serviceArea", v->service_area);
	field_text(o, "category", v->category);
	if (v->has_required)
		out_printf(o, " required=%s", yn(v->required));
	field_text(o, "tcpPorts", v->tcp_ports);
	field_text(o, "udpPorts", v->udp_ports);
	if (v->notes)
		out_puts(o, " notes=(set)");
	out_putc(o, '\n');
}

static void
list_text(struct out *o, const char *what, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out_printf(o, "    %s ", what);
		out_safe(o, v[i], strlen(v[i]));
		out_putc(o, '\n');
	}
}

static void
values_json(struct out *o, const struct mr_change_values *v)
{
	int first = 1;

	if (!v->present) {
		out_puts(o, "null");
		return;
	}
	out_putc(o, '{');
#define JF(cond, key, emit)                                                    \
	do {                                                                   \
		if (cond) {                                                    \
			out_printf(o, "%s\"%s\":", first ? "" : ",", key);     \
			first = 0;                                             \
			emit;                                                  \
		}                                                              \
	} while (0)
	JF(v->has_express_route, "expressRoute",
	   out_puts(o, yn(v->express_route)));
	JF(v->service_area, "serviceArea", json_quote(o, v->service_area));
	JF(v->category, "category", json_quote(o, v->category));
	JF(v->has_required, "required", out_puts(o, yn(v->required)));
	JF(v->tcp_ports, "tcpPorts", json_quote(o, v->tcp_ports));
	JF(v->udp_ports, "udpPorts", json_quote(o, v->udp_ports));
	JF(v->notes, "notes", json_quote(o, v->notes));
#undef JF
	out_putc(o, '}');
}

static void
jlist(struct out *o, const char *const *v, size_t n)
{
	size_t i;

	out_putc(o, '[');
	for (i = 0; i < n; i++) {
		out_puts(o, i ? "," : "");
		json_quote(o, v[i]);
	}
	out_putc(o, ']');
}

static void
items_json(struct out *o, const struct mr_change_items *v, int add)
{
	if (!v->present) {
		out_puts(o, "null");
		return;
	}
	out_putc(o, '{');
	if (add) {
		out_puts(o, "\"effectiveDate\":");
		json_quote(o, v->effective_date);
		out_putc(o, ',');
	}
	out_puts(o, "\"ips\":");
	jlist(o, v->ips, v->n_ips);
	out_puts(o, ",\"urls\":");
	jlist(o, v->urls, v->n_urls);
	out_putc(o, '}');
}

static int
sub_changes(int argc, char **argv, struct fopts *f)
{
	struct mr_changes *ch = NULL;
	struct cli_opts opt;
	struct mr_diags *d;
	struct out o;
	size_t i, n;
	int rc, first;

	if ((rc = cli_parse(argc, argv, &cli_verb_endpoints_changes, &opt,
	                    &first, take, f)) >= 0)
		return rc;
	if ((rc = refuse("changes", f, &opt, 0)) >= 0)
		return rc;
	if (opt.co.instance != NULL) {
		cli_error("endpoints changes: --instance does not apply here");
		return EXIT_USAGE;
	}
	if (argc - first != 1) {
		cli_error("endpoints changes takes one FILE (see 'm365route "
		          "endpoints changes --help')");
		return EXIT_USAGE;
	}
	if (mr_diags_new(&d) != MR_OK) {
		cli_error("out of memory");
		return EXIT_USAGE;
	}
	rc = mr_changes_load_file(&ch, argv[first], d);
	cli_render_diags(d, &opt.dopt);
	if (rc == MR_EPARSE)
		cli_error("%s: not a valid /changes response (%zu error%s)",
		          argv[first], mr_diags_errors(d),
		          mr_diags_errors(d) == 1 ? "" : "s");
	else if (rc != MR_OK)
		cli_error("%s", mr_error_last());
	mr_diags_free(d);
	if (rc != MR_OK)
		return EXIT_USAGE;
	n = mr_changes_count(ch);
	rc = EXIT_OK;
	if (out_open(&o, opt.output) != 0) {
		mr_changes_free(ch);
		return EXIT_USAGE;
	}
	if (opt.fmt == CLI_FMT_TEXT)
		out_printf(&o, "%zu change record%s\n", n, n == 1 ? "" : "s");
	else
		out_putc(&o, '[');
	for (i = 0; i < n; i++) {
		const struct mr_change *c = mr_changes_get(ch, i);
		if (opt.fmt == CLI_FMT_JSON) {
			out_printf(&o,
			           "%s{\"id\":%lld,\"endpointSetId\":%lld,"
			           "\"disposition\":",
			           i ? "," : "", (long long)c->id,
			           (long long)c->endpoint_set_id);
			json_quote(&o, c->disposition);
			out_puts(&o, ",\"impact\":");
			json_quote(&o, c->impact);
			out_puts(&o, ",\"version\":");
			json_quote(&o, c->version);
			out_puts(&o, ",\"changeDescription\":");
			json_quote(&o, c->description);
			out_puts(&o, ",\"previous\":");
			values_json(&o, &c->previous);
			out_puts(&o, ",\"current\":");
			values_json(&o, &c->current);
			out_puts(&o, ",\"add\":");
			items_json(&o, &c->add, 1);
			out_puts(&o, ",\"remove\":");
			items_json(&o, &c->remove, 0);
			out_putc(&o, '}');
			continue;
		}
		out_printf(&o, "change %lld: set %lld, ", (long long)c->id,
		           (long long)c->endpoint_set_id);
		out_safe(&o, opt_s(c->disposition),
		         strlen(opt_s(c->disposition)));
		if (c->impact) {
			out_puts(&o, " (");
			out_safe(&o, c->impact, strlen(c->impact));
			out_putc(&o, ')');
		}
		out_printf(&o, ", version %s\n", opt_s(c->version));
		if (c->description) {
			out_puts(&o, "  ");
			out_safe(&o, c->description, strlen(c->description));
			out_putc(&o, '\n');
		}
		values_text(&o, "previous", &c->previous);
		values_text(&o, "current", &c->current);
		if (c->add.present) {
			out_printf(&o,
			           "  add (effective %s): %zu ips, %zu "
			           "urls\n",
			           opt_s(c->add.effective_date), c->add.n_ips,
			           c->add.n_urls);
			list_text(&o, "+ip ", c->add.ips, c->add.n_ips);
			list_text(&o, "+url", c->add.urls, c->add.n_urls);
		}
		if (c->remove.present) {
			out_printf(&o, "  remove: %zu ips, %zu urls\n",
			           c->remove.n_ips, c->remove.n_urls);
			list_text(&o, "-ip ", c->remove.ips, c->remove.n_ips);
			list_text(&o, "-url", c->remove.urls, c->remove.n_urls);
		}
	}
	if (opt.fmt == CLI_FMT_JSON)
		out_puts(&o, "]\n");
	if (out_close(&o) != 0)
		rc = EXIT_USAGE;
	mr_changes_free(ch);
	return rc;
}

int
cmd_endpoints(int argc, char **argv)
{
	struct fopts f;
	const char *sub;

	if (argc < 2) {
		fputs(cli_verb_endpoints.head, stderr);
		return EXIT_USAGE;
	}
	sub = argv[1];
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0 ||
	    strcmp(sub, "help") == 0) {
		fputs(cli_verb_endpoints.head, stdout);
		return EXIT_OK;
	}
	memset(&f, 0, sizeof(f));
	f.retries = f.timeout = f.connect_timeout = f.max_wait = -1;
	argc--;
	argv++;
	if (strcmp(sub, "update") == 0)
		return sub_update(argc, argv, &f);
	if (strcmp(sub, "rollback") == 0)
		return sub_rollback(argc, argv, &f);
	if (strcmp(sub, "diff") == 0)
		return sub_diff(argc, argv, &f);
	if (strcmp(sub, "status") == 0)
		return sub_status(argc, argv, &f);
	if (strcmp(sub, "changes") == 0)
		return sub_changes(argc, argv, &f);
	cli_error("endpoints: unknown sub-command '%s' (update, rollback, "
	          "diff, status, changes)",
	          sub);
	return EXIT_USAGE;
}
