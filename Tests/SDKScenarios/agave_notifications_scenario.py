"""The Agave notifications scenario: agavepy 0.9.5, unmodified, subscribes through /notifications/v2.

Run by JobEndToEndTests/AgaveNotificationSDKTests with ESS_URL, ESS_TOKEN (agave_client.py
holds the set-up fixes), RUNNING (an execution that runs for a few seconds more) and
RECEIVER (a webhook receiver's base URL). Prints a transcript (never the token or a secret);
exits non-zero on the first broken expectation. Writes the new notification's secret to SECRET_FILE.
"""
import os

from agave_client import client, expect, say

URL = os.environ["ESS_URL"]
TOKEN = os.environ.get("ESS_TOKEN") or "no-token"
RUNNING = os.environ["RUNNING"]
RECEIVER = os.environ["RECEIVER"]

ag, _ = client(URL, TOKEN)

made = ag.notifications.add(body={
    "url": RECEIVER + "/agave/${JOB_ID}/${JOB_STATUS}", "event": "FINISHED", "associatedUuid": RUNNING, "persistent": False,
    "policy": {"retryStrategy": "DELAYED", "retryLimit": 3, "retryRate": 1, "retryDelay": 1, "saveOnFailure": True}})
say("notifications.add(FINISHED, associatedUuid=%s) -> id=%s event=%s status=%s associatedUuid=%s"
    % (RUNNING, made["id"], made["event"], made["status"], made["associatedUuid"]))
expect(made["secret"].startswith("whsec_"), "the signing secret comes with the answer that made it")
with open(os.environ["SECRET_FILE"], "w") as out:
    out.write(made["secret"])

listed = ag.notifications.list(associatedUuid=RUNNING)
say("notifications.list(associatedUuid=%s) -> %s" % (RUNNING, [entry["id"] for entry in listed]))
expect([entry["id"] for entry in listed] == [made["id"]], "listed by its associatedUuid")
got = ag.notifications.get(uuid=made["id"])
say("notifications.get(%s) -> url=%s persistent=%s policy=%s" % (made["id"], got["url"], got["persistent"], got["policy"]["retryStrategy"]))
expect("secret" not in got or got["secret"] is None, "the secret is shown once")

other = ag.notifications.add(body={"url": RECEIVER + "/agave/other", "event": "RUNNING"})
changed = ag.notifications.update(uuid=other["id"], body={"url": RECEIVER + "/agave/changed", "event": "FAILED", "persistent": True})
say("notifications.update(%s) -> url=%s event=%s persistent=%s" % (other["id"], changed["url"], changed["event"], changed["persistent"]))
expect(changed["event"] == "FAILED" and changed["persistent"] is True, "updated")

try:
    ag.notifications.add(body={"url": "http://169.254.169.254/latest/meta-data/", "event": "*"})
    expect(False, "a link-local webhook is refused")
except Exception as error:
    status = getattr(getattr(error, "response", None), "status_code", None)
    say("notifications.add(link-local url) -> HTTP %s" % status)
    expect(status == 400, "a link-local webhook is a 400")

ag.notifications.delete(uuid=other["id"])
remaining = [entry["id"] for entry in ag.notifications.list()]
say("notifications.delete(%s) -> remaining %s" % (other["id"], remaining))
expect(other["id"] not in remaining, "deleted")
