import Foundation
import Platform
import TestSupport
import XCTest

/// Faults on local nodes, shared by the fan-out and chaos tests: entry scripts that kill a node
/// mid-transfer or record every command, host keys swapped under a running sshd, and restarting a
/// stopped node's sshd with its new pid recorded (so terminate and `cleanUp` stop it).
extension EssHarness {
    func nodeFolder(_ id: String) -> String { localInstances + "/" + id }
    func nodeHome(_ id: String) -> String { nodeFolder(id) + "/home" }
    func entryScript(_ id: String) -> String { nodeFolder(id) + "/bin/enter" }

    /// The node's sshd pid as instance.json records it.
    func nodePid(_ id: String) -> Int32? { nodePids()[id] }

    /// For the install command only: feed it exactly 1 MB of the package, and once it has written
    /// that much, write `marker` (relative to the node's home), then SIGKILL each pid in `alsoKill`
    /// (the node's listening sshd, say), the sshd process that serves this connection and every
    /// process of the session, as a node dying would. Deterministic: the command can never finish.
    static func killingEntry(marker: String = "ess/.killed-mid-transfer", alsoKill: [Int32] = []) -> String {
        let extra = alsoKill.map { "kill -9 \($0) 2>/dev/null\n          " }.joined()
        return #"""
            #!/bin/sh
            cd "$HOME" || exit 1
            case "$SSH_ORIGINAL_COMMAND" in
            *versions/.incoming*)
              # The install command gets exactly 1 MB of the package and then nothing more, so it
              # can never finish; once it has written that much, the node dies.
              { head -c 1000000; sleep 30; } | /bin/sh -c "$SSH_ORIGINAL_COMMAND" &
              i=0
              while [ "$i" -lt 250 ]; do
                size=0
                for f in ess/versions/.incoming-*; do [ -f "$f" ] && size=$(wc -c < "$f"); done
                [ "$size" -ge 1000000 ] && break
                sleep 0.02
                i=$((i + 1))
              done
              p=$PPID
              while [ "$(cat /proc/$p/comm)" != sshd ]; do p=$(awk '{print $4}' /proc/$p/stat); done
              touch \#(marker)
              \#(extra)kill -9 "$p"
              kill -9 0 ;;
            esac
            exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"

            """#
    }

    /// An entry script that appends every command it is given to `log` before running it: proof of
    /// whether any command reached the node.
    static func recordingEntry(log: String) -> String {
        #"""
            #!/bin/sh
            printf '%s\n' "${SSH_ORIGINAL_COMMAND:-login}" >> \#(log)
            cd "$HOME" || exit 1
            if [ -n "$SSH_ORIGINAL_COMMAND" ]; then exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"; fi
            exec /bin/sh -l

            """#
    }

    /// Replaces a node's host key files under its running sshd (each new connection re-reads them).
    func swapHostKey(_ id: String) throws {
        let key = nodeFolder(id) + "/ssh_host_ed25519_key"
        try FileManager.default.removeItem(atPath: key)
        try FileManager.default.removeItem(atPath: key + ".pub")
        let keygen = try ChildProcess.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key])
        XCTAssertEqual(keygen.status, 0, "ssh-keygen")
    }

    /// Starts a stopped node's sshd again as the local provider does, records its pid so that
    /// terminate (and `cleanUp`) stop it, and waits until the node answers.
    @discardableResult
    func restartNode(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws -> Int32 {
        let folder = nodeFolder(id)
        let pid = try ChildProcess.spawnDetached("/usr/sbin/sshd", ["-D", "-f", folder + "/sshd_config", "-E", folder + "/sshd.log"])
        let recordPath = folder + "/instance.json"
        var record = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: recordPath))) as? [String: Any])
        record["pid"] = Int(pid)
        try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]).write(to: URL(fileURLWithPath: recordPath))
        for _ in 0..<100 {
            if run(["cluster", "run", "true", "--nodes", id, "--connect-timeout", "2"]).status == 0 { return pid }
            usleep(100_000)
        }
        XCTFail("node \(id) did not come back", file: file, line: line)
        return pid
    }
}

/// The size a chaos test runs at: small in CI, full when `ESS_CHAOS=full` (what `Scripts/chaos` sets).
enum Chaos {
    static var isFull: Bool { ProcessInfo.processInfo.environment["ESS_CHAOS"] == "full" }

    static func size<T>(ci: T, full: T) -> T { isFull ? full : ci }

    /// One line `FIGURE <name>: <value>` on stdout, which `Scripts/chaos` collects into its table.
    static func figure(_ name: String, _ value: String) {
        FileHandle.standardOutput.write(Data("FIGURE \(name): \(value)\n".utf8))
    }
}

extension EssHarness {
    /// Writes `app/` (VERSION, a script, `size` random bytes) and `conf/sync.json` naming it.
    func writeSyncPackage(version: String, size: Int = 1024) throws {
        let app = work + "/app"
        try FileManager.default.createDirectory(atPath: app + "/bin", withIntermediateDirectories: true)
        try Data("\(version)\n".utf8).write(to: URL(fileURLWithPath: app + "/VERSION"))
        try Data("#!/bin/sh\necho app \(version)\n".utf8).write(to: URL(fileURLWithPath: app + "/bin/app"))
        var blob = Data(count: size)
        for index in stride(from: 0, to: size, by: 1) { blob[index] = UInt8.random(in: 0...255) }
        try blob.write(to: URL(fileURLWithPath: app + "/blob"))
        try FileManager.default.createDirectory(atPath: work + "/conf", withIntermediateDirectories: true)
        try Data(#"{"package": "app"}"#.utf8).write(to: URL(fileURLWithPath: work + "/conf/sync.json"))
    }
}

extension EssHarness.Run {
    /// stdout as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] ?? [:]
    }

    /// A fan-out command's `--json` rows, by instance id.
    var rows: [String: [String: Any]] {
        let list = json["nodes"] as? [[String: Any]] ?? []
        return Dictionary(list.map { ($0["instance_id"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Each node's sync summary, or `failed: <error> <stderr>`.
    var summaries: [String: String] {
        rows.mapValues { $0["summary"] as? String ?? "failed: \($0["error"] as? String ?? "") \($0["stderr"] as? String ?? "")" }
    }
}

/// A test case with a fresh harness per test, cleaned up (every node it started stopped) after it.
class EssTestCase: XCTestCase {
    var ess: EssHarness!
    /// The scratch folder's prefix, to tell the tests' folders apart.
    class var label: String { "ess-e2e" }

    override func setUp() {
        ess = EssHarness(Self.label)
    }

    override func tearDown() {
        ess.cleanUp()
    }
}
