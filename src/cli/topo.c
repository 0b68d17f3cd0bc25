/*
 * topo.c - the topology of a design as a graph: sites, WAN links, proxies,
 * Internet circuits, ExpressRoute circuits to their peering locations,
 * Microsoft and the Internet. One list of nodes and edges, built from the
 * design the resolved network borrows; written as DOT text (simulate
 * --format dot) or laid out by Graphviz's dot (libgvc/libcgraph, in
 * process) and drawn as SVG here, so every string goes through html.c's
 * escaping and the output depends only on the design (no pointer order,
 * no Graphviz version string, no fonts looked up: node sizes come from
 * the label's length).
 *
 * Readable at 200 sites: a site with no circuit, no proxy and a single WAN
 * link is a branch; a hub with more than BRANCH_GROUP branches shows them
 * as one node ("N branches") with one link.
 *
 * Roles are told apart by shape, stroke pattern and a role word on the
 * first line of each label, and by colour only in addition.
 */
#include "topo.h"

#include <gvc.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define BRANCH_GROUP 3 /* more branches than this behind a hub: one node */

enum tkind { T_SITE, T_GROUP, T_PROXY, T_INET, T_ER, T_LOC, T_MS, T_NET };
enum ekind { E_WAN, E_ATTACH, E_UP };

static const char *const kclass[] = {"site", "group", "proxy", "inet",
                                     "er",   "loc",   "ms",    "net"};

struct tnode {
	enum tkind kind;
	char *label; /* lines separated by '\n' */
	Agnode_t *gv;
};

struct tedge {
	uint32_t a, b;
	enum ekind kind;
	int constraint; /* dot ranks by it */
	char *label;    /* NULL: none */
	Agedge_t *gv;
};

struct topo {
	size_t n_nodes, n_edges, cap_nodes, cap_edges, n_groups;
	struct tnode *nodes;
	struct tedge *edges;
};

static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
dupf(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return strdup(buf);
}

static int
add_node(struct topo *t, enum tkind k, char *label, uint32_t *id)
{
	if (label == NULL)
		return -1;
	if (t->n_nodes == t->cap_nodes) {
		size_t cap = t->cap_nodes ? t->cap_nodes * 2 : 64;
		struct tnode *p = realloc(t->nodes, cap * sizeof(*p));
		if (p == NULL) {
			free(label);
			return -1;
		}
		t->nodes = p;
		t->cap_nodes = cap;
	}
	t->nodes[t->n_nodes] = (struct tnode){k, label, NULL};
	*id = (uint32_t)t->n_nodes++;
	return 0;
}

static int
add_edge(struct topo *t, uint32_t a, uint32_t b, enum ekind k, int cons,
         char *label)
{
	if (t->n_edges == t->cap_edges) {
		size_t cap = t->cap_edges ? t->cap_edges * 2 : 64;
		struct tedge *p = realloc(t->edges, cap * sizeof(*p));
		if (p == NULL) {
			free(label);
			return -1;
		}
		t->edges = p;
		t->cap_edges = cap;
	}
	t->edges[t->n_edges++] = (struct tedge){a, b, k, cons, label, NULL};
	return 0;
}

static void
bw(char *buf, size_t cap, uint32_t mbps)
{
	if (mbps == 0)
		snprintf(buf, cap, "bandwidth not given");
	else if (mbps >= 1000 && mbps % 1000 == 0)
		snprintf(buf, cap, "%u Gbps", mbps / 1000);
	else
		snprintf(buf, cap, "%u Mbps", mbps);
}

/* "a, b, +N more" of a prefix list, at most three written. */
static void
prefixes(char *buf, size_t cap, const struct mr_prefix_list *l)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < l->n && i < 3 && len < cap; i++) {
		char p[64];
		mr_prefix_format(&l->v[i].p, p, sizeof(p));
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		                        i ? ", " : "", p);
	}
	if (l->n > 3 && len < cap)
		snprintf(buf + len, cap - len, ", +%zu more", l->n - 3);
	if (l->n == 0)
		snprintf(buf, cap, "nothing");
}

