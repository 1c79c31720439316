import Foundation

/// Where `ess` keeps things, from the working directory and the environment.
///
/// - `.conf/reservation.json` in the working directory: this directory's cluster.
/// - `ESS_AWS_DIR` (default `~/.aws`): `ess/keys/NAME.pem` private keys,
///   `ess/clusters/ID.json` cluster records and `ess/api-token`, the masters' API token. `credentials` and `config` there are never touched.
/// - `ESS_LOCAL_DIR` (default `ESS_AWS_DIR/ess/local`): the local provider's inventory.
public struct ESSPaths: Sendable {
    public let workingDirectory: String
    public let awsDirectory: String
    public let localRoot: String

    public init(workingDirectory: String, environment: [String: String]) {
        self.workingDirectory = workingDirectory
        let home = environment["HOME"] ?? NSHomeDirectory()
        let aws = environment["ESS_AWS_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.aws"
        awsDirectory = Self.absolute(aws, from: workingDirectory)
        localRoot = Self.absolute(
            environment["ESS_LOCAL_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? awsDirectory + "/ess/local", from: workingDirectory)
    }

    public var confDirectory: String { workingDirectory + "/.conf" }
    public var stateFile: String { confDirectory + "/reservation.json" }
    public var stateLock: String { confDirectory + "/.reservation.lock" }
    /// Held while `create` makes the cluster's key pair and security group at the provider.
    public var providerLock: String { confDirectory + "/.provider.lock" }
    public var knownHostsFile: String { confDirectory + "/known_hosts" }
    public var essDirectory: String { awsDirectory + "/ess" }
    public var keysDirectory: String { essDirectory + "/keys" }
    public var clustersDirectory: String { essDirectory + "/clusters" }
    /// The masters' API token (0600), made by the first `ess serve`.
    public var apiTokenFile: String { essDirectory + "/api-token" }

    public func keyFile(_ name: String) -> String { keysDirectory + "/" + name + ".pem" }
    public func clusterRecord(_ clusterID: String) -> String { clustersDirectory + "/" + clusterID + ".json" }

    static func absolute(_ path: String, from base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : base + "/" + expanded
        return (joined as NSString).standardizingPath
    }
}
