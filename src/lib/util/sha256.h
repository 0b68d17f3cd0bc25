/*
 * sha256.h - FIPS 180-4 SHA-256 (sha256.c), for the catalog digest and the
 * endpoint store's checksums.
 */
#ifndef MR_SHA256_H
#define MR_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct mr_sha256 {
	uint32_t h[8];
	uint64_t bytes;
	unsigned char buf[64];
	size_t n;
};

void mri_sha256_init(struct mr_sha256 *s);
void mri_sha256_update(struct mr_sha256 *s, const void *data, size_t len);
void mri_sha256_final(struct mr_sha256 *s, unsigned char out[32]);
void mri_hex(char *out, const unsigned char *b, size_t n);

/** SHA-256 of data[0..len) as 64 lowercase hex digits and a NUL. */
void mri_sha256_hex(char out[65], const void *data, size_t len);

#endif
