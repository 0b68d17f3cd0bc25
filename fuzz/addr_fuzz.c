/*
 * addr_fuzz.c - fuzz target for the address and prefix parsers: whatever
 * parses must format to text that parses back to the same value, and that
 * text must be its own canonical form (format(parse(t)) == t).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "m365route/prefix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char buf[MR_PREFIX_STRLEN], buf2[MR_PREFIX_STRLEN];
	struct mr_addr a, b;
	struct mr_prefix p, q;
	size_t n;
	bool host;

	if (mr_addr_parse(&a, s, size) == MR_OK) {
		n = mr_addr_format(&a, buf, sizeof(buf));
		if (n == 0 || n >= MR_ADDR_STRLEN || n != strlen(buf))
			abort();
		if (mr_addr_parse(&b, buf, n) != MR_OK ||
		    memcmp(&a, &b, sizeof(a)) != 0)
			abort();
		if (mr_addr_format(&b, buf2, sizeof(buf2)) != n ||
		    strcmp(buf, buf2) != 0)
			abort();
	}
	if (mr_prefix_parse(&p, s, size, &host) == MR_OK) {
		n = mr_prefix_format(&p, buf, sizeof(buf));
		if (n == 0 || n >= MR_PREFIX_STRLEN || n != strlen(buf))
			abort();
		if (mr_prefix_parse(&q, buf, n, &host) != MR_OK || host ||
		    memcmp(&p, &q, sizeof(p)) != 0)
			abort();
		if (!mr_prefix_contains(&p, &p.addr))
			abort();
		if (mr_prefix_format(&q, buf2, sizeof(buf2)) != n ||
		    strcmp(buf, buf2) != 0)
			abort();
	}
	return 0;
}
