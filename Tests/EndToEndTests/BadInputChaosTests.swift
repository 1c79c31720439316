import Foundation
import Platform
import TestSupport
import XCTest

/// Issue 5, part 8: a corpus of bad reservation.json files and bad command lines. Each gives one
/// line `ess: …` naming the file and the field (or line) where that applies, the documented exit
/// code (65 a bad file, 64 bad usage), no crash or trap, and leaves reservation.json byte-identical.
/// Every command that reads the state file is run against every bad file (CI: 4 of them).
final class BadInputChaosTests: EssTestCase {
    override class var label: String { "ess-chaos-bad" }

    /// One bad state file: its bytes and words the error must contain (besides the file's path).
    struct BadFile {
        var name: String
        var bytes: Data
        var mentions: [String]

        init(_ name: String, _ text: String, _ mentions: String...) {
            self.name = name
            bytes = Data(text.utf8)
            self.mentions = mentions
        }

        init(_ name: String, bytes: Data, _ mentions: String...) {
            self.name = name
            self.bytes = bytes
            self.mentions = mentions
        }
    }

    /// A valid file with one node; each case bends one part of it.
    static func valid(cluster: String = #""cluster_id": "ess-0badf00d""#, top: String = #", "region": "local", "user": "root""#,
                      reservation: String = #", "created_at": "2026-11-23T09:28:01Z""#,
                      node: String = #""id": "i-1", "type": "m3.medium", "state": "running", "private_ip": "127.64.0.9", "port": 22"#) -> String {
        """
        {"schema": 1, "provider": "local", \(cluster)\(top),
         "reservations": [{"id": "r-1", "type": "m3.medium"\(reservation),
                           "nodes": [{\(node)}]}]}
        """
    }

    static let node = #""id": "i-1", "type": "m3.medium", "state": "running", "private_ip": "127.64.0.9""#

