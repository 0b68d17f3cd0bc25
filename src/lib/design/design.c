/*
 * design.c - loading a network design from YAML (design.h,
 * docs/design-format.md): the entry points and the flow.
 *
 * Files: design_yaml.c (text -> node tree), design_decode.c (value
 * decoders and node helpers), design_schema.c (the field tables and the
 * walker), design_resolve.c (names, references, computed defaults), all
 * sharing design_load.h; this file registers the source, runs the
 * stages and hands back the design or the first error.
 *
 * Flow: the text is registered as a diagnostics source; design_yaml.c turns
 * it into a node tree with byte spans (refusing malformed YAML, tags,
 * several documents, alias cycles, deep nesting and node floods). A
 * table-driven schema walker then decodes the tree into the typed model:
 * each mapping kind (the design, organization, site, dns, location, proxy,
 * circuits, microsoft_peering, WAN link, inbound service, demand, policy,
 * override, PAC group) is a struct schema, an array of struct field {key,
 * decoder, required, offsets into the C struct, range, aux table}. The
 * decoders are small and generic (text, name, reference, list of names,
 * boolean, bounded integer, number, ASN, bandwidth, enum, address, prefix,
 * list of prefixes, nested mapping, list of mappings) plus a few special
 * ones (addr:port, route filter, GUID, hostname pattern, WAN ends).
 * After the walk, names are indexed (one table per kind; Internet and
 * ExpressRoute circuits share one since proxies' egress names either),
 * duplicates and dangling references are reported, references are resolved
 * to indexes, and the computed defaults are filled in.
 *
 * Invariants of a returned design: no error was reported; every mr_ref has
 * idx < the size of the array it refers to, or name == NULL and idx ==
 * MR_NONE; every string is NUL-terminated, free of control characters, and
 * a name matches [A-Za-z0-9._-]{1,64}; prefixes have no host bits; every
 * span lies in the registered source. Everything lives in one arena, freed
 * by mr_design_free().
 *
 * Defaults (docs/design-format.md): dns.microsoft365 local; sessions 2;
 * secondary_vlan = vlan; bfd, direct, m365_authorized, private_peering,
 * realtime_media false; access_rtt_ms MR_SITE_ACCESS_RTT_MS (5 ms);
 * local_preference and customer_asn 0 (unset);
 * inbound path internet (the seed's recommendation for Microsoft-initiated
 * flows); pac_groups expressroute false (everything to the proxy);
 * expressroute_routes true for a site where an ExpressRoute circuit lands
 * or whose proxies egress through one, else false; local_internet true for
 * a site where an Internet circuit lands, else false.
 *
 * Errors keep the walk going until the diagnostics sink's caps stop it
 * (diag.h; mri_dreport() in design_yaml.c adds positions); any error means
 * MR_EPARSE and no design, and mr_error_last() names the first. Limits: 16 MiB
 * of text, the tree limits of design_yaml.c, 65536 items in one list
 * (checked before the list's array is allocated), and a budget of 10^6
 * node visits through aliases (alias bombs).
 *
 * Complexity: O(nodes) for the walk; name tables are open-addressing hash
 * tables, so duplicate checks are O(names) and resolving references is
 * O(references); the computed defaults take one pass over the circuits
 * (they scanned every circuit per site, quadratic in a design whose
 * circuits grow with its sites). Only the error path scans a table, for
 * "did you mean", at most once per reported error.
 * Spec: the seed, Microsoft "Routing with ExpressRoute for Office 365"
 * (12/3/2019), and Microsoft Learn's ExpressRoute pages: "ExpressRoute
 * routing requirements" (addressing, VLANs and ASNs; ms.date 03/12/2026),
 * "ExpressRoute FAQ" (bandwidths; ms.date 03/31/2026), "Configure route
 * filters for Microsoft peering" (route filters) and "ExpressRoute
 * circuits and peering" (service keys).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "m365route/design.h"

#include <stdlib.h>
#include <string.h>

#include "design_load.h"
#include "error.h"
#include "source.h"

/*
 * Entry points.
 */

