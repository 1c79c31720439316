import CLibSSH2

/// One LIBSSH2_CHANNEL ("session" type), opened in a throwing init and freed only in deinit.
///
/// Holds its session strongly so the session outlives it. Calls return raw libssh2 codes; callers route them through
/// `Session.check` (EAGAIN included, which they handle first).
final class Channel {
    let pointer: OpaquePointer
    let session: Session

    init(session: Session, until deadline: Deadline) throws {
        while true {
            if let opened = ess_libssh2_channel_open_session(session.pointer) {
                pointer = opened
                self.session = session
                return
            }
            let code = libssh2_session_last_errno(session.pointer)
            guard code == LIBSSH2_ERROR_EAGAIN else {
                try session.check(Int(code < 0 ? code : LIBSSH2_ERROR_CHANNEL_FAILURE), .channel)
                continue  // not reached: check throws for negative codes
            }
            try session.wait(.channel, until: deadline)
        }
    }

    /// One attempt at opening a channel without waiting: nil while libssh2 answers EAGAIN.
    static func attempt(session: Session) throws -> Channel? {
        if let opened = ess_libssh2_channel_open_session(session.pointer) {
            return Channel(opened: opened, session: session)
        }
        let code = libssh2_session_last_errno(session.pointer)
        guard code == LIBSSH2_ERROR_EAGAIN else {
            try session.check(Int(code < 0 ? code : LIBSSH2_ERROR_CHANNEL_FAILURE), .channel)
            return nil
        }
        return nil
    }

    private init(opened: OpaquePointer, session: Session) {
        pointer = opened
        self.session = session
    }

    deinit {
        // Closes the channel first if we did not get that far; bounded, since the peer may be gone.
        _ = session.blocking(milliseconds: 1000) { libssh2_channel_free(pointer) }
    }

    func exec(_ command: String) -> Int {
        let length = UInt32(command.utf8.count)
        return Int(command.withCString { ess_libssh2_channel_exec(pointer, $0, length) })
    }

    /// Reads from stdout (stream 0) or stderr (stream 1) into `buffer`: >0 bytes, 0 at that stream's end, or a code.
    func read(stream: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        Int(ess_libssh2_channel_read(pointer, stream, buffer.baseAddress!.assumingMemoryBound(to: CChar.self), buffer.count))
    }

    /// Writes to stdin: bytes taken, or a code. After EAGAIN, the same bytes must be offered again.
    func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        Int(ess_libssh2_channel_write(pointer, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count))
    }

    /// Bytes that have arrived for either stream but were not read yet.
    var queuedBytes: Int {
        var available: UInt = 0
        _ = libssh2_channel_window_read_ex(pointer, &available, nil)
        return Int(available)
    }

    /// Bytes the server's window still takes before it must send a window adjustment.
    var writeWindow: Int { Int(libssh2_channel_window_write_ex(pointer, nil)) }

    func sendEOF() -> Int { Int(ess_libssh2_channel_send_eof(pointer)) }

    /// 1 once the server sent EOF and everything before it was read, 0 before that, or a code.
    func eof() -> Int { Int(ess_libssh2_channel_eof(pointer)) }

    func close() -> Int { Int(ess_libssh2_channel_close(pointer)) }

    /// 0 once the server closed the channel (only valid after its EOF), EAGAIN before that, or a code.
    func waitClosed() -> Int { Int(libssh2_channel_wait_closed(pointer)) }

    var exitStatus: Int32 { libssh2_channel_get_exit_status(pointer) }

    /// The signal name the command died of (e.g. "KILL"), if the server reported one.
    var exitSignal: String? {
        var name: UnsafeMutablePointer<CChar>?
        var length = 0
        let code = libssh2_channel_get_exit_signal(pointer, &name, &length, nil, nil, nil, nil)
        guard code == 0, let name else { return nil }
        defer { libssh2_free(session.pointer, name) }
        return length > 0 ? String(decoding: UnsafeRawBufferPointer(start: name, count: length), as: UTF8.self) : nil
    }
}
