/*
 * design_resolve.c - names, references and computed defaults of a loaded
 * design (design.c has the flow, docs/design-format.md the defaults).
 *
 * Layout: one open-addressing hash table of names per kind (sites,
 * proxies, circuits, inbound services, PAC groups; Internet and
 * ExpressRoute circuits share one since proxies' egress names either),
 * allocated on the tree's arena, each entry the name, its index, the
 * offset where it was defined and, for circuits, whether it is an
 * ExpressRoute one.
 *
 * Invariants after mri_design_link() without errors: no name is defined
 * twice in a kind, and every mr_ref has idx < the size of the array it
 * refers to, or name == NULL and idx == MR_NONE. mri_design_fill_defaults()
 * then writes expressroute_routes, local_internet and secondary_vlan where
 * the design left them out.
 *
 * Complexity: O(names) to index and check duplicates, O(references) to
 * resolve; "did you mean" scans one table, at most once per reported
 * error; the defaults take one pass over the circuits (O(sites + circuits
 * + proxy references)).
 */
#include <string.h>

#include "design_load.h"

/*
 * Names and references.
 */

static int
names_init(struct loader *L, struct names *t, size_t n)
{
	size_t cap = 16;

	while (cap < n * 2 + 2)
		cap *= 2;
	t->v = mri_arena_calloc(L->t.a, cap, sizeof(*t->v));
	if (t->v == NULL)
		return MR_ENOMEM;
	t->mask = cap - 1;
	return MR_OK;
}

