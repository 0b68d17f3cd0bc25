#!/usr/bin/env python3
"""pac-chromium-trace.py - Chromium's own PAC resolution times, from the
startup traces bench/pac-chromium.sh records (one per PAC file).

usage: pac-chromium-trace.py DIR NAME... (reads DIR/trace-NAME.json)

Each trace is Chromium's JSON trace (--trace-startup=toplevel,netlog
--trace-startup-format=json), timestamps in microseconds on one clock for
every process. For each request of the measured pass (URL
http://HOST/m/I, written by the page of pac-chromium.sh; an
HSTS-upgraded https:// URL counts too):
  - the network service's PROXY_RESOLUTION_SERVICE netlog event, begin to
    end: the whole resolution as the browser waits for it (the Mojo call
    into the proxy resolver utility process and back, and the script);
    its PROXY_RESOLUTION_SERVICE_RESOLVED_PROXY_LIST is the decision;
  - inside that interval, the task that ran on the proxy resolver
    process's "Proxy Resolver" thread, posted from
    services/proxy_resolver/proxy_resolver_v8_tracing.cc (Job::Start): the
    job that calls FindProxyForURL in the resolver's V8 isolate, with
    Chromium's own PAC helper library.
Prints, per file, the number of requests, the job's CPU time (the
trace's thread time, tdur: robust against the other processes of a loaded
machine; median, mean, p90 in microseconds; calls/s = 10^6 / mean), its
wall time (median) and the whole resolution's wall time (median, mean);
then, per pair of files given as A:B after the names, the decisions
compared host by host (on the requests both traces hold: a trace may miss
an event). Exit status 1 when a pair disagrees or more than a tenth of the
requests lack their job or decision, 2 when a trace cannot be read.
"""
import json
import re
import sys

URL = re.compile(r"https?://([^/:]+)/m/(\d+)$")
JOB_FILE = "services/proxy_resolver/proxy_resolver_v8_tracing.cc"


def read(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    ev = d["traceEvents"] if isinstance(d, dict) else d
    pname = {e["pid"]: e["args"].get("name") for e in ev
             if e.get("ph") == "M" and e.get("name") == "process_name"}
    tname = {(e["pid"], e["tid"]): e["args"].get("name") for e in ev
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    open_req = {}   # netlog id -> (index, host) while its controller lives
    begin = {}      # (index, host) -> ts of PROXY_RESOLUTION_SERVICE begin
    span = {}       # (index, host) -> (begin, end)
    decision = {}   # (index, host) -> proxy list
    jobs = []       # (ts, dur) of the resolver's jobs
    for e in ev:
        cat, name, ph = e.get("cat", ""), e.get("name"), e.get("ph")
        if cat == "netlog":
            key = (e["pid"], json.dumps(e.get("id2", e.get("id"))))
            params = (e.get("args") or {}).get("params") or {}
            if name == "HTTP_STREAM_JOB_CONTROLLER":
                if ph == "b":
                    m = URL.match(params.get("url", ""))
                    if m:
                        open_req[key] = (int(m.group(2)), m.group(1))
                elif ph == "e":
                    open_req.pop(key, None)
            elif key in open_req:
                r = open_req[key]
                if name == "PROXY_RESOLUTION_SERVICE" and ph == "b":
                    begin[r] = e["ts"]
                elif (name == "PROXY_RESOLUTION_SERVICE" and ph == "e" and
                      r in begin):
                    span[r] = (begin[r], e["ts"])
                elif name == "PROXY_RESOLUTION_SERVICE_RESOLVED_PROXY_LIST":
                    decision[r] = params.get("proxy_info")
        elif (ph == "X" and name == "ThreadControllerImpl::RunTask" and
              tname.get((e["pid"], e["tid"])) == "Proxy Resolver" and
              "proxy_resolver" in (pname.get(e["pid"]) or "") and
              (e.get("args") or {}).get("src_file") == JOB_FILE):
            jobs.append((e["ts"], e["dur"], e.get("tdur", e["dur"])))
    jobs.sort()
    job = {}
    missing = 0
    for r, (b, t) in span.items():
        inside = [(d, c) for ts, d, c in jobs if b <= ts <= t]
        if inside:
            job[r] = (sum(d for d, _ in inside), sum(c for _, c in inside))
        else:
            missing += 1
    return span, decision, job, missing


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p * len(v)))]


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    d = argv[0]
    names = [a for a in argv[1:] if ":" not in a]
    pairs = [a.split(":") for a in argv[1:] if ":" in a]
    res = {}
    for n in names:
        try:
            res[n] = read("%s/trace-%s.json" % (d, n))
        except (OSError, ValueError, KeyError) as e:
            sys.stderr.write("pac-chromium-trace.py: %s: %s\n" % (n, e))
            return 2
    bad = 0
    print("%-8s %8s %9s %9s %9s %9s %9s %11s %11s" % (
        "file", "requests", "cpu med", "cpu mean", "cpu p90", "calls/s",
        "wall med", "resolve med", "resolve avg"))
    for n in names:
        span, decision, job, missing = res[n]
        if len(job) < 0.9 * len(span) or not job:
            print("%-8s resolver jobs found for %d of %d requests" % (
                n, len(job), len(span)))
            bad = 1
        if not job:
            continue
        wv = [w for w, _ in job.values()]
        cv = [c for _, c in job.values()]
        sv = [t - b for b, t in span.values()]
        mean = sum(cv) / len(cv)
        print("%-8s %8d %7.0fus %7.1fus %7.0fus %9.0f %7.0fus %9.0fus "
              "%9.0fus" % (n, len(span), pct(cv, 0.5), mean, pct(cv, 0.9),
                           1e6 / mean, pct(wv, 0.5), pct(sv, 0.5),
                           sum(sv) / len(sv)))
        if missing or len(decision) < len(span):
            print("%-8s %d requests without a resolver job, %d without a "
                  "decision (events missing from the trace)" % (
                      n, missing, len(span) - len(decision)))
    for a, b in pairs:
        da, db = res[a][1], res[b][1]
        both = [k for k in da if k in db]
        same = sum(1 for k in both if db[k] == da[k])
        direct = sum(1 for k in both if da[k] == "DIRECT")
        gone = len(set(da) ^ set(db))
        print("decisions %s vs %s: %d requests in both traces, %d the same, "
              "%d different (%d DIRECT); %d in one trace only" % (
                  a, b, len(both), same, len(both) - same, direct, gone))
        if same != len(both) or len(both) < 0.9 * max(len(da), len(db), 1):
            bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
