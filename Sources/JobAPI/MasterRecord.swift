/// `.conf/master.json`: where this directory's master listens and which process it is. Written
/// atomically by `ess serve` once it listens, removed when it exits cleanly; the `ess job`
/// client finds the master through it (unless `ESS_MASTER` names one).
public struct MasterRecord: Codable, Sendable, Equatable {
    /// The file's path relative to the directory.
    public static let path = ".conf/master.json"

    public var pid: Int32
    /// `http://127.0.0.1:5678`, no trailing slash.
    public var url: String
    /// When it started (`APIDate`).
    public var started: String
    /// The directory it serves (absolute).
    public var directory: String
    /// With TLS: the certificate file the master presents (absolute), which this machine's
    /// clients trust for it. Absent over plain HTTP.
    public var certificate: String?

    public init(pid: Int32, url: String, started: String, directory: String, certificate: String? = nil) {
        self.pid = pid
        self.url = url
        self.started = started
        self.directory = directory
        self.certificate = certificate
    }
}
