import Foundation
import SSH
import TestSupport
import XCTest

final class ExecTests: XCTestCase {
    private var sshd: TestSSHD!
    private var connection: SSHConnection!

    override func setUpWithError() throws {
        sshd = try TestSSHD()
        connection = try SSHConnection(target: sshd.target, auth: .keyFile(sshd.userKey), hostKeyPolicy: .trustOnFirstUse)
    }

    override func tearDown() {
        connection?.close()
        connection = nil
        sshd?.stop()
        sshd = nil
    }

    func testStdoutStderrAndExitCode() throws {
        let result = try connection.exec("echo out; echo err >&2; exit 3")
        XCTAssertEqual(result.stdoutText, "out\n")
        XCTAssertEqual(String(decoding: result.stderr, as: UTF8.self), "err\n")
        XCTAssertEqual(result.exitCode, 3)
        XCTAssertNil(result.exitSignal)
    }

    func testSessionsGetTheTestHome() throws {
        XCTAssertEqual(try connection.exec("printf %s \"$HOME\"").stdoutText, sshd.home.path)
    }

    func testManyCommandsOnOneConnection() throws {
        for index in 0..<30 {
            let result = try connection.exec("echo \(index)")
            XCTAssertEqual(result.stdoutText, "\(index)\n")
            XCTAssertEqual(result.exitCode, 0)
        }
    }

    func testLargeOutputIsReadFully() throws {
        let result = try connection.exec("head -c 5000000 /dev/zero")
        XCTAssertEqual(result.stdout.count, 5_000_000)
        XCTAssertTrue(result.stdout.allSatisfy { $0 == 0 })
        XCTAssertEqual(result.exitCode, 0)
    }

    func testLargeStderrBeforeStdoutDoesNotDeadlock() throws {
        let result = try connection.exec("head -c 3000000 /dev/zero >&2; head -c 3000000 /dev/zero; echo done >&2")
        XCTAssertEqual(result.stderr.count, 3_000_005)
        XCTAssertEqual(result.stdout.count, 3_000_000)
    }

    func testStdinRoundTrip() throws {
        let input = Data(PseudoRandom.bytes(count: 1_500_000, seed: 7))
        let result = try connection.exec("cat", stdin: input)
        XCTAssertEqual(result.stdout, input)
        XCTAssertEqual(result.exitCode, 0)
    }

    func testNoStdinMeansEOF() throws {
        let result = try connection.exec("cat; echo end")
        XCTAssertEqual(result.stdoutText, "end\n")
    }

    func testStreamingInputArrivesIntact() throws {
        let local = sshd.directory.appendingPathComponent("upload.bin")
        XCTAssertTrue(FileManager.default.createFile(atPath: local.path, contents: nil))
        let file = try FileHandle(forWritingTo: local)
        var generator = PseudoRandom(seed: 42)
        var sent = 0
        let total = 20_000_000
        let result = try connection.exec("cat >\"$HOME/upload\" && wc -c <\"$HOME/upload\" && md5sum <\"$HOME/upload\"") {
            guard sent < total else { return nil }
            let count = min(1 << 16, total - sent)
            let chunk = Data(generator.next(count: count))
            file.write(chunk)
            sent += count
            return chunk
        }
        try file.close()
        let localSum = try TestTool.run("/usr/bin/md5sum", [local.path]).split(separator: " ")[0]
        let lines = result.stdoutText.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, result.stdoutText)
        XCTAssertEqual(lines.first.map(String.init), "\(total)")
        XCTAssertEqual(lines.last?.split(separator: " ").first, localSum)
        XCTAssertEqual(result.exitCode, 0)
    }

    func testStreamingInputEchoedBackWhileWriting() throws {
        var generator = PseudoRandom(seed: 9)
        var expected = PseudoRandom(seed: 9)
        var sent = 0
        let total = 8_000_000
        let result = try connection.exec("cat; cat >&2 </dev/null") {
            guard sent < total else { return nil }
            let count = min(50_000, total - sent)
            sent += count
            return Data(generator.next(count: count))
        }
        XCTAssertEqual(result.stdout.count, total)
        XCTAssertEqual(result.stdout, Data(expected.next(count: total)))
    }

    func testCommandThatStopsReadingEarly() throws {
        var calls = 0
        let result = try connection.exec("head -c 10 >/dev/null; echo stopped") {
            calls += 1
            return calls > 2_000 ? nil : Data(repeating: 65, count: 32_768)
        }
        XCTAssertEqual(result.stdoutText, "stopped\n")
    }

    func testExitSignal() throws {
        let result = try connection.exec("kill -KILL $$")
        XCTAssertEqual(result.exitSignal, "KILL")
        XCTAssertNotEqual(result.exitCode, 0)
    }

    func testCommandTimeoutThenConnectionStillWorks() throws {
        connection.close()
        connection = try SSHConnection(
            target: sshd.target, auth: .keyFile(sshd.userKey), hostKeyPolicy: .trustOnFirstUse,
            options: SSHOptions(connectTimeout: 5, commandTimeout: 1))
        let start = Date()
        XCTAssertThrowsError(try connection.exec("sleep 20")) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .timeout)
            XCTAssertEqual((error as? SSHError)?.isTransient, false)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertEqual(try connection.exec("echo alive").stdoutText, "alive\n")
    }

    func testExecAfterCloseThrows() throws {
        connection.close()
        XCTAssertThrowsError(try connection.exec("true")) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .disconnected)
        }
    }
}

/// Deterministic bytes (xorshift64), so an input can be regenerated instead of kept.
struct PseudoRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next(count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        for index in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            bytes[index] = UInt8(truncatingIfNeeded: state)
        }
        return bytes
    }

    static func bytes(count: Int, seed: UInt64) -> [UInt8] {
        var generator = PseudoRandom(seed: seed)
        return generator.next(count: count)
    }
}
