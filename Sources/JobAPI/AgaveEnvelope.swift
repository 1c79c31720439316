/// Agave's envelope around every answer: `{"status": "success"|"error", "message", "version",
/// "result"}`, `message` and `result` written as null when absent.
public struct AgaveEnvelope<Result: Codable & Sendable>: Codable, Sendable {
    public var status: String
    public var message: String?
    public var version: String
    public var result: Result?

    public init(status: String, message: String?, version: String, result: Result?) {
        self.status = status
        self.message = message
        self.version = version
        self.result = result
    }

    enum CodingKeys: String, CodingKey {
        case status, message, version, result
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(message, forKey: .message)
        try container.encode(version, forKey: .version)
        try container.encode(result, forKey: .result)
    }
}
