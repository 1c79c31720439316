import ClusterModel
import Foundation
import JobModel
import JobWorkers
import Jobs
import Platform
import TestSupport
import XCTest

/// A cluster directory over `count` real sshd nodes (`TestSSHD`, configured as local nodes),
/// all taking the first node's user key, as `.conf/reservation.json` records them.
final class WorkerCluster: @unchecked Sendable {
    let nodes: [TestSSHD]
    let folder: TemporaryDirectory
    var directory: String { folder.path }

    init(count: Int, dead: Int = 0) throws {
        var made: [TestSSHD] = []
        for _ in 0..<count { made.append(try TestSSHD()) }
        nodes = made
        folder = TemporaryDirectory("ess-workers")
        let key = made[0].userKey
        let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8)
        for node in made.dropFirst() {
            let authorized = node.directory.path + "/node/authorized_keys"
            let handle = try XCTUnwrap(FileHandle(forWritingAtPath: authorized))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(publicKey.utf8))
            try handle.close()
        }
        var cluster = made.enumerated().map { index, node in
            Node(id: "i-node\(index)", type: "t2.micro", state: .running, privateAddress: node.host, publicAddress: node.host, port: node.port)
        }
        for index in 0..<dead {
            let (host, port) = try LoopbackPort.freeAddress()
            cluster.append(Node(id: "i-dead\(index)", type: "t2.micro", state: .running, privateAddress: host, publicAddress: host, port: port))
        }
        try FileManager.default.createDirectory(atPath: folder.path + "/.conf", withIntermediateDirectories: true)
        let pem = folder.path + "/.conf/test.pem"
        try FileManager.default.copyItem(atPath: key, toPath: pem)
        chmod(pem, 0o600)
        let state = ClusterState(
            provider: .local, clusterID: "workers-test", pem: pem, user: made[0].user,
            reservations: [Reservation(id: "r-test", type: "t2.micro", createdAt: nil, nodes: cluster)])
        try ClusterStateCodec.encode(state).write(to: URL(fileURLWithPath: folder.path + "/.conf/reservation.json"))
    }

    var source: SSHWorkerSource { SSHWorkerSource(directory: directory, environment: ["HOME": directory]) }

    /// Connects workers for an execution of `json` (a spec).
    func links(exID: Int64 = 1, _ json: String = #"{"name":"t","command":"true","inputs":{"list":["a"]}}"#) throws -> [SSHWorkerLink] {
        let spec = try JobSpecParser.parse(Data(json.utf8))
        return try source.connect(exID: exID, spec: spec).map { try XCTUnwrap($0 as? SSHWorkerLink) }
    }

    /// The execution's folder on node `index`, as a path on this machine.
    func folder(_ index: Int, exID: Int64 = 1) -> String {
        nodes[index].home.path + "/.ess/jobs/\(exID)"
    }

    func stop() {
        for node in nodes { node.stop() }
        folder.remove()
    }
}

/// Slice results gathered from any thread; each slice must finish exactly once.
final class SliceResults: @unchecked Sendable {
    private let condition = NSCondition()
    private var results: [Int64: [SliceResult]] = [:]

    func callback(_ index: Int64) -> @Sendable (SliceResult) -> Void {
        { result in
            self.condition.withLock {
                self.results[index, default: []].append(result)
                self.condition.broadcast()
            }
        }
    }

    /// Waits until `count` slices finished (at most `seconds`); their results by index.
    func wait(for count: Int, seconds: Double = 60) -> [Int64: [SliceResult]] {
        let deadline = Date().addingTimeInterval(seconds)
        return condition.withLock {
            while results.count < count && condition.wait(until: deadline) {}
            return results
        }
    }

    var finishedCount: Int { condition.withLock { results.count } }
}

/// The pids of processes in group `pgid` (none when the group is gone).
func groupMembers(_ pgid: Int32) -> [Int32] {
    let output = (try? TestTool.run("/usr/bin/pgrep", ["-g", String(pgid)])) ?? ""
    return output.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
}

/// The process group id a slice wrote to `path` (`echo $$ > FILE`), once it is all there.
func groupID(at path: String) -> Int32? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n") else { return nil }
    return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
}
