/*
 * error.c - last-error message, one per thread (libgit2's git_error_last).
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

#include "m365route/common.h"

static _Thread_local char last[512];

int
mri_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
	return code;
}

const char *
mr_error_last(void)
{
	return last;
}

const char *
mr_version(void)
{
	return MR_VERSION_STRING;
}
