/*
 * cmd_usage.c - m365route usage: sample Microsoft 365 traffic from proxy
 * logs (Squid native or W3C extended, plain or gzip, files or stdin) and
 * print, per site, bytes and requests per service area and route, peak and
 * 95th-percentile rates, circuit sizes and top hosts, as text, JSON or
 * CSV; or write a mergeable partial (--emit-partial), merge partials
 * (`usage merge`), or a copy of the design with the measured demand
 * (--update-demand, written by mr_usage_demand_yaml()). The library
 * (usage.h) measures; this file prints.
 *
 * The verb's options are declared in one table (opts.h) that cli_parse()
 * reads. `--format` takes the log format (squid, w3c, auto) as the issue
 * wrote it, or the output format (text, json, csv) as every verb does: the
 * two sets of words are disjoint. `--output` names a file only (it also
 * selected a format before the option tables; "-o json" is now a file).
 * Exit status: 0 clean, 1 malformed lines, a truncated input, bytes after
 * a gzip input's end or a saturated sum (reported, the rest measured), 2
 * usage, I/O, mixed formats or a bad design.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "m365route/usage.h"
#include "usage_cli.h"

/* -f takes an output format or, as --log-format, a log format; the two
 * sets of words are disjoint. */
#define LOG_FORMAT 0x100 /* a log format's value: LOG_FORMAT | mr_log_format */

static const struct cli_value logfmts[] = {{"squid", MR_LOG_SQUID},
                                           {"w3c", MR_LOG_W3C},
                                           {"auto", MR_LOG_AUTO},
                                           {NULL, 0}};
static const struct cli_value formats[] = {{"text", CLI_FMT_TEXT},
                                           {"json", CLI_FMT_JSON},
                                           {"csv", CLI_FMT_CSV},
                                           {"squid", LOG_FORMAT | MR_LOG_SQUID},
                                           {"w3c", LOG_FORMAT | MR_LOG_W3C},
                                           {"auto", LOG_FORMAT | MR_LOG_AUTO},
                                           {NULL, 0}};

enum {
	O_LOG_FORMAT = CLI_O_VERB,
	O_FORMAT,
	O_DESIGN,
	O_BUCKET,
	O_THREADS,
	O_TOP,
	O_SERIES,
	O_MAX_BAD,
	O_EMIT_PARTIAL,
	O_UPDATE_DEMAND,
	O_PROGRESS,
	O_NO_PROGRESS
};

static const struct cli_opt opts[] = {
    {O_LOG_FORMAT, "--log-format", 0, "F",
     "squid, w3c or auto (default: per input; inputs\n"
     "of different formats are refused)",
     logfmts, 0},
    {O_FORMAT, "--format", 'f', "F",
     "text (default), json or csv; also squid, w3c or\n"
     "auto, as --log-format",
     formats, 0},
    CLI_OPT_OUTPUT("FILE", "write to FILE (atomically)"),
    {O_DESIGN, "--design", 0, "FILE",
     "attribute requests to the design's sites", NULL, 0},
    CLI_OPT_EXAMPLE("the same with an example design"),
    {O_BUCKET, "--bucket", 0, "D", "time bucket: 60s, 5m (default), 1h...",
     NULL, 0},
    {O_THREADS, "--threads", 0, "N", "parsing threads (default: every core)",
     NULL, 0},
    {O_TOP, "--top", 0, "N", "top hosts shown (default 10, 0 = none)", NULL, 0},
    {O_SERIES, "--series", 0, NULL,
     "per time bucket too (text, csv: only that)", NULL, 0},
    {O_MAX_BAD, "--max-bad", 0, "N", "malformed lines reported (default 10)",
     NULL, 0},
    {O_EMIT_PARTIAL, "--emit-partial", 0, "FILE",
     "also write a partial result for 'usage\n"
     "merge' (same --bucket and design there);\n"
     "'-': only it, on stdout; no LOG: read stdin",
     NULL, 0},
    {O_UPDATE_DEMAND, "--update-demand", 0, NULL,
     "write the design with its demand: replaced by\n"
     "the measured peaks (needs --design/--example)",
     NULL, 0},
    {O_PROGRESS, "--progress", 0, NULL,
     "a progress bar on stderr (default:\n"
     "when stderr is a terminal)",
     NULL, 0},
    {O_NO_PROGRESS, "--no-progress", 0, NULL, "no progress bar", NULL, 0},
    CLI_OPTS_COMMON,
    CLI_OPT_END};