static void
route_filter(char *buf, size_t cap, const struct mr_er_circuit *e)
{
	size_t i, len = 0;

	if (!e->ms.present) {
		snprintf(buf, cap, "no Microsoft peering");
		return;
	}
	if (!e->ms.has_route_filter || e->ms.n_communities == 0) {
		snprintf(buf, cap, "no route filter: nothing learnt");
		return;
	}
	len = (size_t)snprintf(buf, cap, "filter ");
	for (i = 0; i < e->ms.n_communities && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		                        i ? ", " : "",
		                        e->ms.communities[i].written);
}

/* Whether site s is a branch: no circuit, no proxy, one WAN link. Sets
 * *hub to the other end. */
static int
branch(const struct mr_design *d, uint32_t s, const uint32_t *deg,
       uint32_t *hub)
{
	size_t i;

	if (deg[s] != 1)
		return 0;
	for (i = 0; i < d->n_er; i++)
		if (d->er[i].site.idx == s)
			return 0;
	for (i = 0; i < d->n_inet; i++)
		if (d->inet[i].site.idx == s)
			return 0;
	for (i = 0; i < d->n_proxies; i++)
		if (d->proxies[i].site.idx == s)
			return 0;
	for (i = 0; i < d->n_wan; i++) {
		if (d->wan[i].a.idx == s)
			*hub = d->wan[i].b.idx;
		else if (d->wan[i].b.idx == s)
			*hub = d->wan[i].a.idx;
		else
			continue;
		return *hub != s && *hub != MR_NONE;
	}
	return 0;
}

