/*
 * gobgpjson_fuzz.c - fuzz target for the GoBGP JSON reader (rib_gobgp.c).
 *
 * Input: any bytes, read as that format (gzip too, when they start with
 * its magic). Checks the invariants of rib_check.h.
 */
#include <stdint.h>

#include "rib_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (1u << 20))
		return 0;
	fz_rib(data, size, MR_RIB_GOBGP_JSON);
	return 0;
}