const struct cli_verb cli_verb_usage = {
    "usage",
    "usage: m365route usage [options] LOG...\n"
    "       m365route usage merge [options] PARTIAL...\n"
    "\n"
    "Measure Microsoft 365 traffic from proxy logs: each request is\n"
    "classified with the endpoint catalog (ExpressRoute-eligible, Internet\n"
    "only, not Microsoft 365; service area) and, with a design, attributed\n"
    "to the site whose subnets hold the client. Prints bytes and requests\n"
    "per site, service area and route, peak and 95th-percentile Mbps per\n"
    "site and per circuit with the recommended circuit size (smallest of\n"
    "50, 100, 200, 500 Mbps, 1, 2, 5, 10 Gbps with 20% headroom at peak;\n"
    "the N-1 view when a site has two circuits) and the top hosts.\n"
    "LOG is a file or '-' (stdin), Squid native access.log or W3C extended\n"
    "(#Fields:), plain or gzip. 'usage merge' reads partials, or their\n"
    "lines in any order (sorted, as a MapReduce reducer gets them), from\n"
    "PARTIAL files or, with none, stdin. See docs/usage.md.\n"
    "\n",
    opts,
    "\n"
    "exit status: 0 clean, 1 malformed lines, a truncated gzip input or\n"
    "one with bytes after its end, a saturated sum (the rest is measured),\n"
    "2 usage, I/O, mixed formats or an unreadable design.\n"};

struct uargs {
	const char *design;
	int log_format; /* -1: not given */
	enum cli_format fmt;
	uint32_t bucket_s;
	unsigned threads;
	size_t top, max_bad;
	int series, update_demand, progress, merge;
	const char *partial;
};

static int
number(const char *opt, const char *v, unsigned long lo, unsigned long hi,
       unsigned long *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (*v < '0' || *v > '9' || *end != '\0' || errno != 0 || n < lo ||
	    n > hi) {
		cli_error("%s takes a number from %lu to %lu, not '%s'", opt,
		          lo, hi, v);
		return -1;
	}
	*out = n;
	return 0;
}

static int
duration(const char *v, uint32_t *out)
{
	char *end;
	unsigned long n;
	unsigned long mul = 1;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (*v >= '0' && *v <= '9' && errno == 0) {
		if (strcmp(end, "s") == 0 || *end == '\0')
			mul = 1;
		else if (strcmp(end, "m") == 0)
			mul = 60;
		else if (strcmp(end, "h") == 0)
			mul = 3600;
		else if (strcmp(end, "d") == 0)
			mul = 86400;
		else
			n = 0;
		if (n > 0 && n <= 7 * 86400 / mul) {
			*out = (uint32_t)(n * mul);
			return 0;
		}
	}
	cli_error("--bucket takes a duration such as 60s, 5m or 1h (at most "
	          "7d), not '%s'",
	          v);
	return -1;
}

/* One of the verb's own options (cli_take_fn). */
static int
take(void *ctx, const struct cli_opt *opt, const char *v, int val)
{
	struct uargs *a = ctx;
	unsigned long n;

	switch (opt->id) {
	case O_LOG_FORMAT:
		a->log_format = val;
		break;
	case O_FORMAT:
		if (val & LOG_FORMAT)
			a->log_format = val & ~LOG_FORMAT;
		else
			a->fmt = (enum cli_format)val;
		break;
	case O_DESIGN:
		a->design = v;
		break;
	case O_BUCKET:
		return duration(v, &a->bucket_s);
	case O_THREADS:
		if (number("--threads", v, 1, 64, &n) != 0)
			return -1;
		a->threads = (unsigned)n;
		break;
	case O_TOP:
		if (number("--top", v, 0, 100000, &n) != 0)
			return -1;
		a->top = n;
		break;
	case O_MAX_BAD:
		if (number("--max-bad", v, 0, 10000, &n) != 0)
			return -1;
		a->max_bad = n;
		break;
	case O_EMIT_PARTIAL:
		a->partial = v;
		break;
	case O_SERIES:
		a->series = 1;
		break;
	case O_UPDATE_DEMAND:
		a->update_demand = 1;
		break;
	case O_PROGRESS:
	case O_NO_PROGRESS:
		a->progress = opt->id == O_PROGRESS;
		break;
	}
	return 0;
}

/* ---- progress ------------------------------------------------------------- */

struct prog {
	uint64_t total;   /* bytes of all regular-file inputs, 0 unknown */
	uint64_t done_in; /* bytes of the inputs finished */
	struct timespec t0, last;
	int shown;
};

static double
secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
progress_cb(void *arg, const struct mr_usage_progress *p)
{
	struct prog *g = arg;
	struct timespec now;
	double el, frac = 0;
	uint64_t got = g->done_in + p->bytes_in;
	char bar[31];
	int i, w;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (g->shown && secs(&g->last, &now) < 0.2)
		return;
	g->last = now;
	g->shown = 1;
	el = secs(&g->t0, &now);
	if (g->total > 0)
		frac = (double)got / (double)g->total;
	if (frac > 1)
		frac = 1;
	w = (int)(frac * 30);
	for (i = 0; i < 30; i++)
		bar[i] = i < w ? '=' : ' ';
	bar[30] = '\0';
	fprintf(stderr, "\r[%s] %5.1f%% %8.1f MB %6.2f M lines/s", bar,
	        100 * frac, (double)got / 1e6,
	        el > 0 ? (double)p->lines / el / 1e6 : 0.0);
	if (g->total > 0 && frac > 0.001)
		fprintf(stderr, " ETA %4.0fs ", el / frac - el);
	fflush(stderr);
}

