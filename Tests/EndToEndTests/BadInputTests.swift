import Foundation
import Platform
import TestSupport
import XCTest

/// Bad input: one clear line on stderr, a non-zero exit, and reservation.json byte-identical.
final class BadInputTests: XCTestCase {
    var ess: EssHarness!

    override func setUp() {
        ess = EssHarness()
    }

    override func tearDown() {
        ess.cleanUp()
    }

    /// Runs `ess ARGS` and checks: exit `code`, one stderr line containing `words`, state unchanged.
    func refuse(_ arguments: [String], code: Int32, mentions words: [String], stdin: String? = nil,
                file: StaticString = #filePath, line: UInt = #line) {
        let before = ess.stateBytes
        let result = ess.run(arguments, stdin: stdin)
        let label = "ess \(arguments.joined(separator: " "))"
        // A confirmation prompt (asked on stderr when stdin is given) comes before the error line.
        let said = stdin == nil ? result.stderrLines : result.stderrLines.filter { !$0.contains("[y/N]") }
        XCTAssertEqual(result.status, code, "\(label): \(result.stderr)", file: file, line: line)
        XCTAssertEqual(said.count, 1, "\(label) should say one line: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(said.first?.hasPrefix("ess: ") ?? false, "\(label): \(result.stderr)", file: file, line: line)
        for word in words {
            XCTAssertTrue(result.stderr.contains(word), "\(label) should mention `\(word)`: \(result.stderr)", file: file, line: line)
        }
        XCTAssertEqual(ess.stateBytes, before, "\(label) changed reservation.json", file: file, line: line)
    }

    func testCommandLineMistakes() throws {
        ess.ok(["cluster", "create", "--number=1"])
        let reservation = try XCTUnwrap((ess.statusJSON()["reservations"] as? [[String: Any]])?.first?["id"] as? String)
        refuse(["cluster", "create", "--add", "--number=0"], code: 64, mentions: ["--number", "1 to 256"])
        refuse(["cluster", "create", "--add", "--number=-1"], code: 64, mentions: ["--number"])
        refuse(["cluster", "create", "--add", "--number=abc"], code: 64, mentions: ["abc"])
        refuse(["cluster", "create", "--add", "--number=257"], code: 64, mentions: ["1 to 256"])
        refuse(["cluster", "create", "--number=2"], code: 64, mentions: ["already exists", "--add"])
        refuse(["cluster", "create", "--add", "--number=1", "--type=z9.huge"], code: 64, mentions: ["z9.huge", "m3.medium"])
        refuse(["cluster", "create", "--add", "--number=1", "--provider", "mars"], code: 64, mentions: ["mars"])
        refuse(["cluster", "create", "--add", "--number=1", "--provider", "custom"], code: 64, mentions: ["provider"])
        refuse(["cluster", "add", "r-00000000000000000"], code: 64, mentions: ["r-00000000000000000", "ess cluster list"])
        refuse(["cluster", "add", reservation], code: 64, mentions: ["already in this cluster"])
        refuse(["cluster", "add", "../etc"], code: 64, mentions: ["not a reservation id"])
        refuse(["cluster", "remove", "r-00000000000000000"], code: 64, mentions: ["not in this cluster", reservation])
        refuse(["cluster", "set", "mars"], code: 64, mentions: ["mars"])
        refuse(["cluster", "set", "custom"], code: 64, mentions: ["terminate"])
        refuse(["cluster", "ssh", "99"], code: 64, mentions: ["no node"])
        refuse(["cluster", "frobnicate"], code: 64, mentions: ["frobnicate"])
        refuse(["cluster", "status", "--bogus"], code: 64, mentions: ["--bogus"])
        refuse(["cluster", "reset"], code: 1, mentions: ["nothing was reset"], stdin: "")
    }

    func testBrokenStateFilesAreNeverOverwritten() throws {
        try FileManager.default.createDirectory(atPath: ess.work + "/.conf", withIntermediateDirectories: true)
        let cases: [(String, String)] = [
            ("", "empty"),
            (#"{"schema": 1, "provider": "local", "cluster_id": "c", "reservations": [{"id": "r-1""#, "truncated"),
            (#"{"schema": "1", "provider": "local", "cluster_id": "c"}"#, "schema"),
            (#"{"schema": 1, "provider": "local", "cluster_id": 5}"#, "cluster_id"),
            (#"{"schema": 2, "provider": "local", "cluster_id": "c"}"#, "newer ess"),
            (#"{"schema": 1, "provider": "mars", "cluster_id": "c"}"#, "provider"),
            (#"{"schema": 1, "provider": "local", "cluster_id": "c", "reservations": [{"id": "r-1", "type": "t", "nodes": []}, {"id": "r-1", "type": "t", "nodes": []}]}"#, "appears twice"),
            (#"{"id": "lab", "pem": "../../etc/key", "ip_list": ["127.0.0.1"]}"#, "pem"),
            ("not json at all", "syntax"),
        ]
        for (text, words) in cases {
            _ = FileManager.default.createFile(atPath: ess.stateFile, contents: Data(text.utf8))
            for command in [["cluster", "status"], ["cluster", "create", "--add", "--number=1"], ["cluster", "add", "r-1"],
                            ["cluster", "remove", "r-1"], ["cluster", "terminate", "-y"], ["cluster", "iplist"]] {
                refuse(command, code: 65, mentions: [ess.stateFile, words])
            }
        }
        XCTAssertTrue(ess.nodePids().isEmpty, "nothing was launched")
    }

    func testKeyWithOpenModeIsRefused() throws {
        ess.ok(["cluster", "create", "--number=1"])
        let keys = ess.aws + "/ess/keys"
        let key = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: keys).first { $0.hasSuffix(".pem") })
        chmod(keys + "/" + key, 0o644)
        refuse(["cluster", "status"], code: 77, mentions: ["too open", "chmod 600"])
        refuse(["cluster", "create", "--add", "--number=1"], code: 77, mentions: ["chmod 600"])
        chmod(keys + "/" + key, 0o600)
        ess.ok(["cluster", "status"])
    }

    func testRSAKeyIsRefusedWithTheReason() throws {
        try FileManager.default.createDirectory(atPath: ess.work + "/.conf", withIntermediateDirectories: true)
        let keygen = try ChildProcess.run("/usr/bin/ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", ess.work + "/.conf/old.pem"])
        XCTAssertEqual(keygen.status, 0)
        _ = FileManager.default.createFile(atPath: ess.stateFile, contents: Data(#"{"id": "lab", "pem": "old", "ip_list": ["127.0.0.1:1"], "user": "root"}"#.utf8))
        refuse(["cluster", "status"], code: 65, mentions: ["RSA", "SHA-1", "ed25519"])
    }

    func testNodeDownDuringStatus() throws {
        ess.ok(["cluster", "create", "--number=2"])
        let (victim, pid) = try XCTUnwrap(ess.nodePids().sorted { $0.key < $1.key }.first)
        XCTAssertTrue(ProcessTable.stop(pid))
        let before = ess.stateBytes
        let plain = ess.run(["cluster", "status"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stdout.contains("down"), plain.stdout)
        XCTAssertTrue(plain.stdout.contains("1 reachable"), plain.stdout)
        refuse(["cluster", "status", "--error-return-code"], code: 69, mentions: ["1 of 2", victim])
        XCTAssertEqual(ess.stateBytes, before)
    }

    func testChangedHostKeyIsRefusedAndNothingIsSent() throws {
        ess.ok(["cluster", "create", "--number=1"])
        let id = try XCTUnwrap(ess.nodePids().keys.first)
        let folder = ess.localInstances + "/" + id
        // Swap the node's host key under its running sshd (each connection re-reads it).
        try FileManager.default.removeItem(atPath: folder + "/ssh_host_ed25519_key")
        try FileManager.default.removeItem(atPath: folder + "/ssh_host_ed25519_key.pub")
        let keygen = try ChildProcess.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", folder + "/ssh_host_ed25519_key"])
        XCTAssertEqual(keygen.status, 0)

        let status = ess.run(["cluster", "status"])
        XCTAssertTrue(status.stdout.contains("host key") && status.stdout.contains("changed"), status.stdout)
        refuse(["cluster", "status", "--error-return-code"], code: 69, mentions: [id])
        // The probe writes nothing on a node; prove no command ran by what `ssh` via ess would do.
        let marker = folder + "/home/touched"
        let sshRun = ess.run(["cluster", "ssh", id, "--", "touch", "touched"])
        XCTAssertNotEqual(sshRun.status, 0, "system ssh must refuse the changed key too")
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker))
    }

    func testEveryCommandHasHelpWithAnExample() {
        for command in ["create", "add", "remove", "terminate", "status", "reset", "list", "iplist", "set", "ssh", "ssh-config"] {
            let help = ess.run(["cluster", command, "--help"])
            XCTAssertEqual(help.status, 0, command)
            XCTAssertTrue(help.stdout.contains("Example"), "\(command) --help has an example")
            XCTAssertTrue(help.stdout.contains("ess cluster \(command)"), command)
        }
    }
}
