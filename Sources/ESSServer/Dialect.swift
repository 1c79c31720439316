import Foundation
import Hummingbird
import JobAPI
import JobModel

/// A foreign API the master also speaks (Xplenty's `/{account}/api/…`, Agave's `/jobs/v2/…`):
/// which paths are its own and how its errors look. The words of every error still come from
/// `ErrorAnswer`; a dialect only wraps them in its own shape.
enum Dialect: Sendable {
    case xplenty
    case agave

    /// The version Agave's envelope reports: ess's own.
    static let agaveVersion = ServerVersion.version

    /// Whether `path` belongs to this dialect.
    func owns(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        switch self {
        case .xplenty: return segments.count >= 2 && segments[1] == "api" && !["v1", "txt", "jobs"].contains(segments[0])
        case .agave: return segments.count >= 2 && ["jobs", "notifications"].contains(segments[0]) && segments[1] == "v2"
        }
    }

    /// The dialect whose path this is, if any.
    static func owning(_ path: String) -> Dialect? {
        [Dialect.xplenty, .agave].first { $0.owns(path) }
    }

    /// The answer to `error` in this dialect's shape: `ErrorAnswer`'s status and words (a 405
    /// when `methods`, the ones the path takes, are given and lack this one).
    func response(for error: any Error, method: String, path: String, methods: [String] = []) -> Response {
        var (status, document) = ErrorAnswer.document(for: error, method: method, path: path)
        if !methods.contains(method), !methods.isEmpty, status == .notFound, error is HTTPError {
            (status, document) = ErrorAnswer.http(.methodNotAllowed, method: method, path: path)
        }
        var response = answer(status, document)
        if status == .methodNotAllowed { response.headers[.allow] = methods.joined(separator: ", ") }
        return response
    }

    /// An error answer in this dialect's shape: Xplenty's `{"message"}`, Agave's envelope with
    /// status `error`.
    func answer(_ status: HTTPResponse.Status, _ document: APIErrorDocument) -> Response {
        switch self {
        case .xplenty:
            return Answer.json(XplentyErrorDocument(message: document.error.message), status: status)
        case .agave:
            return Answer.json(AgaveEnvelope<String>(status: "error", message: document.error.message, version: Self.agaveVersion, result: nil), status: status)
        }
    }

    /// Reads a dialect's request body: its field errors are a request's (400 naming the field
    /// in a dialect's own words), not a job spec's.
    static func body<T>(_ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch let error as JobSpecError {
            throw RouteError.badQuery(name: error.field.isEmpty ? "body" : error.field, problem: error.problem)
        }
    }

    /// A dialect's `POST`/`PUT` body as fields: JSON, or a form when it is sent as
    /// `application/x-www-form-urlencoded` (as curl's `-d` and Xplenty's curl examples send it)
    /// and does not start with `{` or `[` (curl's `-d '{…}'` sends JSON with that type too).
    /// `wrapper` is the resource around the fields in Rails-style bodies (`cluster[nodes]=2`).
    /// Call it inside `body`, so that its errors name the field.
    static func fields(_ data: Data, contentType: String?, wrapper: String) throws -> JSONBody {
        let media = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard media == "application/x-www-form-urlencoded", !JSONBody.isJSON(data) else {
            return try JSONBody(data, wrapper: wrapper)
        }
        return try JSONBody(form: data, wrapper: wrapper)
    }

    /// A successful Agave answer: the envelope with status `success` around `result`.
    static func agave<T: Codable & Sendable>(_ result: T?, message: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        Answer.json(AgaveEnvelope(status: "success", message: message, version: agaveVersion, result: result), status: status)
    }
}

/// Renders every error under a dialect's paths (its routes' own, and the router's 404 and 405
/// there) in that dialect's shape; other paths pass through untouched to `ErrorMiddleware`.
struct DialectErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let dialect: Dialect
    let table: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard dialect.owns(path) else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch {
            return dialect.response(for: error, method: request.method.rawValue, path: path, methods: table.methods(for: path))
        }
    }
}
