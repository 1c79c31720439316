import Foundation
import HTTPClient

/// An HTTP transport that answers from a script (answers in order, then a fallback) or from a
/// closure, and records every request. The one scripted transport the tests use.
public final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    /// One scripted answer: a response, or a transport failure thrown.
    public enum Answer: Sendable {
        case response(Int, Data)
        case failure(HTTPTransportError)
    }

    private let lock = NSLock()
    private var script: [Answer]
    private var sent: [HTTPRequest] = []
    private let answer: @Sendable (HTTPRequest, Answer?) throws -> HTTPResponse

    /// Answers `script` in order; once it runs out, `fallback` every time.
    public init(_ script: [Answer], fallback: Answer = .response(200, Data("<Ok/>".utf8))) {
        self.script = script
        answer = { _, next in
            switch next ?? fallback {
            case .response(let status, let body): return HTTPResponse(status: status, body: body)
            case .failure(let error): throw error
            }
        }
    }

    /// Answers each request with `respond(request)`.
    public init(_ respond: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) {
        script = []
        answer = { request, _ in try respond(request) }
    }

    /// Every request sent, in order.
    public var requests: [HTTPRequest] { lock.withLock { sent } }
    /// The requests' bodies, as text.
    public var bodies: [String] { requests.map { String(decoding: $0.body, as: UTF8.self) } }
    /// The requests' URL paths.
    public var paths: [String] { requests.map(\.url.path) }

    public func send(_ request: HTTPRequest) throws -> HTTPResponse {
        let next: Answer? = lock.withLock {
            sent.append(request)
            return script.isEmpty ? nil : script.removeFirst()
        }
        return try answer(request, next)
    }
}
