/*
 * labdesc.c - the facts the BGP lab (tests/lab/lab.sh) stands up, from a
 * design and the embedded catalog, as one JSON object on stdout. A test
 * program only: it reads the resolved network (include/m365route/
 * resolve.h) and decides nothing itself.
 *
 *   labdesc DESIGN.yaml | --example NAME
 *
 * - "microsoft": every ExpressRoute prefix of the catalog with its
 *   service community (12076:5010 ...), as mr_net_er_prefixes() gives it
 *   for a circuit whose route filter admits all five Microsoft 365
 *   communities: what Microsoft's side of the lab originates;
 * - "er": each ExpressRoute circuit's Microsoft peering (links, VLAN,
 *   advertisements, route filter, local preference, prepends, BFD) and
 *   "admitted", the prefixes its route filter admits
 *   (mr_net_er_prefixes() for the circuit itself);
 * - "inet": each Internet circuit's site, advertisements and NAT pool;
 * - "servers": the inbound services' addresses.
 *
 * IPv4 only (the lab's links are IPv4). Exit 0, or 2 when the design
 * does not load (its diagnostics' messages on stderr).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m365route/m365route.h"

/* The same circuit with every Microsoft 365 community admitted: what
 * Microsoft could advertise to anyone. */
static const char all_filter[] =
    "organization: {name: lab}\n"
    "sites:\n"
    "  - name: s\n"
    "expressroute_circuits:\n"
    "  - name: c\n"
    "    site: s\n"
    "    peering_location: Seattle\n"
    "    bandwidth: 1Gbps\n"
    "    sku: premium\n"
    "    m365_authorized: true\n"
    "    microsoft_peering:\n"
    "      peer_asn: 64512\n"
    "      vlan: 100\n"
    "      route_filter: [exchange, sharepoint, skype, other, entra-id]\n";