int
mr_design_load_buffer(struct mr_design **out, const char *name,
                      const char *text, size_t len, struct mr_diags *d)
{
	struct loader L;
	struct box *bx;
	char qn[QBUF];
	int rc = MR_OK;

	if (out != NULL)
		*out = NULL;
	if (out == NULL || d == NULL || (text == NULL && len > 0))
		return mri_error_set(MR_EINVAL, "mr_design_load_buffer: "
		                                "invalid argument");
	if (name == NULL)
		name = "<design>";
	if (len > MAX_DESIGN)
		return mri_error_set(MR_EINVAL,
		                     "the design is too large (%zu bytes, the "
		                     "limit is 16 MiB)",
		                     len);
	if (text == NULL)
		text = "";
	memset(&L, 0, sizeof(L));
	L.r.d = d;
	L.r.text = text;
	L.r.len = len;
	L.r.src = mr_diags_add_source(d, name, text, len);
	if (L.r.src == 0)
		return mri_error_set(MR_ENOMEM, "out of memory");
	mri_diag_begin(d, true);
	if (mri_arena_create(&L.a) != 0)
		return mri_error_set(MR_ENOMEM, "out of memory");
	bx = mri_arena_alloc(L.a, sizeof(*bx));
	if (bx == NULL) {
		rc = MR_ENOMEM;
		goto done;
	}
	bx->a = L.a;
	L.dsg = &bx->d;
	L.dsg->source = mri_arena_strndup(L.a, name, strlen(name));
	if (L.dsg->source == NULL) {
		rc = MR_ENOMEM;
		goto done;
	}
	rc = mri_ytree_build(&L.t, &L.r);
	if (rc != MR_OK || L.r.oom)
		goto done;
	if (mri_diag_load_errors(d) == 0) {
		const struct ynode *root = mri_design_node(&L, L.t.root);
		if (root == NULL || mri_design_is_null(root)) {
			mri_dreport(&L.r, MR_D_DESIGN_EMPTY, 0, (uint32_t)len,
			            "the design is empty");
			mri_diag_note(d, "a design needs at least "
			                 "'organization' and 'sites'");
		} else if (root->kind != Y_MAP) {
			mri_dreport(&L.r, MR_D_VALUE_TYPE, root->start,
			            root->end,
			            "a design must be a mapping of keys "
			            "(organization, sites, ...), not %s",
			            mri_design_kind_name(root));
		} else {
			mri_design_walk(&L, &mri_design_top_schema, root,
			                L.dsg);
			if (!L.r.oom && mri_design_link(&L) != MR_OK)
				L.r.oom = true;
			if (!L.r.oom)
				mri_design_fill_defaults(&L);
		}
	}
done:
	mri_ytree_free(&L.t);
	if (rc == MR_OK && L.r.oom)
		rc = MR_ENOMEM;
	if (rc == MR_OK && mri_diag_load_errors(d) > 0)
		rc = MR_EPARSE;
	if (rc != MR_OK) {
		mri_arena_destroy(L.a);
		if (rc == MR_ENOMEM)
			return mri_error_set(rc, "out of memory");
		mri_design_escape(qn, sizeof(qn), name, strlen(name), SHOW);
		return mri_diag_failed(d, "%s: the design", qn);
	}
	*out = L.dsg;
	return MR_OK;
}

static int
load_buffer(void *out, const char *name, const char *text, size_t len,
            struct mr_diags *d)
{
	return mr_design_load_buffer(out, name, text, len, d);
}

int
mr_design_load_file(struct mr_design **out, const char *path,
                    struct mr_diags *d)
{
	static const struct mri_loader l = {"mr_design_load_file", "a design",
	                                    MAX_DESIGN, load_buffer};

	if (out != NULL)
		*out = NULL;
	return mri_load_file(out, path, d, &l);
}

void
mr_design_free(struct mr_design *dsg)
{
	struct box *bx = (struct box *)dsg;

	if (bx != NULL)
		mri_arena_destroy(bx->a);
}
const char *
mr_service_area_name(enum mr_service_area sa)
{
	static const char *const n[MR_SA__COUNT] = {"Exchange", "SharePoint",
	                                            "Skype", "Common"};

	return (unsigned)sa < MR_SA__COUNT ? n[sa] : "?";
}