/* ---- text ------------------------------------------------------------------ */

static void
fmt_time(int64_t ms, char *buf, size_t n)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, n, "?");
		return;
	}
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const enum mr_usage_metric show_metrics[] = {
    MR_UM_EXPRESSROUTE, MR_UM_INTERNET, MR_UM_OTHER, MR_UM_M365, MR_UM_ALL};
static const char *const metric_names[] = {
    "expressroute", "internet",      "not-m365", "m365",     "all",
    "er-exchange",  "er-sharepoint", "er-skype", "er-common"};

static size_t
n_shown(void)
{
	return sizeof(show_metrics) / sizeof(show_metrics[0]);
}

/* A cursor over the cells of one site that saw requests, by route class
 * then service-area column: the order every format lists them in. */
struct cell {
	int i; /* the next class * MR_USAGE_SA_COUNT + column; 0 to start */
	enum mr_usage_class c;
	unsigned sa;
	struct mr_usage_cell x;
};

static int
next_cell(const struct mr_usage *u, size_t s, struct cell *it)
{
	while (it->i < MR_UC__COUNT * MR_USAGE_SA_COUNT) {
		int i = it->i++;
		it->c = (enum mr_usage_class)(i / MR_USAGE_SA_COUNT);
		it->sa = (unsigned)(i % MR_USAGE_SA_COUNT);
		it->x = mr_usage_total(u, s, it->sa, it->c);
		if (it->x.requests > 0)
			return 1;
	}
	return 0;
}

static int
site_has(const struct mr_usage *u, size_t s)
{
	struct cell it = {0};

	return next_cell(u, s, &it);
}

static void
stderr_bad(const struct mr_usage *u)
{
	size_t i;
	const char *t;

	for (i = 0; i < mr_usage_bad_count(u); i++) {
		const struct mr_usage_bad *b = mr_usage_bad(u, i);
		fprintf(stderr, "  %s:%" PRIu64 ": %s: ", b->input, b->line,
		        b->why);
		for (t = b->text; *t; t++) {
			unsigned char c = (unsigned char)*t;
			if (c < 0x20 || c == 0x7f || c == '\\' || c >= 0x80)
				fprintf(stderr, "\\x%02x", c);
			else
				fputc(c, stderr);
		}
		fputc('\n', stderr);
	}
}

