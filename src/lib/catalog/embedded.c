/*
 * embedded.c - the endpoint snapshots compiled into the library.
 *
 * The bytes come from data/endpoints/<instance>-<date>.json through
 * cmake/embed.cmake (see data/endpoints/README.md for their provenance).
 * The date is written once, as MR_SNAPSHOT_DATE in the top-level
 * CMakeLists.txt: it names the files, and the generated source holds it as
 * mr_embed_date[] (the symbols of the data do not carry it). The snapshots
 * are parsed and validated like any other feed: the embedded default is
 * not trusted more than a file.
 */
#include <stddef.h>
#include <strings.h>

#include "catalog_int.h"
#include "error.h"

extern const char mr_embed_date[];
extern const unsigned char mr_embed_worldwide[];
extern const size_t mr_embed_worldwide_len;
extern const unsigned char mr_embed_china[];
extern const size_t mr_embed_china_len;
extern const unsigned char mr_embed_usgovdod[];
extern const size_t mr_embed_usgovdod_len;
extern const unsigned char mr_embed_usgovgcchigh[];
extern const size_t mr_embed_usgovgcchigh_len;

static const struct {
	const char *name;   /* canonical instance name, as in the web service */
	const char *source; /* source name for diagnostics */
	const unsigned char *text;
	const size_t *len;
} snapshots[] = {
    {"Worldwide", "<embedded:Worldwide>", mr_embed_worldwide,
     &mr_embed_worldwide_len},
    {"China", "<embedded:China>", mr_embed_china, &mr_embed_china_len},
    {"USGovDoD", "<embedded:USGovDoD>", mr_embed_usgovdod,
     &mr_embed_usgovdod_len},
    {"USGovGCCHigh", "<embedded:USGovGCCHigh>", mr_embed_usgovgcchigh,
     &mr_embed_usgovgcchigh_len},
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
	return i < N_SNAPSHOTS ? mr_embed_date : NULL;
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
	(*out)->date = mr_embed_date;
	return MR_OK;
}
