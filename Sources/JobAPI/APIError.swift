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

/// The master's own description (`GET /v1`): what it is and where its store lives.
public struct MasterDocument: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    public var directory: String
    public var pid: Int32
    public var started: String

    public init(name: String, version: String, directory: String, pid: Int32, started: String) {
        self.name = name
        self.version = version
        self.directory = directory
        self.pid = pid
        self.started = started
    }
}
