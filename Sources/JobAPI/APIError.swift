/// Every error answer's body: `{"error": {"code": "...", "message": "..."}}`. `code` is a stable
/// word a program can branch on (`bad_request`, `not_found`, `conflict`, …); `message` is one
/// sentence for people, naming what is wrong and what to do.
public struct APIErrorDocument: Codable, Sendable, Equatable {
    public struct Body: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        /// The spec field at fault, for a bad job spec.
        public var field: String?
    }

    public var error: Body

    public init(code: String, message: String, field: String? = nil) {
        error = Body(code: code, message: message, field: field)
    }
}
