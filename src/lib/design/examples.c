/*
 * examples.c - the example designs compiled into the library
 * (the YAML files of data/examples, through cmake/embed.cmake), for
 * --example NAME.
 */
#include <string.h>

#include "m365route/design.h"

struct mr_embed_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};

extern const struct mr_embed_file mr_embedded_examples[];
extern const size_t mr_embedded_examples_count;

size_t
mr_example_count(void)
{
	return mr_embedded_examples_count;
}

const char *
mr_example_name(size_t i)
{
	return i < mr_embedded_examples_count ? mr_embedded_examples[i].name
	                                      : NULL;
}

const char *
mr_example_text(const char *name, size_t *len)
{
	size_t i;

	for (i = 0; i < mr_embedded_examples_count; i++)
		if (strcmp(mr_embedded_examples[i].name, name) == 0) {
			*len = mr_embedded_examples[i].len;
			return (const char *)mr_embedded_examples[i].data;
		}
	*len = 0;
	return NULL;
}
