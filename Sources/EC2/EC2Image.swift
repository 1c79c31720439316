import AWSCore

/// An AMI, from DescribeImages.
public struct EC2Image: Sendable, Equatable {
    public var id: String
    public var name: String
    public var state: String
    /// ISO 8601 text; compares in time order as text.
    public var creationDate: String

    public init(item: XMLTree) {
        id = item.string("imageId") ?? ""
        name = item.string("name") ?? ""
        state = item.string("imageState") ?? ""
        creationDate = item.string("creationDate") ?? ""
    }
}
