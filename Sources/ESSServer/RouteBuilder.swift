import Hummingbird

/// Adds routes to the router and records their patterns in the route table, in one step.
struct RouteBuilder {
    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response
    let router: Router<BasicRequestContext>
    let table: RouteTable

    func add(_ method: HTTPRequest.Method, _ pattern: String, _ handler: @escaping Handler) {
        table.add(method, pattern)
        router.on(RouterPath(pattern), method: method) { request, context in try await handler(request, context) }
    }
}
