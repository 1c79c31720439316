"""Runs of one app side by side: agavepy 0.9.5, unmodified, submits one app twice and resubmits
the first while both run, as Agave's users submit one app many times.

Run by JobEndToEndTests/SideBySideSDKTests with ESS_URL, ESS_TOKEN, APP (a stored job, by name,
whose slices wait for GATE to exist), GATE and RECEIVER (a webhook receiver's base URL). Three
jobs of the app are seen running at once, each with its own parameters and notification;
Teraslice's native `_start` of the app is refused meanwhile (409); then the gate opens and each
finishes with its own history. Prints a transcript (never the token); exits non-zero on the
first broken expectation. Writes the three job ids, one a line, to IDS_FILE.
"""
import os
import urllib.error
import urllib.request

from agave_client import client, expect, say, wait_status

URL = os.environ["ESS_URL"]
TOKEN = os.environ.get("ESS_TOKEN") or "no-token"
APP = os.environ["APP"]
GATE = os.environ["GATE"]
RECEIVER = os.environ["RECEIVER"]

ag, _ = client(URL, TOKEN)


def submit(day):
    made = ag.jobs.submit(body={
        "name": day, "appId": APP, "archive": False, "parameters": {"DAY": day},
        "notifications": [{"url": RECEIVER + "/day/" + day + "/${UUID}/${JOB_STATUS}", "event": "FINISHED"}]})
    say("jobs.submit(appId=%s, DAY=%s) -> job %s status=%s" % (APP, day, made["id"], made["status"]))
    return made


monday = submit("monday")
expect(wait_status(ag, monday["id"], {"RUNNING"}, seconds=180) == "RUNNING", "the first job runs")
tuesday = submit("tuesday")
expect(tuesday["id"] != monday["id"] and tuesday["appId"] == monday["appId"], "a second job of the same app")
again = ag.jobs.manage(jobId=monday["id"], body={"action": "resubmit"})
say("jobs.manage(%s, action=resubmit) while it runs -> new job %s" % (monday["id"], again["id"]))
expect(again["id"] not in (monday["id"], tuesday["id"]) and again["appId"] == monday["appId"], "a third job of the app")
ids = [monday["id"], tuesday["id"], again["id"]]
for job_id in ids:
    status = wait_status(ag, job_id, {"RUNNING"}, seconds=180)
    expect(status == "RUNNING", "job %s runs (it is %s)" % (job_id, status))
found = ag.jobs.list(search={"status.eq": "RUNNING"})
say("jobs.list(search={'status.eq': 'RUNNING'}) -> %s" % sorted(job["id"] for job in found))
expect(sorted(job["id"] for job in found) == sorted(ids), "all three jobs of the app run at once")
parameters = [ag.jobs.get(jobId=job_id)["parameters"].get("DAY") for job_id in ids]
say("their parameters -> %s" % parameters)
expect(parameters == ["monday", "tuesday", "monday"], "each job has its own parameters")
told = [[entry["associatedUuid"] for entry in ag.notifications.list(associatedUuid=job_id)] for job_id in ids[:2]]
say("notifications.list(associatedUuid=...) -> %s" % told)
expect(told == [[ids[0]], [ids[1]]], "each submission's notification follows its own job")

native = urllib.request.Request(URL + "/v1/jobs/%s/_start" % monday["appId"], data=b"", method="POST", headers={"Authorization": "Bearer " + TOKEN})
try:
    urllib.request.urlopen(native)
    expect(False, "Teraslice's _start of a job with an active execution is refused")
except urllib.error.HTTPError as error:
    say("POST /v1/jobs/%s/_start while they run -> HTTP %s" % (monday["appId"], error.code))
    expect(error.code == 409, "a 409, as Teraslice refuses it")

open(GATE, "w").close()
say("gate opened")
for job_id in ids:
    status = wait_status(ag, job_id, {"FINISHED", "FAILED", "STOPPED", "KILLED"})
    history = [entry["status"] for entry in ag.jobs.getHistory(jobId=job_id)]
    say("jobs.getStatus(%s) polled -> %s; history %s" % (job_id, status, history))
    expect(status == "FINISHED", "job %s finished" % job_id)
    expect(history[0] == "PENDING" and history[-1] == "FINISHED" and history.count("FINISHED") == 1, "job %s has its own history" % job_id)

with open(os.environ["IDS_FILE"], "w") as out:
    out.write("\n".join(ids) + "\n")
say("agave side by side: ok")
