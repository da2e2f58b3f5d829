"""What the serve benchmarks share: fetching a URL, a free port, starting and stopping a server.
Python 3, standard library only."""

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def fetch(url, timeout=10):
    """(status, headers, body bytes); status 0 when the server could not be reached."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()
    except (OSError, ValueError):
        return 0, {}, b""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd, probe, log, timeout):
    """Starts `cmd` with its output in the file `log`, and waits until the URL `probe`
    answers with an HTML page. Returns the process and the seconds that took."""
    out = open(log, "w", encoding="utf-8")
    out.write("$ %s\n" % " ".join(cmd))
    out.flush()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    t0 = time.monotonic()
    while b"<html" not in fetch(probe, timeout=5)[2].lower():
        if proc.poll() is not None or time.monotonic() - t0 > timeout:
            proc.kill()
            sys.exit("server did not start: %s (see %s)" % (" ".join(cmd), log))
        time.sleep(0.2)
    return proc, time.monotonic() - t0


def stop(proc):
    """Stops a server politely, then not; its exit code if it had already died, else None."""
    if proc.poll() is not None:
        return proc.returncode
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return None
