/// A test fixture that could not be set up (a server that did not start, a tool that failed).
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