static int
text(struct out *o, const struct mr_usage *u, const struct uargs *a)
{
	struct mr_usage_summary sm;
	struct mr_usage_circuit *cv = NULL;
	struct mr_usage_host *hv = NULL;
	size_t s, i, nc, nh;
	struct cell it;
	char t0[32], t1[32];

	mr_usage_summary(u, &sm);
	fmt_time(sm.t_min_ms, t0, sizeof(t0));
	fmt_time(sm.t_max_ms, t1, sizeof(t1));
	out_printf(o,
	           "%zu input%s, %" PRIu64 " lines, %" PRIu64
	           " requests, %" PRIu64 " malformed, %" PRIu64
	           " bytes served\n",
	           sm.n_inputs, sm.n_inputs == 1 ? "" : "s", sm.lines,
	           sm.requests, sm.bad, sm.bytes);
	if (sm.requests > 0)
		out_printf(o,
		           "from %s to %s, buckets of %" PRIu32 " s, %" PRIu64
		           " request%s out of time order\n",
		           t0, t1, sm.bucket_s, sm.out_of_order,
		           sm.out_of_order == 1 ? "" : "s");
	for (s = 0; s < mr_usage_site_count(u); s++) {
		if (!site_has(u, s))
			continue;
		out_printf(o, "\nsite %s\n", mr_usage_site_name(u, s));
		out_printf(o, "  %-12s %-13s %12s %16s\n", "service area",
		           "route", "requests", "bytes");
		for (it = (struct cell){0}; next_cell(u, s, &it);)
			out_printf(
			    o, "  %-12s %-13s %12" PRIu64 " %16" PRIu64 "\n",
			    mr_usage_sa_name(it.sa), mr_usage_class_name(it.c),
			    it.x.requests, it.x.bytes);
		out_printf(o, "  %-26s %10s %10s %10s  %s\n", "Mbps", "peak",
		           "p95", "mean", "peak at");
		for (i = 0; i < n_shown(); i++) {
			struct mr_usage_rate r;
			if (mr_usage_rate(u, s, show_metrics[i], &r) != MR_OK)
				return -1;
			fmt_time(r.peak_at_ms, t0, sizeof(t0));
			out_printf(o, "  %-26s %10.3f %10.3f %10.3f  %s\n",
			           metric_names[show_metrics[i]], r.peak, r.p95,
			           r.mean, r.peak > 0 ? t0 : "-");
		}
	}
	if (mr_usage_circuits(u, &cv, &nc) != MR_OK)
		return -1;
	if (nc > 0) {
		out_puts(o, "\ncircuits (ExpressRoute-eligible traffic; "
		            "recommended: smallest tier with 20% headroom at "
		            "peak)\n");
		out_printf(o, "  %-20s %-16s %9s %10s %10s %10s %11s\n",
		           "circuit", "site", "bandwidth", "peak", "p95",
		           "N-1 peak", "recommended");
		for (i = 0; i < nc; i++) {
			char bw[16], n1[16], rec[24];
			if (cv[i].would_be)
				snprintf(bw, sizeof(bw), "(would-be)");
			else
				snprintf(bw, sizeof(bw), "%" PRIu32,
				         cv[i].bandwidth);
			if (cv[i].n1_peak > 0)
				snprintf(n1, sizeof(n1), "%.3f", cv[i].n1_peak);
			else
				snprintf(n1, sizeof(n1), "-");
			if (cv[i].recommended > 0)
				snprintf(rec, sizeof(rec), "%" PRIu32 " Mbps",
				         cv[i].recommended);
			else
				snprintf(rec, sizeof(rec), "> 10 Gbps");
			out_printf(
			    o, "  %-20s %-16s %9s %10.3f %10.3f %10s %11s\n",
			    cv[i].name,
			    cv[i].site < mr_usage_site_count(u)
			        ? mr_usage_site_name(u, cv[i].site)
			        : "-",
			    bw, cv[i].peak, cv[i].p95, n1, rec);
		}
		for (i = 0; i < nc; i++)
			if (cv[i].would_be) {
				out_puts(o,
				         "  a would-be circuit is one per "
				         "site with eligible traffic that no "
				         "circuit of the design carries\n");
				break;
			}
	}
	free(cv);
	if (a->top > 0 && (hv = calloc(a->top, sizeof(*hv))) != NULL) {
		nh = mr_usage_top_hosts(u, hv, a->top);
		if (nh > 0) {
			out_printf(o, "\ntop hosts by bytes%s\n",
			           sm.host_sample_shift
			               ? " (a hash sample of the hosts: too "
			                 "many distinct ones)"
			               : "");
			out_printf(o, "  %-40s %-13s %-11s %-9s %10s %14s\n",
			           "host", "route", "area", "category",
			           "requests", "bytes");
		}
		for (i = 0; i < nh; i++) {
			out_puts(o, "  ");
			out_safe(o, hv[i].host, strlen(hv[i].host));
			out_printf(o,
			           "%*s %-13s %-11s %-9s %10" PRIu64
			           " %14" PRIu64 "\n",
			           strlen(hv[i].host) < 40
			               ? (int)(40 - strlen(hv[i].host))
			               : 0,
			           "", mr_usage_class_name(hv[i].cls),
			           mr_usage_sa_name(hv[i].sa),
			           hv[i].cls == MR_UC_OTHER
			               ? "-"
			               : mr_category_name(hv[i].category),
			           hv[i].requests, hv[i].bytes);
		}
		free(hv);
	}
	if (a->series) {
		for (s = 0; s < mr_usage_site_count(u); s++) {
			struct mr_usage_point *p;
			size_t n;
			if (!site_has(u, s))
				continue;
			if (mr_usage_series(u, s, &p, &n) != MR_OK)
				return -1;
			out_printf(o, "\nseries %s (Mbps)\n  %-20s",
			           mr_usage_site_name(u, s), "bucket");
			for (i = 0; i < n_shown(); i++)
				out_printf(o, " %12s",
				           metric_names[show_metrics[i]]);
			out_putc(o, '\n');
			for (i = 0; i < n; i++) {
				size_t k;
				fmt_time(p[i].t_ms, t0, sizeof(t0));
				out_printf(o, "  %-20s", t0);
				for (k = 0; k < n_shown(); k++)
					out_printf(
					    o, " %12.3f",
					    (double)p[i]
					            .bytes[show_metrics[k]] *
					        8 / 1e6 / sm.bucket_s);
				out_putc(o, '\n');
			}
			free(p);
		}
	}
	return 0;
}

/* ---- JSON ------------------------------------------------------------------ */

static void
jnum(struct out *o, double v)
{
	out_printf(o, "%.6g", v);
}

