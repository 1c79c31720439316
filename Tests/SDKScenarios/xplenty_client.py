"""What the xplenty SDK scenarios share: the transcript, the expectations, polling, and the
xplenty 3.0.0 SDK pointed at the master (its API_URL module constant; the master's token is the
API key, which the SDK sends as the Basic user name).
"""
import sys
import time

import xplenty.xplenty_api as xplenty_api
from xplenty import XplentyClient


def say(text):
    print(text, flush=True)


def expect(condition, what):
    if not condition:
        say("FAILED: " + what)
        sys.exit(1)


def poll(read, done, seconds=120, every=0.3):
    """Reads until `done` holds or `seconds` pass: the last value and every value seen."""
    deadline = time.time() + seconds
    seen = []
    while True:
        value = read()
        seen.append(value)
        if done(value) or time.time() > deadline:
            return value, seen
        time.sleep(every)


def client(url, key):
    """An Xplenty client of the master at `url`, account `acme`."""
    xplenty_api.API_URL = url + "/%s/api/"
    return XplentyClient(account_id="acme", api_key=key)
