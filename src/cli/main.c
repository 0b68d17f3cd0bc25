/*
 * main.c - m365route: route Microsoft 365 over ExpressRoute and the Internet.
 * Dispatches to one verb; every verb has --help. Hidden: --dump-options
 * (the man page's option lists) and --completion bash|zsh.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "feed_cli.h"
#include "pac_cli.h"
#include "sim_cli.h"
#include "usage_cli.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} verbs[] = {
    {"classify", cmd_classify,
     "hosts, URLs or addresses -> expressroute / internet / unknown, and why"},
    {"catalog", cmd_catalog, "what the loaded endpoint feed holds"},
    {"exceptions", cmd_exceptions,
     "the seed's two wildcard / sub-FQDN exception tables, from the feed"},
    {"endpoints", cmd_endpoints,
     "keep the catalog current (update, rollback) and diff catalogs"},
    {"pac", cmd_pac, "PAC files: generate (fast or Microsoft layout) / audit"},
    {"check", cmd_check,
     "lint a network design against the guidance (text, JSON, SARIF)"},
    {"dns", cmd_dns,
     "conditional forwarders for the Microsoft 365 zones (BIND, Unbound, ...)"},
    {"simulate", cmd_simulate,
     "every site's flows both ways: BGP, NAT, return path, failures"},
    {"usage", cmd_usage,
     "Microsoft 365 traffic from proxy logs: rates and circuit sizes"},
    {"plan", cmd_plan,
     "the main job: a design in, every artefact and a verdict out"},
    {"config", cmd_config,
     "router configuration (FRR, BIRD, nftables, IOS-XE, Junos)"},
    {"verify", cmd_verify,
     "the routers' exported tables (MRT, FRR, BIRD) against the plan"},
};

/* Every option table, for --dump-options and --completion. */
static const struct cli_verb *const tables[] = {&cli_verb_classify,
                                                &cli_verb_catalog,
                                                &cli_verb_exceptions,
                                                &cli_verb_endpoints,
                                                &cli_verb_endpoints_update,
                                                &cli_verb_endpoints_rollback,
                                                &cli_verb_endpoints_diff,
                                                &cli_verb_endpoints_status,
                                                &cli_verb_endpoints_changes,
                                                &cli_verb_pac,
                                                &cli_verb_pac_audit,
                                                &cli_verb_check,
                                                &cli_verb_dns,
                                                &cli_verb_simulate,
                                                &cli_verb_usage,
                                                &cli_verb_plan,
                                                &cli_verb_config,
                                                &cli_verb_verify,
                                                NULL};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f,
	        "usage: %s [--version] [--help] <verb> [options] [args]\n\n"
	        "Route Microsoft 365 traffic over Azure ExpressRoute and "
	        "the Internet,\nas Microsoft's \"Routing with ExpressRoute "
	        "for Office 365\" prescribes.\n\nverbs:\n",
	        cli_prog);
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		fprintf(f, "  %-11s %s\n", verbs[i].name, verbs[i].summary);
	fprintf(f,
	        "\n'%s <verb> --help' tells more. Exit status: 0 clean, 1 "
	        "findings\n(an invalid target, errors in a design), 2 usage, "
	        "I/O or unreadable\ninput.\n",
	        cli_prog);
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	/* Not in --help: the build writes the man page's option lists and
	 * the completion files with these (tools/gen-man-options.sh). */
	if (strcmp(argv[1], "--dump-options") == 0) {
		cli_dump_options(stdout, tables);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--completion") == 0) {
		if (argc != 3 || cli_completion(stdout, argv[2], tables) != 0) {
			cli_error("--completion takes bash or zsh");
			return EXIT_USAGE;
		}
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("m365route %s\n", mr_version());
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(argv[1], verbs[i].name) == 0)
			return verbs[i].fn(argc - 1, argv + 1);
	cli_error("unknown verb '%s' (see '%s --help')", argv[1], cli_prog);
	return EXIT_USAGE;
}
