import AWSSigV4

/// The form parameters of one EC2 Query request, in the order added, with helpers for EC2's
/// list spellings (`Name.N`, `Filter.N.Name`/`Filter.N.Value.M`, `TagSpecification.N…`).
public struct EC2Parameters: Sendable, Equatable {
    public private(set) var pairs: [(name: String, value: String)] = []

    public init() {}

    public static func == (lhs: EC2Parameters, rhs: EC2Parameters) -> Bool {
        lhs.pairs.map { "\($0.name)=\($0.value)" } == rhs.pairs.map { "\($0.name)=\($0.value)" }
    }

    public mutating func add(_ name: String, _ value: String?) {
        guard let value else { return }
        pairs.append((name, value))
    }

    /// `Name.1=a&Name.2=b`.
    public mutating func addList(_ name: String, _ values: [String]) {
        for (index, value) in values.enumerated() { add("\(name).\(index + 1)", value) }
    }

    /// `Filter.N.Name` and `Filter.N.Value.M`, numbered after any filters already added.
    public mutating func addFilters(_ filters: [EC2Filter]) {
        var number = pairs.filter { $0.name.hasPrefix("Filter.") && $0.name.hasSuffix(".Name") }.count
        for filter in filters {
            number += 1
            add("Filter.\(number).Name", filter.name)
            addList("Filter.\(number).Value", filter.values)
        }
    }

    /// `TagSpecification.N.ResourceType` and its `Tag.M.Key`/`Tag.M.Value`.
    public mutating func addTagSpecification(_ number: Int, resourceType: String, tags: [(key: String, value: String)]) {
        add("TagSpecification.\(number).ResourceType", resourceType)
        for (index, tag) in tags.enumerated() {
            add("TagSpecification.\(number).Tag.\(index + 1).Key", tag.key)
            add("TagSpecification.\(number).Tag.\(index + 1).Value", tag.value)
        }
    }

    /// The form body: `Action=…&Version=2016-11-15&…` in the order added, encoded as the AWS
    /// SDKs encode it (`SigV4Encoding.formEncode`: a space is `+`), so that a verifier which
    /// re-encodes the parsed form gets back the bytes that were signed.
    public func formBody(action: String, version: String) -> String {
        SigV4Encoding.formBody([("Action", action), ("Version", version)] + pairs.map { ($0.name, $0.value) })
    }
}

/// One `Filter.N`: a name and the values any of which may match.
public struct EC2Filter: Sendable, Equatable {
    public var name: String
    public var values: [String]

    public init(_ name: String, _ values: [String]) {
        self.name = name
        self.values = values
    }
}