static int
build(struct topo *t, const struct mr_design *d)
{
	size_t i, j, ns = d->n_sites;
	uint32_t *deg = calloc(ns + 1, sizeof(*deg));
	uint32_t *hub = calloc(ns + 1, sizeof(*hub));
	uint32_t *nbr = calloc(ns + 1, sizeof(*nbr)); /* branches per hub */
	uint32_t *site_node = calloc(ns + 1, sizeof(*site_node));
	uint32_t *group_node = calloc(ns + 1, sizeof(*group_node));
	uint32_t *loc_node = calloc(d->n_er + 1, sizeof(*loc_node));
	unsigned char *circ = calloc(ns + 1, 1); /* has a circuit */
	uint32_t ms = MR_NONE, net = MR_NONE, id;
	char b1[256], b2[512], b3[512];
	int rc = -1;

	if (!deg || !hub || !nbr || !site_node || !group_node || !loc_node ||
	    !circ)
		goto out;
	for (i = 0; i < d->n_er; i++)
		if (d->er[i].site.idx < ns)
			circ[d->er[i].site.idx] = 1;
	for (i = 0; i < d->n_inet; i++)
		if (d->inet[i].site.idx < ns)
			circ[d->inet[i].site.idx] = 1;
	for (i = 0; i < d->n_wan; i++)
		if (d->wan[i].a.idx < ns && d->wan[i].b.idx < ns &&
		    d->wan[i].a.idx != d->wan[i].b.idx) {
			deg[d->wan[i].a.idx]++;
			deg[d->wan[i].b.idx]++;
		}
	for (i = 0; i < ns; i++) {
		hub[i] = MR_NONE;
		group_node[i] = MR_NONE;
		if (branch(d, (uint32_t)i, deg, &hub[i]))
			nbr[hub[i]]++;
		else
			hub[i] = MR_NONE;
	}
	/* Sites, in design order; a hub's branch group after the hub. */
	for (i = 0; i < ns; i++) {
		const struct mr_site *s = &d->sites[i];
		site_node[i] = MR_NONE;
		if (hub[i] != MR_NONE && nbr[hub[i]] > BRANCH_GROUP)
			continue;
		if (add_node(t, T_SITE,
		             dupf("site %s\n%s%s%u users", s->name,
		                  s->city ? s->city : "", s->city ? " · " : "",
		                  s->users),
		             &site_node[i]) != 0)
			goto out;
		if (nbr[i] > BRANCH_GROUP) {
			size_t k = 0, len = 0;
			b2[0] = '\0';
			for (j = 0; j < ns && k < 3; j++)
				if (hub[j] == i) {
					len += (size_t)snprintf(
					    b2 + len, sizeof(b2) - len, "%s%s",
					    k ? ", " : "", d->sites[j].name);
					k++;
				}
			if (add_node(t, T_GROUP,
			             dupf("%u branches\nbehind %s\n%s, …",
			                  nbr[i], s->name, b2),
			             &group_node[i]) != 0 ||
			    add_edge(t, group_node[i], site_node[i], E_WAN, 1,
			             dupf("%u WAN links", nbr[i])) != 0)
				goto out;
			t->n_groups++;
		}
	}
	for (i = 0; i < d->n_wan; i++) {
		const struct mr_wan_link *w = &d->wan[i];
		uint32_t a = w->a.idx, b = w->b.idx;
		if (a >= ns || b >= ns || site_node[a] == MR_NONE ||
		    site_node[b] == MR_NONE)
			continue;
		if (w->latency_ms >= 0)
			snprintf(b1, sizeof(b1), "%g ms", w->latency_ms);
		else
			snprintf(b1, sizeof(b1), "WAN");
		/* the site with fewer links ranks before the other; two
		 * sites with circuits of their own stay in one rank (a chain
		 * of hubs would stretch the drawing) */
		if (add_edge(t, deg[a] < deg[b] ? site_node[a] : site_node[b],
		             deg[a] < deg[b] ? site_node[b] : site_node[a],
		             E_WAN, !(circ[a] && circ[b]), strdup(b1)) != 0)
			goto out;
	}
	for (i = 0; i < d->n_proxies; i++) {
		const struct mr_proxy *p = &d->proxies[i];
		if (add_node(t, T_PROXY,
		             dupf("proxy %s\nport %u", p->name, p->port),
		             &id) != 0)
			goto out;
		if (p->site.idx < ns && site_node[p->site.idx] != MR_NONE &&
		    add_edge(t, site_node[p->site.idx], id, E_ATTACH, 1,
		             NULL) != 0)
			goto out;
	}
	if (d->n_inet && add_node(t, T_NET, strdup("the Internet"), &net) != 0)
		goto out;
	if (d->n_er &&
	    add_node(t, T_MS, strdup("Microsoft\nAS 12076"), &ms) != 0)
		goto out;
	for (i = 0; i < d->n_inet; i++) {
		const struct mr_internet_circuit *c = &d->inet[i];
		bw(b1, sizeof(b1), c->bandwidth_mbps);
		prefixes(b2, sizeof(b2), &c->advertised);
		if (add_node(t, T_INET,
		             dupf("Internet %s\n%s%s%s\nadvertises %s", c->name,
		                  b1, c->isp ? " · " : "", c->isp ? c->isp : "",
		                  b2),
		             &id) != 0)
			goto out;
		if ((c->site.idx < ns && site_node[c->site.idx] != MR_NONE &&
		     add_edge(t, site_node[c->site.idx], id, E_ATTACH, 1,
		              NULL) != 0) ||
		    add_edge(t, id, net, E_UP, 1, NULL) != 0)
			goto out;
	}
	for (i = 0; i < d->n_er; i++) {
		const struct mr_er_circuit *e = &d->er[i];
		const char *loc = e->peering_location;
		uint32_t l = MR_NONE;
		bw(b1, sizeof(b1), e->bandwidth_mbps);
		route_filter(b2, sizeof(b2), e);
		prefixes(b3, sizeof(b3), &e->ms.advertised);
		if (add_node(t, T_ER,
		             dupf("ExpressRoute %s\n%s · %s\n%s\nadvertises %s",
		                  e->name, b1, mr_sku_name(e->sku), b2, b3),
		             &id) != 0)
			goto out;
		if (e->site.idx < ns && site_node[e->site.idx] != MR_NONE &&
		    add_edge(t, site_node[e->site.idx], id, E_ATTACH, 1,
		             NULL) != 0)
			goto out;
		/* one node per peering location, the first circuit's order */
		for (j = 0; j < i && loc; j++)
			if (d->er[j].peering_location &&
			    strcmp(d->er[j].peering_location, loc) == 0) {
				l = loc_node[j];
				break;
			}
		if (l == MR_NONE && loc) {
			if (add_node(t, T_LOC, dupf("peering %s", loc), &l) !=
			        0 ||
			    add_edge(t, l, ms, E_UP, 1, NULL) != 0)
				goto out;
		}
		loc_node[i] = l;
		if (l != MR_NONE &&
		    add_edge(t, id, l, E_UP, 1,
		             dupf("%s", e->provider ? e->provider : "")) != 0)
			goto out;
		if (l == MR_NONE && add_edge(t, id, ms, E_UP, 1, NULL) != 0)
			goto out;
	}
	rc = 0;
out:
	free(deg);
	free(hub);
	free(nbr);
	free(site_node);
	free(group_node);
	free(loc_node);
	free(circ);
	return rc;
}

