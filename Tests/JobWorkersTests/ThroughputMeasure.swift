import Foundation
import Platform
import JobModel
import JobWorkers
import Jobs
import TestSupport
import XCTest

/// Slices per second of `true` over 16 local sshd nodes, against `xargs -P 32 ssh` with OpenSSH
/// ControlMaster on the same nodes in the same run. Runs only with ESS_MEASURE=1; prints figures,
/// asserts only that every slice succeeded.
final class ThroughputMeasure: XCTestCase {
    func testSlicesPerSecond() throws {
        guard ProcessInfo.processInfo.environment["ESS_MEASURE"] == "1" else { throw XCTSkip("set ESS_MEASURE=1 to measure") }
        let nodes = Int(ProcessInfo.processInfo.environment["ESS_MEASURE_NODES"] ?? "") ?? 16
        let cluster = try WorkerCluster(count: nodes)
        defer { cluster.stop() }
        let openssh = try ControlMasters(cluster)
        defer { openssh.stop() }
        var lines: [String] = []
        let quick = ProcessInfo.processInfo.environment["ESS_MEASURE_QUICK"] == "1"
        for total in quick ? [1000] : [1000, 10000] {
            let rounds = total == 1000 && !quick ? 3 : 1
            for channels in quick ? [32] : [8, 16, 32] where total == 1000 || channels == 32 {
                var ess: [Double] = [], xargs: [Double] = []
                for _ in 0..<rounds {
                    ess.append(try essRate(cluster, total: total, channels: channels))
                    if channels == 32 { xargs.append(try openssh.rate(total: total, parallel: 32)) }
                }
                let line = "true x\(total), \(nodes) nodes, \(channels) channels/connection: ess \(Int(median(ess)))/s" +
                    (xargs.isEmpty ? "" : ", xargs -P 32 ssh (ControlMaster) \(Int(median(xargs)))/s, ratio \(String(format: "%.1f", median(ess) / median(xargs)))x") +
                    " (runs: ess \(ess.map { Int($0) }), xargs \(xargs.map { Int($0) }))"
                print("MEASURE " + line)
                lines.append(line)
            }
        }
        try lines.joined(separator: "\n").write(toFile: NSTemporaryDirectory() + "ess-throughput.txt", atomically: true, encoding: .utf8)
    }

    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// User and system seconds this process used so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Connects (not timed), then runs `total` slices keeping `channels` in flight per worker.
    func essRate(_ cluster: WorkerCluster, total: Int, channels: Int) throws -> Double {
        let links = try cluster.links(exID: 9, #"{"name":"t","command":"true","slots":\#(channels),"workers":\#(cluster.nodes.count),"inputs":{"list":["a"]}}"#)
        defer { links.forEach { $0.close() } }
        let lanes = Lanes(total: total)
        let cpu = Self.cpuSeconds()
        let started = Date()
        for link in links { for _ in 0..<channels { lanes.launch(on: link) } }
        XCTAssertEqual(lanes.finished.wait(timeout: .now() + 600), .success)
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(lanes.failures, 0)
        print("MEASURE-CPU ess master: \(String(format: "%.3f", (Self.cpuSeconds() - cpu) * 1000 / Double(total))) ms cpu/slice, \(String(format: "%.3f", seconds * 1000 / Double(total))) ms wall/slice")
        return Double(total) / seconds
    }
}

/// Hands out slice numbers to whichever lane is free, counts results.
final class Lanes: @unchecked Sendable {
    let total: Int
    let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var issued = 0
    private var done = 0
    private(set) var failures = 0

    init(total: Int) { self.total = total }

    func launch(on link: SSHWorkerLink) {
        let index: Int? = lock.withLock {
            guard issued < total else { return nil }
            issued += 1
            return issued
        }
        guard let index else { return }
        _ = link.start(SliceRun(index: Int64(index), command: "true")) { result in
            let all = self.lock.withLock { () -> Bool in
                if result != .exited(code: 0, stderrTail: "") { self.failures += 1 }
                self.done += 1
                return self.done == self.total
            }
            if all { self.finished.signal() }
            self.launch(on: link)
        }
    }
}

/// One OpenSSH ControlMaster per node, and `xargs -P N ssh` over them.
final class ControlMasters {
    let folder = TemporaryDirectory("ess-cm")
    let config: String
    let names: [String]
    var masters: [Int32] = []

    init(_ cluster: WorkerCluster) throws {
        config = folder.path + "/config"
        names = cluster.nodes.indices.map { "n\($0)" }
        var text = ""
        for (index, node) in cluster.nodes.enumerated() {
            text += "Host n\(index)\n  HostName \(node.host)\n  Port \(node.port)\n  User \(node.user)\n  IdentityFile \(cluster.nodes[0].userKey)\n"
            text += "  IdentitiesOnly yes\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n"
            text += "  ControlPath \(folder.path)/cm-%h-%p\n  ControlMaster auto\n\n"
        }
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        for name in names {
            // A foreground master per node (-N -M), ended by pid in stop().
            masters.append(try ChildProcess.spawnDetached("/usr/bin/ssh", ["-F", config, "-N", "-M", name]))
        }
        for name in names {
            _ = eventually(within: 10, interval: 0.05) { (try? TestTool.run("/usr/bin/ssh", ["-F", config, "-O", "check", name])) != nil }
        }
    }

    /// `total` runs of `ssh NODE true`, round-robin over the nodes, `parallel` at once.
    func rate(total: Int, parallel: Int) throws -> Double {
        let list = folder.path + "/list"
        try (0..<total).map { names[$0 % names.count] }.joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let started = Date()
        try TestTool.run("/bin/sh", ["-c", "xargs -P \(parallel) -I{} ssh -F '\(config)' {} true < '\(list)'"])
        return Double(total) / Date().timeIntervalSince(started)
    }

    func stop() {
        for pid in masters { _ = ProcessTable.stop(pid) }
        folder.remove()
    }
}
