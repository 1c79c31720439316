"""Runs of one package side by side: the xplenty 3.0.0 SDK, unmodified, starts two jobs of one
package on the master's own cluster (cluster 0) while the first runs, as Xplenty's users run one
package for several days' folders at once.

Run by JobEndToEndTests/SideBySideSDKTests with ESS_URL, ESS_TOKEN, PACKAGE (a stored job whose
slices wait for GATE to exist) and GATE. Both jobs are seen running at once, Teraslice's native
`_start` of the package is refused meanwhile (409), then the gate opens and both complete, each
with its own variables and progress. Prints a transcript (never the key); exits non-zero on the
first broken expectation.
"""
import os
import urllib.error
import urllib.request

from xplenty_client import client, expect, poll, say

URL = os.environ["ESS_URL"]
TOKEN = os.environ.get("ESS_TOKEN") or "no-key"
PACKAGE = int(os.environ["PACKAGE"])
GATE = os.environ["GATE"]

client = client(URL, TOKEN)


def now(read, done):
    """`read()` polled until `done` holds (at most 120 s): its last value."""
    return poll(read, done, every=0.2)[0]


monday = client.add_job(0, PACKAGE, {"DAY": "monday"})
say("add_job(cluster 0, package %s, DAY=monday) -> id=%s status=%s" % (PACKAGE, monday.id, monday.status))
monday = now(lambda: client.get_job(monday.id), lambda j: j.status == "running")
expect(monday.status == "running", "the first job runs")
tuesday = client.add_job(0, PACKAGE, {"DAY": "tuesday"})
say("add_job(cluster 0, package %s, DAY=tuesday) while job %s runs -> id=%s status=%s" % (PACKAGE, monday.id, tuesday.id, tuesday.status))
expect(tuesday.id != monday.id and tuesday.package_id == PACKAGE, "a second job of the same package")
expect(tuesday.variables.get("DAY") == "tuesday", "the second job has its own variables")

both = now(lambda: [client.get_job(monday.id), client.get_job(tuesday.id)], lambda jobs: all(j.status == "running" for j in jobs))
say("get_job(%s), get_job(%s) -> %s" % (monday.id, tuesday.id, [j.status for j in both]))
expect(all(j.status == "running" for j in both), "both jobs of the package run at once")
running = client.get(client._join_url("jobs?status=running&package_id=%s" % PACKAGE))
say("get(jobs?status=running&package_id=%s) -> %s" % (PACKAGE, [j["id"] for j in running]))
expect(sorted(j["id"] for j in running) == sorted([monday.id, tuesday.id]), "both listed as running")

native = urllib.request.Request(URL + "/v1/jobs/%s/_start" % PACKAGE, data=b"", method="POST", headers={"Authorization": "Bearer " + TOKEN})
try:
    urllib.request.urlopen(native)
    expect(False, "Teraslice's _start of a job with an active execution is refused")
except urllib.error.HTTPError as error:
    say("POST /v1/jobs/%s/_start while it runs -> HTTP %s" % (PACKAGE, error.code))
    expect(error.code == 409, "a 409, as Teraslice refuses it")

open(GATE, "w").close()
say("gate opened")
for job in (monday, tuesday):
    done = now(lambda: client.get_job(job.id), lambda j: j.status in ("completed", "failed", "stopped"))
    say("get_job(%s) polled -> %s, progress %s, DAY=%s" % (job.id, done.status, done.progress, done.variables.get("DAY")))
    expect(done.status == "completed" and done.progress == 1.0, "job %s completed" % job.id)

say("xplenty side by side: ok")
