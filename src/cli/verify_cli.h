/*
 * verify_cli.h - verify --client's rendering (verify_client.c), called by
 * cmd_verify.c.
 */
#ifndef MR_VERIFY_CLI_H
#define MR_VERIFY_CLI_H

#include "cli.h"

/** What --client, --site and --pac gave. */
struct verify_client_args {
	int on;           /* --client */
	const char *site; /* --site */
	const char *pac;  /* --pac FILE|URL */
};

/**
 * Verify this machine as a client of the plan (net, cfg, matcher m) and
 * print the result in opt's format; design is the design's name as
 * shown. Returns the exit status (0 clean, 1 findings, 2 usage or I/O:
 * message printed).
 */
int verify_client_run(const struct verify_client_args *ca,
                      const struct cli_opts *opt, const struct mr_net *net,
                      const struct mr_config *cfg, const struct mr_matcher *m,
                      const char *design);

#endif
