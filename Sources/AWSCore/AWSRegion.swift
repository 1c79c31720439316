/// Region names checked by their shape: `us-east-1`, `eu-west-3`, `us-gov-west-1`,
/// `ap-southeast-4`, `cn-north-1`, `us-iso-east-1`.
public enum AWSRegion {
    public static func isValid(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard (3...4).contains(parts.count), let last = parts.last, !last.isEmpty, last.allSatisfy(\.isNumber),
            parts[0].count == 2, parts[0].allSatisfy({ $0.isLowercase && $0.isASCII })
        else { return false }
        let middle = parts.dropFirst().dropLast()
        guard middle.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLowercase && $0.isASCII } }) else { return false }
        // With four parts the second is a partition qualifier: gov, iso, isob…
        return parts.count == 3 || ["gov", "iso", "isob", "isoe", "isof"].contains(parts[1])
    }

    /// Throws a message that names where the bad value came from.
    public static func validate(_ name: String, source: String) throws {
        guard isValid(name) else {
            throw AWSConfigurationError.invalidRegion(name: name, source: source)
        }
    }
}
