#!/usr/bin/env python3
"""A seeded HTTP fault proxy in front of moto_server, for the ec2 chaos tests.

    python3 Scripts/fault_proxy.py --upstream http://127.0.0.1:5000 [--port 0] [--port-file F] [--seed 7]
                           [--config '{"rates": {"throttle": 0.3, "503": 0.05}}']

`ess` reaches it through AWS_ENDPOINT_URL=http://127.0.0.1:PORT. It prints `PORT <n>` on stdout
(and writes the number to --port-file) once it listens.

Faults, drawn from one seeded generator in the order requests arrive:
  rates (0..1, each a share of all EC2 requests, optionally only for `rate_actions`):
    throttle      an EC2 XML throttling error, its code drawn from `throttle_codes` (default
                  ["RequestLimitExceeded", "Throttling"], equally likely): RequestLimitExceeded
                  as EC2 sends it (HTTP 503), any other code with HTTP 400
    500, 503      a bare 500 / 503 with an HTML body (not EC2's XML)
    unavailable   EC2 XML Unavailable (HTTP 503): "the server is overloaded"
    reset_before  the connection is reset before the request is forwarded (nothing happened)
    reset_after   forwarded, then the connection is reset: a lost response (it did happen)
    delay         the request waits `delay_seconds` before it is forwarded
  actions: {"RunInstances": {"lose": 2}, "DeleteSecurityGroup": {"dependency_violation": 3},
            "X": {"reset": 1, "throttle": 1, "delay": 1, "hold": 1, "error": {"code": "C", "status": 400, "times": 1}}}
    the next N requests of that action get that fault, whatever the rates say. `hold` forwards
    the request at once, then keeps its answer back `hold_seconds` (default 30): it happened,
    and the caller has not heard yet (a caller killed meanwhile never hears).
  consistency_seconds: DescribeInstances naming an instance that RunInstances returned less than
    this long ago answers InvalidInstanceID.NotFound (EC2's eventual consistency).

It enforces ClientToken idempotency, which moto lacks: a RunInstances whose token was seen
before returns the first answer's body and reaches moto only once.

Control endpoints (never faulted, never counted):
  GET  /_proxy/stats   {"received": {action: n}, "forwarded": {...}, "faults": {...},
                        "mutating_received": n, "mutating_forwarded": n, "replayed_tokens": n}
  POST /_proxy/reset   zero the counts
  POST /_proxy/config  replace the fault configuration (JSON body as --config); reseeds if "seed"
"""

import argparse
import http.client
import http.server
import json
import os
import random
import re
import socket
import struct
import sys
import threading
import time
import urllib.parse
import uuid

READ_ONLY_PREFIXES = ("Describe", "Get", "List")


class FaultState:
    def __init__(self, seed, config):
        self.lock = threading.Lock()
        self.random = random.Random(seed)
        self.config = {}
        self.targets = {}
        self.apply(config)
        self.reset_counts()
        self.tokens = {}  # ClientToken -> (status, body)
        self.token_locks = {}
        self.launched = {}  # instance id -> time RunInstances returned it

    def apply(self, config):
        with self.lock:
            if "seed" in config:
                self.random = random.Random(config["seed"])
            self.config = config
            self.targets = {action: dict(spec) for action, spec in config.get("actions", {}).items()}

    def reset_counts(self):
        with self.lock:
            self.received, self.forwarded, self.faults = {}, {}, {}
            self.mutating_received = self.mutating_forwarded = self.replayed = 0

    def stats(self):
        with self.lock:
            return {
                "received": dict(self.received), "forwarded": dict(self.forwarded), "faults": dict(self.faults),
                "mutating_received": self.mutating_received, "mutating_forwarded": self.mutating_forwarded,
                "replayed_tokens": self.replayed,
            }

    def count(self, table, action):
        table[action] = table.get(action, 0) + 1

    def note_received(self, action):
        with self.lock:
            self.count(self.received, action)
            if not action.startswith(READ_ONLY_PREFIXES):
                self.mutating_received += 1

    def note_forwarded(self, action):
        with self.lock:
            self.count(self.forwarded, action)
            if not action.startswith(READ_ONLY_PREFIXES):
                self.mutating_forwarded += 1

    def choose(self, action):
        """The fault for this request: (kind, detail) or None. Targeted faults come first."""
        with self.lock:
            target = self.targets.get(action, {})
            for kind in ("lose", "reset", "throttle", "dependency_violation", "delay", "hold"):
                if target.get(kind, 0) > 0:
                    target[kind] -= 1
                    return self._record(kind, None)
            error = target.get("error")
            if error and error.get("times", 1) > 0:
                error["times"] = error.get("times", 1) - 1
                return self._record("error", error)
            only = self.config.get("rate_actions")
            if only and action not in only:
                return None
            draw = self.random.random()
            edge = 0.0
            for kind in ("throttle", "500", "503", "reset_before", "reset_after", "delay", "unavailable"):
                edge += float(self.config.get("rates", {}).get(kind, 0))
                if draw < edge:
                    if kind == "throttle":
                        return self._record("throttle", None)
                    return self._record({"reset_before": "reset", "reset_after": "lose"}.get(kind, kind), None)
            return None

    def _record(self, kind, detail):
        self.count(self.faults, kind)
        return (kind, detail)

    def throttle_code(self):
        with self.lock:
            codes = self.config.get("throttle_codes", ["RequestLimitExceeded", "Throttling"])
            return codes[0] if len(codes) == 1 else codes[min(int(self.random.random() * len(codes)), len(codes) - 1)]

    def token_lock(self, token):
        with self.lock:
            return self.token_locks.setdefault(token, threading.Lock())

    def note_launch(self, body):
        now = time.monotonic()
        with self.lock:
            for instance in re.findall(rb"<instanceId>(i-[0-9a-f]+)</instanceId>", body):
                self.launched[instance.decode()] = now

    def too_new(self, ids):
        window = float(self.config.get("consistency_seconds", 0))
        if window <= 0:
            return False
        now = time.monotonic()
        with self.lock:
            return any(now - self.launched.get(i, -1e9) < window for i in ids)


