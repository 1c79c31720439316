import Foundation

/// Where the master's API listens: the host as configured and the port it bound (the configured
/// one until it listens; 0 there means any free one). The notifications' `${JOB_URL}` starts with
/// its `url`; an execution document's `slicer_hostname` and `slicer_port` are its `hostname` and
/// `port`, since an execution's controller is one of the master's threads and answers there.
public final class ListenAddress: @unchecked Sendable {
    let settings: ServerSettings
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var bound: Int

    public init(_ settings: ServerSettings) {
        self.settings = settings
        bound = settings.port
    }

    /// Called once the server listens, with the port it bound.
    public func bind(_ port: Int) { lock.withLock { bound = port } }

    public var port: Int { lock.withLock { bound } }

    /// `http(s)://host:port`.
    public var url: String { settings.url(port: port) }

    /// The host clients reach: the configured one, or this machine's name when the master
    /// listens on every address (`0.0.0.0`, `::`).
    public var hostname: String {
        ["0.0.0.0", "::", ""].contains(settings.host) ? ProcessInfo.processInfo.hostName : settings.host
    }
}
