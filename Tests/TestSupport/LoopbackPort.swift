import Foundation

/// Free loopback ports for test servers, a socket bound without listening (a port that never
/// answers), and a check that something accepts connections.
public enum LoopbackPort {
    /// A port free on 127.0.0.1 right now: bind port 0, read the port back, close.
    public static func free() -> Int {
        guard let fd = try? bound(host: "127.0.0.1", port: 0) else { return 0 }
        defer { close(fd) }
        return port(of: fd) ?? 0
    }

    /// A random 127.x.y.z address (not 127.0.0.1) and a port free on it right now.
    public static func freeAddress() throws -> (host: String, port: Int) {
        for _ in 0..<20 {
            let host = "127.\(Int.random(in: 10...250)).\(Int.random(in: 0...255)).\(Int.random(in: 2...254))"
            let fd = try bound(host: host, port: 0)
            defer { close(fd) }
            if let port = port(of: fd) { return (host, port) }
        }
        throw TestFailure("no free loopback port found")
    }

    /// A socket bound to host:port (port 0 picks one), not listening yet.
    public static func bound(host: String, port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = socketAddress(host: host, port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw TestFailure("bind \(host):\(port): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    /// True once something accepts TCP connections at host:port.
    public static func accepts(host: String = "127.0.0.1", port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = socketAddress(host: host, port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    static func socketAddress(host: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        return address
    }

    public static func port(of fd: Int32) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return named == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
