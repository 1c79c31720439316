import Foundation
import HTTPClient
import JobAPI

/// The master's HTTP API over the project's libcurl transport: one method per route of the
/// contract, each answering the JobAPI document the route promises or throwing a
/// `JobClientError`. Calls block (libcurl): call them from a command's own thread, never from
/// Swift's concurrency pool.
public final class MasterClient: Sendable {
    /// The master's base URL, without a trailing slash (`http://127.0.0.1:5678`).
    public let baseURL: String
    private let transport: any HTTPTransport
    /// Sent with every request (`Authorization: Bearer`); nil for a master started with `--no-auth`.
    private let token: APIToken?
    private let pause: @Sendable (Double) -> Void

    /// `pause` sleeps before a request answered 429 is sent again.
    public init(
        baseURL: String, transport: any HTTPTransport, token: APIToken? = nil,
        pause: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.transport = transport
        self.token = token
        self.pause = pause
    }

    /// A client over a libcurl transport that never goes through a proxy for loopback masters;
    /// `caFile` the PEM certificates an https master is checked against instead of the system's.
    public convenience init(baseURL: String, environment: [String: String], timeout: Double = 30, token: APIToken? = nil, caFile: String? = nil) {
        let host = URL(string: baseURL)?.host ?? ""
        let loopback = host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
        let proxy = loopback ? ProxySettings() : ProxySettings(environment: environment)
        self.init(baseURL: baseURL, transport: CurlTransport(connectTimeout: 5, timeout: timeout, proxy: proxy, caFile: caFile), token: token)
    }

    // MARK: the routes

    public func master() throws -> MasterDocument { try call("GET", "/v1") }

    /// `POST /v1/jobs`: the spec's bytes as written, `var=K=V` overrides, `start=false` to store only.
    /// `clusterID`: one of the master's API clusters (nil: its own directory's).
    public func submit(spec: Data, variables: [(String, String)] = [], start: Bool = true, clusterID: Int64? = nil) throws -> SubmitAnswer {
        var query = variables.map { URLQueryItem(name: "var", value: "\($0.0)=\($0.1)") }
        if !start { query.append(URLQueryItem(name: "start", value: "false")) }
        if let clusterID { query.append(URLQueryItem(name: "cluster_id", value: String(clusterID))) }
        return try call("POST", "/v1/jobs", query: query, body: spec)
    }

    public func jobs(from: Int = 0, size: Int = 100) throws -> [JobDocument] {
        try call("GET", "/v1/jobs", query: paging(from, size))
    }

    public func job(_ id: String) throws -> JobDocument { try call("GET", "/v1/jobs/\(id)") }

    /// The target's execution: the latest of a job, or the one named.
    public func execution(_ target: JobTarget) throws -> ExecutionDocument {
        switch target {
        case .job(let id): return try call("GET", "/v1/jobs/\(id)/ex")
        case .execution(let id): return try call("GET", "/v1/ex/\(id)")
        }
    }

    public func executions(status: String? = nil, from: Int = 0, size: Int = 100) throws -> [ExecutionDocument] {
        try call("GET", "/v1/ex", query: (status.map { [URLQueryItem(name: "status", value: $0)] } ?? []) + paging(from, size))
    }

    /// `POST /v1/jobs/{id}/_start`: a new execution, with variables overriding the spec's.
    public func start(job id: String, variables: [(String, String)] = [], clusterID: Int64? = nil) throws -> SubmitAnswer {
        let body = variables.isEmpty ? Data() : try JSONEncoder().encode(["variables": Dictionary(variables, uniquingKeysWith: { $1 })])
        let query = clusterID.map { [URLQueryItem(name: "cluster_id", value: String($0))] } ?? []
        return try refusing(.start, .job(id)) { try call("POST", "/v1/jobs/\(id)/_start", query: query, body: body) }
    }

    public func stop(_ target: JobTarget, timeout: Double? = nil) throws -> ControlAnswer {
        let query = timeout.map { [URLQueryItem(name: "timeout", value: Self.secondsText($0))] } ?? []
        return try refusing(.stop, target) { try call("POST", target.path + "/_stop", query: query) }
    }

    public func pause(_ target: JobTarget) throws -> ControlAnswer {
        try refusing(.pause, target) { try call("POST", target.path + "/_pause") }
    }

    public func resume(_ target: JobTarget) throws -> ControlAnswer {
        try refusing(.resume, target) { try call("POST", target.path + "/_resume") }
    }

    /// `_recover`, replaying only `cleanup` (`errors`, `pending`, `all`) when given.
    public func recover(_ target: JobTarget, cleanup: String? = nil) throws -> SubmitAnswer {
        let query = cleanup.map { [URLQueryItem(name: "cleanup_type", value: $0)] } ?? []
        return try refusing(.recover, target) { try call("POST", target.path + "/_recover", query: query) }
    }

