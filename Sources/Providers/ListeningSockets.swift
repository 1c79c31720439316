import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The IPv4 TCP sockets of this network namespace that are listening, read once from `/proc/net/tcp`.
///
/// The local provider asks whether each node's sshd listens. Connecting to find out makes every
/// sshd fork and exec a session process for a connection that closes at once: on 1000 nodes that
/// was most of `ess cluster status`'s extra time over `ess cluster run true`. One read of the
/// kernel's table answers for every node, and touches no daemon.
struct ListeningSockets: Sendable {
    static let tablePath = "/proc/net/tcp"
    /// The kernel's code for TCP_LISTEN in the `st` column.
    static let listenState = "0A"

    /// "a.b.c.d:port" of each listening socket.
    let endpoints: Set<String>

    /// This namespace's listeners now; nil when the table cannot be read (not Linux, say).
    static func current() -> ListeningSockets? {
        guard let text = readAll(tablePath) else { return nil }
        return ListeningSockets(endpoints: parse(text))
    }

    /// Reads to the end: a /proc file has no size, and one read returns only a page of it.
    static func readAll(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return String(decoding: bytes, as: UTF8.self) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    func contains(address: String, port: Int) -> Bool {
        endpoints.contains("\(address):\(port)")
    }

    /// The listening endpoints of a `/proc/net/tcp` text. Each row reads
    /// `sl local_address rem_address st …`, the address being the 4 network-order bytes as the
    /// host prints a 32-bit word (`0100007F:0016` is 127.0.0.1:22 on a little-endian host).
    static func parse(_ table: String) -> Set<String> {
        var found = Set<String>()
        for line in table.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            guard columns.count > 3, columns[3] == listenState else { continue }
            let local = columns[1].split(separator: ":")
            guard local.count == 2, let word = UInt32(local[0], radix: 16), let port = Int(local[1], radix: 16) else { continue }
            let bytes = withUnsafeBytes(of: word) { Array($0) }
            found.insert("\(bytes.map(String.init).joined(separator: ".")):\(port)")
        }
        return found
    }
}
