/// What went wrong, in one sentence that says what to do, and the exit code it earns.
///
/// Exit codes (README "Exit codes"): 1 a failure, 64 bad usage, 65 a bad state or key file,
/// 69 a node or provider that cannot be reached, 75 another `ess` holds the lock (try again),
/// 77 a key file's permissions, 130 interrupted (Ctrl-C) after recording what exists.
public struct ESSError: Error, Sendable, CustomStringConvertible {
    public enum Code: Int32, Sendable {
        case failure = 1
        case usage = 64
        case badFile = 65
        case unavailable = 69
        case busy = 75
        case permission = 77
        case interrupted = 130
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public static func usage(_ message: String) -> ESSError { ESSError(.usage, message) }
    public static func failure(_ message: String) -> ESSError { ESSError(.failure, message) }
}
