import Foundation
import Hummingbird
import JobAPI
import JobModel
import Jobs
import MasterModel
import NIOCore
import Notifications

/// The server's one renderer of errors: every refusal and failure becomes an
/// `APIErrorDocument` with its status (400 with `field` for a bad spec, 401, 404, 405, 408, 409,
/// 413, 422 with `field` for a valid spec naming what the master cannot use, 429, 500),
/// one sentence naming what is wrong and what to do.
enum ErrorAnswer {
    static func document(for error: any Error, method: String, path: String) -> (HTTPResponse.Status, APIErrorDocument) {
        switch error {
        case let error as JobSpecError:
            let message = "The job spec is refused: \(error.description)."
            if error.unusable { return (.unprocessableContent, APIErrorDocument(code: "unprocessable", message: message, field: error.field)) }
            return (.badRequest, APIErrorDocument(code: "bad_request", message: message, field: error.field))
        case RouteError.badQuery(let name, let problem):
            return (.badRequest, APIErrorDocument(code: "bad_request", message: "`\(name)`: \(problem)."))
        case RouteError.noSuch(let kind, let id):
            let list = kind == "cluster" ? "`GET /v1/clusters` lists the clusters"
                : kind == "notification" ? "`GET /v1/notifications` lists them" : "`GET /v1/jobs` lists the jobs"
            return (.notFound, APIErrorDocument(code: "not_found", message: "There is no \(kind) `\(id)`; ids are numbers (\(list))."))
        case RouteError.noOutput(let exID, let slice):
            return (.notFound, APIErrorDocument(code: "not_found", message: "Slice \(slice) of execution \(exID) has no committed output (it has not completed, or its job keeps none)."))
        case StoreError.notFound(let kind, let id):
            let list = ["job": "GET /v1/jobs", "cluster": "GET /v1/clusters", "notification": "GET /v1/notifications"][kind] ?? "GET /v1/ex"
            return (.notFound, APIErrorDocument(code: "not_found", message: "There is no \(kind) \(id) on this master; `\(list)` lists them."))
        case StoreError.conflict(let why):
            return (.conflict, APIErrorDocument(code: "conflict", message: sentence(why)))
        case JobMasterError.noExecution(let jobID):
            return (.notFound, APIErrorDocument(code: "not_found", message: "Job \(jobID) has no execution yet; start one with `POST /v1/jobs/\(jobID)/_start`."))
        case JobMasterError.refused(let request, let exID, let status):
            return (.conflict, APIErrorDocument(code: "conflict", message: refusal(request, exID: exID, status: status)))
        case JobMasterError.shuttingDown:
            return (.conflict, APIErrorDocument(code: "conflict", message: "The master is shutting down and starts nothing new; start it again with `ess serve`."))
        case let error as ClusterRequestError:
            return (.badRequest, APIErrorDocument(code: "bad_request", message: clusterRefusal(error), field: error.field))
        case let error as ClusterControllerError:
            return cluster(error)
        case let error as SubscriptionError:
            return subscription(error)
        case let error as SubscriptionTargetError:
            return subscriptionTarget(error)
        case is NIOTooManyBytesError:
            return tooLarge
        case let error as AccessError:
            return access(error)
        case let error as HTTPError:
            return http(error.status, method: method, path: path)
        default:
            return (.internalServerError, APIErrorDocument(code: "internal", message: sentence("The master failed: \(error)")))
        }
    }

    static var tooLarge: (HTTPResponse.Status, APIErrorDocument) {
        (.contentTooLarge, APIErrorDocument(code: "too_large", message: "The body is over \(Request.bodyLimit) bytes (1 MB), the most the master reads; send a smaller spec."))
    }

    /// The gate's refusals; the token sent is never repeated.
    static func access(_ error: AccessError) -> (HTTPResponse.Status, APIErrorDocument) {
        let how = "send `Authorization: Bearer TOKEN` (or HTTP Basic with the token as the user name), TOKEN being the contents of the file `ess serve` names when it starts"
        switch error {
        case .noToken:
            return (.unauthorized, APIErrorDocument(code: "unauthorized", message: "This master needs its API token: \(how)."))
        case .wrongToken:
            return (.unauthorized, APIErrorDocument(code: "unauthorized", message: "The API token sent is not this master's: \(how)."))
        case .tooManyFailures(let seconds):
            return (.tooManyRequests, APIErrorDocument(code: "too_many_requests", message: "Too many requests with a wrong or missing API token from this address; try again in \(seconds) s with the right one."))
        case .foreignHost(let host):
            let named = host.map { "names `\($0.prefix(100))`" } ?? "is missing"
            return (.badRequest, APIErrorDocument(code: "bad_request", message: "The Host header \(named), not this master's address; a master started with --no-auth answers only requests addressed to it by its own loopback address.", field: "Host"))
        case .slowBody(let seconds):
            return (.requestTimeout, APIErrorDocument(code: "request_timeout", message: "The request's body did not arrive within \(seconds) s; send it at once."))
        }
    }

    static func http(_ status: HTTPResponse.Status, method: String, path: String) -> (HTTPResponse.Status, APIErrorDocument) {
        switch status {
        case .notFound:
            return (status, APIErrorDocument(code: "not_found", message: "There is no route \(method) \(path.prefix(200)); `GET /v1` describes the master."))
        case .methodNotAllowed:
            return (status, APIErrorDocument(code: "method_not_allowed", message: "\(path.prefix(200)) does not take \(method)."))
        case .contentTooLarge:
            return tooLarge
        default:
            let code = status.code < 500 ? "bad_request" : "internal"
            return (status, APIErrorDocument(code: code, message: "\(status.code) \(status.reasonPhrase)."))
        }
    }

    /// Why a control request was refused, naming the status that forbids it.
    static func refusal(_ request: String, exID: Int64, status: ExecutionStatus) -> String {
        let hint: String
        switch (request, status.isTerminal) {
        case ("resume", false): hint = "only a paused execution resumes"
        case ("pause", false): hint = "only a running execution pauses"
        case (_, true): hint = "it has ended; `_recover` or `_start` makes a new one"
        default: hint = "try again once it is running"
        }
        return "Cannot \(request) execution \(exID): it is \(status.rawValue); \(hint)."
    }

    static func sentence(_ text: String) -> String {
        let first = text.prefix(1).uppercased() + text.dropFirst()
        return first.hasSuffix(".") ? first : first + "."
    }

    static func response(for error: any Error, method: String, path: String, allow: [String] = []) -> Response {
        var (status, document) = document(for: error, method: method, path: path)
        if !allow.isEmpty, status == .notFound, error is HTTPError {
            (status, document) = http(.methodNotAllowed, method: method, path: path)
        }
        var response = Answer.json(document, status: status)
        if status == .methodNotAllowed { response.headers[.allow] = allow.joined(separator: ", ") }
        return response
    }
}

/// Renders every error thrown below it (and the router's own 404) through `ErrorAnswer`;
/// refuses a declared body over the limit before anything reads it; a path known with other
/// methods is a 405.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let table: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let method = request.method.rawValue, path = request.uri.path
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Request.bodyLimit {
            let (status, document) = ErrorAnswer.tooLarge
            return Answer.json(document, status: status)
        }
        do {
            return try await next(request, context)
        } catch {
            let allow = table.methods(for: path).filter { $0 != method }
            let known = table.methods(for: path).contains(method)
            return ErrorAnswer.response(for: error, method: method, path: path, allow: known ? [] : allow)
        }
    }
}