static int
json(struct out *o, const struct mr_usage *u, const struct uargs *a)
{
	struct mr_usage_summary sm;
	struct mr_usage_circuit *cv = NULL;
	struct mr_usage_host *hv = NULL;
	size_t s, i, nc, nh = 0, k;
	struct cell it;
	int first;

	mr_usage_summary(u, &sm);
	out_printf(o,
	           "{\"format\":\"m365route-usage/1\",\"lines\":%" PRIu64
	           ",\"requests\":%" PRIu64 ",\"malformed\":%" PRIu64
	           ",\"bytes\":%" PRIu64 ",\"log_bytes\":%" PRIu64
	           ",\"out_of_order\":%" PRIu64 ",\"bucket_s\":%" PRIu32
	           ",\"first_ms\":%" PRId64 ",\"last_ms\":%" PRId64,
	           sm.lines, sm.requests, sm.bad, sm.bytes, sm.log_bytes,
	           sm.out_of_order, sm.bucket_s, sm.t_min_ms, sm.t_max_ms);
	out_puts(o, ",\n\"inputs\":[");
	for (i = 0; i < mr_usage_input_count(u); i++) {
		const struct mr_usage_input *in = mr_usage_input(u, i);
		out_puts(o, i ? ",\n{\"name\":" : "\n{\"name\":");
		json_quote(o, in->name);
		out_printf(o,
		           ",\"format\":\"%s\",\"gzip\":%s,\"truncated\":%s,"
		           "\"bytes_read\":%" PRIu64 ",\"log_bytes\":%" PRIu64
		           ",\"lines\":%" PRIu64 ",\"trailing_bytes\":%" PRIu64
		           ",\"problem\":",
		           mr_log_format_name(in->format),
		           in->gzip ? "true" : "false",
		           in->truncated ? "true" : "false", in->bytes_in,
		           in->log_bytes, in->lines, in->trailing);
		if (in->why != NULL)
			json_quote(o, in->why);
		else
			out_puts(o, "null");
		out_putc(o, '}');
	}
	out_puts(o, "],\n\"malformed_lines\":[");
	for (i = 0; i < mr_usage_bad_count(u); i++) {
		const struct mr_usage_bad *b = mr_usage_bad(u, i);
		out_puts(o, i ? ",\n{\"input\":" : "\n{\"input\":");
		json_quote(o, b->input);
		out_printf(o, ",\"line\":%" PRIu64 ",\"why\":", b->line);
		json_quote(o, b->why);
		out_puts(o, ",\"text\":");
		json_quote(o, b->text);
		out_putc(o, '}');
	}
	out_puts(o, "],\n\"sites\":[");
	first = 1;
	for (s = 0; s < mr_usage_site_count(u); s++) {
		if (!site_has(u, s))
			continue;
		out_puts(o, first ? "\n{\"site\":" : ",\n{\"site\":");
		first = 0;
		json_quote(o, mr_usage_site_name(u, s));
		out_puts(o, ",\"totals\":[");
		k = 0;
		for (it = (struct cell){0}; next_cell(u, s, &it);)
			out_printf(o,
			           "%s{\"service_area\":\"%s\",\"route\":"
			           "\"%s\",\"requests\":%" PRIu64
			           ",\"bytes\":%" PRIu64 "}",
			           k++ ? "," : "", mr_usage_sa_name(it.sa),
			           mr_usage_class_name(it.c), it.x.requests,
			           it.x.bytes);
		out_puts(o, "],\"mbps\":{");
		for (i = 0; i < MR_UM__COUNT; i++) {
			struct mr_usage_rate r;
			if (mr_usage_rate(u, s, (enum mr_usage_metric)i, &r) !=
			    MR_OK)
				return -1;
			out_printf(o, "%s\"%s\":{\"peak\":", i ? "," : "",
			           metric_names[i]);
			jnum(o, r.peak);
			out_puts(o, ",\"p95\":");
			jnum(o, r.p95);
			out_puts(o, ",\"mean\":");
			jnum(o, r.mean);
			out_printf(o, ",\"peak_at_ms\":%" PRId64 "}",
			           r.peak_at_ms);
		}
		out_putc(o, '}');
		if (a->series) {
			struct mr_usage_point *p;
			size_t n;
			if (mr_usage_series(u, s, &p, &n) != MR_OK)
				return -1;
			out_puts(o, ",\"series\":[");
			for (i = 0; i < n; i++) {
				out_printf(o, "%s[%" PRId64, i ? "," : "",
				           p[i].t_ms);
				for (k = 0; k < MR_UM__COUNT; k++)
					out_printf(o, ",%" PRIu64,
					           p[i].bytes[k]);
				out_putc(o, ']');
			}
			out_puts(o, "]");
			free(p);
		}
		out_putc(o, '}');
	}
	out_puts(o, "],\n\"circuits\":[");
	if (mr_usage_circuits(u, &cv, &nc) != MR_OK)
		return -1;
	for (i = 0; i < nc; i++) {
		out_puts(o, i ? ",\n{\"name\":" : "\n{\"name\":");
		json_quote(o, cv[i].name);
		out_puts(o, ",\"site\":");
		json_quote(o, cv[i].site < mr_usage_site_count(u)
		                  ? mr_usage_site_name(u, cv[i].site)
		                  : "");
		out_printf(o,
		           ",\"would_be\":%s,\"bandwidth_mbps\":%" PRIu32
		           ",\"peak_mbps\":",
		           cv[i].would_be ? "true" : "false", cv[i].bandwidth);
		jnum(o, cv[i].peak);
		out_puts(o, ",\"p95_mbps\":");
		jnum(o, cv[i].p95);
		out_puts(o, ",\"n1_peak_mbps\":");
		jnum(o, cv[i].n1_peak);
		out_printf(o, ",\"recommended_mbps\":%" PRIu32 "}",
		           cv[i].recommended);
	}
	free(cv);
	out_puts(o, "],\n\"top_hosts\":[");
	if (a->top > 0 && (hv = calloc(a->top, sizeof(*hv))) != NULL)
		nh = mr_usage_top_hosts(u, hv, a->top);
	for (i = 0; i < nh; i++) {
		out_puts(o, i ? ",\n{\"host\":" : "\n{\"host\":");
		json_quote(o, hv[i].host);
		out_printf(o,
		           ",\"route\":\"%s\",\"service_area\":\"%s\","
		           "\"category\":",
		           mr_usage_class_name(hv[i].cls),
		           mr_usage_sa_name(hv[i].sa));
		if (hv[i].cls == MR_UC_OTHER)
			out_puts(o, "null");
		else
			json_quote(o, mr_category_name(hv[i].category));
		out_printf(o,
		           ",\"requests\":%" PRIu64 ",\"bytes\":%" PRIu64 "}",
		           hv[i].requests, hv[i].bytes);
	}
	free(hv);
	out_printf(o, "],\n\"hosts_sampled\":%s,\"saturated\":%s}\n",
	           sm.host_sample_shift ? "true" : "false",
	           sm.saturated ? "true" : "false");
	return 0;
}

