import Foundation
import Jobs
import Platform
import TestSupport
import XCTest

/// S3 on a real `moto_server` for the workers' own fetches and puts: buckets and objects made and
/// read back with plain curl (moto takes unsigned requests), and presigned-looking URLs whose
/// signature is a marker the tests look for where it must not be (moto checks no signature).
final class MotoS3: @unchecked Sendable {
    let moto: MotoServer
    /// The signature every URL carries: a secret that must reach no argument list and no message.
    let signature = (0..<4).map { _ in String(format: "%016llx", UInt64.random(in: .min ... .max)) }.joined()

    init() throws {
        moto = try MotoServer()
    }

    func stop() { moto.stop() }

    func makeBucket(_ bucket: String) throws {
        try curl(["-X", "PUT", "\(moto.endpoint)/\(bucket)"])
    }

    func put(_ bucket: String, _ key: String, _ data: Data) throws {
        let file = TemporaryDirectory("ess-s3-object")
        defer { file.remove() }
        try data.write(to: URL(fileURLWithPath: file.path + "/body"))
        try curl(["-T", file.path + "/body", "\(moto.endpoint)/\(bucket)/\(key)"])
    }

    /// The object's bytes; nil when it does not exist.
    func get(_ bucket: String, _ key: String) throws -> Data? {
        // An unsigned GET is forbidden; moto takes any presigned-looking one.
        let outcome = try ChildProcess.run("/usr/bin/curl", ["-sf", url(bucket, key)])
        return outcome.status == 0 ? outcome.stdout : nil
    }

    /// A URL as a presigned one looks (path style), its signature `signature`.
    func url(_ bucket: String, _ key: String, base: String? = nil) -> String {
        let query = [
            "X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Credential=AKIDESSTEST%2F20261201%2Fus-east-1%2Fs3%2Faws4_request",
            "X-Amz-Date=20261201T000000Z", "X-Amz-Expires=3600", "X-Amz-SignedHeaders=host", "X-Amz-Signature=\(signature)",
        ]
        return "\(base ?? moto.endpoint)/\(bucket)/\(key)?" + query.joined(separator: "&")
    }

    func fetch(_ bucket: String, _ key: String, offset: Int64 = 0, length: Int64? = nil, base: String? = nil) -> ObjectFetch {
        ObjectFetch(url: url(bucket, key, base: base), name: "s3://\(bucket)/\(key)", offset: offset, length: length)
    }

    func upload(_ bucket: String, _ key: String, maxBytes: Int64 = ObjectUpload.singlePutLimit, base: String? = nil) -> ObjectUpload {
        ObjectUpload(url: url(bucket, key, base: base), name: "s3://\(bucket)/\(key)", maxBytes: maxBytes)
    }

    private func curl(_ arguments: [String]) throws {
        let outcome = try ChildProcess.run("/usr/bin/curl", ["-sSf"] + arguments)
        guard outcome.status == 0 else { throw TestFailure("curl \(arguments) failed: \(outcome.stderrText)") }
    }
}

/// An HTTP server that misbehaves, on a free loopback port, stopped by pid: `.cut` answers every
/// request with a Content-Length of 100000 and 1000 bytes, then closes; `.hold` answers with a
/// few bytes of such a body and keeps the connection open without another byte; `.slowDown`
/// answers its first request as a throttled S3 does (503, `SlowDown`) and every later one with
/// a body of two lines.
final class BrokenHTTPServer: @unchecked Sendable {
    enum Mode: String { case cut, hold, slowDown }
    let port: Int
    let pid: Int32
    private let folder = TemporaryDirectory("ess-broken-http")
    var base: String { "http://127.0.0.1:\(port)" }

    init(_ mode: Mode) throws {
        port = LoopbackPort.free()
        let script = """
            import socket, sys, time
            mode, port = sys.argv[1], int(sys.argv[2])
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
            s.listen(16)
            held = []
            answered = 0
            while True:
                c, _ = s.accept()
                data = b""
                while b"\\r\\n\\r\\n" not in data:
                    chunk = c.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                head = b"HTTP/1.1 200 OK\\r\\nContent-Length: 100000\\r\\n\\r\\n"
                if not data:
                    c.close()
                    continue
                answered += 1
                if mode == "slowDown":
                    body = b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>" if answered == 1 else b"a\\nb\\n"
                    status = b"503 Slow Down" if answered == 1 else b"200 OK"
                    c.sendall(b"HTTP/1.1 " + status + b"\\r\\nContent-Length: " + str(len(body)).encode() + b"\\r\\nConnection: close\\r\\n\\r\\n" + body)
                    c.close()
                elif mode == "cut":
                    c.sendall(head + b"line\\n" * 200)
                    c.close()
                else:
                    c.sendall(head + b"line\\n" * 3)
                    held.append(c)
            """
        pid = try DetachedCommand.start(["python3", "-c", script, mode.rawValue, String(port)], log: folder.path + "/log")
        let port = self.port, pid = self.pid
        guard eventually(within: 20, { LoopbackPort.accepts(port: port) || !ProcessTable.isAlive(pid) }), ProcessTable.isAlive(pid) else {
            stop()
            throw TestFailure("the broken HTTP server did not start: \((try? String(contentsOfFile: folder.path + "/log", encoding: .utf8)) ?? "")")
        }
    }

    func stop() {
        if ProcessTable.isAlive(pid) { ProcessTable.stop(pid) }
        folder.remove()
    }
}
