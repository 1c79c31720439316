import Foundation
import SSH
import TestSupport
import XCTest

/// `exec(_:liveOutput:)` against a real sshd: output reaches the caller while the command still runs.
final class LiveOutputTests: XCTestCase {
    private var sshd: TestSSHD!
    private var connection: SSHConnection!

    override func setUpWithError() throws {
        sshd = try TestSSHD()
        connection = try SSHConnection(
            target: sshd.target, auth: .keyFile(sshd.userKey), hostKeyPolicy: .trustOnFirstUse,
            options: SSHOptions(connectTimeout: 5, commandTimeout: 30))
    }

    override func tearDown() {
        connection?.close()
        connection = nil
        sshd?.stop()
        sshd = nil
    }

    /// The command prints, then waits for a file that only the output callback creates, once it has seen that first
    /// output: the command can only end if its first bytes arrived before it ended. (Without streaming it would run
    /// into the command timeout and the exec would throw; the remote wait is bounded too.)
    func testChunksArriveWhileTheCommandStillRuns() throws {
        let go = sshd.home.appendingPathComponent("go").path
        let command = """
            echo first; echo warning >&2
            i=0; while [ ! -e "$HOME/go" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done
            [ -e "$HOME/go" ] && echo second; printf 'no newline'; exit 4
            """
        var out = Data(), err = Data()
        var outBeforeGo = Data(), errBeforeGo = Data()
        var released = false
        let result = try connection.exec(command) { stream, bytes in
            if stream == .stdout { out.append(contentsOf: bytes) } else { err.append(contentsOf: bytes) }
            if !released && out.starts(with: Data("first\n".utf8)) && err.starts(with: Data("warning\n".utf8)) {
                (outBeforeGo, errBeforeGo) = (out, err)
                released = FileManager.default.createFile(atPath: go, contents: nil)
            }
        }
        XCTAssertTrue(released, "the first lines arrived while the command waited")
        XCTAssertEqual(String(decoding: outBeforeGo, as: UTF8.self), "first\n")
        XCTAssertEqual(String(decoding: errBeforeGo, as: UTF8.self), "warning\n")
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "first\nsecond\nno newline")
        XCTAssertEqual(String(decoding: err, as: UTF8.self), "warning\n")
        XCTAssertEqual(result.exitCode, 4)
        XCTAssertTrue(result.stdout.isEmpty && result.stderr.isEmpty, "handed out, not kept")
    }

    func testLargeInterleavedOutputArrivesWholeOnBothStreams() throws {
        var out = 0, err = 0
        let result = try connection.exec("head -c 3000000 /dev/zero >&2; head -c 5000000 /dev/zero; echo done >&2") { stream, bytes in
            if stream == .stdout { out += bytes.count } else { err += bytes.count }
        }
        XCTAssertEqual(out, 5_000_000)
        XCTAssertEqual(err, 3_000_005)
        XCTAssertEqual(result.exitCode, 0)
    }

    func testTheWholeCommandIsBoundedByTheCommandTimeout() throws {
        connection = try SSHConnection(
            target: sshd.target, auth: .keyFile(sshd.userKey), hostKeyPolicy: .trustOnFirstUse,
            options: SSHOptions(connectTimeout: 5, commandTimeout: 1))
        XCTAssertThrowsError(try connection.exec("while :; do echo tick; sleep 0.1; done") { _, _ in }) { error in
            XCTAssertEqual((error as? SSHError)?.kind, .timeout, "output that keeps coming does not extend the limit")
        }
    }
}
