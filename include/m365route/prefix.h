/*
 * m365route/prefix.h - IPv4/IPv6 addresses and prefixes.
 *
 * Strict text forms: IPv4 dotted quad without leading zeros; IPv6 as in
 * RFC 4291 section 2.2 (with an embedded IPv4 tail); output in RFC 5952
 * canonical form. No scope ids, no zone indexes.
 */
#ifndef M365ROUTE_PREFIX_H
#define M365ROUTE_PREFIX_H

#include "common.h"

enum mr_family { MR_AF_INET = 4, MR_AF_INET6 = 6 };

/** An address; IPv4 uses bytes[0..3], the rest is zero. */
struct mr_addr {
	uint8_t family; /* enum mr_family */
	uint8_t bytes[16];
};

struct mr_prefix {
	struct mr_addr addr; /* host bits are always zero */
	uint8_t len;         /* 0..32 or 0..128 */
};

#define MR_ADDR_STRLEN   46
#define MR_PREFIX_STRLEN 50

/** Parse an IPv4 or IPv6 address (s need not be NUL-terminated). */
MR_API int mr_addr_parse(struct mr_addr *out, const char *s, size_t len);

/**
 * Parse "addr/len". Host bits are cleared; *host_bits (may be NULL) tells
 * whether any were set. Returns MR_OK or MR_EINVAL.
 */
MR_API int mr_prefix_parse(struct mr_prefix *out, const char *s, size_t len,
                           bool *host_bits);

/** Canonical text; returns the length written (buf gets a NUL). */
MR_API size_t mr_addr_format(const struct mr_addr *a, char *buf, size_t n);
MR_API size_t mr_prefix_format(const struct mr_prefix *p, char *buf, size_t n);

/** Whether prefix p contains address a (same family only). */
/** Total order: IPv4 before IPv6, then by address, then shorter first
 * (the order routing tables list). <0, 0 or >0. */
MR_API int mr_prefix_cmp(const struct mr_prefix *a, const struct mr_prefix *b);
MR_API bool mr_prefix_contains(const struct mr_prefix *p,
                               const struct mr_addr *a);

#endif
