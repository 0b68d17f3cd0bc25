#!/usr/bin/env python3
"""report-outline.py - the structure of a report.html, for golden tests.

usage: report-outline.py REPORT.html

Prints an outline that does not depend on the layout's coordinates: the
title, the verdict, each section's heading, its sub-headings, each table's
header and row count, each SVG's count of nodes, edges and texts, and
every finding code. Fails (exit 1, "FAIL ..." on stderr) when the page is
not self-contained or not well-formed:
  - an element is closed that is not open, or one is left open (void
    elements aside);
  - there is a <script>, an event handler attribute (on...), a src or an
    href to anything but a fragment (#id) of the page, a url() in CSS
    that is not a fragment, or an @import;
  - a fragment link names an id the page does not have; an id is used
    twice.
"""
import html.parser
import re
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
SVG_EMPTY_OK = True


class Outline(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.lines = []
        self.ids = {}
        self.links = []
        self.text_sink = None
        self.table = None
        self.svg = None
        self.codes = []
        self.in_style = False
        self.style = ""
        self.code_sink = None

    def err(self, msg):
        self.errors.append("line %d: %s" % (self.getpos()[0], msg))

    def handle_starttag(self, tag, attrs):
        self.open(tag, attrs, selfclosing=False)

    def handle_startendtag(self, tag, attrs):
        self.open(tag, attrs, selfclosing=True)

    def open(self, tag, attrs, selfclosing):
        a = dict(attrs)
        if tag == "script":
            self.err("a <script> element")
        for k, v in attrs:
            if k.startswith("on"):
                self.err("an event handler attribute %s" % k)
            if k in ("src", "href", "xlink:href", "action", "formaction"):
                if not (v or "").startswith("#"):
                    self.err("%s=%r leaves the page" % (k, v))
                else:
                    self.links.append(v[1:])
            if k == "id":
                if v in self.ids:
                    self.err("id %r used twice" % v)
                self.ids[v] = 1
            if k == "style" and v and "url(" in v:
                self.err("url() in a style attribute")
        if tag == "style":
            self.in_style = True
        cls = (a.get("class") or "").split()
        if tag == "title" and not self.svg and not self.stack_has("svg"):
            self.text_sink = ["title"]
        elif tag in ("h1", "h2", "h3"):
            self.text_sink = [tag]
        elif tag == "div" and "verdict" in cls:
            self.text_sink = ["verdict"]
        if tag == "code" and "code" in cls:
            self.code_sink = []
        if tag == "table":
            self.table = {"head": [], "rows": 0, "cls": a.get("class")}
        elif tag == "th" and self.table is not None and self.stack_has("thead"):
            self.text_sink = ["th"]
        elif tag == "tr" and self.table is not None and self.stack_has("tbody"):
            self.table["rows"] += 1
        if tag == "svg":
            self.svg = {"cls": a.get("class"), "nodes": 0, "paths": 0,
                        "lines": 0, "texts": 0, "rects": 0}
        elif self.svg is not None:
            if tag == "g" and "n" in cls:
                self.svg["nodes"] += 1
            elif tag == "path":
                self.svg["paths"] += 1
            elif tag == "line":
                self.svg["lines"] += 1
            elif tag == "text":
                self.svg["texts"] += 1
            elif tag == "rect":
                self.svg["rects"] += 1
        if tag in VOID or selfclosing:
            return
        self.stack.append(tag)

    def stack_has(self, t):
        return t in self.stack

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.err("</%s> closes <%s>" % (
                tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack and self.stack[-1] != tag:
                    self.stack.pop()
            else:
                return
        self.stack.pop()
        if tag == "style":
            self.in_style = False
        if tag == "code" and self.code_sink is not None:
            self.codes.append("".join(self.code_sink).strip())
            self.code_sink = None
        if self.text_sink and (
                tag == {"title": "title", "h1": "h1", "h2": "h2", "h3": "h3",
                        "verdict": "div", "th": "th"}[self.text_sink[0]]):
            kind = self.text_sink[0]
            text = " ".join(" ".join(self.text_sink[1:]).split())
            self.text_sink = None
            if kind == "th":
                self.table["head"].append(text)
            elif kind == "verdict":
                self.lines.append("verdict: " + text)
            else:
                self.lines.append("%s: %s" % (kind, text))
        if tag == "table" and self.table is not None:
            t = self.table
            self.lines.append("  table%s: %s | %d rows" % (
                "." + t["cls"] if t["cls"] else "", ", ".join(t["head"]),
                t["rows"]))
            self.table = None
        if tag == "svg" and self.svg is not None:
            s = self.svg
            self.lines.append(
                "  svg.%s: %d nodes, %d paths, %d lines, %d rects, %d texts"
                % (s["cls"], s["nodes"], s["paths"], s["lines"], s["rects"],
                   s["texts"]))
            self.svg = None

    def handle_data(self, data):
        if self.in_style:
            self.style += data
        if self.text_sink is not None:
            self.text_sink.append(data)
        if self.code_sink is not None:
            self.code_sink.append(data)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: report-outline.py REPORT.html\n")
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    p = Outline()
    p.feed(text)
    p.close()
    if p.stack:
        p.err("left open: %s" % " ".join(p.stack))
    for u in re.findall(r"url\(([^)]*)\)", p.style):
        if not u.strip("'\" ").startswith("#"):
            p.err("url(%s) in CSS" % u)
    if "@import" in p.style:
        p.err("@import in CSS")
    for l in p.links:
        if l not in p.ids:
            p.err("link to #%s, which is not on the page" % l)
    for line in p.lines:
        print(line)
    print("finding codes: " + " ".join(p.codes))
    for e in p.errors:
        sys.stderr.write("FAIL " + e + "\n")
    return 1 if p.errors else 0


if __name__ == "__main__":
    sys.exit(main())
