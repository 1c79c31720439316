import Foundation
import Platform
import TestSupport
import XCTest

/// `ess notify` end to end: the real `ess serve` with real sshd nodes delivers signed webhooks
/// to a real receiver on loopback that verifies them with the `standardwebhooks` library.
final class NotificationTests: NotificationTestCase {
    func testEveryEventOfAJobsLifeOnceInOrderSigned() throws {
        _ = try subscribe("/hooks/life")
        let (_, ex) = try cluster.submit(try quickJob("life"))
        XCTAssertEqual(cluster.wait(ex: ex, for: ["completed", "failed"]), "completed")
        let got = receiver.wait("/hooks/life") { $0.contains { $0.event == "job.completed" } }
        let events = assertInOrder(got)
        XCTAssertEqual(events.first, "job.pending")
        XCTAssertEqual(events.last, "job.completed")
        XCTAssertTrue(events.contains("job.running"), "\(events)")
        XCTAssertEqual(Set(got.compactMap(\.subjectID)), [Int(ex)!])
        let history = try cluster.json("/v1/ex/\(ex)/history") as? [[String: Any]] ?? []
        var statuses: [String] = []
        for status in history.compactMap({ $0["status"] as? String }) where statuses.last != status { statuses.append(status) }
        XCTAssertEqual(events, statuses.map { "job.\($0)" }, "one event per status change, as the history records them")
    }

    /// The master is killed while a delivery waits for its retry: the restarted master delivers
    /// it with the same webhook-id, and the job's later events after it, in order.
    func testUndeliveredEventsSurviveKillDashNineWithTheirWebhookIDs() throws {
        let retry = ["--persistent", "--retry-strategy", "DELAYED", "--retry-delay", "2", "--retry-rate", "2", "--retry-limit", "20"]
        _ = try subscribe("/fail3/k", extra: retry)
        let (_, ex) = try cluster.submit(try quickJob("killed", slices: 12, command: "sleep 0.5; echo {start}"))
        let before = receiver.wait("/fail3/k", timeout: 30) { !$0.isEmpty }
        XCTAssertEqual(before.first?.status, 500)
        cluster.signalMaster(SIGKILL)
        try cluster.startMaster()
        XCTAssertEqual(cluster.wait(ex: ex, for: ["completed", "failed", "stopped", "terminated"], timeout: 120), "completed")
        let got = receiver.wait("/fail3/k", timeout: 120) { $0.contains { $0.event == "job.completed" && $0.status == 200 } }
        let events = assertInOrder(got)
        XCTAssertEqual(events.first, "job.pending")
        XCTAssertEqual(events.last, "job.completed")
        let firstID = try XCTUnwrap(before.first?.id)
        XCTAssertEqual(got.filter { $0.id == firstID }.map(\.status), [500, 500, 500, 200], "the same webhook-id before and after the kill")
    }

    func testASliceFailingBeyondItsRetriesIsAnEvent() throws {
        _ = try subscribe("/hooks/slices", event: "job.slice_failed")
        let spec = try cluster.spec("failing", [
            "name": "failing", "command": "[ {start} -ne 2 ] || exit 3; echo {start}", "inputs": ["range": ["start": 1, "end": 3]], "retries": 0,
        ])
        let (_, ex) = try cluster.submit(spec)
        cluster.wait(ex: ex, for: ["completed", "failed", "stopped", "terminated"])
        let got = receiver.wait("/hooks/slices", timeout: 30) { !$0.isEmpty }
        XCTAssertEqual(got.map(\.event), ["job.slice_failed"], "one failed slice, one event (one-shot)")
        XCTAssertEqual(got.map(\.verified), [true])
    }

