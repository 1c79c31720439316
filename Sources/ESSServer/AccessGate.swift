import Foundation
import Hummingbird
import NIOCore

/// The master's outermost middleware, around the whole router, so that every route (those
/// added later too) is behind it: it admits a request by the `AccessPolicy` (token, or Host
/// header under `--no-auth`), answers a flood of failed tokens from one client address 429 with
/// `Retry-After` (past `ServerSettings.failureLimit`; a right token always passes), and reads a request's body within the read timeout and the body limit
/// before any route sees it. Refusals are rendered by `ErrorAnswer`.
struct AccessGate<Inner: HTTPResponder>: HTTPResponder where Inner.Context == BasicRequestContext {
    typealias Context = AccessContext

    let inner: Inner
    let policy: AccessPolicy
    let limiter: FailureLimiter
    /// Seconds the whole body may take to arrive.
    let bodyTimeout: Double

    func respond(to request: Request, context: AccessContext) async throws -> Response {
        var request = request
        do {
            try admit(request, from: context.clientAddress)
            if Self.hasBody(request) { request.body = RequestBody(buffer: try await body(of: request)) }
        } catch {
            // What is left of an unread body is not worth reading: the connection ends after
            // the answer.
            if Self.hasBody(request) { context.channel.close(mode: .input, promise: nil) }
            return refusal(error, request, closing: Self.hasBody(request))
        }
        return try await inner.respond(to: request, context: context.basic)
    }

    /// Throws `AccessError` unless the policy admits the request.
    func admit(_ request: Request, from address: String) throws {
        switch policy {
        case .openOnLoopback(let hosts):
            let host = request.head.authority
            guard let host, hosts.contains(AccessPolicy.hostName(of: host)) else { throw AccessError.foreignHost(host) }
        case .token(let token):
            if Self.isOpen(request) { return }
            let given = Credentials.presented(request.headers[.authorization])
            if let given, Credentials.matches(given, expected: Array(token.secret.utf8)) { return }
            // A 256-bit token cannot be guessed: a wrong one is answered 401, and only a flood
            // of them (far beyond the failure limit) 429; the right token always passes.
            let now = Self.now
            if let wait = limiter.retryAfter(address, now: now) { throw AccessError.tooManyFailures(retryAfter: wait) }
            limiter.failed(address, now: now)
            throw given == nil ? AccessError.noToken : AccessError.wrongToken
        }
    }

    /// `GET /v1` (and its HEAD) describes the master to anyone.
    static func isOpen(_ request: Request) -> Bool {
        (request.method == .get || request.method == .head) && (request.uri.path == "/v1" || request.uri.path == "/v1/")
    }

    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength] { return length != "0" }
        return request.headers[.transferEncoding] != nil
    }

    /// The whole body, at most `Request.bodyLimit` bytes, within `bodyTimeout` seconds.
    func body(of request: Request) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Request.bodyLimit {
            throw NIOTooManyBytesError(maxBytes: Request.bodyLimit)
        }
        let body = request.body, timeout = bodyTimeout
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: Request.bodyLimit) }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw AccessError.slowBody(seconds: Int(timeout.rounded(.up)))
            }
            return buffer
        }
    }

    func refusal(_ error: any Error, _ request: Request, closing: Bool) -> Response {
        let method = request.method.rawValue, path = request.uri.path
        var response = Dialect.owning(path)?.response(for: error, method: method, path: path)
            ?? ErrorAnswer.response(for: error, method: method, path: path)
        switch error {
        case AccessError.noToken, AccessError.wrongToken:
            response.headers[values: .wwwAuthenticate] = [#"Bearer realm="ess""#, #"Basic realm="ess""#]
        case AccessError.tooManyFailures(let seconds):
            response.headers[.retryAfter] = String(seconds)
        default:
            break
        }
        if closing { response.headers[.connection] = "close" }
        return response
    }

    /// Seconds on the monotonic clock.
    static var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000 }
}
