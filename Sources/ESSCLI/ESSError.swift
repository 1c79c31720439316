/// An error the CLI words itself (its own checks: flags, the API token file, a master that
/// does not answer), with the kind of failure it is. The libraries' errors are facts, worded by
/// `ErrorRenderer`.
struct ESSError: Error, Sendable, CustomStringConvertible {
    var kind: FailureKind
    var message: String

    init(_ kind: FailureKind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    var description: String { message }

    static func usage(_ message: String) -> ESSError { ESSError(.usage, message) }
    static func failure(_ message: String) -> ESSError { ESSError(.failure, message) }
}
