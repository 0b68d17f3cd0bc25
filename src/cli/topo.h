/*
 * topo.h - the topology drawing shared by the report (inline SVG, laid out
 * by Graphviz's dot through libgvc) and `simulate --format dot` (the same
 * graph as DOT text). Built from the resolved network's design only.
 */
#ifndef MR_CLI_TOPO_H
#define MR_CLI_TOPO_H

#include "html.h"
#include "m365route/resolve.h"

struct topo;

/** The graph of net's design: 0, or -1 out of memory. */
int topo_build(struct topo **out, const struct mr_net *net);
void topo_free(struct topo *t);
/** How many nodes stand for several branch sites (grouped behind a hub). */
size_t topo_groups(const struct topo *t);
/** The graph as DOT text (Graphviz's language) into h. */
void topo_dot(struct html *h, const struct topo *t);
/** The graph laid out by dot, as an inline <svg> element into h: 0, or -1
 * when Graphviz fails (message printed). t keeps the layout's handles
 * until the call returns (scratch). */
int topo_svg(struct html *h, struct topo *t);

#endif
