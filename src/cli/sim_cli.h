/*
 * sim_cli.h - m365route simulate, and its JSON writer for other verbs
 * (plan writes simulate.json with it).
 */
#ifndef MR_SIM_CLI_H
#define MR_SIM_CLI_H

#include "cli.h"
#include "m365route/sim.h"

int cmd_simulate(int argc, char **argv);

/**
 * Write a simulation as JSON (docs/simulate-json.md): the result r of
 * mr_sim_run() on s (prepared from dsg), and the single-failure matrix mx
 * (NULL when not computed). design names the design, cat the catalog.
 */
void sim_json(struct out *o, const struct mr_design *dsg,
              const struct mr_sim *s, const struct mr_sim_result *r,
              const struct mr_sim_matrix *mx, const char *design,
              const struct mr_catalog *cat);

#endif
