/// Why no usable AWS configuration could be put together. Messages name files and variables,
/// never a secret value.
public struct AWSConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case missingCredentials, incompleteCredentials, profileNotFound, unreadableFile, invalidCredentialsFile
        case missingRegion, invalidRegion, invalidEndpoint, invalidSetting
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