int
topo_build(struct topo **out, const struct mr_net *net)
{
	struct topo *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (t == NULL)
		return -1;
	if (build(t, mr_net_design(net)) != 0) {
		topo_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

void
topo_free(struct topo *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n_nodes; i++)
		free(t->nodes[i].label);
	for (i = 0; i < t->n_edges; i++)
		free(t->edges[i].label);
	free(t->nodes);
	free(t->edges);
	free(t);
}

size_t
topo_groups(const struct topo *t)
{
	return t->n_groups;
}

/* A DOT quoted string: '"' and '\' escaped, a newline as "\n" (a centred
 * line break to dot), control bytes dropped. */
static void
dot_str(struct html *h, const char *s)
{
	html_raw(h, "\"");
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\') {
			char e[3] = {'\\', *s, 0};
			html_raw(h, e);
		} else if (*s == '\n') {
			html_raw(h, "\\n");
		} else if ((unsigned char)*s >= 0x20) {
			html_rawn(h, s, 1);
		}
	}
	html_raw(h, "\"");
}

static const char *const dshape[] = {"box", "box",     "box",     "box",
                                     "box", "ellipse", "ellipse", "ellipse"};
static const char *const dstyle[] = {"solid", "dashed", "rounded", "dashed",
                                     "bold",  "solid",  "bold",    "dotted"};

void
topo_dot(struct html *h, const struct topo *t)
{
	size_t i;

	html_raw(h, "digraph topology {\n\trankdir=LR;\n\tnode [fontsize=10, "
	            "fontname=\"Helvetica\"];\n\tedge [dir=none];\n");
	for (i = 0; i < t->n_nodes; i++) {
		const struct tnode *n = &t->nodes[i];
		html_rawf(h, "\tn%zu [class=%s, shape=%s, style=%s, label=", i,
		          kclass[n->kind], dshape[n->kind], dstyle[n->kind]);
		dot_str(h, n->label);
		html_raw(h, "];\n");
	}
	for (i = 0; i < t->n_edges; i++) {
		const struct tedge *e = &t->edges[i];
		html_rawf(h, "\tn%u -> n%u", e->a, e->b);
		if (e->label && e->label[0]) {
			html_raw(h, " [label=");
			dot_str(h, e->label);
			html_raw(h,
			         e->constraint ? "]" : ", constraint=false]");
		} else if (!e->constraint) {
			html_raw(h, " [constraint=false]");
		}
		html_raw(h, ";\n");
	}
	html_raw(h, "}\n");
}

/* ---- layout (libgvc) and drawing ---- */

/* Node size from the label alone: about 6 points a character at 10 pt,
 * 13 a line, so the layout needs no font. */
static void
label_size(const char *s, double *w, double *hgt)
{
	size_t lines = 1, col = 0, widest = 0;

	for (; *s; s++) {
		if (*s == '\n') {
			lines++;
			col = 0;
			continue;
		}
		if (((unsigned char)*s & 0xc0) != 0x80)
			col++;
		if (col > widest)
			widest = col;
	}
	*w = (double)widest * 6.0 + 16.0;
	*hgt = (double)lines * 13.0 + 10.0;
}

static void
set(void *obj, char *name, const char *v)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s", v);
	agsafeset(obj, name, buf, "");
}

