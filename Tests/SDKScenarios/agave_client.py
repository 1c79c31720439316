"""What the agavepy scenarios share: the transcript, the expectations, and agavepy 0.9.5 set up
for a master on loopback.

agavepy assumes HTTPS and an authenticator that matches the URL's host name against host:port,
which drops the token whenever the URL has a port. Both are fixed here, in the client's set-up,
not in the master.
"""
import sys
import time
import urllib.parse

from agavepy import agave
from agavepy.swaggerpy import http_client


def say(text):
    print(text, flush=True)


def expect(condition, what):
    if not condition:
        say("FAILED: " + what)
        sys.exit(1)


def client(url, token):
    """An Agave client of the master at `url`, and its resources (for a second client)."""
    resources = agave.load_resource(url)
    for api in resources["apis"]:
        api["api_declaration"]["basePath"] = url
    http_client.Authenticator.matches = lambda self, target: urllib.parse.urlsplit(target).netloc == self.host
    return agave.Agave(api_server=url, token=token, resources=resources), resources


def wait_status(ag, job_id, wanted, seconds=90):
    """Polls the job's status until it is one of `wanted` or `seconds` pass: the last one seen."""
    deadline = time.time() + seconds
    while True:
        status = ag.jobs.getStatus(jobId=job_id)["status"]
        if status in wanted or time.time() > deadline:
            return status
        time.sleep(0.3)
