#!/usr/bin/env python3
"""pac-listeners.py - the three local HTTP servers of test-chromium-pac.sh.

usage: pac-listeners.py PAC_FILE PORTS_FILE LOG_FILE [LIFETIME_SECONDS]

Binds three listeners on 127.0.0.1, ephemeral ports:
  pac     serves PAC_FILE at /m365.pac as application/x-ns-proxy-autoconfig
          (what a real deployment serves; Chromium no longer takes file://)
  direct  plays every web server: the browser reaches it for DIRECT
          decisions, because --host-resolver-rules maps every name to
          127.0.0.1 and the test URLs carry this listener's port
  proxy   plays the forward proxy named in the PAC file ("PROXY
          127.0.0.1:<port>"): it receives absolute-form requests
          (GET http://host:port/path) and answers them itself
Each request to direct or proxy is logged to LOG_FILE as "<listener> <host>"
(the Host header without its port) and answered with a small page that
names the listener, so --dump-dom shows it too. The ports are written to
PORTS_FILE as "pac=N direct=N proxy=N" once all three listen. Only
127.0.0.1 is bound; the process exits by itself after LIFETIME_SECONDS
(default 300) in case the test script dies without killing it.
"""
import http.server
import socketserver
import sys
import threading
import time

pac_file, ports_file, log_file = sys.argv[1:4]
lifetime = float(sys.argv[4]) if len(sys.argv) > 4 else 300.0
log_lock = threading.Lock()


def log(kind, host):
    with log_lock:
        with open(log_file, "a", encoding="ascii", errors="replace") as f:
            f.write("%s %s\n" % (kind, host))


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def handler(kind):
    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, fmt, *args):  # quiet
            pass

        def send(self, code, ctype, body):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self):
            if kind == "pac":
                if self.path.split("?")[0] != "/m365.pac":
                    self.send(404, "text/plain", b"not found\n")
                    return
                with open(pac_file, "rb") as f:
                    body = f.read()
                self.send(200, "application/x-ns-proxy-autoconfig", body)
                return
            host = (self.headers.get("Host") or "").strip().lower()
            if host.startswith("["):
                host = host.split("]")[0] + "]"
            else:
                host = host.split(":")[0]
            if self.path.endswith("/favicon.ico"):
                self.send(404, "text/plain", b"")
                return
            log(kind, host)
            body = ("<!DOCTYPE html><html><body><p id=\"via\">via=%s "
                    "host=%s</p></body></html>\n" % (kind, host)).encode()
            self.send(200, "text/html", body)

        do_HEAD = do_GET

        def do_CONNECT(self):  # an https URL would come here: not used
            log(kind + "-connect", self.path.split(":")[0].lower())
            self.send(405, "text/plain", b"no CONNECT here\n")

    return H


servers = {}
for kind in ("pac", "direct", "proxy"):
    srv = Server(("127.0.0.1", 0), handler(kind))
    servers[kind] = srv
    threading.Thread(target=srv.serve_forever, daemon=True).start()
with open(ports_file + ".tmp", "w") as f:
    f.write(" ".join("%s=%d" % (k, s.server_address[1])
                     for k, s in servers.items()) + "\n")
import os
os.rename(ports_file + ".tmp", ports_file)
deadline = time.time() + lifetime
while time.time() < deadline:
    time.sleep(0.5)
