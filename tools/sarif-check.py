#!/usr/bin/env python3
"""Check a SARIF log against the structure SARIF 2.1.0 requires.

OASIS SARIF 2.1.0 (and its JSON schema, sarif-schema-2.1.0.json): the
properties each object must have, their types and enumerations, as far as
m365route emits them. Prints one line per problem and "N passed, M failed".
Usage: sarif-check.py FILE.sarif [--expect-results]
"""
import json
import sys

problems = []
checks = 0


def need(cond, where, what):
    global checks
    checks += 1
    if not cond:
        problems.append(f"{where}: {what}")


def is_int(v, lo=None):
    return isinstance(v, int) and not isinstance(v, bool) and (lo is None or v >= lo)


def message(m, where):
    need(isinstance(m, dict), where, "message must be an object")
    if isinstance(m, dict):
        need(isinstance(m.get("text"), str) or isinstance(m.get("id"), str),
             where, "message needs 'text' or 'id' (3.11.1)")


def main():
    path = sys.argv[1]
    expect = "--expect-results" in sys.argv
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
    need(isinstance(log, dict), "sarifLog", "must be an object")
    need(log.get("version") == "2.1.0", "sarifLog.version", "must be \"2.1.0\" (3.13.2)")
    runs = log.get("runs")
    need(isinstance(runs, list), "sarifLog.runs", "required array (3.13.4)")
    n_results = 0
    for ri, run in enumerate(runs or []):
        w = f"runs[{ri}]"
        need(isinstance(run, dict), w, "must be an object")
        tool = run.get("tool")
        need(isinstance(tool, dict), w + ".tool", "required (3.14.6)")
        driver = (tool or {}).get("driver")
        need(isinstance(driver, dict), w + ".tool.driver", "required (3.18.2)")
        need(isinstance((driver or {}).get("name"), str) and driver.get("name"),
             w + ".tool.driver.name", "required non-empty string (3.19.8)")
        rules = (driver or {}).get("rules", [])
        need(isinstance(rules, list), w + ".tool.driver.rules", "must be an array")
        ids = []
        for k, r in enumerate(rules):
            rw = f"{w}.tool.driver.rules[{k}]"
            need(isinstance(r.get("id"), str) and r["id"], rw + ".id", "required (3.49.3)")
            ids.append(r.get("id"))
            for key in ("shortDescription", "fullDescription", "help"):
                if key in r:
                    message(r[key], f"{rw}.{key}")
            if "defaultConfiguration" in r:
                need(r["defaultConfiguration"].get("level") in ("none", "note", "warning", "error"),
                     rw + ".defaultConfiguration.level", "not a level (3.50.3)")
        need(len(ids) == len(set(ids)), w + ".tool.driver.rules", "ids must be unique")
        results = run.get("results")
        need(isinstance(results, list), w + ".results", "array expected (3.14.23)")
        for k, res in enumerate(results or []):
            n_results += 1
            rw = f"{w}.results[{k}]"
            message(res.get("message"), rw + ".message")
            need(res.get("level", "warning") in ("none", "note", "warning", "error"),
                 rw + ".level", "not a level (3.27.10)")
            if "ruleIndex" in res:
                ix = res["ruleIndex"]
                need(is_int(ix, 0) and ix < len(rules), rw + ".ruleIndex", "out of range")
                if is_int(ix, 0) and ix < len(rules):
                    need(rules[ix].get("id") == res.get("ruleId"), rw + ".ruleIndex",
                         "rules[ruleIndex].id must equal ruleId (3.27.6)")
            for li, loc in enumerate(res.get("locations", [])):
                pl = loc.get("physicalLocation")
                lw = f"{rw}.locations[{li}].physicalLocation"
                need(isinstance(pl, dict), lw, "object expected")
                if not isinstance(pl, dict):
                    continue
                al = pl.get("artifactLocation", {})
                need(isinstance(al.get("uri"), str) and al["uri"], lw + ".artifactLocation.uri",
                     "uri expected (3.4.3)")
                reg = pl.get("region")
                if reg is not None:
                    need(is_int(reg.get("startLine"), 1), lw + ".region.startLine", ">= 1 (3.30.5)")
                    need(is_int(reg.get("startColumn", 1), 1), lw + ".region.startColumn", ">= 1")
                    need(is_int(reg.get("endLine", reg.get("startLine", 1)), reg.get("startLine", 1)),
                         lw + ".region.endLine", ">= startLine")
    if expect:
        need(n_results > 0, "runs[*].results", "expected at least one result")
    for p in problems:
        print("FAIL", p)
    print(f"{checks - len(problems)} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
