import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connected, non-blocking, close-on-exec TCP socket with TCP_NODELAY, closed only in deinit.
final class TCPSocket {
    let descriptor: Int32

    /// Resolves `target.host` and connects to each address in turn until one answers, all within `timeout` seconds.
    init(target: SSHTarget, timeout: Double) throws {
        let name = target.description
        guard (1...65535).contains(target.port) else {
            throw SSHError(kind: .resolve, target: name, detail: "port \(target.port) is not a TCP port")
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Self.streamType
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(target.host, String(target.port), &hints, &found)
        guard status == 0, let first = found else {
            throw SSHError(kind: .resolve, target: name, detail: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }

        let deadline = Deadline(seconds: timeout)
        var failure = SSHError(kind: .unreachable, target: name, detail: "no address to connect to")
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        var connected: Int32?
        while let entry = cursor, connected == nil {
            do {
                connected = try Self.attempt(entry.pointee, deadline: deadline, name: name)
            } catch let error as SSHError {
                failure = error
                if error.kind == .connectTimeout { break }
            }
            cursor = entry.pointee.ai_next
        }
        guard let connected else { throw failure }
        descriptor = connected
    }

    deinit { close(descriptor) }

    /// Probes the peer after `idle` seconds of silence, then every third of it, and gives the
    /// connection up after 3 unanswered probes or `2 × idle` of unacknowledged data (0: never).
    func keepAlive(idle: Double) {
        guard idle > 0 else { return }
        func set(_ level: Int32, _ name: Int32, _ value: Int32) {
            var value = value
            _ = setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
        let seconds = Int32(max(1, idle.rounded()))
        set(SOL_SOCKET, SO_KEEPALIVE, 1)
        set(Int32(IPPROTO_TCP), TCP_KEEPIDLE, seconds)
        set(Int32(IPPROTO_TCP), TCP_KEEPINTVL, max(1, seconds / 3))
        set(Int32(IPPROTO_TCP), TCP_KEEPCNT, 3)
        set(Int32(IPPROTO_TCP), TCP_USER_TIMEOUT, Int32(min(Double(Int32.max), max(1, idle) * 2000)))
    }

    /// Ends the conversation both ways; the descriptor itself is closed in deinit.
    func shutdownBothWays() {
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
    }

    private static func attempt(_ entry: addrinfo, deadline: Deadline, name: String) throws -> Int32 {
        let fd = socket(entry.ai_family, entry.ai_socktype, entry.ai_protocol)
        guard fd >= 0 else { throw error(errno, name: name) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        do {
            try finishConnect(fd, entry, deadline: deadline, name: name)
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    private static func finishConnect(_ fd: Int32, _ entry: addrinfo, deadline: Deadline, name: String) throws {
        if connect(fd, entry.ai_addr, entry.ai_addrlen) == 0 { return }
        guard errno == EINPROGRESS else { throw error(errno, name: name) }
        var waiter = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        while true {
            let ready = poll(&waiter, 1, deadline.milliseconds)
            if ready > 0 { break }
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 { throw error(errno, name: name) }
            throw SSHError(kind: .connectTimeout, target: name, detail: "no TCP answer within \(deadline.text)")
        }
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { throw error(errno, name: name) }
        if code != 0 { throw error(code, name: name) }
    }

    private static func error(_ code: Int32, name: String) -> SSHError {
        let text = String(cString: strerror(code))
        switch code {
        case ECONNREFUSED: return SSHError(kind: .connectionRefused, target: name, detail: text)
        case ETIMEDOUT: return SSHError(kind: .connectTimeout, target: name, detail: text)
        default: return SSHError(kind: .unreachable, target: name, detail: text)
        }
    }

    #if os(Linux)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    #else
    private static let streamType = SOCK_STREAM
    #endif
}
