"""The Agave scenario: agavepy 0.9.5, unmodified, drives a real `ess serve` through /jobs/v2.

Run by JobEndToEndTests/AgaveSDKTests with ESS_URL (http://127.0.0.1:PORT), ESS_TOKEN (the
master's API token, sent as the Bearer token), FINISHING (the id of an execution that completes)
and FOREVER (one that runs until stopped). Prints a transcript (never the token); exits non-zero
on the first broken expectation.

agavepy's two set-up fixes (plain HTTP, the token kept for a URL with a port) are in agave_client.py.
"""
import os

from agavepy import agave

from agave_client import client, expect, say, wait_status

URL = os.environ["ESS_URL"]
TOKEN = os.environ.get("ESS_TOKEN") or "no-token"
FINISHING = os.environ["FINISHING"]
FOREVER = os.environ["FOREVER"]

ag, resources = client(URL, TOKEN)

try:
    agave.Agave(api_server=URL, token="not-the-token", resources=resources).jobs.list()
    expect(False, "a wrong token is refused")
except Exception as error:
    status = getattr(getattr(error, "response", None), "status_code", None)
    say("a wrong token -> HTTP %s" % status)
    expect(status == 401, "a wrong token is a 401")


jobs = ag.jobs.list()
say("jobs.list() -> %s" % sorted((job["id"], job["status"]) for job in jobs))
expect({FINISHING, FOREVER} <= {job["id"] for job in jobs}, "both executions listed")

status = wait_status(ag, FINISHING, {"FINISHED", "FAILED", "STOPPED", "KILLED"})
say("jobs.getStatus(%s) polled -> %s" % (FINISHING, status))
expect(status == "FINISHED", "execution %s finished" % FINISHING)

job = ag.jobs.get(jobId=FINISHING)
say("jobs.get(%s) -> name=%s appId=%s status=%s parameters=%s submitTime=%s endTime=%s"
    % (FINISHING, job["name"], job["appId"], job["status"], job["parameters"], job["submitTime"], job["endTime"]))
expect(job["parameters"].get("GREETING") == "hello", "the variables are the parameters")
expect(job["endTime"] >= job["submitTime"], "submitTime and endTime are times, in order")

history = ag.jobs.getHistory(jobId=FINISHING)
say("jobs.getHistory(%s) -> %s" % (FINISHING, [entry["status"] for entry in history]))
expect([entry["status"] for entry in history][-1] == "FINISHED", "the history ends FINISHED")
expect(history[0]["status"] == "PENDING", "the history starts PENDING")

running = wait_status(ag, FOREVER, {"RUNNING"})
expect(running == "RUNNING", "execution %s runs" % FOREVER)
found = ag.jobs.list(search={"status.eq": "RUNNING"})
say("jobs.list(search={'status.eq': 'RUNNING'}) -> %s" % [job["id"] for job in found])
expect([job["id"] for job in found] == [FOREVER], "the search finds the running execution only")
named = ag.jobs.list(search={"name.like": "fin*"})
say("jobs.list(search={'name.like': 'fin*'}) -> %s" % [job["id"] for job in named])
expect([job["id"] for job in named] == [FINISHING], "like with a wildcard")

stopped = ag.jobs.manage(jobId=FOREVER, body={"action": "stop"})
say("jobs.manage(%s, action=stop) -> %s" % (FOREVER, stopped["status"]))
expect(stopped["status"] == "STOPPED", "stop answers the stopped job")

again = ag.jobs.manage(jobId=FINISHING, body={"action": "resubmit"})
say("jobs.manage(%s, action=resubmit) -> new job %s (appId %s)" % (FINISHING, again["id"], again["appId"]))
expect(again["id"] not in (FINISHING, FOREVER) and again["appId"] == job["appId"], "resubmit makes a new job of the same app")
status = wait_status(ag, again["id"], {"FINISHED", "FAILED", "STOPPED", "KILLED"})
say("jobs.getStatus(%s) polled -> %s" % (again["id"], status))
expect(status == "FINISHED", "the resubmitted job finished")

pages = [[job["id"] for job in ag.jobs.list(limit=1, offset=offset)] for offset in range(4)]
say("jobs.list(limit=1, offset=0..3) -> %s" % pages)
expect(pages == [[again["id"]], [FOREVER], [FINISHING], []], "pages of one, newest first")

ag.jobs.delete(jobId=FOREVER)
left = sorted(job["id"] for job in ag.jobs.list())
say("jobs.delete(%s); jobs.list() -> %s" % (FOREVER, left))
expect(FOREVER not in left, "the deleted job is gone")

try:
    ag.jobs.get(jobId="999999")
    expect(False, "an unknown job is refused")
except Exception as error:
    response = getattr(error, "response", None)
    answer = response.json() if response is not None else {}
    say("jobs.get(999999) -> HTTP %s %s" % (getattr(response, "status_code", "?"), answer))
    expect(answer.get("status") == "error" and answer.get("result") is None, "the refusal is Agave's error envelope")

submitted = ag.jobs.submit(body={
    "name": "greeting", "appId": "finishing", "archive": False, "inputs": {}, "parameters": {"GREETING": "bonjour"},
    "notifications": [{"url": "http://127.0.0.1:9/never-called", "event": "FAILED"}]})
say("jobs.submit(appId=finishing, parameters={'GREETING': 'bonjour'}) -> job %s appId=%s status=%s parameters=%s"
    % (submitted["id"], submitted["appId"], submitted["status"], submitted["parameters"]))
expect(submitted["appId"] == job["appId"] and submitted["id"] not in (FINISHING, again["id"]), "a new job of the app the name names")
expect(submitted["parameters"] == {"GREETING": "bonjour"}, "the parameters are the variables")
status = wait_status(ag, submitted["id"], {"FINISHED", "FAILED", "STOPPED", "KILLED"})
say("jobs.getStatus(%s) polled -> %s" % (submitted["id"], status))
expect(status == "FINISHED", "the submitted job finished")
told = ag.notifications.list(associatedUuid=submitted["id"])
say("notifications.list(associatedUuid=%s) -> %s" % (submitted["id"], [(entry["event"], entry["associatedUuid"]) for entry in told]))
expect([entry["associatedUuid"] for entry in told] == [submitted["id"]], "the request's notification follows that job")

for body, what in [({"name": "x", "appId": "no-such-app-1.0"}, "an unknown appId"), ({"appId": "finishing", "parameters": {"COLOUR": "red"}}, "an unknown parameter")]:
    try:
        ag.jobs.submit(body=body)
        expect(False, "%s is refused" % what)
    except Exception as error:
        response = getattr(error, "response", None)
        answer = response.json() if response is not None else {}
        say("jobs.submit(%s) -> HTTP %s %s: %s" % (what, getattr(response, "status_code", "?"), answer.get("status"), answer.get("message")))
        expect(getattr(response, "status_code", None) == 400 and answer.get("status") == "error", "%s is a 400 in Agave's envelope" % what)

say("agave scenario: ok")
