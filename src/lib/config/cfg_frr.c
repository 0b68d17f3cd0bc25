/*
 * cfg_frr.c - the frr emitter (docs/config.md): spells a router of the
 * representation (config_int.h), decides nothing.
 */
#include "config_int.h"
#include "error.h"

int
mri_cfg_emit_frr(const struct mr_config *c, const struct mri_cfg_router *r,
                 struct mri_buf *out)
{
	(void)c;
	(void)r;
	(void)out;
	return mri_error_set(MR_EINVAL, "format frr is not written yet");
}
