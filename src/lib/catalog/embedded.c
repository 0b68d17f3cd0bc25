/*
 * embedded.c - the endpoint snapshots compiled into the library.
 *
 * The bytes come from data/endpoints/<instance>-2025-11-14.json through
 * cmake/embed.cmake (see data/endpoints/README.md for their provenance).
 * They are parsed and validated like any other feed: the embedded default is
 * not trusted more than a file.
 */
#include <stddef.h>
#include <strings.h>

#include "catalog_int.h"
#include "error.h"

extern const unsigned char mr_embed_worldwide_2025_11_14[];
extern const size_t mr_embed_worldwide_2025_11_14_len;
extern const unsigned char mr_embed_china_2025_11_14[];
extern const size_t mr_embed_china_2025_11_14_len;
extern const unsigned char mr_embed_usgovdod_2025_11_14[];
extern const size_t mr_embed_usgovdod_2025_11_14_len;
extern const unsigned char mr_embed_usgovgcchigh_2025_11_14[];
extern const size_t mr_embed_usgovgcchigh_2025_11_14_len;

static const struct {
	const char *name;   /* canonical instance name, as in the web service */
	const char *source; /* source name for diagnostics */
	const char *date;
	const unsigned char *text;
	const size_t *len;
} snapshots[] = {
    {"Worldwide", "<embedded:Worldwide>", "2025-11-14",
     mr_embed_worldwide_2025_11_14, &mr_embed_worldwide_2025_11_14_len},
    {"China", "<embedded:China>", "2025-11-14", mr_embed_china_2025_11_14,
     &mr_embed_china_2025_11_14_len},
    {"USGovDoD", "<embedded:USGovDoD>", "2025-11-14",
     mr_embed_usgovdod_2025_11_14, &mr_embed_usgovdod_2025_11_14_len},
    {"USGovGCCHigh", "<embedded:USGovGCCHigh>", "2025-11-14",
     mr_embed_usgovgcchigh_2025_11_14, &mr_embed_usgovgcchigh_2025_11_14_len},
};

#define N_SNAPSHOTS (sizeof(snapshots) / sizeof(snapshots[0]))

size_t
mr_embedded_count(void)
{
	return N_SNAPSHOTS;
}

const char *
mr_embedded_name(size_t i)
{
	return i < N_SNAPSHOTS ? snapshots[i].name : NULL;
}

const char *
mr_embedded_date(size_t i)
{
	return i < N_SNAPSHOTS ? snapshots[i].date : NULL;
}

int
mr_catalog_load_embedded(struct mr_catalog **out, const char *instance,
                         struct mr_diags *d)
{
	size_t i;
	int rc;

	*out = NULL;
	for (i = 0; i < N_SNAPSHOTS; i++)
		if (instance != NULL &&
		    strcasecmp(instance, snapshots[i].name) == 0)
			break;
	if (i == N_SNAPSHOTS)
		return mri_error_set(MR_ENOTFOUND,
		                     "no embedded instance '%s' (worldwide, "
		                     "china, usgovdod, usgovgcchigh)",
		                     instance ? instance : "");
	rc = mr_catalog_load_buffer(out, snapshots[i].source,
	                            (const char *)snapshots[i].text,
	                            *snapshots[i].len, d);
	if (rc != MR_OK)
		return rc;
	(*out)->instance = snapshots[i].name;
	(*out)->date = snapshots[i].date;
	return MR_OK;
}
