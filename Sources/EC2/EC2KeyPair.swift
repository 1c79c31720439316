import AWSCore

/// A key pair as DescribeKeyPairs or ImportKeyPair answers.
public struct EC2KeyPair: Sendable, Equatable {
    public var name: String
    public var id: String?
    public var fingerprint: String?
    /// Only with `IncludePublicKey=true`.
    public var publicKey: String?
    public var tags: [String: String]

    public init(item: XMLTree) {
        name = item.string("keyName") ?? ""
        id = item.string("keyPairId")
        fingerprint = item.string("keyFingerprint")
        publicKey = item.string("publicKey")
        tags = EC2Tags.decode(item)
    }
}
