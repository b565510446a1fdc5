#!/usr/bin/env python3
"""sealgate test fixture: plays a Kubernetes API server's service proxy on https://127.0.0.1, for
`sealgate cert --fetch` run with the real kubectl. Prints its port; exits when its standard input closes,
or after 60 s.

  argv[1] the certificate (PEM) to serve as the controller's, and the server's own TLS certificate
  argv[2] the server's TLS key

Every request needs `Authorization: Bearer test-token` (kubectl sends it from the kubeconfig). The
answer to GET /api/v1/namespaces/NS/services/http:NAME:/proxy/v1/cert.pem depends on NS:

  kube-system  the certificate, when NAME is sealed-secrets-controller; else 404 as the API server says it
  garbage      200 with text that is not a certificate
  huge         200 with 2 MiB
  slow         no answer until the client gives up
"""
import http.server
import os
import re
import ssl
import sys
import threading
import time

CERTIFICATE, KEY = sys.argv[1], sys.argv[2]
PATH = re.compile(r"^/api/v1/namespaces/([^/]+)/services/http:([^/:]+):/proxy/v1/cert\.pem$")


def status(code, reason, message):
    return ('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"%s",'
            '"reason":"%s","code":%d}' % (message.replace('"', '\\"'), reason, code)).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, code, body, content_type="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.headers.get("Authorization") != "Bearer test-token":
            return self.answer(401, status(401, "Unauthorized", "Unauthorized"))
        match = PATH.match(self.path)
        if not match:
            return self.answer(404, status(404, "NotFound", "the server could not find the requested resource"))
        namespace, name = match.groups()
        if namespace == "kube-system" and name == "sealed-secrets-controller":
            with open(CERTIFICATE, "rb") as file:
                return self.answer(200, file.read(), "text/plain")
        if namespace == "garbage":
            return self.answer(200, b"<html>not a certificate</html>\n", "text/html")
        if namespace == "huge":
            return self.answer(200, b"A" * (2 << 20), "text/plain")
        if namespace == "slow":
            time.sleep(30)
            return
        self.answer(404, status(404, "NotFound", 'services "%s" not found' % name))

    def log_message(self, *arguments):
        pass


def exit_when_stdin_closes():
    # The test that started the server closes the pipe when it is done.
    sys.stdin.buffer.read()
    os._exit(0)


threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
threading.Timer(60, lambda: os._exit(0)).start()
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(CERTIFICATE, KEY)
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
