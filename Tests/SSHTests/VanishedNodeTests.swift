import Foundation
import SSH
import TestSupport
import XCTest

/// A node that vanishes (no FIN, no RST: its link cut) while a command runs on it: the command
/// ends as failed within the keepalive's bound instead of hanging, through the same ChannelMux
/// the jobs' workers use. Needs root (`ip netns`) for a host of its own to cut off.
final class VanishedNodeTests: XCTestCase {
    func testACommandOnANodeThatVanishesFailsWithinTheKeepaliveBound() throws {
        guard NamespaceHosts.isSupported else { throw XCTSkip("needs root and ip netns to make a host that can vanish") }
        let folder = TemporaryDirectory("ess-vanish")
        let hosts = NamespaceHosts(folder: folder.path + "/hosts")
        defer {
            hosts.stopAll()
            folder.remove()
        }
        try hosts.up()
        let key = folder.path + "/id_ed25519"
        try TestTool.generateKey(at: key, comment: "vanish")
        let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let host = try hosts.addHost(address: hosts.prefix + ".10", authorizedKey: publicKey, user: TestTool.userName)
        _ = eventually(within: 10, interval: 0.05) { LoopbackPort.accepts(host: host.address, port: 22) }

        let target = SSHTarget(host: host.address, port: 22, user: TestTool.userName)
        let connection = try SSHConnection(target: target, auth: .keyFile(key), hostKeyPolicy: .trustOnFirstUse, options: SSHOptions(keepalive: 1))
        let mux = try ChannelMux(connection: connection)
        defer { mux.close() }
        let box = OutcomeBox()
        mux.submit(ChannelMux.Command("echo started; sleep 300", stdout: { bytes in box.heard(bytes.count) })) { box.finish($0) }
        XCTAssertTrue(eventually(within: 20) { box.hasOutput }, "the command did not start")

        try hosts.cut(host)
        let cut = Date()
        let outcome = try XCTUnwrap(box.wait(seconds: 30), "the command still hangs 30 s after its node vanished")
        XCTAssertNil(outcome.exitCode)
        XCTAssertNotNil(outcome.failure, "the command ended without a failure: \(outcome)")
        print("FIGURE vanished_node: a command on a node cut off ended after \(String(format: "%.1f", Date().timeIntervalSince(cut))) s (keepalive 1 s)")
    }
}

/// One command's outcome, handed from the mux's thread to the test's.
private final class OutcomeBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcome: ChannelMux.Outcome?
    private var output = 0

    var hasOutput: Bool { condition.withLock { output > 0 } }

    func heard(_ count: Int) { condition.withLock { output += count } }

    func finish(_ value: ChannelMux.Outcome) {
        condition.withLock {
            outcome = value
            condition.broadcast()
        }
    }

    func wait(seconds: Double) -> ChannelMux.Outcome? {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil, condition.wait(until: deadline) {}
        return outcome
    }
}
