import Foundation
import SSH
import TestSupport
import XCTest

/// Many channels at once on one connection, against a real sshd.
final class ChannelMuxTests: XCTestCase {
    private var sshd: TestSSHD!
    private var mux: ChannelMux!

    override func setUpWithError() throws {
        sshd = try TestSSHD()
        let connection = try SSHConnection(target: sshd.target, auth: .keyFile(sshd.userKey), hostKeyPolicy: .trustOnFirstUse)
        mux = try ChannelMux(connection: connection)
    }

    override func tearDown() {
        mux?.close()
        mux = nil
        sshd?.stop()
        sshd = nil
    }

    /// Runs `commands` at once and waits for every outcome (stdout gathered per command).
    func runAll(_ commands: [ChannelMux.Command]) -> [(ChannelMux.Outcome, Data)] {
        let (group, results) = submitAll(commands)
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        return results.all
    }

    /// Submits `commands` at once; the group is left when every outcome is in.
    func submitAll(_ commands: [ChannelMux.Command]) -> (DispatchGroup, Results) {
        let group = DispatchGroup()
        let results = Results(count: commands.count)
        for (index, command) in commands.enumerated() {
            group.enter()
            var command = command
            if command.stdout == nil { command.stdout = { bytes in results.append(index, bytes) } }
            mux.submit(command) { outcome in
                results.finish(index, outcome)
                group.leave()
            }
        }
        return (group, results)
    }

    func testCommandsRunConcurrentlyOnOneConnection() throws {
        let home = sshd.home.path
        let commands = (0..<8).map { index in
            ChannelMux.Command("cd '\(home)' && touch started-\(index) && while [ ! -e go ]; do sleep 0.02; done; echo out \(index); echo err \(index) >&2; exit \(index % 3)")
        }
        let (group, results) = submitAll(commands)
        // Every command is running before any may finish: they share the connection at once.
        let started = eventually(within: 30) { (0..<8).allSatisfy { FileManager.default.fileExists(atPath: "\(home)/started-\($0)") } }
        XCTAssertTrue(started, "all 8 commands should start together")
        _ = FileManager.default.createFile(atPath: "\(home)/go", contents: nil)
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        for (index, (outcome, stdout)) in results.all.enumerated() {
            XCTAssertNil(outcome.failure)
            XCTAssertEqual(outcome.exitCode, Int32(index % 3))
            XCTAssertEqual(String(decoding: stdout, as: UTF8.self), "out \(index)\n")
            XCTAssertEqual(String(decoding: outcome.stderrTail, as: UTF8.self), "err \(index)\n")
        }
    }

    func testStreamedInputWhileOthersRun() throws {
        let block = Data((0..<(256 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let sent = Counter()
        let input: @Sendable () throws -> Data? = { sent.next(limit: 20) ? block : nil }
        var commands = [ChannelMux.Command("wc -c", stdin: input)]
        commands += (0..<5).map { ChannelMux.Command("seq 1 20000 | tail -n 1; echo \($0) >&2") }
        let outcomes = runAll(commands)
        XCTAssertEqual(String(decoding: outcomes[0].1, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), String(20 * block.count))
        for (outcome, stdout) in outcomes.dropFirst() {
            XCTAssertEqual(outcome.exitCode, 0)
            XCTAssertEqual(String(decoding: stdout, as: UTF8.self), "20000\n")
        }
    }

    func testATimedOutCommandFailsAndTheConnectionGoesOn() throws {
        let outcomes = runAll([ChannelMux.Command("sleep 30", timeout: 0.5), ChannelMux.Command("echo fine")])
        XCTAssertEqual(outcomes[0].0.failure?.kind, .timeout)
        XCTAssertEqual(String(decoding: outcomes[1].1, as: UTF8.self), "fine\n")
        XCTAssertEqual(String(decoding: runAll([ChannelMux.Command("echo after")])[0].1, as: UTF8.self), "after\n")
    }

    func testManyShortCommandsInLanes() throws {
        let total = 400, lanes = 8
        let done = Counter()
        let failures = Counter()
        let finished = DispatchSemaphore(value: 0)
        let mux: ChannelMux = self.mux
        @Sendable func launch(_ index: Int) {
            mux.submit(ChannelMux.Command("true")) { outcome in
                if outcome.exitCode != 0 { _ = failures.next(limit: Int.max) }
                let count = done.increment()
                if count == total { finished.signal() }
                if index + lanes < total { launch(index + lanes) }
            }
        }
        for lane in 0..<lanes { launch(lane) }
        XCTAssertEqual(finished.wait(timeout: .now() + 120), .success)
        XCTAssertEqual(failures.value, 0)
    }

    func testSubmitAfterCloseFailsAtOnce() throws {
        mux.close()
        let outcome = runAll([ChannelMux.Command("true")])[0].0
        XCTAssertEqual(outcome.failure?.kind, .disconnected)
    }
}

/// Outputs and outcomes gathered from the mux's thread.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var stdout: [Data]
    private var outcomes: [ChannelMux.Outcome?]

    init(count: Int) {
        stdout = Array(repeating: Data(), count: count)
        outcomes = Array(repeating: nil, count: count)
    }

    func append(_ index: Int, _ bytes: UnsafeRawBufferPointer) { lock.withLock { stdout[index].append(contentsOf: bytes) } }
    func finish(_ index: Int, _ outcome: ChannelMux.Outcome) { lock.withLock { outcomes[index] = outcome } }
    /// Every outcome with its output; a command with no outcome yet shows as failed.
    var all: [(ChannelMux.Outcome, Data)] {
        lock.withLock {
            let missing = ChannelMux.Outcome(exitCode: nil, exitSignal: nil, stderrTail: Data(), failure: SSHError(kind: .timeout, target: "test", detail: "no outcome"))
            return zip(outcomes.map { $0 ?? missing }, stdout).map { ($0, $1) }
        }
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var count = 0
    var value: Int { lock.withLock { count } }

    func increment() -> Int { lock.withLock { count += 1; return count } }

    /// Counts one more while under `limit`; false once there.
    func next(limit: Int) -> Bool { lock.withLock { guard count < limit else { return false }; count += 1; return true } }
}
