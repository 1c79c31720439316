import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Finds a free loopback address and port for a new node's sshd.
///
/// Every node gets its own address in 127.64.0.0–127.127.255.255 (the whole of 127/8 reaches
/// `lo` on Linux without configuration). Root gets port 22, as a real host has; when 22 is
/// taken there (a system sshd on 0.0.0.0:22, say) or we are not root, a free high port.
enum LoopbackAllocator {
    static func allocate(avoiding used: Set<String>) -> (address: String, port: Int)? {
        let preferred = geteuid() == 0 ? 22 : 0
        for _ in 0..<200 {
            let address = "127.\(Int.random(in: 64...127)).\(Int.random(in: 0...255)).\(Int.random(in: 2...254))"
            guard !used.contains(address) else { continue }
            if preferred == 22, canBind(address: address, port: 22) { return (address, 22) }
            for _ in 0..<10 {
                let port = Int.random(in: 20000...60000)
                if canBind(address: address, port: port) { return (address, port) }
            }
        }
        return nil
    }

    /// An IPv4 socket address for a dotted-quad address and port, nil when the address does not parse.
    static func socketAddress(_ address: String, _ port: Int) -> sockaddr_in? {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, address, &addr.sin_addr) == 1 else { return nil }
        return addr
    }

    /// Binds and releases a socket: true when nobody holds `address:port`.
    static func canBind(address: String, port: Int) -> Bool {
        guard var addr = socketAddress(address, port) else { return false }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// True when something accepts TCP on `address:port` within `timeout` seconds.
    static func accepts(address: String, port: Int, timeout: Double = 0.2) -> Bool {
        guard var addr = socketAddress(address, port) else { return false }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if rc == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) == 1 else { return false }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        return error == 0
    }
}
