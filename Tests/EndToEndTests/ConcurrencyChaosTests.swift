import ClusterModel
import Foundation
import Platform
import TestSupport
import XCTest

/// Issue 5, part 5: 8 concurrent `ess cluster create --add` in one directory that has no cluster
/// yet, on the local provider and on ec2 (moto). Every run succeeds, every reservation a run
/// announces is recorded, the nodes in reservation.json are exactly the instances at the provider,
/// there is one cluster (one key pair, one security group), and reservation.json, sampled
/// throughout, always decodes and validates. Full size: 3 rounds of 8.
final class ConcurrencyChaosTests: XCTestCase {
    static let runs = 8

    /// What the rounds of concurrent runs produced.
    struct Outcome {
        var failures: [String] = []
        var announced: Set<String> = []
        var samples = 0
        var corrupt: [String] = []
    }

    /// `rounds` times, `runs` concurrent `create --add ARGS`, with reservation.json sampled throughout.
    func concurrentAdds(_ ess: EssHarness, rounds: Int, arguments: [String]) -> Outcome {
        var outcome = Outcome()
        let sampler = StateSampler(path: ess.stateFile)
        for _ in 0..<rounds {
            let results = ResultList()
            DispatchQueue.concurrentPerform(iterations: Self.runs) { _ in
                results.append(ess.run(["cluster", "create", "--add", "--lock-timeout", "120"] + arguments, timeout: 300))
            }
            for result in results.all {
                if result.status != 0 { outcome.failures.append("exit \(result.status): \(result.stderr)") }
                for line in (result.stdout + result.stderr).split(separator: "\n") where line.hasPrefix("reservation r-") {
                    outcome.announced.insert(String(line.dropFirst("reservation ".count).prefix { $0 != ":" }))
                }
            }
        }
        (outcome.samples, outcome.corrupt) = sampler.stop()
        return outcome
    }

    func recorded(_ ess: EssHarness) throws -> ClusterState {
        try ClusterStateCodec.decode(try XCTUnwrap(ess.stateBytes))
    }

    func check(_ outcome: Outcome, _ state: ClusterState, rounds: Int, perRun: Int) {
        XCTAssertEqual(outcome.failures, [], "every run succeeds")
        XCTAssertEqual(outcome.announced.count, rounds * Self.runs, "each run announced its reservation")
        XCTAssertEqual(Set(state.reservations.map(\.id)), outcome.announced, "every reservation is recorded")
        XCTAssertEqual(state.nodes.count, rounds * Self.runs * perRun)
        XCTAssertGreaterThan(outcome.samples, 0, "the file was sampled while it changed")
        XCTAssertEqual(outcome.corrupt, [], "reservation.json never corrupt")
    }

    func testEightConcurrentCreateAddOnLocal() throws {
        let ess = EssHarness("ess-chaos-conc")
        defer { ess.cleanUp() }
        let rounds = Chaos.size(ci: 1, full: 3), perRun = 2
        let outcome = concurrentAdds(ess, rounds: rounds, arguments: ["--number=\(perRun)"])
        let state = try recorded(ess)
        check(outcome, state, rounds: rounds, perRun: perRun)

        // The provider's count: every local instance folder, each with a live sshd.
        let atProvider = ess.nodePids()
        XCTAssertEqual(Set(atProvider.keys), Set(state.nodes.map(\.id)), "the file lists exactly the instances that exist")
        XCTAssertEqual(atProvider.values.filter { ProcessTable.isAlive($0) }.count, state.nodes.count)
        XCTAssertEqual(state.nodes.filter { $0.state == .reachable && $0.hostKey != nil }.count, state.nodes.count, "every node answered and is pinned")
        let clusters = try FileManager.default.contentsOfDirectory(atPath: ess.aws + "/ess/clusters")
        XCTAssertEqual(clusters, [state.clusterID + ".json"], "one cluster")
        Chaos.figure(
            "concurrent_create_add_local",
            "\(rounds)×\(Self.runs) runs, \(Self.runs * rounds - outcome.failures.count) succeeded, \(state.reservations.count) reservations recorded, \(state.nodes.count) nodes in file = \(atProvider.count) at provider, \(outcome.samples) samples, \(outcome.corrupt.count) corrupt")
    }

    func testEightConcurrentCreateAddOnEC2() throws {
        let bed = try EC2TestBed("ess-chaos-conc-ec2")
        defer { bed.tearDown() }
        let rounds = Chaos.size(ci: 1, full: 3), perRun = Chaos.size(ci: 2, full: 3)
        let outcome = concurrentAdds(
            bed.ess, rounds: rounds, arguments: ["--number=\(perRun)", "--type=t3.micro", "--provider", "ec2", "--no-wait"])
        let state = try recorded(bed.ess)
        check(outcome, state, rounds: rounds, perRun: perRun)

        let leftovers = bed.moto.essLeftovers()
        XCTAssertEqual(leftovers.instances, state.nodes.count, "the file lists as many instances as moto runs")
        XCTAssertEqual(leftovers.keyPairs, 1, "one key pair")
        XCTAssertEqual(leftovers.groups, 1, "one security group")
        let atMoto = bed.moto.inspect("""
            tagged = [{"Name": "tag:ess:cluster", "Values": ["\(state.clusterID)"]}]
            for r in ec2.describe_instances(Filters=tagged)["Reservations"]:
                for i in r["Instances"]:
                    if i["State"]["Name"] != "terminated": print(r["ReservationId"], i["InstanceId"])
            """).split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(Set(atMoto.map { $0[0] }), Set(state.reservations.map(\.id)), "the same reservations")
        XCTAssertEqual(Set(atMoto.map { $0[1] }), Set(state.nodes.map(\.id)), "the same instances, all tagged with the one cluster")
        Chaos.figure(
            "concurrent_create_add_ec2",
            "\(rounds)×\(Self.runs) runs, \(Self.runs * rounds - outcome.failures.count) succeeded, \(state.reservations.count) reservations recorded, \(state.nodes.count) nodes in file = \(leftovers.instances) at moto, \(leftovers.keyPairs) key pair, \(leftovers.groups) security group, \(outcome.samples) samples, \(outcome.corrupt.count) corrupt")
    }
}

/// Reads a file over and over on its own thread, decoding every version it sees.
final class StateSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var samples = 0
    private var corrupt: [String] = []
    private let done = DispatchSemaphore(value: 0)

    init(path: String) {
        Thread { [self] in
            while lock.withLock({ running }) {
                if let data = FileManager.default.contents(atPath: path) {
                    var problem: String?
                    do { _ = try ClusterStateCodec.decode(data) } catch { problem = "\(error): \(String(decoding: data.prefix(200), as: UTF8.self))" }
                    lock.withLock {
                        samples += 1
                        if let problem { corrupt.append(problem) }
                    }
                }
                usleep(2_000)
            }
            done.signal()
        }.start()
    }

    /// Stops sampling; returns how many samples were read and the problems of the corrupt ones.
    func stop() -> (Int, [String]) {
        lock.withLock { running = false }
        done.wait()
        return lock.withLock { (samples, corrupt) }
    }
}