/* ---- CSV ------------------------------------------------------------------- */

static void
csv_field(struct out *o, const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL) {
		out_puts(o, s);
		return;
	}
	out_putc(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			out_putc(o, '"');
		out_putc(o, *s);
	}
	out_putc(o, '"');
}

static int
csv(struct out *o, const struct mr_usage *u, const struct uargs *a)
{
	size_t s, i, k;
	struct cell it;

	if (a->series) {
		out_puts(o, "bucket_start,site");
		for (k = 0; k < MR_UM__COUNT; k++)
			out_printf(o, ",%s_bytes", metric_names[k]);
		out_putc(o, '\n');
		for (s = 0; s < mr_usage_site_count(u); s++) {
			struct mr_usage_point *p;
			size_t n;
			char t0[32];
			if (mr_usage_series(u, s, &p, &n) != MR_OK)
				return -1;
			for (i = 0; i < n; i++) {
				fmt_time(p[i].t_ms, t0, sizeof(t0));
				out_printf(o, "%s,", t0);
				csv_field(o, mr_usage_site_name(u, s));
				for (k = 0; k < MR_UM__COUNT; k++)
					out_printf(o, ",%" PRIu64,
					           p[i].bytes[k]);
				out_putc(o, '\n');
			}
			free(p);
		}
		return 0;
	}
	out_puts(o, "site,service_area,route,requests,bytes\n");
	for (s = 0; s < mr_usage_site_count(u); s++)
		for (it = (struct cell){0}; next_cell(u, s, &it);) {
			csv_field(o, mr_usage_site_name(u, s));
			out_printf(o, ",%s,%s,%" PRIu64 ",%" PRIu64 "\n",
			           mr_usage_sa_name(it.sa),
			           mr_usage_class_name(it.c), it.x.requests,
			           it.x.bytes);
		}
	return 0;
}

/* ---- the verb -------------------------------------------------------------- */

