import Foundation
import Platform
import TestSupport
import XCTest

/// A local cluster of real sshd nodes in a scratch directory with its own ESS_AWS_DIR, and that
/// directory's master (`ess serve`) started by the test, each stopped by pid at `tearDown`.
/// Everything goes through the built `ess` binary, `curl` and `sqlite3`.
final class JobCluster: @unchecked Sendable {
    let ess: EssHarness
    private(set) var master: EssProcess?
    /// The master's address as `.conf/master.json` gives it, e.g. `http://127.0.0.1:40123`.
    private(set) var url = ""
    /// The port the next `startMaster` listens on; 0: any free one.
    var port = 0

    init(nodes: Int, label: String) {
        ess = EssHarness(label)
        let created = ess.run(["cluster", "create", "--number=\(nodes)", "--type=t2.micro"], timeout: 120)
        XCTAssertEqual(created.status, 0, "cluster create: \(created.stderr)")
    }

    var conf: String { ess.work + "/.conf" }
    var masterFile: String { conf + "/master.json" }

    /// Starts `ess serve --listen 127.0.0.1:PORT` in the foreground of a child process and waits
    /// until `.conf/master.json` names this pid and `GET /v1` answers.
    func startMaster(file: StaticString = #filePath, line: UInt = #line) throws {
        try? FileManager.default.removeItem(atPath: masterFile)
        url = ""
        let process = try EssProcess(ess, ["serve", "--listen", "127.0.0.1:\(port)"])
        master = process
        var answering: String?
        _ = eventually(within: 30, interval: 0.05) {
            if let record = masterRecord(), record.pid == process.pid, (try? curl("GET", "/v1")) != nil { answering = record.url }
            return answering != nil || !process.process.isRunning
        }
        if let answering {
            url = answering
            return
        }
        let why = process.process.isRunning ? "did not answer in 30 s" : "exited \(process.process.terminationStatus)"
        let log = (try? String(contentsOfFile: conf + "/master.log", encoding: .utf8)) ?? ""
        throw TestFailure("ess serve (pid \(process.pid)) \(why): \(process.stdout) \(process.stderr) \(log.suffix(2000))")
    }

    /// pid and URL from `.conf/master.json` (its field names: `pid`, and `url` or `address`).
    func masterRecord() -> (pid: Int32, url: String)? {
        guard let data = FileManager.default.contents(atPath: masterFile),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let pid = (object["pid"] as? NSNumber)?.int32Value,
            let address = (object["url"] ?? object["address"] ?? object["listen"]) as? String
        else { return nil }
        return (pid, address.hasPrefix("http") ? address : "http://" + address)
    }

    /// Sends `signal` to the master this fixture started and waits until it is gone.
    func signalMaster(_ signal: Int32, timeout: TimeInterval = 30) {
        guard let master else { return }
        master.send(signal)
        _ = master.wait(timeout: timeout)
    }

    /// The names of the master's threads, as the kernel shows them.
    func masterThreadNames() -> [String] {
        guard let pid = master?.pid, let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return [] }
        return tasks.map { tid in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Stops every master of this directory: ours by pid, then any `ess` whose working directory
    /// is this project (a master another command started), found through /proc by pid.
    func stopMasters() {
        if let master { ProcessTable.stop(master.pid, grace: 10); _ = master.wait(timeout: 5) }
        for pid in essProcessesInProject() { ProcessTable.stop(pid, grace: 10) }
    }

    /// Pids of `ess` processes (this binary) whose working directory is the project.
    func essProcessesInProject() -> [Int32] {
        let binary = URL(fileURLWithPath: EssHarness.binary).resolvingSymlinksInPath().path
        let project = URL(fileURLWithPath: ess.work).resolvingSymlinksInPath().path
        return NodeProcesses.all().filter { pid in
            guard pid != getpid(),
                let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe"),
                let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
            else { return false }
            return exe == binary && cwd == project
        }
    }

    func tearDown() {
        stopMasters()
        ess.cleanUp()
    }

    // MARK: jobs

    /// Writes a spec file in the project and returns its path.
    func spec(_ name: String, _ object: [String: Any]) throws -> String {
        let path = ess.work + "/\(name).json"
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `ess job run SPEC --detach`: the job id and execution id it printed.
    func submit(_ spec: String, extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> (job: String, ex: String) {
        let result = ess.run(["job", "run", spec, "--detach"] + extra, timeout: 60)
        guard result.status == 0, let ids = JobCluster.ids(in: result.stdout) else {
            throw TestFailure("ess job run \(spec) --detach exited \(result.status): \(result.stdout) \(result.stderr)")
        }
        return ids
    }

    /// The job and execution ids in `ess job run`'s output: its `--json` document, else the first
    /// number after "job" and after "ex"/"execution".
    static func ids(in output: String) -> (job: String, ex: String)? {
        if let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
            let job = object["job_id"].map({ "\($0)" }), let ex = object["ex_id"].map({ "\($0)" }) {
            return (job, ex)
        }
        func number(after words: [String]) -> String? {
            for word in words {
                guard let range = output.range(of: #"\b\#(word)\b[^0-9\n]{0,12}([0-9]+)"#, options: [.regularExpression, .caseInsensitive]) else { continue }
                return String(output[range].reversed().prefix { $0.isNumber }.reversed())
            }
            return nil
        }
        guard let job = number(after: ["job_id", "job"]), let ex = number(after: ["ex_id", "execution", "ex"]) else { return nil }
        return (job, ex)
    }
}

/// Processes on this machine, read from /proc by pid: the tests find a node's processes through
/// the node's own sshd pid (its descendants).
enum NodeProcesses {
    static func all() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
    }

    static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    /// `root` and every process below it.
    static func tree(of root: Int32) -> [Int32] {
        let parents = Dictionary(uniqueKeysWithValues: all().compactMap { pid in parent(of: pid).map { (pid, $0) } })
        var found = [root]
        var index = 0
        while index < found.count {
            let current = found[index]
            found += parents.filter { $0.value == current }.map(\.key)
            index += 1
        }
        return found.filter { ProcessTable.isAlive($0) }
    }
}
