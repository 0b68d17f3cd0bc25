#!/usr/bin/env python3
"""report-cdp.py - load a report.html in headless Chromium and check it.

usage: report-cdp.py CHROMIUM REPORT.html OUT_PREFIX VERDICT [CODE...]

Drives Chromium over the DevTools protocol on a pipe
(--remote-debugging-pipe: fd 3 in, fd 4 out, NUL-terminated JSON), so no
port is opened and nothing but the standard library is needed. Networking
is off: every host name resolves to nothing (--host-resolver-rules), a
proxy that does not exist takes anything else, background networking is
disabled. JavaScript stays on, as in a reader's browser, so a script
that crept in would show its errors and requests here (the report has
none: test-report.sh fails a page with a script). Then:
  - no console message of level error, no exception, no log entry of
    level error (a Content-Security-Policy violation is one);
  - no network request but the page's own file:// URL (data: URLs are
    not requests);
  - the rendered DOM holds "Verdict: VERDICT" and every CODE;
  - a screenshot of the top of the page (1280 px wide) is written to
    OUT_PREFIX.png and the page printed to OUT_PREFIX.pdf (it must be a
    PDF of at least one page).
Prints "ok ..." / "FAIL ..." lines; exit status 0 only when nothing
failed. Chromium is killed after 90 seconds whatever happens.
"""
import base64
import fcntl
import json
import os
import select
import subprocess
import sys
import tempfile
import time


def main():
    if len(sys.argv) < 5:
        sys.stderr.write(__doc__)
        return 2
    chrome, page, prefix, verdict = sys.argv[1:5]
    codes = sys.argv[5:]
    url = "file://" + os.path.abspath(page)
    profile = tempfile.mkdtemp(prefix="mr-cdp-")
    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()
    a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
    b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)

    def child():
        os.dup2(a, 3)
        os.dup2(b, 4)

    args = [chrome, "--headless", "--no-sandbox", "--disable-gpu",
            "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions",
            "--disable-features=Translate,OptimizationHints,MediaRouter",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            "--user-data-dir=" + profile, "--remote-debugging-pipe",
            "--window-size=1280,1600", "about:blank"]
    proc = subprocess.Popen(args, preexec_fn=child, close_fds=False,
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=open(prefix + ".chrome.log", "w"))
    for fd in (to_chrome_r, from_chrome_w, a, b):
        os.close(fd)
    deadline = time.monotonic() + 90
    buf = b""
    events = []
    next_id = [0]
    fails = []

    def send(method, params=None, session=None):
        next_id[0] += 1
        msg = {"id": next_id[0], "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(to_chrome_w, json.dumps(msg).encode() + b"\0")
        return next_id[0]

    def read_one():
        nonlocal buf
        while b"\0" not in buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from Chromium in time")
            r, _, _ = select.select([from_chrome_r], [], [], left)
            if not r:
                continue
            chunk = os.read(from_chrome_r, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            buf += chunk
        raw, buf = buf.split(b"\0", 1)
        return json.loads(raw)

    def call(method, params=None, session=None):
        i = send(method, params, session)
        while True:
            m = read_one()
            if m.get("id") == i:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            events.append(m)

    def wait_event(name):
        for m in events:
            if m.get("method") == name:
                return m
        while True:
            m = read_one()
            events.append(m)
            if m.get("method") == name:
                return m

    try:
        t = call("Target.createTarget", {"url": "about:blank"})
        s = call("Target.attachToTarget",
                 {"targetId": t["targetId"], "flatten": True})["sessionId"]
        for d in ("Page", "Runtime", "Log", "Network", "DOM"):
            call(d + ".enable", {}, s)
        call("Emulation.setDeviceMetricsOverride",
             {"width": 1280, "height": 1600, "deviceScaleFactor": 1,
              "mobile": False}, s)
        events.clear()
        t0 = time.monotonic()
        call("Page.navigate", {"url": url}, s)
        wait_event("Page.loadEventFired")
        load_ms = (time.monotonic() - t0) * 1000
        # let late console messages and requests arrive
        call("Runtime.evaluate", {"expression": "1"}, s)
        call("DOM.getDocument", {"depth": -1}, s)
        root = call("DOM.getDocument", {"depth": 1}, s)["root"]["nodeId"]
        dom = call("DOM.getOuterHTML", {"nodeId": root}, s)["outerHTML"]
        shot = call("Page.captureScreenshot", {"format": "png"}, s)["data"]
        pdf = call("Page.printToPDF", {"printBackground": True,
                                       "preferCSSPageSize": False}, s)["data"]
        # drain what is queued
        call("Runtime.evaluate", {"expression": "2"}, s)
    except Exception as e:  # noqa: BLE001 - any failure is the test's
        print("FAIL driving Chromium: %s" % e)
        proc.kill()
        proc.wait()
        return 1
    finally:
        pass

    print("info page loaded in %.0f ms (navigation to load event)" % load_ms)
    errs = []
    reqs = []
    for m in events:
        meth = m.get("method", "")
        p = m.get("params", {})
        if meth == "Runtime.consoleAPICalled" and p.get("type") in (
                "error", "assert"):
            errs.append("console.%s: %s" % (p.get("type"), json.dumps(
                p.get("args"))[:200]))
        elif meth == "Runtime.exceptionThrown":
            errs.append("exception: %s" % json.dumps(p)[:200])
        elif meth == "Log.entryAdded" and p.get("entry", {}).get(
                "level") == "error":
            errs.append("log: %s" % p["entry"].get("text", "")[:200])
        elif meth == "Network.requestWillBeSent":
            u = p.get("request", {}).get("url", "")
            if u != url and not u.startswith("data:"):
                reqs.append(u)
    if errs:
        fails.append("console errors: " + "; ".join(errs[:5]))
    else:
        print("ok   no console error, exception or error log entry")
    if reqs:
        fails.append("network requests: " + " ".join(reqs[:5]))
    else:
        print("ok   no network request but the page itself")
    want = "Verdict: " + verdict
    if want in dom:
        print("ok   the rendered DOM says '%s'" % want)
    else:
        fails.append("the rendered DOM does not say '%s'" % want)
    missing = [c for c in codes if ">%s<" % c not in dom]
    if missing:
        fails.append("finding codes not in the DOM: " + " ".join(missing))
    else:
        print("ok   every finding code in the DOM (%d)" % len(codes))
    png = base64.b64decode(shot)
    with open(prefix + ".png", "wb") as f:
        f.write(png)
    if png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10000:
        print("ok   screenshot %s.png (%d bytes)" % (prefix, len(png)))
    else:
        fails.append("the screenshot is not a PNG of a page")
    raw = base64.b64decode(pdf)
    with open(prefix + ".pdf", "wb") as f:
        f.write(raw)
    if raw[:5] == b"%PDF-" and (b"/Type /Page" in raw or
                                b"/Type/Page" in raw):
        print("ok   printed to %s.pdf (%d bytes)" % (prefix, len(raw)))
    else:
        fails.append("Print to PDF did not give a PDF")
    try:
        send("Browser.close")
        proc.wait(timeout=15)
    except Exception:  # noqa: BLE001
        proc.kill()
        proc.wait()
    for f in fails:
        print("FAIL " + f)
    subprocess.run(["rm", "-rf", profile], check=False)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