int
cmd_usage(int argc, char **argv)
{
	struct uargs a;
	struct cli_opts opt;
	struct mr_design *dsg = NULL;
	struct mr_net *net = NULL;
	struct mr_diags *d = NULL;
	struct mr_catalog *cat = NULL;
	struct mr_matcher *m = NULL;
	struct mr_usage *u = NULL;
	struct mr_usage_opts uo = MR_USAGE_OPTS_INIT;
	struct prog pg;
	const char *dname = NULL;
	static char dash[] = "-";
	char *stdin_arg[1] = {dash};
	char **rest, *ptext = NULL;
	int nrest, rc, first, i, status = EXIT_USAGE;
	long ncpu;
	struct out o;

	memset(&a, 0, sizeof(a));
	memset(&pg, 0, sizeof(pg));
	a.log_format = MR_LOG_AUTO;
	a.fmt = CLI_FMT_TEXT;
	a.bucket_s = 300;
	a.top = 10;
	a.max_bad = 10;
	a.progress = isatty(STDERR_FILENO);
	if (argc > 1 && strcmp(argv[1], "merge") == 0) {
		a.merge = 1;
		argv++;
		argc--;
	}
	if ((rc = cli_parse(argc, argv, &cli_verb_usage, &opt, &first, take,
	                    &a)) >= 0)
		return rc;
	rest = argv;
	nrest = argc;
	/* A MapReduce mapper or reducer reads standard input:
	 * `usage --emit-partial -` and `usage merge` with no file. */
	if (first >= nrest && (a.merge || a.partial != NULL)) {
		rest = stdin_arg;
		nrest = 1;
		first = 0;
	}
	if (first >= nrest) {
		cli_error("no %s given (see 'm365route usage --help')",
		          a.merge ? "partial" : "log");
		goto done;
	}
	if (a.update_demand && a.design == NULL && opt.example == NULL) {
		cli_error("--update-demand needs a design (--design FILE or "
		          "--example NAME)");
		goto done;
	}
	if (a.merge && a.partial != NULL) {
		cli_error("'usage merge' takes no --emit-partial (use -o)");
		goto done;
	}
	if (mr_diags_new(&d) != MR_OK) {
		cli_error("out of memory");
		goto done;
	}
	if (a.design != NULL || opt.example != NULL) {
		char *dargs[1] = {(char *)(uintptr_t)a.design};
		rc = cli_load_design(&opt, a.design != NULL ? 1 : 0, dargs,
		                     NULL, &dsg, d, &dname);
		if (rc != MR_OK) {
			cli_design_failed(d, &opt.dopt, rc);
			goto done;
		}
	}
	if (cli_load(&opt.co, &opt.dopt, &cat, &m) != EXIT_OK)
		goto done;
	uo.bucket_s = a.bucket_s;
	uo.max_bad = a.max_bad;
	uo.format = (enum mr_log_format)a.log_format;
	{
		/* the scanner: the fastest by default; scalar (the
		 * reference) or one kernel for tests and benchmarks */
		const char *e = getenv("M365ROUTE_USAGE_SCANNER");
		enum mr_log_scanner want = MR_LOG_SCAN_AUTO;
		if (e != NULL && strcmp(e, "scalar") == 0)
			want = MR_LOG_SCAN_SCALAR;
		else if (e != NULL && strcmp(e, "sse2") == 0)
			want = MR_LOG_SCAN_SSE2;
		else if (e != NULL && strcmp(e, "avx2") == 0)
			want = MR_LOG_SCAN_AVX2;
		e = getenv("M365ROUTE_USAGE_SCALAR");
		if (e != NULL && strcmp(e, "1") == 0)
			want = MR_LOG_SCAN_SCALAR;
		(void)mr_log_scanner_set(want);
	}
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	uo.threads = a.threads ? a.threads : ncpu > 0 ? (unsigned)ncpu : 1;
	if (a.progress && !a.merge) {
		for (i = first; i < nrest; i++) {
			struct stat st;
			if (strcmp(rest[i], "-") != 0 &&
			    stat(rest[i], &st) == 0 && S_ISREG(st.st_mode))
				pg.total += (uint64_t)st.st_size;
		}
		clock_gettime(CLOCK_MONOTONIC, &pg.t0);
		uo.progress = progress_cb;
		uo.progress_arg = &pg;
	}
	if (dsg != NULL && mr_net_resolve(&net, dsg) != MR_OK) {
		cli_error("%s", mr_error_last());
		goto done;
	}
	if (mr_usage_new(&u, m, net, &uo) != MR_OK) {
		cli_error("%s", mr_error_last());
		goto done;
	}
	if (!a.merge && uo.format == MR_LOG_AUTO) {
		/* refuse mixed formats before reading any input */
		enum mr_log_format seen = MR_LOG_AUTO, f;
		const char *seen_name = NULL;
		for (i = first; i < nrest; i++) {
			if (strcmp(rest[i], "-") == 0)
				continue;
			if (mr_usage_detect_file(&f, rest[i]) != MR_OK) {
				cli_error("%s", mr_error_last());
				goto done;
			}
			if (f == MR_LOG_AUTO)
				continue;
			if (seen != MR_LOG_AUTO && f != seen) {
				cli_error("mixed log formats: '%s' is %s, "
				          "'%s' is %s; say which with "
				          "--log-format (the other's lines "
				          "then count as malformed)",
				          seen_name, mr_log_format_name(seen),
				          rest[i], mr_log_format_name(f));
				goto done;
			}
			seen = f;
			seen_name = rest[i];
		}
	}
	for (i = first; i < nrest; i++) {
		if (a.merge) {
			size_t len;
			if (mr_read_file(rest[i], MR_USAGE_PARTIAL_MAX,
			                 "a usage partial", &ptext,
			                 &len) != MR_OK) {
				cli_error("%s", mr_error_last());
				goto done;
			}
			rc = mr_usage_partial_read(u, rest[i], ptext, len);
			free(ptext);
			ptext = NULL;
		} else {
			rc = mr_usage_scan_file(u, rest[i]);
			pg.done_in +=
			    mr_usage_input(u, mr_usage_input_count(u) - 1)
			        ->bytes_in;
		}
		if (rc != MR_OK) {
			if (pg.shown)
				fputc('\n', stderr);
			cli_error("%s", mr_error_last());
			goto done;
		}
	}
	if (pg.shown)
		fputs("\r\033[K", stderr);
	/* what went wrong in the inputs, on stderr */
	{
		struct mr_usage_summary sm;
		size_t k;
		mr_usage_summary(u, &sm);
		status = EXIT_OK;
		for (k = 0; k < mr_usage_input_count(u); k++) {
			const struct mr_usage_input *in = mr_usage_input(u, k);
			if (in->trailing > 0) {
				fprintf(stderr,
				        "%s: warning: %s: %" PRIu64
				        " bytes after the end of the gzip "
				        "data are not gzip and were not read "
				        "(appended to a compressed file?)\n",
				        cli_prog, in->name, in->trailing);
				status = EXIT_FINDINGS;
			}
			if (!in->truncated)
				continue;
			fprintf(stderr,
			        "%s: warning: %s: %s: %" PRIu64
			        " compressed bytes read, %" PRIu64
			        " bytes of log and %" PRIu64
			        " lines recovered\n",
			        cli_prog, in->name, in->why, in->bytes_in,
			        in->log_bytes, in->lines);
			status = EXIT_FINDINGS;
		}
		if (sm.saturated) {
			fprintf(stderr,
			        "%s: warning: a sum reached %" PRIu64
			        " and stopped there: the figures that show it "
			        "are lower bounds\n",
			        cli_prog, UINT64_MAX);
			status = EXIT_FINDINGS;
		}
		if (sm.bad > 0) {
			fprintf(stderr,
			        "%s: warning: %" PRIu64
			        " malformed line%s (counted, not measured)%s\n",
			        cli_prog, sm.bad, sm.bad == 1 ? "" : "s",
			        mr_usage_bad_count(u) > 0 ? "; the first:"
			                                  : "");
			stderr_bad(u);
			status = EXIT_FINDINGS;
		}
	}
	if (a.partial != NULL) {
		struct out po;
		char *pb;
		size_t pl;
		if (mr_usage_partial_write(u, &pb, &pl) != MR_OK) {
			cli_error("%s", mr_error_last());
			status = EXIT_USAGE;
			goto done;
		}
		if (out_open(&po, a.partial) != 0) {
			free(pb);
			status = EXIT_USAGE;
			goto done;
		}
		out_write(&po, pb, pl);
		free(pb);
		if (out_close(&po) != 0) {
			status = EXIT_USAGE;
			goto done;
		}
	}
	/* The partial on stdout (a mapper's output) is all stdout gets. */
	if (a.partial != NULL && strcmp(a.partial, "-") == 0 &&
	    (opt.output == NULL || strcmp(opt.output, "-") == 0))
		goto done;
	if (out_open(&o, opt.output) != 0) {
		status = EXIT_USAGE;
		goto done;
	}
	if (a.update_demand) {
		const char *dt;
		size_t dl, yl;
		char *owned = NULL, *yaml;
		if (a.design != NULL) {
			if (mr_read_file(a.design, MR_DESIGN_MAX, "a design",
			                 &owned, &dl) != MR_OK) {
				cli_error("%s", mr_error_last());
				out_abort(&o);
				status = EXIT_USAGE;
				goto done;
			}
			dt = owned;
		} else {
			dt = mr_example_text(opt.example, &dl);
		}
		rc = mr_usage_demand_yaml(&yaml, &yl, u, dname, dt, dl);
		free(owned);
		if (rc == MR_OK) {
			out_write(&o, yaml, yl);
			free(yaml);
		}
	} else if (a.fmt == CLI_FMT_JSON) {
		rc = json(&o, u, &a);
	} else if (a.fmt == CLI_FMT_CSV) {
		rc = csv(&o, u, &a);
	} else {
		rc = text(&o, u, &a);
	}
	if (rc != 0) {
		out_abort(&o);
		cli_error("%s", mr_error_last());
		status = EXIT_USAGE;
		goto done;
	}
	if (out_close(&o) != 0)
		status = EXIT_USAGE;
done:
	mr_usage_free(u);
	cli_unload(cat, m);
	mr_net_free(net);
	mr_design_free(dsg);
	mr_diags_free(d);
	return status;
}