static struct nameent *
names_slot(const struct names *t, const char *name)
{
	uint32_t h = 2166136261u;
	size_t i;
	const char *p;

	for (p = name; *p != '\0'; p++) {
		h ^= (unsigned char)*p;
		h *= 16777619u;
	}
	for (i = h & t->mask;; i = (i + 1) & t->mask)
		if (t->v[i].name == NULL || strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
}

/*
 * The span of a name decoded by take_name(): it is stored just before the
 * string (see there), so duplicates can point at the name itself.
 */
static struct mr_span
name_span(const char *name)
{
	struct mr_span s;

	memcpy(&s, name - sizeof(s), sizeof(s));
	return s;
}

/* Add a definition; report it if the name is taken. */
static void
names_add(struct loader *L, struct names *t, const char *name, uint32_t idx,
          bool er, const char *what)
{
	struct nameent *e;
	char w[64], b[QBUF];
	struct mr_span at;

	if (name == NULL)
		return;
	at = name_span(name);
	e = names_slot(t, name);
	if (e->name == NULL) {
		e->name = name;
		e->idx = idx;
		e->at = at.start;
		e->er = er;
		return;
	}
	/* Past the error cap nothing is recorded: a note would land on
	 * the last finding that was. */
	if (!(mri_dreport(
	          &L->r, MR_D_NAME_DUPLICATE, at.start, at.end,
	          "%s named '%s' is already defined", what,
	          mri_design_escape(b, sizeof(b), name, strlen(name), SHOW)) &
	      MRI_DIAG_KEPT))
		return;
	mri_design_where(L, e->at, w, sizeof(w));
	mri_diag_note(L->r.d, "first defined at %s%s", w,
	              t == &L->circuits
	                  ? " (Internet and ExpressRoute circuits share one "
	                    "namespace: a proxy's egress names either)"
	                  : "");
}

static const char *
suggest_name(const struct names *t, const char *name)
{
	const char *best = NULL;
	size_t i, bd = 3, n = strlen(name);

	for (i = 0; i <= t->mask; i++) {
		size_t d;
		if (t->v[i].name == NULL)
			continue;
		d = mri_edit_distance(name, n, t->v[i].name,
		                      strlen(t->v[i].name), bd);
		if (d < bd && d < n) {
			bd = d;
			best = t->v[i].name;
		}
	}
	return best;
}

/* Resolve r against t; report a dangling reference. */
static const struct nameent *
resolve(struct loader *L, struct mr_ref *r, const struct names *t,
        const char *what)
{
	const struct nameent *e;
	const char *sug;
	char b[QBUF];

	if (r->name == NULL) {
		r->idx = MR_NONE;
		return NULL;
	}
	e = names_slot(t, r->name);
	if (e->name != NULL) {
		r->idx = e->idx;
		return e;
	}
	r->idx = MR_NONE;
	/* The one scan of a table: for a reference that is reported. */
	if ((mri_dreport(&L->r, MR_D_REFERENCE_UNKNOWN, r->at.start, r->at.end,
	                 "there is no %s named '%s'", what,
	                 mri_design_escape(b, sizeof(b), r->name,
	                                   strlen(r->name), SHOW)) &
	     MRI_DIAG_KEPT) &&
	    (sug = suggest_name(t, r->name)) != NULL)
		mri_diag_hint(L->r.d, "did you mean '%s'?", sug);
	return NULL;
}

int
mri_design_link(struct loader *L)
{
	struct mr_design *g = L->dsg;
	size_t i, k;

	if (names_init(L, &L->sites, g->n_sites) != MR_OK ||
	    names_init(L, &L->proxies, g->n_proxies) != MR_OK ||
	    names_init(L, &L->circuits, g->n_inet + g->n_er) != MR_OK ||
	    names_init(L, &L->inbound, g->n_inbound) != MR_OK ||
	    names_init(L, &L->pacs, g->n_pac_groups) != MR_OK)
		return MR_ENOMEM;
	for (i = 0; i < g->n_sites; i++)
		names_add(L, &L->sites, g->sites[i].name, (uint32_t)i, false,
		          "a site");
	for (i = 0; i < g->n_proxies; i++)
		names_add(L, &L->proxies, g->proxies[i].name, (uint32_t)i,
		          false, "a proxy");
	for (i = 0; i < g->n_inet; i++)
		names_add(L, &L->circuits, g->inet[i].name, (uint32_t)i, false,
		          "a circuit");
	for (i = 0; i < g->n_er; i++)
		names_add(L, &L->circuits, g->er[i].name, (uint32_t)i, true,
		          "a circuit");
	for (i = 0; i < g->n_inbound; i++)
		names_add(L, &L->inbound, g->inbound[i].name, (uint32_t)i,
		          false, "an inbound service");
	for (i = 0; i < g->n_pac_groups; i++)
		names_add(L, &L->pacs, g->pac_groups[i].name, (uint32_t)i,
		          false, "a PAC group");

	for (i = 0; i < g->n_sites && !mri_diag_stopped(L->r.d); i++) {
		struct mr_site *s = MUT(struct mr_site, &g->sites[i]);
		struct mr_ref *pr = MUT(struct mr_ref, s->proxies);
		if (resolve(L, &s->dns_forward_to, &L->sites, "site") &&
		    s->dns_forward_to.idx == i)
			mri_dreport(&L->r, MR_D_REFERENCE_INVALID,
			            s->dns_forward_to.at.start,
			            s->dns_forward_to.at.end,
			            "site '%s' forwards DNS to itself",
			            s->name);
		for (k = 0; k < s->n_proxies; k++)
			resolve(L, &pr[k], &L->proxies, "proxy");
	}
	for (i = 0; i < g->n_proxies && !mri_diag_stopped(L->r.d); i++) {
		struct mr_proxy *p = MUT(struct mr_proxy, &g->proxies[i]);
		const struct nameent *e;
		resolve(L, &p->site, &L->sites, "site");
		e = resolve(L, &p->egress, &L->circuits,
		            "Internet or ExpressRoute circuit");
		p->egress_is_er = e != NULL && e->er;
	}
	for (i = 0; i < g->n_inet && !mri_diag_stopped(L->r.d); i++)
		resolve(L, MUT(struct mr_ref, &g->inet[i].site), &L->sites,
		        "site");
	for (i = 0; i < g->n_er && !mri_diag_stopped(L->r.d); i++)
		resolve(L, MUT(struct mr_ref, &g->er[i].site), &L->sites,
		        "site");
	for (i = 0; i < g->n_wan && !mri_diag_stopped(L->r.d); i++) {
		struct mr_wan_link *w = MUT(struct mr_wan_link, &g->wan[i]);
		bool a = resolve(L, &w->a, &L->sites, "site") != NULL;
		bool b = resolve(L, &w->b, &L->sites, "site") != NULL;
		if (a && b && w->a.idx == w->b.idx)
			mri_dreport(&L->r, MR_D_REFERENCE_INVALID,
			            w->b.at.start, w->b.at.end,
			            "a WAN link joins site '%s' to itself",
			            w->a.name);
	}
	for (i = 0; i < g->n_inbound && !mri_diag_stopped(L->r.d); i++)
		resolve(L, MUT(struct mr_ref, &g->inbound[i].site), &L->sites,
		        "site");
	for (i = 0; i < g->n_demand && !mri_diag_stopped(L->r.d); i++)
		resolve(L, MUT(struct mr_ref, &g->demand[i].site), &L->sites,
		        "site");
	for (i = 0; i < g->n_pac_groups && !mri_diag_stopped(L->r.d); i++) {
		struct mr_pac_group *p =
		    MUT(struct mr_pac_group, &g->pac_groups[i]);
		struct mr_ref *sr = MUT(struct mr_ref, p->sites);
		struct mr_ref *pr = MUT(struct mr_ref, p->proxies);
		for (k = 0; k < p->n_sites; k++)
			resolve(L, &sr[k], &L->sites, "site");
		/* proxy: in failover order; each named once. */
		for (k = 0; k < p->n_proxies; k++) {
			size_t j;
			if (resolve(L, &pr[k], &L->proxies, "proxy") == NULL)
				continue;
			for (j = 0; j < k; j++)
				if (pr[j].idx == pr[k].idx) {
					mri_dreport(
					    &L->r, MR_D_REFERENCE_INVALID,
					    pr[k].at.start, pr[k].at.end,
					    "PAC group '%s' lists proxy "
					    "'%s' twice",
					    p->name, pr[k].name);
					break;
				}
		}
		if (p->n_proxies > 0)
			p->proxy = p->proxies[0];
	}
	return MR_OK;
}

/*
 * The computed defaults, once references are resolved. Which sites have a
 * circuit landing is marked in one pass over the circuits (scratch on the
 * tree's arena), so this is O(sites + circuits + proxy references), not a
 * scan of every circuit per site.
 */
void
mri_design_fill_defaults(struct loader *L)
{
	enum { ER_LANDS = 1, INET_LANDS = 2 };
	struct mr_design *g = L->dsg;
	uint8_t *lands = NULL;
	size_t i, k;

	if (g->n_sites > 0 &&
	    (lands = mri_arena_calloc(L->t.a, g->n_sites, 1)) == NULL) {
		mri_dreport_oom(&L->r);
		return;
	}
	for (k = 0; k < g->n_er; k++)
		if (g->er[k].site.idx < g->n_sites)
			lands[g->er[k].site.idx] |= ER_LANDS;
	for (k = 0; k < g->n_inet; k++)
		if (g->inet[k].site.idx < g->n_sites)
			lands[g->inet[k].site.idx] |= INET_LANDS;
	for (i = 0; i < g->n_sites; i++) {
		struct mr_site *s = MUT(struct mr_site, &g->sites[i]);
		if (L->er_given == NULL || !L->er_given[i]) {
			bool er = (lands[i] & ER_LANDS) != 0;
			for (k = 0; k < s->n_proxies && !er; k++) {
				uint32_t p = s->proxies[k].idx;
				er = p < g->n_proxies &&
				     g->proxies[p].egress_is_er;
			}
			s->receives_er_routes = er;
		}
		if (L->li_given == NULL || !L->li_given[i])
			s->local_internet = (lands[i] & INET_LANDS) != 0;
	}
	for (i = 0; i < g->n_er; i++) {
		struct mr_ms_peering *m =
		    MUT(struct mr_ms_peering, &g->er[i].ms);
		if (m->present && m->secondary_vlan == 0)
			m->secondary_vlan = m->vlan;
	}
}
