#!/usr/bin/env python3
"""sealgate test fixture: an HTTP server on 127.0.0.1 that misbehaves the way a hostile or broken
certificate URL can. Prints its port; exits when its standard input closes, or after 60 s.

  stream   200 with no length and an endless body
  trickle  200 with a length it never reaches: one byte every half second
  huge     200 announcing a 1 GB body
"""
import os
import socket
import sys
import threading
import time

MODE = sys.argv[1]
DEADLINE = time.time() + 60


def serve(connection):
    try:
        connection.recv(65536)
        if MODE == "stream":
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
            chunk = b"A" * 65536
            while time.time() < DEADLINE:
                connection.sendall(chunk)
        elif MODE == "trickle":
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n-----BEGIN")
            while time.time() < DEADLINE:
                time.sleep(0.5)
                connection.sendall(b"A")
        elif MODE == "huge":
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\nAA")
            time.sleep(5)
    except OSError:
        pass
    finally:
        connection.close()


def exit_when_stdin_closes():
    # The test that started the server closes the pipe when it is done (a test runner's signal mask may
    # keep SIGTERM from reaching this process).
    sys.stdin.buffer.read()
    os._exit(0)


threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(8)
listener.settimeout(0.5)
print(listener.getsockname()[1], flush=True)
while time.time() < DEADLINE:
    try:
        connection, _ = listener.accept()
    except socket.timeout:
        continue
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
