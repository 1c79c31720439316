"""Two days' folders at once: the xplenty 3.0.0 SDK, unmodified, runs one package (an `s3` job
whose input and output URLs use `{DAY}`) for two days side by side, each choosing its folder with
`add_job`'s variables, as Xplenty's guide describes.

Run by JobEndToEndTests/S3JobTests with ESS_URL, ESS_TOKEN, PACKAGE and GATE (the slices wait
for it, so both jobs are seen running at once). Prints a transcript; exits non-zero on the first
broken expectation.
"""
import os

from xplenty_client import client, expect, poll, say

PACKAGE = int(os.environ["PACKAGE"])
GATE = os.environ["GATE"]
client = client(os.environ["ESS_URL"], os.environ.get("ESS_TOKEN") or "no-key")

jobs = []
for day in ("2026-12-01", "2026-12-02"):
    job = client.add_job(0, PACKAGE, {"DAY": day})
    say("add_job(cluster 0, package %s, DAY=%s) -> id=%s status=%s" % (PACKAGE, day, job.id, job.status))
    expect(job.variables.get("DAY") == day, "the job has its own DAY")
    jobs.append(job)

both = poll(lambda: [client.get_job(j.id) for j in jobs], lambda js: all(j.status == "running" for j in js), every=0.2)[0]
say("both running: %s" % [j.status for j in both])
expect(all(j.status == "running" for j in both), "both days run at once")
open(GATE, "w").close()
for job in jobs:
    done = poll(lambda: client.get_job(job.id), lambda j: j.status in ("completed", "failed", "stopped"), every=0.3)[0]
    say("get_job(%s) -> %s, progress %s, DAY=%s" % (job.id, done.status, done.progress, done.variables.get("DAY")))
    expect(done.status == "completed", "job %s completed" % job.id)
say("xplenty s3: ok")
