import Foundation
import Platform
import TestSupport
import XCTest

/// What the notification tests share: a real receiver on loopback that verifies every request
/// with the `standardwebhooks` library, beside the real `ess serve` with a real sshd node.
class NotificationTestCase: JobTestCase {
    override class var nodes: Int { 1 }
    var receiver: WebhookReceiver!

    override func setUpWithError() throws {
        try super.setUpWithError()
        receiver = try WebhookReceiver()
    }

    override func tearDown() {
        receiver?.stop()
        super.tearDown()
    }

    /// `ess notify add … --json`: the id and the secret (shown once), which the receiver trusts.
    func subscribe(_ path: String, event: String = "job.*", extra: [String] = ["--persistent"]) throws -> String {
        let made = cluster.ess.run(["notify", "add", "--url", receiver.url(path), "--event", event, "--json"] + extra)
        guard made.status == 0, let object = try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any],
            let id = object["id"] as? Int, let secret = object["secret"] as? String
        else { throw TestFailure("ess notify add exited \(made.status): \(made.stdout) \(made.stderr)") }
        try receiver.trust(path, secret: secret)
        return String(id)
    }

    func quickJob(_ name: String, slices: Int = 4, command: String = "echo {start}") throws -> String {
        try cluster.spec(name, ["name": name, "command": command, "inputs": ["range": ["start": 1, "end": slices]], "slots": 2])
    }

    /// Each webhook id once (a retry repeats its id), in sequence order from 1, every one verified.
    func assertInOrder(_ got: [WebhookReceiver.Received], file: StaticString = #filePath, line: UInt = #line) -> [String] {
        var seen: [String: WebhookReceiver.Received] = [:]
        var order: [WebhookReceiver.Received] = []
        for request in got where request.status == 200 {
            XCTAssertNil(seen[request.id], "\(request.id) acknowledged twice", file: file, line: line)
            seen[request.id] = request
            order.append(request)
        }
        XCTAssertTrue(got.allSatisfy(\.verified), "every request carries a valid signature", file: file, line: line)
        XCTAssertEqual(order.compactMap(\.sequence), Array(1...max(order.count, 1)).prefix(order.count).map { $0 }, "sequence order", file: file, line: line)
        return order.compactMap(\.event)
    }
}
