import Foundation

/// A tiny HTTP/1.1 server on 127.0.0.1 for transport tests: keeps connections alive, records
/// what it received, answers with `reply`. With `silent`, it accepts nothing and never answers.
public final class TestHTTPServer: @unchecked Sendable {
    public struct Received: Sendable {
        public var requestLine: String
        public var headers: [String: String]
        public var body: String
    }

    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var received: [Received] = []
    private var connectionCount = 0
    private var closed = false
    private let reply: (String) -> String

    public var requests: [Received] { lock.withLock { received } }
    public var connections: Int { lock.withLock { connectionCount } }
    public var url: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    public init(silent: Bool = false, reply: @escaping (String) -> String = { _ in "ok" }) throws {
        self.reply = reply
        listener = try LoopbackPort.bound(host: "127.0.0.1", port: 0)
        guard listen(listener, 16) == 0, let port = LoopbackPort.port(of: listener) else {
            close(listener)
            throw TestFailure("listen on 127.0.0.1: \(String(cString: strerror(errno)))")
        }
        self.port = port
        if !silent {
            Thread.detachNewThread { [self] in acceptLoop() }
        }
    }

    public func stop() {
        lock.withLock { closed = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            lock.withLock { connectionCount += 1 }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !lock.withLock({ closed }) {
            // Read a head, then Content-Length bytes of body.
            while findHeadEnd(buffer) == nil {
                let count = read(fd, &chunk, chunk.count)
                guard count > 0 else { return }
                buffer += chunk[0..<count]
            }
            let headEnd = findHeadEnd(buffer)!
            let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst()
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while buffer.count < headEnd + 4 + length {
                let count = read(fd, &chunk, chunk.count)
                guard count > 0 else { return }
                buffer += chunk[0..<count]
            }
            let body = String(decoding: buffer[(headEnd + 4)..<(headEnd + 4 + length)], as: UTF8.self)
            buffer.removeFirst(headEnd + 4 + length)
            lock.withLock { received.append(Received(requestLine: requestLine, headers: headers, body: body)) }
            let answer = reply(requestLine)
            let response = "HTTP/1.1 200 OK\r\nContent-Length: \(answer.utf8.count)\r\nX-Test: yes\r\n\r\n\(answer)"
            _ = response.withCString { write(fd, $0, strlen($0)) }
        }
    }

    private func findHeadEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}
