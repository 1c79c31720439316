import CLibSSH2
import Foundation
import Platform

#if canImport(Glibc)
import Glibc
#endif

/// Many commands at once over one SSH connection, each on its own channel, all driven by one
/// OS thread that waits on the socket only when no channel can move: no new connection,
/// handshake or thread per command.
///
/// Takes the connection over: do not use it directly afterwards. `submit` may be called from
/// any thread; each command's `finish` is called exactly once, on the mux's thread.
public final class ChannelMux: @unchecked Sendable {
    /// One command and where its bytes come from and go.
    public struct Command: Sendable {
        public var text: String
        /// Standard input, chunk by chunk (nil at the end), called on the mux's thread; nil: none.
        /// An empty chunk means nothing yet: the command waits, and whoever has more calls
        /// `nudge()` (a long-lived command fed requests one at a time).
        public var stdin: (@Sendable () throws -> Data?)?
        /// Standard output as it arrives, called on the mux's thread; nil: discarded.
        public var stdout: (@Sendable (UnsafeRawBufferPointer) throws -> Void)?
        /// Seconds the command may take; nil: no limit.
        public var timeout: Double?

        public init(_ text: String, stdin: (@Sendable () throws -> Data?)? = nil, stdout: (@Sendable (UnsafeRawBufferPointer) throws -> Void)? = nil, timeout: Double? = nil) {
            self.text = text
            self.stdin = stdin
            self.stdout = stdout
            self.timeout = timeout
        }
    }

    /// How a command ended: its exit code or signal, the tail of its standard error, or the
    /// failure that ended it (`.timeout`, or the connection's own error).
    public struct Outcome: Sendable {
        public var exitCode: Int32?
        public var exitSignal: String?
        public var stderrTail: Data
        public var failure: SSHError?
        /// The server would not open a channel for it (sshd's `MaxSessions`, say): nothing of
        /// the command ran or was read, so it may be submitted again as it is.
        public var refused: Bool

        public init(exitCode: Int32?, exitSignal: String?, stderrTail: Data, failure: SSHError?, refused: Bool = false) {
            self.exitCode = exitCode
            self.exitSignal = exitSignal
            self.stderrTail = stderrTail
            self.failure = failure
            self.refused = refused
        }
    }

    private let connection: SSHConnection
    private let lock = NSLock()
    private var inbox: [MuxTask] = []
    private var closing = false
    /// Commands taken from the inbox and not yet finished, as the mux's thread last counted them.
    private var running = 0
    private var nextID = 0
    private let wake: (read: Int32, write: Int32)
    private let stopped = DispatchSemaphore(value: 0)

    public var target: String { connection.target.description }