static void
jstr(const char *s)
{
	putchar('"');
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void
jprefix(const struct mr_prefix *p)
{
	char buf[MR_PREFIX_STRLEN];

	mr_prefix_format(p, buf, sizeof(buf));
	jstr(buf);
}

static void
jlist(const char *key, const struct mr_prefix_list *l)
{
	size_t i, k = 0;

	printf(",\"%s\":[", key);
	for (i = 0; i < l->n; i++) {
		if (l->v[i].p.addr.family != MR_AF_INET)
			continue;
		if (k++ > 0)
			putchar(',');
		jprefix(&l->v[i].p);
	}
	putchar(']');
}

/* The prefixes Microsoft advertises over circuit c of n, with their
 * communities, as a JSON array. */
static int
jer(const struct mr_net *n, const struct mr_catalog *cat, uint32_t c)
{
	struct mr_net_er_prefix *v;
	size_t nv, i, k = 0;

	if (mr_net_er_prefixes(n, cat, c, &v, &nv) != MR_OK)
		return -1;
	putchar('[');
	for (i = 0; i < nv; i++) {
		if (v[i].prefix.addr.family != MR_AF_INET)
			continue;
		if (k++ > 0)
			putchar(',');
		printf("{\"prefix\":");
		jprefix(&v[i].prefix);
		printf(",\"community\":%u,\"service_area\":",
		       (unsigned)v[i].community);
		jstr(mr_service_area_name(v[i].sa));
		putchar('}');
	}
	putchar(']');
	free(v);
	return 0;
}

static void
jlink(const char *key, const struct mr_dprefix *p, bool has)
{
	printf(",\"%s\":", key);
	if (has)
		jprefix(&p->p);
	else
		printf("null");
}

static void
jcircuit(const struct mr_net *n, const struct mr_catalog *cat,
         const struct mr_design *g, uint32_t c)
{
	const struct mr_er_circuit *er = &g->er[c];
	const struct mr_ms_peering *ms = &er->ms;
	size_t i;

	printf("{\"name\":");
	jstr(er->name);
	printf(",\"site\":");
	jstr(er->site.name);
	printf(",\"microsoft_peering\":%s", ms->present ? "true" : "false");
	printf(",\"peer_asn\":%u,\"vlan\":%u,\"secondary_vlan\":%u",
	       (unsigned)ms->peer_asn, (unsigned)ms->vlan,
	       (unsigned)(ms->secondary_vlan ? ms->secondary_vlan : ms->vlan));
	jlink("subnet", &ms->subnet, ms->has_subnet);
	jlink("primary", &ms->primary, ms->has_primary);
	jlink("secondary", &ms->secondary, ms->has_secondary);
	printf(",\"sessions\":%u,\"bfd\":%s,\"local_preference\":%u",
	       (unsigned)ms->sessions, ms->bfd ? "true" : "false",
	       (unsigned)ms->local_preference);
	jlist("advertised", &ms->advertised);
	jlist("nat_pool", &ms->nat_pool);
	printf(",\"route_filter\":[");
	for (i = 0; i < ms->n_communities; i++)
		printf("%s\"%u:%u\"", i ? "," : "",
		       (unsigned)ms->communities[i].asn,
		       (unsigned)ms->communities[i].value);
	printf("],\"prepend\":[");
	for (i = 0; i < ms->n_prepend; i++)
		printf("%s%u", i ? "," : "", (unsigned)ms->prepend[i]);
	printf("],\"admitted\":");
	jer(n, cat, c);
	putchar('}');
}

static int
load(struct mr_design **out, const char *what, const char *text, size_t len,
     struct mr_diags *d)
{
	int rc;

	if (text != NULL)
		rc = mr_design_load_buffer(out, what, text, len, d);
	else
		rc = mr_design_load_file(out, what, d);
	if (rc != MR_OK) {
		size_t i;
		for (i = 0; i < mr_diags_count(d); i++)
			fprintf(stderr, "labdesc: %s: %s\n", what,
			        mr_diags_get(d, i)->msg);
		if (mr_diags_count(d) == 0)
			fprintf(stderr, "labdesc: %s: %s\n", what,
			        mr_error_last());
	}
	return rc;
}

int
main(int argc, char **argv)
{
	struct mr_diags *d = NULL;
	struct mr_catalog *cat = NULL;
	struct mr_design *g = NULL, *all = NULL;
	struct mr_net *n = NULL, *na = NULL;
	const char *text = NULL, *what;
	size_t len = 0, i, k;
	int rc = 2;

	if (argc == 3 && strcmp(argv[1], "--example") == 0) {
		text = mr_example_text(argv[2], &len);
		if (text == NULL) {
			fprintf(stderr, "labdesc: no example %s\n", argv[2]);
			return 2;
		}
		what = argv[2];
	} else if (argc == 2 && argv[1][0] != '-') {
		what = argv[1];
	} else {
		fprintf(stderr,
		        "usage: labdesc DESIGN.yaml | --example NAME\n");
		return 2;
	}
	if (mr_diags_new(&d) != MR_OK ||
	    mr_catalog_load_embedded(&cat, "worldwide", d) != MR_OK) {
		fprintf(stderr, "labdesc: no embedded catalog\n");
		goto done;
	}
	if (load(&g, what, text, len, d) != MR_OK ||
	    load(&all, "all-filter", all_filter, sizeof(all_filter) - 1, d) !=
	        MR_OK)
		goto done;
	if (mr_net_resolve(&n, g) != MR_OK ||
	    mr_net_resolve(&na, all) != MR_OK) {
		fprintf(stderr, "labdesc: %s\n", mr_error_last());
		goto done;
	}
	printf("{\"design\":");
	jstr(what);
	printf(",\"microsoft\":");
	if (jer(na, cat, 0) != 0)
		goto done;
	printf(",\"sites\":[");
	for (i = 0; i < g->n_sites; i++) {
		if (i > 0)
			putchar(',');
		jstr(g->sites[i].name);
	}
	printf("],\"er\":[");
	for (i = 0; i < g->n_er; i++) {
		if (i > 0)
			putchar(',');
		jcircuit(n, cat, g, (uint32_t)i);
	}
	printf("],\"inet\":[");
	for (i = 0; i < g->n_inet; i++) {
		if (i > 0)
			putchar(',');
		printf("{\"name\":");
		jstr(g->inet[i].name);
		printf(",\"site\":");
		jstr(g->inet[i].site.name);
		jlist("advertised", &g->inet[i].advertised);
		jlist("nat_pool", &g->inet[i].nat_pool);
		putchar('}');
	}
	printf("],\"servers\":[");
	for (i = 0, k = 0; i < g->n_inbound; i++) {
		if (g->inbound[i].address.p.addr.family != MR_AF_INET)
			continue;
		if (k++ > 0)
			putchar(',');
		jprefix(&g->inbound[i].address.p);
	}
	printf("]}\n");
	rc = fflush(stdout) == 0 ? 0 : 2;
done:
	mr_net_free(n);
	mr_net_free(na);
	mr_design_free(g);
	mr_design_free(all);
	mr_catalog_free(cat);
	mr_diags_free(d);
	return rc;
}
