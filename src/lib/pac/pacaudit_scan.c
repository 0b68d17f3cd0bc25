/*
 * pacaudit_scan.c - the PAC audit's ES5 scanner: find syntax and library
 * calls newer than ES5 in a PAC file, which browsers' PAC engines (and
 * the audit's Duktape) may not run.
 *
 * Spec: ECMAScript 5.1 (ECMA-262, June 2011), section 7 (lexical
 * conventions), for where a '/' starts a regular expression literal and
 * where it divides; the ES2015-ES2020 editions for what is newer.
 *
 * Layout: one pass over the bytes with a little state (struct scan): the
 * offset, the current line and where it starts, whether a '/' here would
 * start a regular expression (regex_ok) and whether the previous token
 * was a '.' (so that the next word is a property name).
 *
 * Invariants: the scan never reads past len and never fails; it stores at
 * most cap issues and counts them all, so a first call with cap 0 sizes
 * the second. Offsets, lines and columns point inside the input.
 *
 * Complexity: O(n) time, no allocation.
 */
#include <string.h>

#include "pacaudit_int.h"

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
id_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c == '$' || c >= 0x80 || c == '\\';
}

static int
id_part(unsigned char c)
{
	return id_start(c) || (c >= '0' && c <= '9');
}

static int
word_is(const char *w, size_t n, const char *k)
{
	return strlen(k) == n && memcmp(w, k, n) == 0;
}

struct scan {
	const char *s;
	size_t len, i, n, cap;
	uint32_t line;
	size_t line_start;
	struct mr_es5_issue *out;
};

static void
issue(struct scan *sc, size_t off, const char *what)
{
	if (sc->n < sc->cap) {
		struct mr_es5_issue *x = &sc->out[sc->n];
		x->off = (uint32_t)off;
		x->line = sc->line;
		x->col = (uint32_t)(off - sc->line_start + 1);
		x->what = what;
	}
	sc->n++;
}

/* Advance over s[i], counting lines. */
static void
step(struct scan *sc)
{
	if (sc->s[sc->i] == '\n') {
		sc->line++;
		sc->line_start = sc->i + 1;
	}
	sc->i++;
}

/* The next byte after spaces and newlines (not comments), or 0. */
static unsigned char
peek(const struct scan *sc, size_t from)
{
	while (from < sc->len && is_space(sc->s[from]))
		from++;
	return from < sc->len ? (unsigned char)sc->s[from] : 0;
}

static size_t
peek_at(const struct scan *sc, size_t from)
{
	while (from < sc->len && is_space(sc->s[from]))
		from++;
	return from;
}

/* ES2015+ methods: the message for ".name(", or NULL. */
static const char *
es2015_method(const char *w, size_t n)
{
	static const char *const m[][2] = {
	    {"startsWith", "'.startsWith()' (ES2015)"},
	    {"endsWith", "'.endsWith()' (ES2015)"},
	    {"includes", "'.includes()' (ES2015/ES2016)"},
	    {"repeat", "'.repeat()' (ES2015)"},
	    {"padStart", "'.padStart()' (ES2017)"},
	    {"padEnd", "'.padEnd()' (ES2017)"},
	    {"trimStart", "'.trimStart()' (ES2019)"},
	    {"trimEnd", "'.trimEnd()' (ES2019)"},
	    {"codePointAt", "'.codePointAt()' (ES2015)"},
	    {"findIndex", "'.findIndex()' (ES2015)"},
	    {"fill", "'.fill()' (ES2015)"},
	    {"flat", "'.flat()' (ES2019)"},
	    {"flatMap", "'.flatMap()' (ES2019)"},
	    {"assign", "'Object.assign()' (ES2015)"},
	    {"fromCodePoint", "'String.fromCodePoint()' (ES2015)"}};
	size_t k;

	for (k = 0; k < sizeof(m) / sizeof(m[0]); k++)
		if (word_is(w, n, m[k][0]))
			return m[k][1];
	return NULL;
}

/* Keywords after which a '/' starts a regular expression. */
static int
expr_keyword(const char *w, size_t n)
{
	static const char *const k[] = {
	    "return", "typeof", "instanceof", "in", "new", "delete",
	    "void",   "throw",  "case",       "do", "else"};
	size_t j;

	for (j = 0; j < sizeof(k) / sizeof(k[0]); j++)
		if (word_is(w, n, k[j]))
			return 1;
	return 0;
}

static void
scan_word(struct scan *sc, int after_dot, int *regex_ok)
{
	size_t start = sc->i, n;
	const char *w = sc->s + start;
	unsigned char nx;

	while (sc->i < sc->len && id_part((unsigned char)sc->s[sc->i]))
		sc->i++;
	n = sc->i - start;
	nx = peek(sc, sc->i);
	*regex_ok = expr_keyword(w, n);
	if (after_dot) {
		const char *what = es2015_method(w, n);
		if (nx == '(' && what != NULL)
			issue(sc, start, what);
		*regex_ok = 0;
		return;
	}
	if (word_is(w, n, "let") && (id_start(nx) || nx == '[' || nx == '{'))
		issue(sc, start, "'let' declaration (ES2015)");
	else if (word_is(w, n, "const") && id_start(nx))
		issue(sc, start, "'const' declaration (ES2015)");
	else if (word_is(w, n, "class") && (id_start(nx) || nx == '{'))
		issue(sc, start, "'class' (ES2015)");
	else if ((word_is(w, n, "import") || word_is(w, n, "export")) &&
	         (id_start(nx) || nx == '{' || nx == '*'))
		issue(sc, start, "module syntax (import/export, ES2015)");
	else if (word_is(w, n, "async") && id_start(nx)) {
		size_t j = peek_at(sc, sc->i);
		if (sc->len - j >= 8 && memcmp(sc->s + j, "function", 8) == 0)
			issue(sc, start, "async function (ES2017)");
	}
}

