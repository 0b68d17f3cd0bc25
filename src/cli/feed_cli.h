/*
 * feed_cli.h - m365route endpoints (cmd_endpoints.c), and the data
 * directory every verb may read the stored catalog from.
 */
#ifndef MR_FEED_CLI_H
#define MR_FEED_CLI_H

#include <stddef.h>

int cmd_endpoints(int argc, char **argv);

/**
 * The data directory: opt (--data-dir) when not NULL; else
 * $M365ROUTE_DATA_DIR when set (set but empty: no data directory, the
 * stored catalog is not used - tests set this); else
 * $XDG_DATA_HOME/m365route when XDG_DATA_HOME is an absolute path; else
 * $HOME/.local/share/m365route. Returns buf, or NULL when there is none.
 */
const char *cli_data_dir(const char *opt, char *buf, size_t n);

#endif
