import Foundation

/// Where a parsed JSON value holds a `null`: the API's bodies leave a field out for its
/// default and never take `null` for a value (the contract gives no field a null type).
public enum JSONNull {
    /// The path of the first `null` (`inputs.range.per_slice`, `notifications[1].url`), keys in
    /// sorted order; nil when there is none.
    public static func firstPath(in value: Any, at path: String = "") -> String? {
        switch value {
        case is NSNull:
            return path
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = firstPath(in: object[key]!, at: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
            return nil
        case let array as [Any]:
            for (index, item) in array.enumerated() {
                if let found = firstPath(in: item, at: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
