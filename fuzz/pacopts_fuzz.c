/*
 * pacopts_fuzz.c - fuzz target for the PAC return-string grammar and the
 * JavaScript string escaper (pac_str.c), the two gates every option string
 * passes before it enters a generated PAC file.
 *
 * Input: any bytes, taken whole as one return string (--direct/--proxy).
 * Checks, abort() on failure:
 * - an accepted string holds only [A-Za-z0-9.:;[\] -], no quote, backslash
 *   or line terminator, so it can end neither a string literal nor a
 *   comment; it starts with an upper-case keyword and ends in DIRECT or a
 *   port digit; a rejected one reports an offset within the input;
 * - the escaped form holds only printable ASCII, every '"', '\'' and '\\'
 *   is escaped, the needed length does not depend on the buffer size, and
 *   a truncated escape is a prefix of the full one.
 * Example corpus: fuzz/corpus/pacopts/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "m365route/pac.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *why;
	size_t bad = SIZE_MAX, i, n, n2;
	char *esc, small[8];

	why = mr_pac_return_check(s, size, &bad);
	if (why == NULL) {
		if (size == 0)
			abort();
		for (i = 0; i < size; i++) {
			char c = s[i];
			if (!((c >= 'a' && c <= 'z') ||
			      (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '.' || c == ':' ||
			      c == ';' || c == '[' || c == ']' || c == ' ' ||
			      c == '-'))
				abort();
		}
		if (s[0] < 'A' || s[0] > 'Z')
			abort();
		if (!(s[size - 1] == 'T' ||
		      (s[size - 1] >= '0' && s[size - 1] <= '9')))
			abort();
	} else if (bad > size) {
		abort();
	}

	n = mr_pac_js_escape(NULL, 0, s, size);
	esc = malloc(n + 1);
	if (esc == NULL)
		return 0;
	n2 = mr_pac_js_escape(esc, n + 1, s, size);
	if (n2 != n || esc[n] != '\0' || strlen(esc) != n)
		abort();
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)esc[i];
		if (c < 0x20 || c > 0x7e || c == '<' || c == '>')
			abort();
		if (c == '\\') {
			/* an escape: \" \' \\ or \xNN */
			if (i + 1 >= n)
				abort();
			if (esc[i + 1] == 'x')
				i += 3;
			else
				i += 1;
			continue;
		}
		if (c == '"' || c == '\'')
			abort();
	}
	if (mr_pac_js_escape(small, sizeof(small), s, size) != n ||
	    strncmp(small, esc, strlen(small)) != 0)
		abort();
	free(esc);
	return 0;
}
