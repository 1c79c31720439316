/// Why the access gate turned a request away, as facts; `ErrorAnswer` words them. Never
/// carries what the client sent as a token.
enum AccessError: Error, Sendable, Equatable {
    /// No `Authorization` header in an accepted form (401).
    case noToken
    /// A token that is not this master's (401).
    case wrongToken
    /// Too many failed tokens from this address: wait `retryAfter` seconds (429).
    case tooManyFailures(retryAfter: Int)
    /// `--no-auth`: the `Host` header (nil: none) does not name the master (400).
    case foreignHost(String?)
    /// The body did not arrive within `seconds` (408).
    case slowBody(seconds: Int)
}
