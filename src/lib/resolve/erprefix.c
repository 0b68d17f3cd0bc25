/*
 * erprefix.c - what Microsoft advertises over each circuit: the catalog's
 * ExpressRoute prefixes, each tagged with the BGP community of its
 * endpoint set (Exchange 12076:5010, SharePoint 5020, Skype for
 * Business/Teams 5030, other Office 365 5100, and Entra ID 5060 for the
 * identity set: "ExpressRoute routing requirements", BGP community
 * support, ms.date 03/12/2026; expressroute-facts.md), kept when the
 * circuit's route filter admits that community and Microsoft holds a
 * session with it (net_topo.c: er_session_down).
 *
 * The simulation's destination prefixes and the model's per-circuit lists
 * take their communities from mri_net_set_bit() alone.
 *
 * Complexity: O(P log P) per circuit for P ExpressRoute prefixes in the
 * catalog (sorted to merge a prefix listed by several sets).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "m365route/endpoints.h"
#include "net_int.h"

static unsigned
sa_bit(const char *sa)
{
	if (sa == NULL)
		return COMM_OTHER;
	if (strcasecmp(sa, "Exchange") == 0)
		return COMM_EXCHANGE;
	if (strcasecmp(sa, "SharePoint") == 0)
		return COMM_SHAREPOINT;
	if (strcasecmp(sa, "Skype") == 0)
		return COMM_SKYPE;
	return COMM_OTHER; /* Common and the rest: "Other Office 365" */
}

/* The community bit of an endpoint set's prefixes: its service area's,
 * except for the identity set (the Common set that lists the sign-in
 * name login.microsoftonline.com, or .us in the US Government clouds),
 * whose prefixes Microsoft tags with Entra ID's community, 12076:5060,
 * not with "Other Office 365" 5100. */
unsigned
mri_net_set_bit(const struct mr_endpoint_set *es)
{
	size_t i;

	if (es->service_area != NULL &&
	    strcasecmp(es->service_area, "Common") == 0)
		for (i = 0; i < es->n_urls; i++)
			if (strcmp(es->urls[i], "login.microsoftonline.com") ==
			        0 ||
			    strcmp(es->urls[i], "login.microsoftonline.us") ==
			        0)
				return COMM_IDENTITY;
	return sa_bit(es->service_area);
}

/* 12076:<value> of one community bit. */
static uint32_t
bit_value(unsigned bit)
{
	switch (bit) {
	case COMM_EXCHANGE:
		return 5010;
	case COMM_SHAREPOINT:
		return 5020;
	case COMM_SKYPE:
		return 5030;
	case COMM_IDENTITY:
		return 5060;
	default:
		return 5100;
	}
}

static enum mr_service_area
bit_sa(unsigned bit)
{
	switch (bit) {
	case COMM_EXCHANGE:
		return MR_SA_EXCHANGE;
	case COMM_SHAREPOINT:
		return MR_SA_SHAREPOINT;
	case COMM_SKYPE:
		return MR_SA_SKYPE;
	default:
		return MR_SA_COMMON;
	}
}

static int
cmp_pfx(const void *a, const void *b)
{
	const struct mr_net_er_prefix *x = a, *y = b;
	int c = mr_prefix_cmp(&x->prefix, &y->prefix);

	if (c != 0)
		return c;
	return x->community < y->community ? -1 : x->community > y->community;
}

int
mr_net_er_prefixes(const struct mr_net *n, const struct mr_catalog *cat,
                   uint32_t circuit, struct mr_net_er_prefix **out,
                   size_t *n_out)
{
	const struct mr_design *g;
	struct mr_net_er_prefix *v = NULL;
	size_t nv = 0, cap = 0, i, k, w;
	unsigned mask;

	if (out != NULL)
		*out = NULL;
	if (n_out != NULL)
		*n_out = 0;
	if (n == NULL || cat == NULL || out == NULL || n_out == NULL ||
	    circuit >= n->dsg->n_er)
		return mri_error_set(MR_EINVAL, "mr_net_er_prefixes: bad "
		                                "arguments");
	g = n->dsg;
	mask = n->er_mask[circuit];
	if (!g->er[circuit].ms.present || n->er_session_down[circuit])
		mask = 0;
	for (i = 0; mask != 0 && i < mr_catalog_count(cat); i++) {
		const struct mr_endpoint_set *es = mr_catalog_set(cat, i);
		unsigned bit;
		if (es == NULL || !es->express_route)
			continue;
		bit = mri_net_set_bit(es);
		if (!(mask & bit))
			continue;
		for (k = 0; k < es->n_ips; k++) {
			if (nv == cap) {
				size_t nc = cap ? 2 * cap : 256;
				struct mr_net_er_prefix *x =
				    realloc(v, nc * sizeof(*v));
				if (x == NULL) {
					free(v);
					return mri_error_set(MR_ENOMEM,
					                     "out of memory");
				}
				v = x;
				cap = nc;
			}
			v[nv].prefix = es->ips[k];
			v[nv].sa = bit_sa(bit);
			v[nv].community = bit_value(bit);
			v[nv].set_id = es->id;
			nv++;
		}
	}
	if (nv > 1)
		qsort(v, nv, sizeof(*v), cmp_pfx);
	/* one entry per prefix and community (sets repeat prefixes) */
	for (i = 0, w = 0; i < nv; i++)
		if (w == 0 || cmp_pfx(&v[w - 1], &v[i]) != 0)
			v[w++] = v[i];
	*out = v;
	*n_out = w;
	return MR_OK;
}
