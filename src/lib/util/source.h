/*
 * source.h - a loader's file entry point, written once (source.c): every
 * mr_*_load_file() reads its input with mr_read_file() and hands it to its
 * mr_*_load_buffer().
 */
#ifndef MR_SOURCE_H
#define MR_SOURCE_H

#include <stddef.h>
#include <stdio.h>

struct mr_diags;

struct mri_loader {
	const char
	    *fn; /* the public function, for the invalid-argument message */
	const char *what; /* the kind of input, for messages ("a design") */
	size_t max;       /* the largest input read, in bytes */
	/* the room's mr_*_load_buffer(); out is its result pointer's address */
	int (*load)(void *out, const char *name, const char *text, size_t len,
	            struct mr_diags *d);
};

/**
 * Read path ("-" = standard input, "<stdin>" in diagnostics) and load it
 * with l->load. out must have been set to NULL by the caller. Returns
 * MR_EINVAL when out, path or d is NULL, else mr_read_file()'s or
 * l->load's status.
 */
int mri_load_file(void *out, const char *path, struct mr_diags *d,
                  const struct mri_loader *l);

/**
 * Open path for reading ("-": standard input, which the caller must not
 * fclose). MR_EIO with mr_read_file()'s messages when it cannot be opened
 * or is a directory; *out is NULL then.
 */
int mri_open_read(const char *path, FILE **out);

#endif
