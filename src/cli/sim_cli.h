/*
 * sim_cli.h - m365route simulate (its JSON is the library's mr_sim_json(),
 * which plan uses for simulate.json too).
 */
#ifndef MR_SIM_CLI_H
#define MR_SIM_CLI_H

#include "cli.h"
#include "m365route/sim.h"

int cmd_simulate(int argc, char **argv);

#endif
