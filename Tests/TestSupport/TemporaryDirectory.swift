import Foundation

/// A fresh folder under the system's temporary directory (mkdtemp), removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(_ label: String = "ess-test") {
        var template = Array((NSTemporaryDirectory() + "\(label).XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("mkdtemp failed: \(String(cString: strerror(errno)))") }
        path = String(cString: made)
    }

    public var url: URL { URL(fileURLWithPath: path) }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
