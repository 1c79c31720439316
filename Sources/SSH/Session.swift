import CLibSSH2
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One LIBSSH2_SESSION in non-blocking mode over its socket; freed (and the socket closed) only in deinit.
///
/// Every libssh2 return code of the target passes through `check`, which turns failures into `SSHError`.
final class Session {
    /// What the session was doing, which decides how a failure is reported.
    enum Phase {
        case handshake, authentication, channel, command, disconnect
    }

    let pointer: OpaquePointer
    let socket: TCPSocket
    /// `user@host:port`, for errors.
    let target: String
    private let traffic: UnsafeMutablePointer<ess_libssh2_traffic>

    init(socket: TCPSocket, target: String) throws {
        try LibSSH2.initialize(target: target)
        guard let made = ess_libssh2_session_init() else {
            throw SSHError(kind: .protocolError, target: target, detail: "libssh2 could not allocate a session", isTransient: false)
        }
        pointer = made
        self.socket = socket
        self.target = target
        traffic = .allocate(capacity: 1)
        traffic.initialize(to: ess_libssh2_traffic(received: 0))
        libssh2_session_set_blocking(made, 0)
        ess_libssh2_count_traffic(made, traffic)
    }

    deinit {
        // Freeing may still have to close channels; bound that instead of failing with EAGAIN and leaking.
        libssh2_session_set_timeout(pointer, 1000)
        libssh2_session_set_blocking(pointer, 1)
        _ = libssh2_session_free(pointer)
        traffic.deallocate()
    }

    /// Bytes taken from the socket so far: when a call changed it, packets may wait in
    /// libssh2's queue for another channel, so the socket alone says nothing of them.
    var receivedBytes: UInt64 { traffic.pointee.received }

    // MARK: The one check

    /// Returns non-negative codes unchanged and throws the `SSHError` a negative one stands for.
    @discardableResult
    func check(_ code: Int, _ phase: Phase) throws -> Int {
        guard code < 0 else { return code }
        throw SSHError(libssh2Code: Int32(clamping: code), phase: phase, target: target, message: lastErrorMessage())
    }

    /// Calls `operation` until it stops answering EAGAIN, waiting on the socket in between; the final code goes through `check`.
    @discardableResult
    func perform(_ phase: Phase, until deadline: Deadline, _ operation: () -> Int) throws -> Int {
        while true {
            let code = operation()
            if code != Int(LIBSSH2_ERROR_EAGAIN) { return try check(code, phase) }
            try wait(phase, until: deadline)
        }
    }

    /// True when libssh2's last EAGAIN left a packet half sent; the same call must then be repeated before any other.
    var sendPending: Bool {
        libssh2_session_block_directions(pointer) & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0
    }

    /// Waits until the socket is ready in the directions libssh2 asked for (plus readable, if asked), or throws at the deadline.
    func wait(_ phase: Phase, until deadline: Deadline, readable: Bool = false) throws {
        let directions = libssh2_session_block_directions(pointer)
        var events: Int16 = 0
        if readable || directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
        if deadline.expired { throw timeout(phase, deadline) }
        // No direction means libssh2 is not waiting on the socket: retry soon instead of sleeping to the deadline.
        let milliseconds = events == 0 ? min(10, deadline.milliseconds) : deadline.milliseconds
        var waiter = pollfd(fd: socket.descriptor, events: events, revents: 0)
        let ready = poll(&waiter, 1, milliseconds)
        if ready < 0 && errno != EINTR {
            throw SSHError(kind: .disconnected, target: target, detail: String(cString: strerror(errno)))
        }
        if ready == 0 && deadline.expired { throw timeout(phase, deadline) }
    }

    private func timeout(_ phase: Phase, _ deadline: Deadline) -> SSHError {
        switch phase {
        case .handshake:
            SSHError(kind: .connectTimeout, target: target, detail: "no SSH handshake within \(deadline.text)")
        case .authentication:
            // A node too busy to finish authenticating in time may well answer the next knock.
            SSHError(kind: .timeout, target: target, detail: "authentication took longer than \(deadline.text)", isTransient: true)
        case .channel, .command, .disconnect:
            SSHError(kind: .timeout, target: target, detail: "no result within \(deadline.text)")
        }
    }

    /// Runs `body` with the session blocking, each wait bounded by `milliseconds`; for teardown that must not leak on EAGAIN.
    func blocking<R>(milliseconds: Int, _ body: () -> R) -> R {
        libssh2_session_set_timeout(pointer, milliseconds)
        libssh2_session_set_blocking(pointer, 1)
        defer {
            libssh2_session_set_blocking(pointer, 0)
            libssh2_session_set_timeout(pointer, 0)
        }
        return body()
    }

    func lastErrorMessage() -> String {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        _ = libssh2_session_last_error(pointer, &message, &length, 0)
        guard let message, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: message, count: Int(length)), as: UTF8.self)
    }

    // MARK: Transport

    func handshake(until deadline: Deadline) throws {
        let fd = socket.descriptor
        try perform(.handshake, until: deadline) { Int(libssh2_session_handshake(pointer, fd)) }
    }

    /// The algorithms this libssh2 offers for one LIBSSH2_METHOD_* slot.
    func supportedAlgorithms(_ method: Int32) -> [String] {
        var list: UnsafeMutablePointer<UnsafePointer<CChar>?>?
        let count = libssh2_session_supported_algs(pointer, method, &list)
        guard count > 0, let list else { return [] }
        defer { libssh2_free(pointer, list) }
        return (0..<Int(count)).compactMap { list[$0].map { String(cString: $0) } }
    }

    /// The algorithm the handshake agreed on for one LIBSSH2_METHOD_* slot; nil before the handshake.
    func negotiated(_ method: Int32) -> String? {
        libssh2_session_methods(pointer, method).map { String(cString: $0) }
    }

    func prefer(_ method: Int32, _ names: [String]) throws {
        try check(Int(libssh2_session_method_pref(pointer, method, names.joined(separator: ","))), .handshake)
    }

    /// The key the server proved it holds during the handshake.
    func hostKey() throws -> HostKey {
        var length = 0
        var type: Int32 = 0
        guard let blob = libssh2_session_hostkey(pointer, &length, &type), length > 0,
              let hash = libssh2_hostkey_hash(pointer, LIBSSH2_HOSTKEY_HASH_SHA256)
        else {
            throw SSHError(kind: .protocolError, target: target, detail: "the server presented no host key", isTransient: false)
        }
        let bytes = Data(bytes: blob, count: length)
        let digest = UnsafeRawBufferPointer(start: hash, count: 32).map { $0 }
        return HostKey(
            type: HostKeyType.name(blob: bytes) ?? HostKeyType.name(libssh2Type: type),
            base64: bytes.base64EncodedString(),
            fingerprint: HostKey.fingerprint(sha256: digest))
    }

    /// Says goodbye politely, within a second, and shuts the socket; errors are irrelevant at this point.
    func disconnect(reason: String) {
        let deadline = Deadline(seconds: 1)
        _ = try? perform(.disconnect, until: deadline) { Int(ess_libssh2_session_disconnect(pointer, reason)) }
        socket.shutdownBothWays()
    }
}
