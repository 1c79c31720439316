/// The OpenAPI 3.1 document of the native API, served at `GET /v1/openapi.json`: the bytes of
/// `OpenAPI/openapi.json` as committed, embedded in the binary by SwiftPM at build time.
enum OpenAPIDocument {
    static let bytes: [UInt8] = PackageResources.openapi_json

    static var json: String { String(decoding: bytes, as: UTF8.self) }
}
