/*
 * feed_catalog.c - which catalog a verb runs on (mr_catalog_open()): a
 * file named by the caller; else, unless the embedded snapshot is asked
 * for, the newest catalog `endpoints update` stored for the instance in
 * the data directory; else the embedded snapshot. A store whose state
 * cannot be read is an error, never a silent fallback to the snapshot.
 * The caller resolves the data directory (the library never reads the
 * environment) and says what it likes about the choice from *used.
 * Complexity: the state file, then one catalog load.
 */
#include <string.h>

#include "error.h"
#include "feed_int.h"

int
mr_catalog_open(struct mr_catalog **out, struct mr_catalog_used *used,
                const struct mr_catalog_choice *c, struct mr_diags *d)
{
	const char *inst = c->instance != NULL ? c->instance : "worldwide";
	int src;

	*out = NULL;
	memset(used, 0, sizeof(*used));
	used->instance = mr_feed_instance_name(inst);
	if (c->file != NULL) {
		if (c->instance != NULL || c->embedded)
			return mri_error_set(MR_EINVAL,
			                     "a catalog file excludes an "
			                     "instance and the embedded one");
		used->source = MR_CATALOG_FROM_FILE;
		return mr_catalog_load_file(out, c->file, d);
	}
	src = !c->embedded && c->data_dir != NULL
	          ? mr_feed_stored_path(used->path, sizeof(used->path),
	                                used->version, c->data_dir, inst)
	          : MR_ENOTFOUND;
	if (src == MR_EIO)
		return src; /* source stays MR_CATALOG_FROM_NONE */
	if (src == MR_OK) {
		used->source = MR_CATALOG_FROM_STORED;
		return mr_catalog_load_file(out, used->path, d);
	}
	/* nothing stored (or an unknown instance: the embedded loader says
	 * so) */
	used->path[0] = '\0';
	used->version[0] = '\0';
	used->source = MR_CATALOG_FROM_EMBEDDED;
	return mr_catalog_load_embedded(out, inst, d);
}
