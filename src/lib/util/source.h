/*
 * source.h - reading input files whole, for the loaders.
 */
#ifndef MR_SOURCE_H
#define MR_SOURCE_H

#include <stddef.h>

/**
 * Read path ("-" = standard input) into a malloc'd buffer (NUL-terminated,
 * *len without the NUL). Refuses directories and anything over max bytes
 * before reading it all; what names the kind of input in messages ("an
 * endpoint feed"). Returns MR_OK, MR_EIO or MR_ENOMEM (message in
 * mr_error_last(), the path escaped). *buf is NULL on failure.
 */
int mri_read_file(const char *path, size_t max, const char *what, char **buf,
                  size_t *len);

#endif