    static let corpus: [BadFile] = {
        let whole = valid()
        return [
            BadFile("empty file", "", "empty"),
            BadFile("whitespace only", " \n\t\n", "empty"),
            BadFile("truncated in an object", String(whole.prefix(whole.count / 2)), "ends early"),
            BadFile("truncated in a string", #"{"schema": 1, "provider": "loc"#, "ends early"),
            BadFile("truncated after a comma", #"{"schema": 1,"#, "line 1"),
            BadFile("not JSON", "schema = 1\nprovider = local\n", "line 1"),
            BadFile("a top-level array", #"[{"schema": 1}]"#, "JSON object"),
            BadFile("a top-level number", "1", "(syntax)"),
            BadFile("schema as a string", #"{"schema": "1", "provider": "local", "cluster_id": "c"}"#, "schema", "integer"),
            BadFile("unknown newer schema", #"{"schema": 2, "provider": "local", "cluster_id": "c"}"#, "schema", "newer ess"),
            BadFile("schema zero", #"{"schema": 0, "provider": "local", "cluster_id": "c"}"#, "schema"),
            BadFile("fractional schema", #"{"schema": 1.5, "provider": "local", "cluster_id": "c"}"#, "schema", "whole number"),
            BadFile("huge schema", #"{"schema": 1e30, "provider": "local", "cluster_id": "c"}"#, "schema", "out of range"),
            BadFile("cluster_id a number", valid(cluster: #""cluster_id": 5"#), "cluster_id", "string"),
            BadFile("cluster_id missing", valid(cluster: #""key_name": "k""#), "cluster_id", "missing"),
            BadFile("provider missing", #"{"schema": 1, "cluster_id": "c"}"#, "provider", "missing"),
            BadFile("unknown provider", #"{"schema": 1, "provider": "mars", "cluster_id": "c"}"#, "provider", "local, ec2"),
            BadFile("provider null", #"{"schema": 1, "provider": null, "cluster_id": "c"}"#, "provider"),
            BadFile("reservations an object", #"{"schema": 1, "provider": "local", "cluster_id": "c", "reservations": {"id": "r-1"}}"#, "reservations", "array"),
            BadFile("duplicate reservation ids", #"{"schema": 1, "provider": "local", "cluster_id": "c", "reservations": [{"id": "r-1", "type": "t", "nodes": []}, {"id": "r-1", "type": "t", "nodes": []}]}"#, "reservations[1].id", "appears twice"),
            BadFile("duplicate key in one object", #"{"schema": 1, "provider": "local", "cluster_id": "c", "user": "root", "user": "admin", "reservations": []}"#, "line 1", "`user` appears twice"),
            BadFile("duplicate node ids", valid(node: node + #", "port": 22}, {"# + node + #", "port": 22"#), "nodes[1].id", "appears twice"),
            BadFile("port zero", valid(node: node + #", "port": 0"#), "nodes[0].port", "1 to 65535"),
            BadFile("port too big", valid(node: node + #", "port": 70000"#), "nodes[0].port", "1 to 65535"),
            BadFile("port a string", valid(node: node + #", "port": "22""#), "nodes[0].port", "integer"),
            BadFile("port huge", valid(node: node + #", "port": 1e300"#), "nodes[0].port", "out of range"),
            BadFile("port negative", valid(node: node + #", "port": -22"#), "nodes[0].port"),
            BadFile("address with shell", valid(node: #""id": "i-1", "type": "t", "state": "running", "private_ip": "127.0.0.1; reboot", "port": 22"#), "nodes[0].private_ip"),
            BadFile("address a path", valid(node: #""id": "i-1", "type": "t", "state": "running", "private_ip": "../../etc/passwd", "port": 22"#), "nodes[0].private_ip"),
            BadFile("node without an address", valid(node: #""id": "i-1", "type": "t", "state": "running", "port": 22"#), "nodes[0].private_ip"),
            BadFile("unknown node state", valid(node: #""id": "i-1", "type": "t", "state": "flying", "private_ip": "127.0.0.1", "port": 22"#), "nodes[0].state", "reachable"),
            BadFile("node id missing", valid(node: #""type": "t", "state": "running", "private_ip": "127.0.0.1", "port": 22"#), "nodes[0].id", "missing"),
            BadFile("created_at not a date", valid(reservation: #", "created_at": "yesterday""#), "reservations[0].created_at", "2026-11-23T09:28:01Z"),
            BadFile("../ in a pem name", valid(top: #", "pem": "../../etc/ssh/ssh_host_ed25519_key""#), "pem"),
            BadFile("../ in an absolute pem path", valid(top: #", "pem": "/root/../etc/ssh/key.pem""#), "pem", ".."),
            BadFile("../ in a custom form's pem", #"{"id": "lab", "pem": "../../etc/key", "ip_list": ["127.0.0.1"]}"#, "pem"),
            BadFile("custom form with a bad port", #"{"id": "lab", "ip_list": ["127.0.0.1:99999"]}"#, "ip_list[0]"),
            BadFile("custom form ip_list not an array", #"{"id": "lab", "ip_list": "127.0.0.1"}"#, "ip_list"),
            BadFile("unicode cluster id", valid(cluster: #""cluster_id": "ess-ünïcødé""#), "cluster_id"),
            BadFile("right-to-left override in a node id", valid(node: #""id": "i-1\u202e", "type": "t", "state": "running", "private_ip": "127.0.0.1", "port": 22"#), "nodes[0].id"),
            BadFile("emoji user", valid(top: #", "user": "r🐚ot""#), "user"),
            BadFile("NUL escaped in a string", valid(cluster: #""cluster_id": "ess\u0000x""#), "cluster_id"),
            BadFile("NUL byte in the text", bytes: Data(#"{"schema": 1, "provider": "local",\#u{0} "cluster_id": "c"}"#.utf8), "line 1"),
            BadFile("invalid UTF-8", bytes: Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]), "(syntax)"),
            BadFile("BOM before a wrong type", bytes: Data([0xEF, 0xBB, 0xBF]) + Data(valid(cluster: #""cluster_id": 5"#).utf8), "cluster_id"),
            BadFile("deep nesting", valid(top: #", "extra": "# + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)), "nested more than 512 levels", "line 1"),
            BadFile("unclosed deep nesting", String(repeating: "[", count: 100_000), "nested", "line 1"),
            BadFile("huge cluster id", valid(cluster: #""cluster_id": ""# + String(repeating: "x", count: 1_000_000) + "\""), "cluster_id"),
            BadFile("terminal escapes in a node type", valid(node: #""id": "i-1", "type": "\u001b[2J", "state": "running", "private_ip": "127.0.0.1", "port": 22"#), "nodes[0].type"),
            BadFile("newline in a pinned host key", valid(node: node + #", "port": 22, "host_key": {"type": "ssh-ed25519", "base64": "AAAA\n* ssh-ed25519 AAAAevil", "fingerprint": "SHA256:x"}"#), "nodes[0].host_key"),
            BadFile("shell in a recorded version", valid(node: node + #", "port": 22, "version": "$(reboot)""#), "nodes[0].version"),
            BadFile("bad region", valid(top: #", "region": "us-east-1.evil.example/x""#), "region"),
            BadFile("bad ssh_address", valid(top: #", "ssh_address": "sideways""#), "ssh_address"),
        ]
    }()

    /// Every command that reads the state file. CI runs 4 per bad file, rotating through the list so
    /// that every command meets a third of the corpus; full size runs all of them on every file.
    static let readers: [[String]] = [
        ["cluster", "status"], ["cluster", "create", "--add", "--number=1"], ["cluster", "run", "true"], ["cluster", "ssh-config"],
        ["cluster", "add", "r-1"], ["cluster", "remove", "r-1"], ["cluster", "terminate", "-y"], ["cluster", "iplist"], ["cluster", "sync"],
        ["cluster", "put", "conf/sync.json", "x"], ["cluster", "stop"], ["cluster", "ssh", "1", "--", "true"],
    ]

    /// Runs `ess ARGS`; returns what is wrong with its answer (empty: a clean refusal).
    func refusal(_ arguments: [String], code: Int32, mentions words: [String]) -> [String] {
        let before = ess.stateBytes
        let result = ess.run(arguments, timeout: 60)
        var wrong: [String] = []
        let lines = result.stderrLines
        if result.status != code { wrong.append("exit \(result.status), not \(code)") }
        if lines.count != 1 || !(lines.first?.hasPrefix("ess: ") ?? false) { wrong.append("not one `ess: ` line") }
        if result.stderr.contains("Fatal error") || result.stderr.contains("Stack dump") { wrong.append("a trap") }
        for word in words where !result.stderr.contains(word) { wrong.append("no `\(word)`") }
        if ess.stateBytes != before { wrong.append("reservation.json changed") }
        return wrong.isEmpty ? [] : ["ess \(arguments.joined(separator: " ").prefix(80)): \(wrong.joined(separator: ", ")): \(result.stderr.prefix(400))"]
    }

    func testCorpusOfBadStateFiles() throws {
        let perFile = Chaos.size(ci: 4, full: Self.readers.count)
        func readers(_ index: Int) -> [[String]] {
            (0..<perFile).map { Self.readers[(index * perFile + $0) % Self.readers.count] }
        }
        try FileManager.default.createDirectory(atPath: ess.work + "/.conf", withIntermediateDirectories: true)
        try ess.writeSyncPackage(version: "1.0")
        var problems: [String] = []
        var runs = 0
        for (index, bad) in Self.corpus.enumerated() {
            XCTAssertTrue(FileManager.default.createFile(atPath: ess.stateFile, contents: bad.bytes), bad.name)
            for command in readers(index) {
                runs += 1
                problems += refusal(command, code: 65, mentions: [ess.stateFile] + bad.mentions).map { "\(bad.name): \($0)" }
            }
        }
        // A symlinked state file, pointing at a valid one: refused, the link and its target untouched.
        let target = ess.root + "/elsewhere.json"
        let text = Data(Self.valid().utf8)
        try text.write(to: URL(fileURLWithPath: target))
        try FileManager.default.removeItem(atPath: ess.stateFile)
        try FileManager.default.createSymbolicLink(atPath: ess.stateFile, withDestinationPath: target)
        for command in Self.readers {
            runs += 1
            problems += refusal(command, code: 65, mentions: [ess.stateFile, "symbolic link"]).map { "symlinked state file: \($0)" }
        }
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: ess.stateFile), target)
        XCTAssertEqual(FileManager.default.contents(atPath: target), text)
        // A folder where the file should be.
        try FileManager.default.removeItem(atPath: ess.stateFile)
        try FileManager.default.createDirectory(atPath: ess.stateFile, withIntermediateDirectories: false)
        for command in Self.readers {
            runs += 1
            problems += refusal(command, code: 65, mentions: [ess.stateFile]).map { "a folder as the state file: \($0)" }
        }
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
        XCTAssertTrue(ess.nodePids().isEmpty, "nothing was launched")
        let cases = Self.corpus.count + 2
        Chaos.figure("bad_state_files", "\(cases) bad files × \(perFile) of \(Self.readers.count) commands (the symlink and folder cases all \(Self.readers.count)) = \(runs) runs, \(runs - problems.count) clean refusals (exit 65, one line, file byte-identical, no trap), \(problems.count) misbehaved")
    }

    func testCorpusOfBadCommandLines() throws {
        ess.ok(["cluster", "create", "--number=2"])
        try ess.writeSyncPackage(version: "1.0")
        let cases: [([String], [String])] = [
            (["cluster", "frobnicate"], ["frobnicate"]),
            (["cluster", "status", "--bogus"], ["--bogus"]),
            (["cluster", "create", "--add", "--number=0"], ["--number", "1 to 256"]),
            (["cluster", "create", "--add", "--number=257"], ["1 to 256"]),
            (["cluster", "create", "--add", "--number=-1"], ["--number"]),
            (["cluster", "create", "--add", "--number=abc"], ["abc"]),
            (["cluster", "create", "--add", "--number=99999999999999999999999"], ["--number"]),
            (["cluster", "create", "--number=2"], ["already exists", "--add"]),
            (["cluster", "create", "--add", "--number=1", "--type=z9.huge"], ["z9.huge"]),
            (["cluster", "create", "--add", "--number=1", "--provider", "mars"], ["mars"]),
            (["cluster", "create", "--add", "--number=1", "--wait-timeout=-5"], ["--wait-timeout"]),
            (["cluster", "create", "--add", "--number=1", "--wait-for", "forever"], ["forever"]),
            (["cluster", "status", "--lock-timeout", "abc"], ["abc"]),
            (["cluster", "status", "--lock-timeout=-1"], ["--lock-timeout"]),
            (["cluster", "status", "--lock-timeout", "nan"], ["--lock-timeout"]),
            (["cluster", "add", "r-00000000000000000"], ["r-00000000000000000"]),
            (["cluster", "add", "../etc"], ["not a reservation id"]),
            (["cluster", "remove", "r-00000000000000000"], ["not in this cluster"]),
            (["cluster", "run", "true", "--nodes", "99"], ["no node `99`"]),
            (["cluster", "run", "true", "--nodes", "i-nonexistent"], ["i-nonexistent"]),
            (["cluster", "run", "true", "--nodes", "2-1"], ["2-1"]),
            (["cluster", "run", "true", "--nodes", "0"], ["no node `0`"]),
            (["cluster", "run", "true", "--nodes", "1,../x"], ["../x"]),
            (["cluster", "run", "true", "--parallel", "0"], ["--parallel"]),
            (["cluster", "run", "true", "--timeout", "abc"], ["abc"]),
            (["cluster", "run", "true", "--connect-timeout=-3"], ["--connect-timeout"]),
            (["cluster", "run", "true", "--timeout=-1"], ["--timeout"]),
            (["cluster", "run", "true", "--parallel", "5000"], ["--parallel"]),
            (["cluster", "run"], ["command"]),
            (["cluster", "ssh", "99"], ["no node"]),
            (["cluster", "set", "mars"], ["mars"]),
            (["cluster", "sync", "--version", "../../x"], ["version `../../x`"]),
            (["cluster", "put", "no-such-file", "x"], ["no-such-file"]),
            (["cluster", "iplist", "--sideways"], ["--sideways"]),
        ]
        var problems: [String] = []
        for (arguments, words) in cases {
            problems += refusal(arguments, code: 64, mentions: words)
        }
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
        Chaos.figure("bad_command_lines", "\(cases.count) bad command lines, \(cases.count - problems.count) clean refusals (exit 64, one line, file byte-identical, no trap), \(problems.count) misbehaved")
    }

    /// A BOM before a valid file is read like the file itself, and reading leaves it as it was.
    func testByteOrderMarkBeforeAValidFileIsRead() throws {
        try FileManager.default.createDirectory(atPath: ess.work + "/.conf", withIntermediateDirectories: true)
        let bytes = Data([0xEF, 0xBB, 0xBF]) + Data(Self.valid().utf8)
        XCTAssertTrue(FileManager.default.createFile(atPath: ess.stateFile, contents: bytes))
        let iplist = ess.run(["cluster", "iplist", "--private"])
        XCTAssertEqual(iplist.status, 0, iplist.stderr)
        XCTAssertEqual(iplist.stdout, "127.64.0.9\n")
        XCTAssertEqual(ess.stateBytes, bytes)
    }
}
