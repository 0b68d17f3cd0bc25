/*
 * cmd_catalog.c - m365route catalog: what the loaded endpoint feed holds.
 */
#include <string.h>

#include "cli.h"
#include "json.h"

static const struct cli_value formats[] = {
    {"text", CLI_FMT_TEXT}, {"json", CLI_FMT_JSON}, {NULL, 0}};

static const struct cli_opt opts[] = {
    CLI_OPT_FORMAT(formats, "text (default) or json"),
    CLI_OPT_OUTPUT("FILE", "write to FILE (atomically) instead of stdout"),
    CLI_OPTS_COMMON, CLI_OPT_END};

const struct cli_verb cli_verb_catalog = {
    "catalog",
    "usage: m365route catalog [options]\n"
    "\n"
    "Summarise the endpoint feed: instance, endpoint sets by category, URL\n"
    "patterns and IP prefixes (distinct, and how many are advertised over\n"
    "ExpressRoute), and the service areas.\n"
    "\n",
    opts, NULL};

#define MAX_AREAS 32

struct area {
	const char *name;
	size_t sets, er;
};

struct summary {
	size_t sets, er_sets, by_cat[3], urls, patterns, wildcards, er_patterns,
	    ips, pfx4, pfx6, er_pfx4, er_pfx6, n_areas;
	struct area areas[MAX_AREAS];
};

static void
summarise(const struct mr_catalog *cat, const struct mr_matcher *m,
          struct summary *s)
{
	size_t i, k;

	memset(s, 0, sizeof(*s));
	s->sets = mr_catalog_count(cat);
	for (i = 0; i < s->sets; i++) {
		const struct mr_endpoint_set *e = mr_catalog_set(cat, i);
		s->by_cat[e->category]++;
		s->er_sets += e->express_route;
		s->urls += e->n_urls;
		s->ips += e->n_ips;
		for (k = 0; k < s->n_areas; k++)
			if (strcmp(s->areas[k].name, e->service_area) == 0)
				break;
		if (k == s->n_areas) {
			if (k == MAX_AREAS)
				continue;
			s->areas[s->n_areas++].name = e->service_area;
		}
		s->areas[k].sets++;
		s->areas[k].er += e->express_route;
	}
	for (i = 0; i < mr_matcher_rule_count(m); i++) {
		const struct mr_rule *r = mr_matcher_rule(m, (uint32_t)i);
		if (!r->is_prefix) {
			s->patterns++;
			s->wildcards += r->is_wildcard;
			s->er_patterns += r->express_route;
		} else if (strchr(r->text, ':') != NULL) {
			s->pfx6++;
			s->er_pfx6 += r->express_route;
		} else {
			s->pfx4++;
			s->er_pfx4 += r->express_route;
		}
	}
}

static void
text(struct out *o, const struct mr_catalog *cat, const struct summary *s)
{
	size_t k;

	if (mr_catalog_instance(cat))
		out_printf(o, "instance       %s (embedded snapshot of %s)\n",
		           mr_catalog_instance(cat), mr_catalog_date(cat));
	else
		out_printf(o, "source         %s\n", mr_catalog_source(cat));
	out_printf(o,
	           "endpoint sets  %zu: %zu Optimize, %zu Allow, %zu Default; "
	           "%zu advertised over ExpressRoute\n",
	           s->sets, s->by_cat[MR_CAT_OPTIMIZE], s->by_cat[MR_CAT_ALLOW],
	           s->by_cat[MR_CAT_DEFAULT], s->er_sets);
	out_printf(o,
	           "url patterns   %zu distinct (%zu wildcards) from %zu "
	           "entries; %zu over ExpressRoute\n",
	           s->patterns, s->wildcards, s->urls, s->er_patterns);
	out_printf(
	    o,
	    "ip prefixes    %zu distinct from %zu entries: IPv4 %zu "
	    "(%zu over ExpressRoute), IPv6 %zu (%zu over ExpressRoute)\n",
	    s->pfx4 + s->pfx6, s->ips, s->pfx4, s->er_pfx4, s->pfx6,
	    s->er_pfx6);
	out_puts(o, "service areas ");
	for (k = 0; k < s->n_areas; k++)
		out_printf(o, "%s %s %zu sets (%zu ExpressRoute)", k ? "," : "",
		           s->areas[k].name, s->areas[k].sets, s->areas[k].er);
	out_putc(o, '\n');
}

static void
json(struct out *o, const struct mr_catalog *cat, const struct summary *s)
{
	size_t k;

	out_puts(o, "{\"instance\":");
	if (mr_catalog_instance(cat))
		out_printf(o, "\"%s\",\"date\":\"%s\"",
		           mr_catalog_instance(cat), mr_catalog_date(cat));
	else
		out_puts(o, "null,\"date\":null");
	out_puts(o, ",\"source\":\"");
	json_escape(o, mr_catalog_source(cat), strlen(mr_catalog_source(cat)));
	out_printf(o,
	           "\",\"sets\":{\"total\":%zu,\"optimize\":%zu,\"allow\":%zu,"
	           "\"default\":%zu,\"expressroute\":%zu},",
	           s->sets, s->by_cat[MR_CAT_OPTIMIZE], s->by_cat[MR_CAT_ALLOW],
	           s->by_cat[MR_CAT_DEFAULT], s->er_sets);
	out_printf(
	    o,
	    "\"urls\":{\"entries\":%zu,\"distinct\":%zu,\"wildcards\":%zu,"
	    "\"expressroute\":%zu},",
	    s->urls, s->patterns, s->wildcards, s->er_patterns);
	out_printf(o,
	           "\"prefixes\":{\"entries\":%zu,\"ipv4\":%zu,"
	           "\"ipv4_expressroute\":%zu,\"ipv6\":%zu,"
	           "\"ipv6_expressroute\":%zu},\"service_areas\":[",
	           s->ips, s->pfx4, s->er_pfx4, s->pfx6, s->er_pfx6);
	for (k = 0; k < s->n_areas; k++) {
		out_puts(o, k ? ",{\"name\":\"" : "{\"name\":\"");
		json_escape(o, s->areas[k].name, strlen(s->areas[k].name));
		out_printf(o, "\",\"sets\":%zu,\"expressroute\":%zu}",
		           s->areas[k].sets, s->areas[k].er);
	}
	out_puts(o, "]}\n");
}

int
cmd_catalog(int argc, char **argv)
{
	struct cli_opts opt;
	struct mr_catalog *cat;
	struct mr_matcher *m;
	struct summary s;
	struct out o;
	int rc;

	if ((rc = cli_parse(argc, argv, &cli_verb_catalog, &opt, NULL, NULL,
	                    NULL)) >= 0)
		return rc;
	if ((rc = cli_load(&opt.co, &opt.dopt, &cat, &m)) != EXIT_OK)
		return rc;
	summarise(cat, m, &s);
	rc = EXIT_OK;
	if (out_open(&o, opt.output) != 0) {
		rc = EXIT_USAGE;
	} else {
		if (opt.fmt == CLI_FMT_JSON)
			json(&o, cat, &s);
		else
			text(&o, cat, &s);
		if (out_close(&o) != 0)
			rc = EXIT_USAGE;
	}
	cli_unload(cat, m);
	return rc;
}
