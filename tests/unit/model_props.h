/*
 * model_props.h - the properties of the one network model (issue "One
 * network model"), shared by the tests that check them: test_model.c (every
 * design of the test suite and the examples) and test_model_random.c
 * (randomly generated designs). model_props.c is linked into both
 * (tests/CMakeLists.txt).
 *
 * - check_design(): property (a), the PAC file `plan` writes for a site
 *   decides each simulated HTTP flow of that site exactly as the
 *   simulation says (the file evaluated in-process, in the Duktape sandbox
 *   pac audit runs);
 * - check_carriers(): property (b), usage's attribution of a site's
 *   ExpressRoute-eligible traffic (mr_net_carriers_new()) is the set of
 *   circuits simulate routes that site's service-area flows over (egress
 *   and multipath set), with nothing failed and with each ExpressRoute
 *   circuit failed in turn;
 * - check_capacity(): property (c), check's capacity rules (MR-CAP-1/2/3)
 *   fire for exactly the circuits the demand, spread over simulate's
 *   flows, loads past their marks (returns the circuits compared).
 * - check_sim_single(): property (d), the single-failure matrix the
 *   library computes (the base's shortest-path trees repaired per failure,
 *   dependent sites only) is brute force's (every site, every tree from
 *   scratch, per failure: mr_sim_run()), row by row and flow by flow,
 *   field by field, with nothing failed and with one element failed in
 *   the base; with per_site_too, also the previous way's (one Dijkstra
 *   from each dependent site a failure touches), round trips within 1e-9
 *   (returns the rows compared).
 * Both fail the running cmocka test with a message that starts with `what`
 * and return the number of flows compared.
 *
 * The embedded worldwide catalog and its matcher, which every check uses,
 * are loaded by mp_setup() and freed by mp_teardown() (a cmocka group's
 * setup and teardown). Include after <cmocka.h>.
 */
#ifndef MR_MODEL_PROPS_H
#define MR_MODEL_PROPS_H

#include <stdbool.h>
#include <stddef.h>

#include "m365route/m365route.h"

int mp_setup(void **state);
int mp_teardown(void **state);
/* The matcher mp_setup() built. */
const struct mr_matcher *mp_matcher(void);

/* Property (a) on design g, for the default destinations and the hosts
 * given (override targets). */
size_t check_design(const char *what, const struct mr_design *g,
                    const char *const *hosts, size_t n_hosts);
/* Property (b) on design g. */
size_t check_carriers(const char *what, const struct mr_design *g);
/* Property (c) on design g. */
size_t check_capacity(const char *what, const struct mr_design *g);
/* Property (d) on design g; base_fail picks the element failed in the
 * second base (modulo the element count). */
size_t check_sim_single(const char *what, const struct mr_design *g,
                        uint32_t base_fail, bool per_site_too);
/* The design in text[0..len), or NULL when it does not load. */
struct mr_design *load_text(const char *name, const char *text, size_t len);

#endif
