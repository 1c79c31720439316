import Foundation
import Platform
import Providers
import XCTest

/// Test hosts at chosen private addresses: one network namespace per host, joined to this
/// machine by a veth pair on a bridge that holds the subnet's first address, each running a
/// real sshd (the same node daemon the local provider runs) with the cluster's key.
///
/// This is how the ec2 tests give moto's instances real machines: moto hands out private
/// addresses in a subnet of ours, and a host appears at each. Needs root (`ip netns`).
public final class NamespaceHosts: @unchecked Sendable {
    public struct Host {
        public var namespace: String
        public var address: String
        public var pid: Int32
        public var daemon: LocalNodeDaemon
        /// This machine's end of the host's veth pair: taking it down cuts the host off with no
        /// FIN or RST, as a machine that vanished.
        public var hostSide: String
    }

    /// The /24 the hosts live in, e.g. `10.231.17`.
    public let prefix: String
    let bridge: String
    let folder: String
    private let tag: String
    private let lock = NSLock()
    private var hosts: [Host] = []
    private var bridgeUp = false

    public static var isSupported: Bool {
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")
    }

    /// A fresh subnet per run, so that runs (and a crashed earlier run) never collide.
    public init(folder: String) {
        let pid = Int(getpid())
        tag = String(pid % 100_000)
        prefix = "10.231.\(pid % 250 + 1)"
        bridge = "essbr\(tag)"
        self.folder = folder
    }

    public var cidr: String { prefix + ".0/24" }

    func ip(_ arguments: [String]) throws {
        let outcome = try ChildProcess.run("/usr/sbin/ip", arguments)
        guard outcome.status == 0 else {
            throw NSError(domain: "ip", code: Int(outcome.status), userInfo: [NSLocalizedDescriptionKey: "ip \(arguments.joined(separator: " ")): \(outcome.stderrText)"])
        }
    }

    /// Makes the bridge holding `PREFIX.1/24`: this machine's route into the subnet.
    public func up() throws {
        try? ip(["link", "del", bridge])
        try ip(["link", "add", bridge, "type", "bridge"])
        bridgeUp = true
        try ip(["addr", "add", prefix + ".1/24", "dev", bridge])
        try ip(["link", "set", bridge, "up"])
    }

    /// Starts a host at `address` that lets `user` in with `authorizedKey`.
    @discardableResult
    public func addHost(address: String, authorizedKey: String, user: String = "root") throws -> Host {
        let index = lock.withLock { hosts.count }
        let namespace = "ess\(tag)h\(index)"
        let hostSide = "ve\(tag)h\(index)"
        // A crashed earlier run with the same pid may have left these behind.
        try? ip(["link", "del", hostSide])
        try? ip(["netns", "del", namespace])
        try ip(["netns", "add", namespace])
        let daemon = LocalNodeDaemon(folder: "\(folder)/\(namespace)", address: address, port: 22, user: user, namespace: namespace)
        // Record the namespace before anything else can fail, so that stopAll removes it.
        lock.withLock { hosts.append(Host(namespace: namespace, address: address, pid: 0, daemon: daemon, hostSide: hostSide)) }
        try ip(["link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", namespace])
        try ip(["link", "set", hostSide, "master", bridge])
        try ip(["link", "set", hostSide, "up"])
        try ip(["-n", namespace, "addr", "add", address + "/24", "dev", "eth0"])
        try ip(["-n", namespace, "link", "set", "eth0", "up"])
        try ip(["-n", namespace, "link", "set", "lo", "up"])
        try ip(["-n", namespace, "route", "add", "default", "via", prefix + ".1"])
        try daemon.prepare(authorizedKey: authorizedKey, instanceID: namespace)
        let pid = try daemon.start()
        lock.withLock { hosts[index].pid = pid }
        return lock.withLock { hosts[index] }
    }

    public var all: [Host] { lock.withLock { hosts } }

    /// The processes running in a namespace.
    func pids(in namespace: String) -> [Int32] {
        guard let outcome = try? ChildProcess.run("/usr/sbin/ip", ["netns", "pids", namespace]), outcome.status == 0 else { return [] }
        return String(decoding: outcome.stdout, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
    }

    /// Cuts `host` off: packets to and from it are dropped, nothing tells its peers.
    public func cut(_ host: Host) throws {
        try ip(["link", "set", host.hostSide, "down"])
    }

    /// Stops every sshd it started (by pid) and removes every namespace, link and folder it made.
    public func stopAll() {
        for host in all {
            if host.pid > 0, ProcessTable.isAlive(host.pid) { ProcessTable.stop(host.pid) }
            // What sshd started lives on in the namespace (a session whose client vanished
            // waits forever), and keeps the namespace and its veth pair alive: end it by pid.
            for pid in pids(in: host.namespace) { kill(pid, SIGKILL) }
            try? ip(["link", "del", host.hostSide])
            try? ip(["netns", "del", host.namespace])
        }
        if bridgeUp { try? ip(["link", "del", bridge]) }
        ProcessPriority.release(group: LocalNodeDaemon.cpuGroup)
        lock.withLock { hosts = [] }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
