import Hummingbird

/// `GET /v1/openapi.json`: the OpenAPI 3.1 document of the native API, as committed in
/// `OpenAPI/openapi.json`.
struct ContractRoutes: Sendable {
    func add(to routes: RouteBuilder) {
        routes.add(.get, "/v1/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
    }
}
