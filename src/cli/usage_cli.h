/*
 * usage_cli.h - m365route usage: Microsoft 365 traffic sampled from proxy
 * logs (usage.h), per site and service area, with rates and circuit sizes.
 */
#ifndef MR_USAGE_CLI_H
#define MR_USAGE_CLI_H

#include "cli.h"

int cmd_usage(int argc, char **argv);

#endif