def ec2_error(code, message, status):
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>%s</Code><Message>%s</Message>'
        "</Error></Errors><RequestID>%s</RequestID></Response>" % (code, message, uuid.uuid4())
    )
    return status, body.encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None
    upstream = None

    def log_message(self, *args):
        pass

    def finish(self):
        try:
            super().finish()
        except (OSError, ValueError):
            pass

    def do_GET(self):
        if self.path.startswith("/_proxy/stats"):
            return self.reply(200, json.dumps(self.state.stats()).encode(), "application/json")
        self.forward_plain()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("/_proxy/reset"):
            self.state.reset_counts()
            return self.reply(200, b"{}", "application/json")
        if self.path.startswith("/_proxy/config"):
            self.state.apply(json.loads(body or b"{}"))
            return self.reply(200, b"{}", "application/json")
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        action = form.get("Action", ["unknown"])[0]
        self.state.note_received(action)
        fault = self.state.choose(action)
        kind = fault[0] if fault else None
        if kind == "reset":
            return self.reset()
        if kind == "throttle":
            code = self.state.throttle_code()
            return self.reply(*ec2_error(code, "Request limit exceeded.", 503 if code == "RequestLimitExceeded" else 400))
        if kind == "unavailable":
            return self.reply(*ec2_error("Unavailable", "The server is overloaded and can't handle the request.", 503))
        if kind in ("500", "503"):
            status = int(kind)
            return self.reply(status, b"<html><body><h1>%d Service Unavailable</h1></body></html>" % status, "text/html")
        if kind == "dependency_violation":
            group = form.get("GroupId", form.get("GroupName", ["?"]))[0]
            return self.reply(*ec2_error("DependencyViolation", "resource %s has a dependent object" % group, 400))
        if kind == "error":
            detail = fault[1]
            return self.reply(*ec2_error(detail.get("code", "InternalError"), detail.get("message", "injected"), int(detail.get("status", 500))))
        if kind == "delay":
            time.sleep(float(self.state.config.get("delay_seconds", 0.5)))
        if action == "DescribeInstances" and self.state.too_new(self.named_instances(form)):
            return self.reply(*ec2_error("InvalidInstanceID.NotFound", "The instance ID does not exist", 400))

        token = form.get("ClientToken", [None])[0] if action == "RunInstances" else None
        if token:
            with self.state.token_lock(token):
                cached = self.state.tokens.get(token)
                if cached is None:
                    status, headers, answer = self.upstream_call(body)
                    self.state.note_forwarded(action)
                    if status == 200:
                        self.state.tokens[token] = (status, answer)
                        self.state.note_launch(answer)
                else:
                    with self.state.lock:
                        self.state.replayed += 1
                    status, answer = cached
                    headers = [("Content-Type", "text/xml")]
        else:
            status, headers, answer = self.upstream_call(body)
            self.state.note_forwarded(action)
        if kind == "lose":
            return self.reset()
        if kind == "hold":
            time.sleep(float(self.state.config.get("hold_seconds", 30)))
        self.reply(status, answer, dict(headers).get("Content-Type", "text/xml"))

    @staticmethod
    def named_instances(form):
        ids = [v[0] for k, v in form.items() if k.startswith("InstanceId.")]
        for key, value in form.items():
            if re.fullmatch(r"Filter\.\d+\.Name", key) and value[0] == "instance-id":
                prefix = key[: -len("Name")] + "Value."
                ids += [v[0] for k, v in form.items() if k.startswith(prefix)]
        return ids

    def upstream_call(self, body):
        connection = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=60)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("content-length", "expect", "connection")}
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def forward_plain(self):
        status, headers, answer = self.upstream_call(b"")
        self.reply(status, answer, dict(headers).get("Content-Type", "text/plain"))

    def reply(self, status, body, content_type="text/xml"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-requestid", str(uuid.uuid4()))
        self.end_headers()
        self.wfile.write(body)

    def reset(self):
        """Closes the connection with RST: the client sees no response at all."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.rfile.close()
            self.wfile.close()
            self.connection.close()
        except OSError:
            pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def shutdown_request(self, request):
        try:
            request.close()
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--config", default="{}")
    arguments = parser.parse_args()
    Handler.state = FaultState(arguments.seed, json.loads(arguments.config))
    Handler.upstream = urllib.parse.urlsplit(arguments.upstream)
    server = Server(("127.0.0.1", arguments.port), Handler)
    port = server.server_address[1]
    if arguments.port_file:
        with open(arguments.port_file + ".tmp", "w") as handle:
            handle.write(str(port))
        os.replace(arguments.port_file + ".tmp", arguments.port_file)
    print("PORT %d" % port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
