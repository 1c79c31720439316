import CLibSSH2
import Foundation

/// An authenticated SSH connection to one node, running one command at a time.
///
/// Not Sendable: make it, use it and drop it on one thread (see `FanOut`). All calls block that thread.
public final class SSHConnection {
    public let target: SSHTarget
    /// The key the node proved it holds; record it after `.trustOnFirstUse` to pin it next time.
    public let hostKey: HostKey
    public let options: SSHOptions
    let session: Session
    private var closed = false

    /// Connects (TCP with TCP_NODELAY and a non-blocking connect bounded by connectTimeout), handshakes, checks the host key against the policy BEFORE authenticating (a mismatch throws .hostKeyMismatch and nothing is sent), then authenticates.
    ///
    /// The handshake and authentication together are bounded by connectTimeout as well.
    public init(target: SSHTarget, auth: SSHAuth, hostKeyPolicy: HostKeyPolicy, options: SSHOptions = SSHOptions()) throws {
        self.target = target
        self.options = options
        let socket = try TCPSocket(target: target, timeout: options.connectTimeout)
        socket.keepAlive(idle: options.keepalive)
        let session = try Session(socket: socket, target: target.description)
        MethodPreferences.apply(to: session, options: options)
        let deadline = Deadline(seconds: options.connectTimeout)
        try session.handshake(until: deadline)
        let key = try session.hostKey()
        if case .pinned(let expected) = hostKeyPolicy, !key.matches(fingerprint: expected) {
            session.disconnect(reason: "host key mismatch")
            throw SSHError(
                kind: .hostKeyMismatch(expected: expected, actual: key.fingerprint), target: target.description,
                detail: "the node presented \(key.type) \(key.fingerprint)")
        }
        do {
            try session.authenticate(user: target.user, auth: auth, until: deadline)
        } catch {
            session.disconnect(reason: "authentication failed")
            throw error
        }
        self.hostKey = key
        self.session = session
    }

    deinit { close() }

    /// The cipher and MAC the handshake agreed on for what this side sends (client to server):
    /// what every byte of a streamed input or an upload is encrypted and signed with.
    public var sendingAlgorithms: (cipher: String, mac: String) {
        (session.negotiated(LIBSSH2_METHOD_CRYPT_CS) ?? "", session.negotiated(LIBSSH2_METHOD_MAC_CS) ?? "")
    }

    /// Runs one command in a new channel; reads stdout and stderr fully (interleaved, so neither pipe can deadlock), returns exit code/signal. stdin, if given, is written then EOF is sent.
    ///
    /// The whole command is bounded by `options.commandTimeout`.
    public func exec(_ command: String, stdin: Data? = nil) throws -> ExecResult {
        try ensureOpen()
        let run = try CommandRun(session: session, command: command, timeout: options.commandTimeout, sliding: false)
        var pending = stdin
        return try run.run {
            defer { pending = nil }
            return pending
        }
    }

    /// Runs a command and streams `input` chunks to its stdin (the closure returns nil at end) — for big uploads; returns the result as exec does. Keep memory bounded (never hold the whole input).
    ///
    /// Here `options.commandTimeout` bounds each stall (no byte moving either way), not the whole upload. If the command
    /// exits before reading everything, `input` is not called again.
    public func exec(_ command: String, streamingInput: () throws -> Data?) throws -> ExecResult {
        try ensureOpen()
        let run = try CommandRun(session: session, command: command, timeout: options.commandTimeout, sliding: true)
        return try run.run(input: streamingInput)
    }

    /// Runs a command and hands its stdout to `output` chunk by chunk as it arrives (never held whole) — for big
    /// downloads; the result's `stdout` stays empty. `options.commandTimeout` bounds each stall, as for streaming input.
    public func exec(_ command: String, streamingOutput output: @escaping (UnsafeRawBufferPointer) throws -> Void) throws -> ExecResult {
        try ensureOpen()
        let run = try CommandRun(session: session, command: command, timeout: options.commandTimeout, sliding: true)
        run.stdoutSink = output
        return try run.run { nil }
    }

    /// Runs a command and hands each piece of its stdout and stderr to `output` as it arrives (live output), on the
    /// calling thread, in the order read; the result's `stdout` and `stderr` stay empty. Bounded as `exec` is: the
    /// whole command by `options.commandTimeout`.
    public func exec(_ command: String, liveOutput output: @escaping (ExecStream, UnsafeRawBufferPointer) throws -> Void) throws -> ExecResult {
        try ensureOpen()
        let run = try CommandRun(session: session, command: command, timeout: options.commandTimeout, sliding: false)
        run.stdoutSink = { try output(.stdout, $0) }
        run.stderrSink = { try output(.stderr, $0) }
        return try run.run { nil }
    }

    /// Says goodbye to the server; later calls to `exec` throw `.disconnected`. Also done in deinit.
    public func close() {
        guard !closed else { return }
        closed = true
        session.disconnect(reason: "bye")
    }

    private func ensureOpen() throws {
        if closed {
            throw SSHError(
                kind: .disconnected, target: target.description, detail: "this connection was closed; open a new one",
                isTransient: false)
        }
    }
}