size_t
mri_pac_es5_scan(const char *s, size_t len, struct mr_es5_issue *out,
                 size_t cap)
{
	struct scan sc = {s, len, 0, 0, cap, 1, 0, out};
	int regex_ok = 1, after_dot = 0;

	while (sc.i < len) {
		unsigned char c = (unsigned char)s[sc.i];
		unsigned char c1 =
		    sc.i + 1 < len ? (unsigned char)s[sc.i + 1] : 0;
		unsigned char c2 =
		    sc.i + 2 < len ? (unsigned char)s[sc.i + 2] : 0;
		int dot = 0;

		if (is_space(c)) {
			step(&sc);
			continue;
		}
		if (c == '/' && c1 == '/') {
			while (sc.i < len && s[sc.i] != '\n')
				sc.i++;
			continue;
		}
		if (c == '/' && c1 == '*') {
			sc.i += 2;
			while (sc.i < len &&
			       !(s[sc.i] == '*' && sc.i + 1 < len &&
			         s[sc.i + 1] == '/'))
				step(&sc);
			sc.i = sc.i + 2 < len ? sc.i + 2 : len;
			continue;
		}
		if (c == '"' || c == '\'') {
			sc.i++;
			while (sc.i < len && (unsigned char)s[sc.i] != c &&
			       s[sc.i] != '\n') {
				if (s[sc.i] == '\\' && sc.i + 1 < len)
					step(&sc);
				step(&sc);
			}
			if (sc.i < len && (unsigned char)s[sc.i] == c)
				sc.i++;
			regex_ok = 0;
			after_dot = 0;
			continue;
		}
		if (c == '`') {
			issue(&sc, sc.i, "template literal (ES2015)");
			sc.i++;
			while (sc.i < len && s[sc.i] != '`') {
				if (s[sc.i] == '\\' && sc.i + 1 < len)
					step(&sc);
				step(&sc);
			}
			if (sc.i < len)
				sc.i++;
			regex_ok = 0;
			after_dot = 0;
			continue;
		}
		if (c == '/' && regex_ok) {
			int in_class = 0;
			sc.i++;
			while (sc.i < len && s[sc.i] != '\n') {
				char r = s[sc.i];
				if (r == '\\' && sc.i + 1 < len &&
				    s[sc.i + 1] != '\n') {
					sc.i += 2;
					continue;
				}
				sc.i++;
				if (r == '[')
					in_class = 1;
				else if (r == ']')
					in_class = 0;
				else if (r == '/' && !in_class)
					break;
			}
			while (sc.i < len && id_part((unsigned char)s[sc.i]))
				sc.i++;
			regex_ok = 0;
			after_dot = 0;
			continue;
		}
		if ((c >= '0' && c <= '9') ||
		    (c == '.' && c1 >= '0' && c1 <= '9')) {
			while (sc.i < len &&
			       (id_part((unsigned char)s[sc.i]) ||
			        s[sc.i] == '.' ||
			        ((s[sc.i] == '+' || s[sc.i] == '-') &&
			         (s[sc.i - 1] == 'e' || s[sc.i - 1] == 'E'))))
				sc.i++;
			regex_ok = 0;
			after_dot = 0;
			continue;
		}
		if (id_start(c)) {
			scan_word(&sc, after_dot, &regex_ok);
			after_dot = 0;
			continue;
		}
		/* Punctuators. */
		regex_ok = 1;
		if (c == '=' && c1 == '>') {
			issue(&sc, sc.i, "arrow function (ES2015)");
			sc.i += 2;
		} else if (c == '.' && c1 == '.' && c2 == '.') {
			issue(&sc, sc.i, "spread or rest '...' (ES2015)");
			sc.i += 3;
		} else if (c == '*' && c1 == '*') {
			issue(&sc, sc.i, "exponent operator '**' (ES2016)");
			sc.i += 2;
		} else if (c == '?' && c1 == '.' && !(c2 >= '0' && c2 <= '9')) {
			issue(&sc, sc.i, "optional chaining '?.' (ES2020)");
			sc.i += 2;
			dot = 1;
		} else if (c == '?' && c1 == '?') {
			issue(&sc, sc.i, "nullish coalescing '?\?' (ES2020)");
			sc.i += 2;
		} else {
			if (c == '.')
				dot = 1;
			if (c == ')' || c == ']' || c == '.')
				regex_ok = 0;
			sc.i++;
		}
		after_dot = dot;
	}
	return sc.n;
}
