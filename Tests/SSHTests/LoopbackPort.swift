import Foundation

/// Loopback addresses and ports for test servers, and a listener that never answers.
enum LoopbackPort {
    /// A random 127.x.y.z address (not 127.0.0.1) and a port free on it right now.
    static func free() throws -> (host: String, port: Int) {
        for _ in 0..<20 {
            let host = "127.\(Int.random(in: 10...250)).\(Int.random(in: 0...255)).\(Int.random(in: 2...254))"
            let fd = try bound(host: host, port: 0)
            defer { close(fd) }
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            if named == 0 { return (host, Int(UInt16(bigEndian: address.sin_port))) }
        }
        throw TestTool.Failed(description: "no free loopback port found")
    }

    /// A socket bound to host:port (port 0 picks one), not listening yet.
    static func bound(host: String, port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestTool.Failed(description: "socket: \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw TestTool.Failed(description: "bind \(host):\(port): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    /// True once something accepts TCP connections at host:port.
    static func accepts(host: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