    /// A job spec's `notifications` subscribe to that job from its first event on; a bad one
    /// refuses the whole spec and stores nothing.
    func testAJobSpecsNotificationsFollowThatJob() throws {
        let bad = try cluster.spec("bad", [
            "name": "bad", "command": "echo {start}", "inputs": ["range": ["start": 1, "end": 2]],
            "notifications": [["url": "http://169.254.169.254/", "event": "job.*"]],
        ])
        let refused = cluster.ess.run(["job", "run", bad, "--detach"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("notifications[0].url"), refused.stderr)
        XCTAssertEqual((try cluster.json("/v1/jobs") as? [Any])?.count, 0, "nothing stored")
        let spec = try cluster.spec("told", [
            "name": "told", "command": "echo {start}", "inputs": ["range": ["start": 1, "end": 2]],
            "notifications": [["url": receiver.url("/spec/${JOB_ID}/${EVENT}"), "event": "job.*", "persistent": true]],
        ])
        let (job, ex) = try cluster.submit(spec)
        XCTAssertEqual(cluster.wait(ex: ex, for: ["completed", "failed"]), "completed")
        let got = receiver.wait("/spec/\(job)/job.completed", timeout: 30) { !$0.isEmpty }
        XCTAssertEqual(got.count, 1)
        let paths = receiver.received.map(\.path)
        XCTAssertEqual(paths.first, "/spec/\(job)/job.pending", "templated, from the job's first event: \(paths)")
        let listed = try JSONSerialization.jsonObject(with: Data(cluster.ess.run(["notify", "list", "--json"]).stdout.utf8)) as? [[String: Any]]
        XCTAssertEqual(listed?.first?["job_id"] as? Int, Int(job))
        XCTAssertNil(listed?.first?["secret"], "a secret is shown only when made")
    }

    func testAFailingReceiverGetsTheEventWithAttemptsSpacedByItsPolicy() throws {
        let id = try subscribe("/fail3/a", extra: ["--persistent", "--retry-strategy", "DELAYED", "--retry-delay", "1", "--retry-rate", "2", "--retry-limit", "5"])
        let tested = cluster.ess.run(["notify", "test", id])
        XCTAssertEqual(tested.status, 0, tested.stderr)
        let got = receiver.wait("/fail3/a", timeout: 30) { $0.contains { $0.status == 200 } }
        XCTAssertEqual(got.map(\.status), [500, 500, 500, 200])
        XCTAssertEqual(Set(got.map(\.id)).count, 1, "one webhook-id across the retries")
        XCTAssertTrue(got.allSatisfy(\.verified))
        let gaps = zip(got.dropFirst(), got).map { $0.arrived - $1.arrived }
        XCTAssertGreaterThanOrEqual(gaps[0], 0.95, "first retry after retryDelay")
        XCTAssertGreaterThanOrEqual(gaps[1], 1.95, "then every retryRate")
        XCTAssertGreaterThanOrEqual(gaps[2], 1.95)
        let attempts = cluster.ess.run(["notify", "attempts", id, "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(attempts.stdout.utf8)) as? [[String: Any]] ?? []
        XCTAssertEqual(rows.compactMap { $0["status_code"] as? Int }, [500, 500, 500, 200])
        JobFigure.report("notify_retry_gaps", gaps.map { String(format: "%.2f s", $0) }.joined(separator: ", "))
    }

    func testAHangingReceiverDoesNotDelayOthers() throws {
        let hanging = try subscribe("/hang/a")
        let healthy = try subscribe("/hooks/b")
        XCTAssertEqual(cluster.ess.run(["notify", "test", hanging]).status, 0)
        usleep(300_000)
        let start = Date()
        XCTAssertEqual(cluster.ess.run(["notify", "test", healthy]).status, 0)
        let got = receiver.wait("/hooks/b", timeout: 10) { !$0.isEmpty }
        let delay = Date().timeIntervalSince(start)
        XCTAssertEqual(got.count, 1, "the healthy receiver got its event while the other hangs")
        XCTAssertTrue(receiver.received(at: "/hang/a").isEmpty, "the hanging receiver has not answered yet")
        JobFigure.report("notify_beside_hang", String(format: "healthy receiver got its event %.3f s after `ess notify test` (CLI included) while another hangs", delay))
    }

    /// A 410 disables the subscription; a redirect is not followed (a failed attempt); a
    /// rotated secret signs what follows.
    func testGoneDisablesRedirectsAreNotFollowedAndRotationResigns() throws {
        let gone = try subscribe("/gone/a")
        XCTAssertEqual(cluster.ess.run(["notify", "test", gone]).status, 0)
        receiver.wait("/gone/a", timeout: 20) { !$0.isEmpty }
        let shown = try pollShow(gone) { $0["enabled"] as? Bool == false }
        XCTAssertEqual(shown["disabled_reason"] as? String, "the receiver answered 410 Gone")

        let moved = try subscribe("/redirect/a", extra: ["--persistent", "--retry-strategy", "NONE"])
        XCTAssertEqual(cluster.ess.run(["notify", "test", moved]).status, 0)
        receiver.wait("/redirect/a", timeout: 20) { !$0.isEmpty }
        _ = try pollShow(moved) { $0["failed"] as? Int == 1 }
        XCTAssertTrue(receiver.received(at: "/hooks/redirected").isEmpty, "the redirect was not followed")

        let rotated = try subscribe("/hooks/rotated")
        let made = cluster.ess.run(["notify", "rotate", rotated])
        XCTAssertEqual(made.status, 0, made.stderr)
        let secret = try XCTUnwrap(made.stdout.split(separator: " ").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) })
        XCTAssertTrue(secret.hasPrefix("whsec_"))
        try receiver.trust("/hooks/rotated", secret: secret)
        XCTAssertEqual(cluster.ess.run(["notify", "test", rotated]).status, 0)
        let got = receiver.wait("/hooks/rotated", timeout: 20) { !$0.isEmpty }
        XCTAssertEqual(got.map(\.verified), [true], "signed with the new secret")
        let listed = cluster.ess.run(["notify", "list"]).stdout + cluster.ess.run(["notify", "show", rotated]).stdout
        XCTAssertFalse(listed.contains(secret), "the secret is shown only once")
    }

    func pollShow(_ id: String, until condition: ([String: Any]) -> Bool) throws -> [String: Any] {
        var last: [String: Any] = [:]
        let reached = eventually(within: 20, interval: 0.1) {
            let shown = cluster.ess.run(["notify", "show", id, "--json"])
            last = (try? JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]) ?? last
            return condition(last)
        }
        if reached { return last }
        throw TestFailure("notification \(id) never got there: \(last)")
    }

    func testBadSubscriptionsAreRefusedAndNothingIsStored() throws {
        let cases: [([String], String)] = [
            (["--url", "not a url", "--event", "job.*"], "url"),
            (["--url", "ftp://example.com/x", "--event", "job.*"], "url"),
            (["--url", receiver.url("/x"), "--event", "job.exploded"], "event"),
            (["--url", receiver.url("/x?j=${NOPE}"), "--event", "job.*"], "${NOPE}"),
            (["--url", "http://169.254.169.254/latest/meta-data/", "--event", "job.*"], "link-local"),
            (["--url", "http://[fe80::1]/hook", "--event", "job.*"], "link-local"),
            (["--url", receiver.url("/x"), "--event", "job.*", "--retry-limit", "5000"], "retryLimit"),
        ]
        for (arguments, word) in cases {
            let refused = cluster.ess.run(["notify", "add"] + arguments)
            XCTAssertNotEqual(refused.status, 0, "\(arguments) was accepted")
            XCTAssertTrue(refused.stderr.contains(word), "\(arguments): \(refused.stderr)")
            XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, "one sentence: \(refused.stderr)")
        }
        let listed = cluster.ess.run(["notify", "list", "--json"])
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [Any])?.count, 0, listed.stdout)
    }
}
