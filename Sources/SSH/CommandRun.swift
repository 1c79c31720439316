import CLibSSH2
import Foundation

/// One command on its own channel: feeds stdin, drains stdout and stderr as they come (so neither pipe can fill and
/// stall the other), then collects the exit status.
///
/// libssh2 rule kept throughout: after an EAGAIN that left a packet half sent (`Session.sendPending`), the very same call
/// is repeated before any other, so a write and a read never interleave mid-packet.
final class CommandRun {
    private let session: Session
    private let channel: Channel
    private var deadline: Deadline
    private var stdout = Data()
    private var stderr = Data()
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    /// When set, stdout goes here chunk by chunk instead of into the result (for downloads of any size).
    var stdoutSink: ((UnsafeRawBufferPointer) throws -> Void)?
    /// When set, stderr goes here chunk by chunk instead of into the result (for live output).
    var stderrSink: ((UnsafeRawBufferPointer) throws -> Void)?

    /// Opens a channel and starts `command`; `sliding` makes `timeout` bound each stall instead of the whole run.
    init(session: Session, command: String, timeout: Double, sliding: Bool) throws {
        self.session = session
        deadline = Deadline(seconds: timeout, sliding: sliding)
        channel = try Channel(session: session, until: deadline)
        let channel = channel
        try session.perform(.channel, until: deadline) { channel.exec(command) }
    }

    deinit { buffer.deallocate() }

    /// Streams `input` to stdin until it returns nil (or the command stops reading), sends EOF, reads everything, closes.
    func run(input: () throws -> Data?) throws -> ExecResult {
        try feed(input)
        let channel = channel
        try session.perform(.command, until: deadline) { channel.sendEOF() }
        try readToEnd()
        try session.perform(.command, until: deadline) { channel.close() }
        try session.perform(.command, until: deadline) { channel.waitClosed() }
        let signal = channel.exitSignal
        return ExecResult(stdout: stdout, stderr: stderr, exitCode: signal == nil ? channel.exitStatus : -1, exitSignal: signal)
    }

    // MARK: stdin

    private func feed(_ input: () throws -> Data?) throws {
        while let chunk = try input() {
            if try !write(chunk) { return }
        }
    }

    /// Writes all of `chunk`, draining output whenever the server's window is full; false once the command has gone.
    private func write(_ chunk: Data) throws -> Bool {
        var offset = 0
        while offset < chunk.count {
            let code = chunk.withUnsafeBytes { channel.write(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            if code > 0 {
                offset += code
                deadline.progressed()
                continue
            }
            if code == Int(LIBSSH2_ERROR_CHANNEL_CLOSED) || code == Int(LIBSSH2_ERROR_CHANNEL_EOF_SENT) { return false }
            if code != Int(LIBSSH2_ERROR_EAGAIN) { try session.check(code, .command) }
            if session.sendPending {
                try session.wait(.command, until: deadline)  // then offer the same bytes again
                continue
            }
            if try drain() { continue }
            if try serverClosed() { return false }
            // Reading can take the server's window adjustment off the socket: then write again, for
            // poll() would wait forever on a socket that has nothing more to say.
            if channel.writeWindow > 0 { continue }
            try session.wait(.command, until: deadline, readable: true)
        }
        return true
    }

    /// True once the server closed the channel: the command is over and reads no more input.
    private func serverClosed() throws -> Bool {
        guard try session.check(channel.eof(), .command) == 1 else { return false }
        let code = channel.waitClosed()
        if code == Int(LIBSSH2_ERROR_EAGAIN) { return false }
        try session.check(code, .command)
        return true
    }

    // MARK: stdout and stderr

    private func readToEnd() throws {
        while true {
            _ = try drain()
            if try session.check(channel.eof(), .command) == 1 { return }
            try session.wait(.command, until: deadline, readable: true)
        }
    }

    /// Reads everything stdout and stderr have now, without waiting for more; true if any byte came.
    private func drain() throws -> Bool {
        var any = false
        var lookedAgain = false
        while true {
            let fromStdout = try readAll(stream: 0, into: &stdout, sink: stdoutSink)
            let fromStderr = try readAll(stream: 1, into: &stderr, sink: stderrSink)
            let progress = fromStdout || fromStderr
            any = any || progress
            if progress { lookedAgain = false; continue }
            // Reading one stream can pull the other's packets off the socket: look once more if some are queued.
            if !lookedAgain && channel.queuedBytes > 0 { lookedAgain = true; continue }
            return any
        }
    }

    private func readAll(stream: Int32, into output: inout Data, sink: ((UnsafeRawBufferPointer) throws -> Void)?) throws -> Bool {
        var got = false
        while true {
            let code = channel.read(stream: stream, into: buffer)
            if code > 0 {
                if let sink {
                    try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<code]))
                } else {
                    output.append(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: code)
                }
                got = true
                deadline.progressed()
                continue
            }
            if code == 0 { return got }
            guard code == Int(LIBSSH2_ERROR_EAGAIN) else { try session.check(code, .command); return got }
            guard session.sendPending else { return got }
            try session.wait(.command, until: deadline)  // a window adjustment is half sent: finish it first
        }
    }
}
