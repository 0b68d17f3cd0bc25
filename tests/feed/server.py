#!/usr/bin/env python3
"""A scripted stand-in for https://endpoints.office.com, on 127.0.0.1 only.

Serves GET /version/<Instance> and GET /endpoints/<Instance> from the real
snapshots in data/endpoints, and misbehaves on request. The test driving it
(tests/scripts/test-feed-update.sh) sets its state through
GET /_control?key=value&... :

  version=V           the "latest" that /version reports
  version_body=TEXT   a raw /version body instead (bad versions, not JSON)
  file=NAME           the data/endpoints file /endpoints serves
  script_version=A,B  actions for the next /version requests, one each
  script_endpoints=.. the same for /endpoints
  reset=1             forget the counters and scripts

Actions: ok; 429 or 429:N (Retry-After: N); 500; 503:N; slow:S (wait S
seconds, then answer); truncate (Content-Length says more than is sent, then
the connection closes); cut (a complete answer holding half the body);
html (200 with an HTML page). When a script runs out, requests are "ok".

GET /_stats returns the counters: requests per method, the set of
ClientRequestIds and User-Agents seen.

Usage: server.py DATA_DIR PORT_FILE  (binds 127.0.0.1, an ephemeral port,
written to PORT_FILE once listening).
"""
import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DATA = sys.argv[1]
LOCK = threading.Lock()
STATE = {}


def reset():
    STATE.clear()
    STATE.update(version="2020092900", version_body=None,
                 file="worldwide-2020092900.json",
                 script={"version": [], "endpoints": []},
                 count={"version": 0, "endpoints": 0, "other": 0},
                 ids=[], agents=[])


reset()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def send(self, code, body, ctype="application/json", headers=None,
             length=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length",
                         str(len(body) if length is None else length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if length is not None:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        try:
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        parts = url.path.strip("/").split("/")
        if parts[0] == "_control":
            with LOCK:
                if "reset" in q:
                    reset()
                for k in ("version", "file"):
                    if k in q:
                        STATE[k] = q[k][0]
                if "version_body" in q:
                    STATE["version_body"] = q["version_body"][0]
                for k in ("version", "endpoints"):
                    if "script_" + k in q:
                        STATE["script"][k] = [
                            a for a in q["script_" + k][0].split(",") if a]
            return self.send(200, b"{}")
        if parts[0] == "_stats":
            with LOCK:
                body = json.dumps({"count": STATE["count"],
                                   "ids": sorted(set(STATE["ids"])),
                                   "agents": sorted(set(STATE["agents"]))})
            return self.send(200, body.encode())
        kind = parts[0] if parts[0] in ("version", "endpoints") else "other"
        with LOCK:
            STATE["count"][kind] += 1
            ids = [v for k, vs in q.items() if k.lower() == "clientrequestid"
                   for v in vs]
            STATE["ids"].extend(ids or ["<none>"])
            STATE["agents"].append(self.headers.get("User-Agent", ""))
            script = STATE["script"].get(kind, [])
            action = script.pop(0) if script else "ok"
        if kind == "other" or len(parts) != 2:
            return self.send(404, b'{"error":"not found"}')
        name, _, arg = action.partition(":")
        if name == "429":
            return self.send(429, b'{"error":"too many requests"}',
                             headers={"Retry-After": arg} if arg else None)
        if name in ("500", "503"):
            return self.send(int(name), b"<html>server error</html>",
                             "text/html",
                             headers={"Retry-After": arg} if arg else None)
        if name == "slow":
            time.sleep(float(arg or 5))
        if name == "html":
            return self.send(200, b"<html><body>Sign in</body></html>",
                             "text/html")
        if kind == "version":
            if STATE["version_body"] is not None:
                body = STATE["version_body"].encode()
            else:
                body = json.dumps({"instance": parts[1],
                                   "latest": STATE["version"]}).encode()
        else:
            with open(os.path.join(DATA, STATE["file"]), "rb") as f:
                body = f.read()
        if name == "truncate":
            return self.send(200, body[: len(body) // 2],
                             length=len(body))
        if name == "cut":
            body = body[: len(body) // 2]
        return self.send(200, body)


def main():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, sys.argv[2])
    srv.serve_forever()


if __name__ == "__main__":
    main()