static Agraph_t *
make_graph(struct topo *t)
{
	Agraph_t *g = agopen("topology", Agdirected, NULL);
	size_t i;
	char id[32], buf[64];

	if (g == NULL)
		return NULL;
	agattr(g, AGRAPH, "rankdir", "LR");
	agattr(g, AGRAPH, "nodesep", "0.25");
	agattr(g, AGRAPH, "ranksep", "0.6");
	agattr(g, AGNODE, "shape", "box");
	agattr(g, AGNODE, "fixedsize", "true");
	agattr(g, AGNODE, "label", "");
	agattr(g, AGNODE, "width", "1");
	agattr(g, AGNODE, "height", "0.5");
	agattr(g, AGEDGE, "dir", "none");
	agattr(g, AGEDGE, "label", "");
	agattr(g, AGEDGE, "fontsize", "9");
	agattr(g, AGEDGE, "constraint", "true");
	agattr(g, AGEDGE, "minlen", "1");
	for (i = 0; i < t->n_nodes; i++) {
		struct tnode *n = &t->nodes[i];
		double w, hh;
		snprintf(id, sizeof(id), "n%zu", i);
		n->gv = agnode(g, id, 1);
		label_size(n->label, &w, &hh);
		if (n->kind >= T_LOC) {
			w *= 1.3;
			hh *= 1.3;
			agsafeset(n->gv, "shape", "ellipse", "box");
		}
		snprintf(buf, sizeof(buf), "%.3f", w / 72.0);
		agsafeset(n->gv, "width", buf, "1");
		snprintf(buf, sizeof(buf), "%.3f", hh / 72.0);
		agsafeset(n->gv, "height", buf, "0.5");
	}
	for (i = 0; i < t->n_edges; i++) {
		struct tedge *e = &t->edges[i];
		snprintf(id, sizeof(id), "e%zu", i);
		e->gv = agedge(g, t->nodes[e->a].gv, t->nodes[e->b].gv, id, 1);
		/* No label in the layout: Graphviz would size its text
		 * with the fonts installed (pango), so the drawing would
		 * differ between machines, and 2.42 frees a flat edge's
		 * label twice (flat_edges, gvFreeLayout). The label goes at
		 * the middle of the curve; minlen leaves it room. */
		if (e->label && e->label[0])
			set(e->gv, "minlen", "2");
		if (!e->constraint)
			set(e->gv, "constraint", "false");
	}
	return g;
}

static void
text_lines(struct html *h, const char *label, double cx, double cy)
{
	size_t lines = 1, k = 0;
	const char *s, *start;
	double y;

	for (s = label; *s; s++)
		lines += *s == '\n';
	y = cy - ((double)lines - 1.0) * 6.5 + 3.5;
	html_raw(h, "<text x=\"");
	html_num(h, cx);
	html_raw(h, "\" y=\"");
	html_num(h, y);
	html_raw(h, "\" text-anchor=\"middle\">");
	for (start = s = label;; s++) {
		if (*s == '\n' || *s == '\0') {
			html_raw(h, "<tspan x=\"");
			html_num(h, cx);
			html_rawf(h, "\" dy=\"%s\"%s>", k ? "13" : "0",
			          k ? "" : " class=\"t1\"");
			html_textn(h, start, (size_t)(s - start));
			html_raw(h, "</tspan>");
			k++;
			if (*s == '\0')
				break;
			start = s + 1;
		}
	}
	html_raw(h, "</text>");
}

/* The first line of a label: the node's role and name, for <title>. */
static void
first_line(struct html *h, const char *label)
{
	const char *nl = strchr(label, '\n');
	html_textn(h, label, nl ? (size_t)(nl - label) : strlen(label));
}

