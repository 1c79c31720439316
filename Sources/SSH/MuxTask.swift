import CLibSSH2
import Foundation

/// One command on its own channel inside a `ChannelMux`, stepped without ever waiting: each
/// `step` makes at most a little progress and says whether it did, is blocked, or is finished.
///
/// libssh2's rule for non-blocking sessions is kept: a call that returned EAGAIN with a packet
/// half sent (`Session.sendPending`) is the very next libssh2 call on the session. The task
/// remembers which call that was (`pending`) and repeats exactly it when stepped again; the mux
/// steps no other task until it went through.
final class MuxTask {
    enum Phase { case open, exec, feed, eof, read, close, waitClosed, done }
    enum Step { case progressed, blocked, finished }
    enum Call: Equatable { case open, exec, write, read(Int32), eof, close, waitClosed }

    let id: Int
    let command: ChannelMux.Command
    let finish: @Sendable (ChannelMux.Outcome) -> Void
    let deadline: ContinuousClock.Instant?
    private(set) var phase = Phase.open
    /// The call that left a packet half sent, to repeat before anything else.
    private(set) var pending: Call?
    private var channel: Channel?
    private var chunk: Data?
    private var offset = 0
    private var stderrTail = Data()
    static let stderrLimit = 8192

    init(id: Int, command: ChannelMux.Command, finish: @escaping @Sendable (ChannelMux.Outcome) -> Void) {
        self.id = id
        self.command = command
        self.finish = finish
        deadline = command.timeout.map { ContinuousClock.now.advanced(by: .milliseconds(Int64($0 * 1000))) }
    }

    /// One bounded round of work; throws a session-level `SSHError` (the whole connection failed).
    func step(_ session: Session, buffer: UnsafeMutableRawBufferPointer) throws -> Step {
        if let call = pending {
            pending = nil
            return try perform(call, session, buffer)
        }
        switch phase {
        case .open: return try perform(.open, session, buffer)
        case .exec: return try perform(.exec, session, buffer)
        case .feed:
            let read = try drain(session, buffer)
            if pending != nil { return .progressed }
            // The command ended while its input was still open (a long-lived one waiting for more).
            if try session.check(channel!.eof(), .command) == 1 {
                phase = .eof
                return .progressed
            }
            let wrote = try perform(.write, session, buffer)
            return read && wrote == .blocked ? .progressed : wrote
        case .eof: return try perform(.eof, session, buffer)
        case .read:
            let read = try drain(session, buffer)
            if pending != nil { return .progressed }
            guard try session.check(channel!.eof(), .command) == 1 else { return read ? .progressed : .blocked }
            phase = .close
            return .progressed
        case .close: return try perform(.close, session, buffer)
        case .waitClosed: return try perform(.waitClosed, session, buffer)
        case .done: return .finished
        }
    }

    /// Makes one libssh2 call; on EAGAIN with a half-sent packet, remembers it as `pending`.
    private func perform(_ call: Call, _ session: Session, _ buffer: UnsafeMutableRawBufferPointer) throws -> Step {
        let code: Int
        switch call {
        case .open:
            guard let opened = try Channel.attempt(session: session) else { return blocked(call, session) }
            channel = opened
            phase = .exec
            return .progressed
        case .exec:
            code = channel!.exec(command.text)
            if code == Int(LIBSSH2_ERROR_EAGAIN) { return blocked(call, session) }
            try session.check(code, .channel)
            phase = command.stdin == nil ? .eof : .feed
            return .progressed
        case .write:
            if chunk == nil {
                chunk = try command.stdin?()
                offset = 0
                guard let next = chunk else {
                    phase = .eof
                    return .progressed
                }
                if next.isEmpty {
                    chunk = nil
                    return .blocked
                }
            }
            guard let bytes = chunk, offset < bytes.count else {
                chunk = nil
                return .progressed
            }
            code = bytes.withUnsafeBytes { channel!.write(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            if code > 0 {
                offset += code
                if offset == bytes.count { chunk = nil }
                return .progressed
            }
            if code == Int(LIBSSH2_ERROR_CHANNEL_CLOSED) || code == Int(LIBSSH2_ERROR_CHANNEL_EOF_SENT) {
                phase = .read  // the command stopped reading its input
                return .progressed
            }
            if code == Int(LIBSSH2_ERROR_EAGAIN) { return blocked(call, session) }
            try session.check(code, .command)
            return .progressed
        case .read(let stream):
            _ = try read(stream, session, buffer)
            return .progressed
        case .eof:
            code = channel!.sendEOF()
            if code == Int(LIBSSH2_ERROR_EAGAIN) { return blocked(call, session) }
            try session.check(code, .command)
            phase = .read
            return .progressed
        case .close:
            code = channel!.close()
            if code == Int(LIBSSH2_ERROR_EAGAIN) { return blocked(call, session) }
            try session.check(code, .command)
            phase = .waitClosed
            return .progressed
        case .waitClosed:
            code = channel!.waitClosed()
            if code == Int(LIBSSH2_ERROR_EAGAIN) { return blocked(call, session) }
            try session.check(code, .command)
            let signal = channel!.exitSignal
            phase = .done
            finish(ChannelMux.Outcome(exitCode: signal == nil ? channel!.exitStatus : nil, exitSignal: signal, stderrTail: stderrTail, failure: nil))
            channel = nil
            return .finished
        }
    }

    private func blocked(_ call: Call, _ session: Session) -> Step {
        if session.sendPending { pending = call }
        return .blocked
    }

    /// Reads what stdout and stderr have now; true if any byte came. Stops at once when a read
    /// leaves a packet half sent (a window adjustment), to be repeated first.
    private func drain(_ session: Session, _ buffer: UnsafeMutableRawBufferPointer) throws -> Bool {
        var any = false
        while true {
            let out = try read(0, session, buffer)
            if pending != nil { return true }
            let err = try read(1, session, buffer)
            if pending != nil { return true }
            guard out || err else { return any }
            any = true
        }
    }

    private func read(_ stream: Int32, _ session: Session, _ buffer: UnsafeMutableRawBufferPointer) throws -> Bool {
        var got = false
        while true {
            let code = channel!.read(stream: stream, into: buffer)
            if code > 0 {
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<code])
                if stream == 0 {
                    try command.stdout?(bytes)
                } else {
                    stderrTail.append(contentsOf: bytes)
                    if stderrTail.count > Self.stderrLimit { stderrTail.removeFirst(stderrTail.count - Self.stderrLimit) }
                }
                got = true
                continue
            }
            if code == 0 { return got }
            if code == Int(LIBSSH2_ERROR_EAGAIN) {
                if session.sendPending { pending = .read(stream) }
                return got
            }
            try session.check(code, .command)
            return got
        }
    }

    /// Ends the task with a failure (a timeout, a lost connection, a failed stdin source).
    func fail(_ error: SSHError) {
        guard phase != .done else { return }
        let refused = phase == .open && error.kind == .channel
        phase = .done
        channel = nil
        finish(ChannelMux.Outcome(exitCode: nil, exitSignal: nil, stderrTail: stderrTail, failure: error, refused: refused))
    }

    var isTimedOut: Bool {
        guard let deadline else { return false }
        return ContinuousClock.now >= deadline
    }
}