    public init(connection: SSHConnection) throws {
        self.connection = connection
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw SSHError(kind: .channel, target: connection.target.description, detail: "no pipe: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        wake = (fds[0], fds[1])
        let thread = Thread { [self] in
            ThreadRole.name("ess-mux")
            loop()
        }
        thread.start()
    }

    deinit {
        Glibc.close(wake.read)
        Glibc.close(wake.write)
    }

    /// Starts `command` as soon as the mux's thread gets to it.
    public func submit(_ command: Command, finish: @escaping @Sendable (Outcome) -> Void) {
        let refused: Bool = lock.withLock {
            guard !closing else { return true }
            nextID += 1
            inbox.append(MuxTask(id: nextID, command: command, finish: finish))
            return false
        }
        if refused {
            finish(Outcome(exitCode: nil, exitSignal: nil, stderrTail: Data(), failure: SSHError(kind: .disconnected, target: target, detail: "the connection was closed", isTransient: false)))
            return
        }
        poke()
    }

    /// Ends every running command as failed (`.disconnected`), says goodbye and waits for the
    /// thread to end.
    public func close() {
        let first: Bool = lock.withLock {
            defer { closing = true }
            return !closing
        }
        guard first else { return }
        poke()
        stopped.wait()
    }

    /// False once the mux closes or its connection failed (the peer went away, say): submitted
    /// commands then fail at once.
    public var isOpen: Bool { lock.withLock { !closing } }

    /// Commands submitted and not yet finished.
    public var activeCommands: Int { lock.withLock { running + inbox.count } }

    /// Waits (polling) until no command is left but the `leaving()` the caller keeps running on
    /// purpose (idle long-lived commands), the mux closed, or `seconds` passed; true when the mux
    /// is open and that quiet.
    public func awaitQuiet(seconds: Double, leaving: () -> Int = { 0 }) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let (open, active) = lock.withLock { (!closing, running + inbox.count) }
            if !open { return false }
            if active <= leaving() { return true }
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: 0.002)
        }
    }

    /// Makes the mux's thread look at every command again (one whose input was empty has more).
    public func nudge() { poke() }

    private func poke() {
        var byte: UInt8 = 1
        _ = Glibc.write(wake.write, &byte, 1)
    }

    private func loop() {
        let session = connection.session
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer {
            buffer.deallocate()
            connection.close()
            stopped.signal()
        }
        var tasks: [MuxTask] = []
        var owner: MuxTask?
        /// Bytes wait on the socket that no command reads (the server spoke while the mux was idle).
        var unread = false
        while true {
            let (incoming, ending) = lock.withLock { () -> ([MuxTask], Bool) in
                defer { inbox = [] }
                running = tasks.count + inbox.count
                return (inbox, closing)
            }
            tasks += incoming
            if !incoming.isEmpty { unread = false }
            if ending {
                let gone = SSHError(kind: .disconnected, target: target, detail: "the connection was closed", isTransient: false)
                for task in tasks + lock.withLock({ inbox }) { task.fail(gone) }
                return
            }
            var moved = false
            let received = session.receivedBytes
            do {
                if let current = owner {
                    owner = nil
                    moved = try advance(current, session, buffer, &tasks, &owner)
                } else {
                    // libssh2 opens one channel at a time per session: the first task still
                    // opening goes alone, the rest of the openers wait their turn.
                    let opener = tasks.first { $0.phase == .open }
                    for task in tasks where task.phase != .open || task === opener {
                        moved = try advance(task, session, buffer, &tasks, &owner) || moved
                        if owner != nil { break }
                    }
                }
            } catch {
                let failure = error as? SSHError ?? SSHError(kind: .protocolError, target: target, detail: "\(error)")
                for task in tasks { task.fail(failure) }
                tasks = []
                owner = nil
                lock.withLock { closing = true }
                continue
            }
            if owner == nil {
                for task in tasks where task.isTimedOut {
                    task.fail(SSHError(kind: .timeout, target: target, detail: "the command ran longer than \(task.command.timeout ?? 0) s"))
                }
                tasks.removeAll { $0.phase == .done }
            }
            let left = tasks.count
            lock.withLock { running = left }
            // A call that took bytes from the socket may have queued packets for a channel
            // stepped before it: step again rather than wait on a socket already drained.
            if !moved && session.receivedBytes == received {
                if tasks.isEmpty {
                    if waitIdle(session, unread: &unread) { lock.withLock { closing = true } }
                } else {
                    waitForWork(session, tasks)
                }
            }
        }
    }

    /// Sleeps with no command to run (a connection kept between executions) until a command
    /// arrives or 1 s passed; true when the peer closed the connection. Bytes the server sends
    /// while idle stay for libssh2 to read with the next command: from then on only the wake
    /// pipe is watched, so that the thread does not spin on a readable socket.
    private func waitIdle(_ session: Session, unread: inout Bool) -> Bool {
        let socket = session.socket.descriptor
        var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0), pollfd(fd: socket, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, unread ? 1 : 2, 1000)
        if fds[0].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 256)
            while Glibc.read(wake.read, &drain, drain.count) > 0 {}
        }
        guard !unread, fds[1].revents != 0 else { return false }
        var byte: UInt8 = 0
        let peeked = recv(socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if peeked > 0 {
            unread = true
            return false
        }
        return peeked == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// Steps one task; false when it could not move.
    private func advance(_ task: MuxTask, _ session: Session, _ buffer: UnsafeMutableRawBufferPointer, _ tasks: inout [MuxTask], _ owner: inout MuxTask?) throws -> Bool {
        let step: MuxTask.Step
        do {
            step = try task.step(session, buffer: buffer)
        } catch let error as SSHError where error.kind == .channel || error.kind == .timeout {
            task.fail(error)
            return true
        } catch where !(error is SSHError) {
            // The command's own input or output failed (no libssh2 call was cut short): only it ends.
            task.fail(SSHError(kind: .channel, target: target, detail: "\(error)"))
            return true
        }
        if task.pending != nil { owner = task }
        return step != .blocked
    }

    /// Sleeps until the socket is ready the way libssh2 wants, a command arrives, or the next
    /// deadline (at most 1 s).
    private func waitForWork(_ session: Session, _ tasks: [MuxTask]) {
        let directions = libssh2_session_block_directions(session.pointer)
        var events = Int16(POLLIN)
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
        var fds = [pollfd(fd: session.socket.descriptor, events: events, revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
        var milliseconds = 1000
        if let next = tasks.compactMap(\.deadline).min() {
            let left = ContinuousClock.now.duration(to: next).components
            milliseconds = max(1, min(milliseconds, Int(left.seconds) * 1000 + Int(left.attoseconds / 1_000_000_000_000_000) + 1))
        }
        _ = poll(&fds, 2, Int32(milliseconds))
        if fds[1].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 256)
            while Glibc.read(wake.read, &drain, drain.count) > 0 {}
        }
    }
}
