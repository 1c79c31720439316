/// An AWS access key pair, with the session token of temporary credentials.
///
/// `description` never shows the secret or the token, so a credentials value can be logged
/// or interpolated into an error without leaking them.
public struct SigV4Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String {
        "access key \(accessKeyID)" + (sessionToken == nil ? "" : " with a session token")
    }

    public var debugDescription: String { description }
}
