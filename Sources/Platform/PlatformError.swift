import Foundation

/// A failed system call, with the path or operation it concerned and errno's words.
public struct PlatformError: Error, Sendable, Equatable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var code: Int32

    public init(_ operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String {
        "could not \(operation) \(path): \(String(cString: strerror(code)))"
    }
}