int
topo_svg(struct html *h, struct topo *t)
{
	GVC_t *gvc = gvContext();
	Agraph_t *g;
	double W, H, pad = 8;
	size_t i;

	if (gvc == NULL) {
		cli_error("graphviz: no context");
		return -1;
	}
	if ((g = make_graph(t)) == NULL || gvLayout(gvc, g, "dot") != 0) {
		cli_error("graphviz: the dot layout failed (is libgvc's dot "
		          "plugin installed? scripts/install-deps)");
		if (g)
			agclose(g);
		gvFreeContext(gvc);
		return -1;
	}
	W = GD_bb(g).UR.x + 2 * pad;
	H = GD_bb(g).UR.y + 2 * pad;
#define X(p) ((p).x + pad)
#define Y(p) (GD_bb(g).UR.y - (p).y + pad)
	html_raw(h, "<svg class=\"topo\" role=\"img\" "
	            "aria-labelledby=\"topo-title\" viewBox=\"0 0 ");
	html_num(h, W);
	html_raw(h, " ");
	html_num(h, H);
	html_raw(h, "\" width=\"");
	html_num(h, W);
	html_raw(h, "\" xmlns=\"http://www.w3.org/2000/svg\">"
	            "<title id=\"topo-title\">Topology: sites, proxies, "
	            "circuits, peering locations, Microsoft and the "
	            "Internet</title>\n");
	for (i = 0; i < t->n_edges; i++) {
		struct tedge *e = &t->edges[i];
		splines *spl = ED_spl(e->gv);
		bezier *bz;
		size_t k;
		if (spl == NULL || spl->size < 1)
			continue;
		bz = &spl->list[0];
		html_rawf(h, "<path class=\"e e-%s\" d=\"M",
		          e->kind == E_WAN      ? "wan"
		          : e->kind == E_ATTACH ? "attach"
		                                : "up");
		for (k = 0; k < (size_t)bz->size; k++) {
			if (k > 0 && (k - 1) % 3 == 0)
				html_raw(h, " C");
			html_raw(h, " ");
			html_num(h, X(bz->list[k]));
			html_raw(h, " ");
			html_num(h, Y(bz->list[k]));
		}
		html_raw(h, "\"/>\n");
		if (e->label && e->label[0]) {
			pointf p = bz->list[bz->size / 2];
			if (ED_label(e->gv) && ED_label(e->gv)->set)
				p = ED_label(e->gv)->pos;
			/* kept inside the drawing: ~2.7 points a half
			 * character at 9 pt */
			double half = 2.7 * (double)strlen(e->label) + 2;
			html_raw(h, "<text class=\"el\" x=\"");
			html_num(h, fmin(fmax(X(p), half), W - half));
			html_raw(h, "\" y=\"");
			html_num(h, Y(p) + 3);
			html_raw(h, "\" text-anchor=\"middle\">");
			html_text(h, e->label);
			html_raw(h, "</text>\n");
		}
	}
	for (i = 0; i < t->n_nodes; i++) {
		struct tnode *n = &t->nodes[i];
		pointf c = ND_coord(n->gv);
		double w = ND_width(n->gv) * 72.0, hh = ND_height(n->gv) * 72.0;
		html_rawf(h, "<g class=\"n n-%s\"><title>", kclass[n->kind]);
		first_line(h, n->label);
		html_raw(h, "</title>");
		if (n->kind >= T_LOC) {
			html_raw(h, "<ellipse cx=\"");
			html_num(h, X(c));
			html_raw(h, "\" cy=\"");
			html_num(h, Y(c));
			html_raw(h, "\" rx=\"");
			html_num(h, w / 2);
			html_raw(h, "\" ry=\"");
			html_num(h, hh / 2);
			html_raw(h, "\"/>");
		} else {
			html_raw(h, "<rect x=\"");
			html_num(h, X(c) - w / 2);
			html_raw(h, "\" y=\"");
			html_num(h, Y(c) - hh / 2);
			html_raw(h, "\" width=\"");
			html_num(h, w);
			html_raw(h, "\" height=\"");
			html_num(h, hh);
			html_rawf(h, "\"%s/>",
			          n->kind == T_PROXY ? " rx=\"8\"" : "");
		}
		text_lines(h, n->label, X(c), Y(c));
		html_raw(h, "</g>\n");
	}
#undef X
#undef Y
	html_raw(h, "</svg>\n");
	gvFreeLayout(gvc, g);
	agclose(g);
	gvFreeContext(gvc);
	return 0;
}