    public func delete(job id: String) throws -> JobDocument {
        try refusing(.delete, .job(id)) { try call("DELETE", "/v1/jobs/\(id)") }
    }

    /// Turns a 409 into `.refused` with the execution's status, read at once.
    private func refusing<T>(_ action: JobAction, _ target: JobTarget, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch JobClientError.api(409, let error, _, _) {
            let current = try? execution(target)
            throw JobClientError.refused(action: action, target: target, exID: current?.ex_id, status: current?._status, message: error.message)
        }
    }

    public func controller(_ target: JobTarget) throws -> ControllerStatistics { try call("GET", target.path + "/controller") }

    public func errors(_ target: JobTarget, from: Int = 0, size: Int = 100) throws -> [SliceDocument] {
        try call("GET", target.path + "/errors", query: paging(from, size))
    }

    /// A page of an execution's history, oldest first.
    public func history(_ target: JobTarget, from: Int = 0, size: Int = 1000) throws -> [HistoryDocument] {
        try call("GET", target.path + "/history", query: paging(from, size))
    }

    /// An execution's whole history, a page at a time.
    public func wholeHistory(_ target: JobTarget) throws -> [HistoryDocument] {
        var all: [HistoryDocument] = []
        while true {
            let page = try history(target, from: all.count, size: 1000)
            all += page
            if page.count < 1000 { return all }
        }
    }

    /// An execution's slices ordered by index: those after `after` (an index), in `state` if given.
    public func slices(execution id: String, state: String? = nil, after: Int64? = nil, size: Int = 100) throws -> [SliceDocument] {
        var query: [URLQueryItem] = []
        if let state { query.append(URLQueryItem(name: "state", value: state)) }
        if let after { query.append(URLQueryItem(name: "after", value: String(after))) }
        query.append(URLQueryItem(name: "size", value: String(size)))
        return try call("GET", "/v1/ex/\(id)/slices", query: query)
    }

    /// The committed stdout of slice `index`, as bytes.
    public func sliceOutput(execution id: String, slice index: Int64) throws -> Data {
        try exchange("GET", "/v1/ex/\(id)/slices/\(index)/output").body
    }

    public func clusterControllers() throws -> [ControllerStatistics] { try call("GET", "/v1/cluster/controllers") }

    public func clusterState() throws -> [String: NodeStateDocument] { try call("GET", "/v1/cluster/state") }

    // MARK: the exchange

    private func paging(_ from: Int, _ size: Int) -> [URLQueryItem] {
        [URLQueryItem(name: "from", value: String(from)), URLQueryItem(name: "size", value: String(size))]
    }

    public static func secondsText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    func call<T: Decodable>(_ method: String, _ path: String, query: [URLQueryItem] = [], body: Data = Data()) throws -> T {
        let response = try exchange(method, path, query: query, body: body)
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch {
            throw JobClientError.undecodable(status: response.status, method: method, path: path, detail: Self.describe(error))
        }
    }

    /// Sends one request; a 2xx response is returned, any other status becomes `.api` (or
    /// `.undecodable` when its body is not an error document).
    private func exchange(_ method: String, _ path: String, query: [URLQueryItem] = [], body: Data = Data()) throws -> HTTPResponse {
        var components = URLComponents(string: baseURL + path)
        if !query.isEmpty {
            components?.queryItems = query
            // `+` is a space in a query; a variable's value keeps its own.
            let encoded = components?.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
            components?.percentEncodedQuery = encoded
        }
        guard let url = components?.url else { throw JobClientError.badMasterURL(baseURL) }
        var headers = body.isEmpty ? [("Accept", "application/json")] : [("Accept", "application/json"), ("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", token.bearer)) }
        let response = try send(HTTPRequest(method: method, url: url, headers: headers, body: body))
        guard (200..<300).contains(response.status) else {
            guard let document = try? JSONDecoder().decode(APIErrorDocument.self, from: response.body) else {
                let text = String(decoding: response.body.prefix(200), as: UTF8.self)
                throw JobClientError.undecodable(status: response.status, method: method, path: path, detail: text)
            }
            throw JobClientError.api(status: response.status, error: document.error, method: method, path: path)
        }
        return response
    }

    /// Sends a request, again after the wait a 429 asks for (up to 3 times, 10 s each at most):
    /// another client's failed tokens from this address can hold this one back for a moment.
    private func send(_ request: HTTPRequest) throws -> HTTPResponse {
        var attempts = 0
        while true {
            let response: HTTPResponse
            do {
                response = try transport.send(request)
            } catch let error as HTTPTransportError {
                throw JobClientError.unreachable(master: baseURL, transport: error)
            }
            attempts += 1
            guard response.status == 429, attempts <= 3, let wait = response.headers["retry-after"].flatMap(Double.init), wait <= 10 else {
                return response
            }
            pause(max(wait, 0.1))
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "no `\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))`"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "unexpected value at `\(context.codingPath.map(\.stringValue).joined(separator: "."))`"
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }
}
