import Foundation
import SSH

/// Runs one node's command with its output cut into lines as it arrives and handed to a `LineSink`, on the node's
/// own thread. Each stream has its own splitter, so a stderr line never lands inside a stdout line.
struct NodeLineFeed {
    let node: String
    let sink: any LineSink

    /// Runs `command` on `connection`, feeding its lines to the sink; the partial last line of each stream is written
    /// when the command ends, however it ends. The result holds no stdout, and as stderr only its last line (for the
    /// failure summary).
    func exec(_ command: String, on connection: SSHConnection) throws -> ExecResult {
        var out = LineSplitter(), err = LineSplitter()
        var lastError = Data()
        let node = node, sink = sink
        func deliver(_ lines: [LineSplitter.Line], _ stream: ExecStream) {
            guard !lines.isEmpty else { return }
            sink.write(lines, node: node, stream: stream)
            if stream == .stderr, let last = lines.last(where: { !$0.bytes.isEmpty }) { lastError = last.bytes.prefix(1024) }
        }
        let ran = Result {
            try connection.exec(command) { stream, bytes in
                if stream == .stdout { deliver(out.split(bytes), .stdout) } else { deliver(err.split(bytes), .stderr) }
            }
        }
        deliver(out.finish(), .stdout)
        deliver(err.finish(), .stderr)
        var result = try ran.get()
        result.stderr = lastError.isEmpty ? Data() : lastError + Data("\n".utf8)
        return result
    }
}
