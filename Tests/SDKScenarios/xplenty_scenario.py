"""The Xplenty scenario: the xplenty 3.0.0 SDK, unmodified, drives a real `ess serve` through
/{account}/api, its API_URL module constant pointed at the master.

Run by JobEndToEndTests/XplentySDKTests with ESS_URL, ESS_TOKEN (the API key: the master's token,
which the SDK sends as the Basic user name), FINISHING and FOREVER (the package ids of a job that completes and of one that runs
until stopped). Creates a cluster, polls it until available, runs a job with variables on it and
polls its progress to completed, stops another, lists jobs newest first and with Xplenty's
`sort`/`direction`/`status` (through the SDK's own `get`), makes a second cluster with a form as
Xplenty's curl examples do, lists clusters page by page, terminates them.
Prints a transcript (never the key); exits non-zero on the first broken expectation.
"""
import base64
import json
import os
import urllib.parse
import urllib.request

import xplenty.xplenty_api as xplenty_api
from xplenty import XplentyClient
from xplenty.exceptions import XplentyAPIException

from xplenty_client import client as xplenty_client, expect, poll, say

URL = os.environ["ESS_URL"]
FINISHING = int(os.environ["FINISHING"])
FOREVER = int(os.environ["FOREVER"])

client = xplenty_client(URL, os.environ.get("ESS_TOKEN") or "no-key")

try:
    XplentyClient(account_id="acme", api_key="not-the-key").get_account_limits()
    expect(False, "a wrong API key is refused")
except XplentyAPIException as error:
    say("a wrong API key -> HTTP %s" % error.http_error.code)
    expect(error.http_error.code == 401, "a wrong API key is a 401")

limits = client.get_account_limits()
say("get_account_limits() -> limit=%s remaining=%s" % (limits.limit, limits.remaining))
expect(limits.remaining > 0, "requests remain")

packages = client.get_packages(offset=0, limit=20)
say("get_packages() -> %s" % [(package.id, package.name) for package in packages])
expect({FINISHING, FOREVER} <= {package.id for package in packages}, "both stored jobs are packages")
package = client.get_package(FINISHING)
say("get_package(%s) -> name=%s variables=%s" % (FINISHING, package.name, package.variables))

cluster = client.create_cluster("sandbox", 1, "sdk-sandbox", "made by the Xplenty SDK", terminate_on_idle=False, time_to_idle=3600)
say("create_cluster(sandbox, 1 node) -> id=%s status=%s" % (cluster.id, cluster.status))
expect(cluster.status == "pending", "a new cluster is pending")
cluster, statuses = poll(lambda: client.get_cluster(cluster.id), lambda c: c.status in ("available", "error"), seconds=180, every=0.5)
say("get_cluster(%s) polled -> %s" % (cluster.id, " -> ".join(dict.fromkeys(c.status for c in statuses))))
expect(cluster.status == "available", "the cluster became available")
expect(cluster.available_since is not None, "available_since is a time")
cluster_id = cluster.id

job = client.add_job(cluster_id, FINISHING, {"GREETING": "hello"})
say("add_job(cluster %s, package %s, GREETING=hello) -> id=%s status=%s" % (cluster_id, FINISHING, job.id, job.status))
expect(job.variables.get("GREETING") == "hello", "the job has its variables")
job, seen = poll(lambda: client.get_job(job.id), lambda j: j.status in ("completed", "failed", "stopped"))
progress = [round(j.progress, 2) for j in seen]
say("get_job(%s) polled -> statuses %s, progress %s" % (job.id, list(dict.fromkeys(j.status for j in seen)), sorted(set(progress))))
expect(job.status == "completed", "the job completed")
expect(progress == sorted(progress) and progress[-1] == 1.0, "progress rises to 1.0")
expect(job.completed_at is not None and job.runtime_in_seconds >= 0, "completed_at and runtime_in_seconds")
expect(job.cluster_id == cluster_id and job.package_id == FINISHING, "the job names its cluster and package")

