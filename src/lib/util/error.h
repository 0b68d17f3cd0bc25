/*
 * error.h - the per-thread "last error" message behind mr_error_last().
 */
#ifndef MR_ERROR_H
#define MR_ERROR_H

/** Record a message for mr_error_last() and return code. */
int mri_error_set(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
