import Foundation

/// The two spellings of the signing time SigV4 uses: `20150830T123600Z` and `20150830`.
public struct SigV4Timestamp: Sendable, Equatable {
    /// ISO 8601 basic format, UTC: the `X-Amz-Date` header.
    public let amzDate: String
    /// The date alone: the first part of the credential scope.
    public let dateStamp: String

    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let number = value ?? 0
            return number < 10 ? "0\(number)" : "\(number)"
        }
        dateStamp = "\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day))"
        amzDate = "\(dateStamp)T\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z"
    }
}