other = client.add_job(cluster_id, FOREVER, {})
say("add_job(cluster %s, package %s) -> id=%s" % (cluster_id, FOREVER, other.id))
other, _ = poll(lambda: client.get_job(other.id), lambda j: j.status == "running")
expect(other.status == "running", "the other job runs")
answer = client.stop_job(other.id)
say("stop_job(%s) -> status=%s" % (other.id, answer["status"]))
expect(answer["status"] in ("stopping", "stopped"), "stop answers the job")
other, _ = poll(lambda: client.get_job(other.id), lambda j: j.status == "stopped")
say("get_job(%s) polled -> %s" % (other.id, other.status))
expect(other.status == "stopped", "the other job stopped")

jobs = client.get_jobs()
say("get_jobs() -> %s" % [(j.id, j.status) for j in jobs])
expect([j.id for j in jobs] == [other.id, job.id], "both jobs listed, newest first")
oldest = client.get(client._join_url("jobs?sort=created&direction=asc"))
say("get(jobs?sort=created&direction=asc) -> %s" % [j["id"] for j in oldest])
expect([j["id"] for j in oldest] == [job.id, other.id], "oldest first when asked")
stopped = client.get(client._join_url("jobs?status=stopped&sort=updated"))
say("get(jobs?status=stopped&sort=updated) -> %s" % [(j["id"], j["status"]) for j in stopped])
expect([j["id"] for j in stopped] == [other.id], "only the stopped job")

# A form, as Xplenty's curl examples send one (`-d "cluster[nodes]=1"`): urllib's default type.
form = urllib.parse.urlencode({"cluster[type]": "sandbox", "cluster[nodes]": 1, "cluster[name]": "form-second"}).encode()
request = urllib.request.Request(client._join_url("clusters"), data=form, headers=xplenty_api.HEADERS)
request.add_header("Authorization", "Basic " + base64.b64encode(os.environ["ESS_TOKEN"].encode()).decode())
with urllib.request.urlopen(request) as answer:
    second = xplenty_api.Cluster.new_from_dict(json.loads(answer.read()), h=client)
    say("POST clusters (form cluster[type]=sandbox, cluster[nodes]=1) -> HTTP %s id=%s name=%s status=%s"
        % (answer.status, second.id, second.name, second.status))
expect(second.name == "form-second" and second.nodes == 1 and second.status == "pending", "a form makes a cluster")
pages, offset = [], 0
while True:
    page = client.get_clusters(offset=offset, limit=1)
    if not page:
        break
    pages.append([(c.id, c.status) for c in page])
    offset += 1
say("get_clusters(offset=0.., limit=1) -> %s" % pages)
expect(all(len(page) == 1 for page in pages), "pages of one")
expect({cluster_id, second.id} <= {page[0][0] for page in pages}, "every cluster paged through")
for made in (second.id, cluster_id):
    gone = client.terminate_cluster(made)
    say("terminate_cluster(%s) -> %s" % (made, gone.status))
    expect(gone.status in ("pending_terminate", "terminating", "terminated"), "terminate answers the cluster")
    gone, statuses = poll(lambda: client.get_cluster(made), lambda c: c.status in ("terminated", "error"), seconds=120, every=0.5)
    say("get_cluster(%s) polled -> %s, terminated_at %s" % (made, " -> ".join(dict.fromkeys(c.status for c in statuses)), gone.terminated_at))
    expect(gone.status == "terminated" and gone.terminated_at is not None, "the cluster terminated")

try:
    client.get_job(999999)
    expect(False, "an unknown job is refused")
except XplentyAPIException as error:
    say("get_job(999999) -> HTTP %s: %s" % (error.http_error.code, error))
    expect(error.http_error.code == 404 and str(error), "a 404 with Xplenty's message")

say("xplenty scenario: ok")
