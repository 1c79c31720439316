import ClusterModel
import Foundation

/// Machines you already have, listed by hand in reservation.json (`ip_list`).
///
/// `ess` reaches them over SSH but does not own them: it cannot create, adopt or terminate
/// them, and says so. Forget them with `ess cluster reset`.
public struct CustomProvider: Provider {
    public let kind = ProviderKind.custom
    public let region = "custom"
    public var defaultUser: String { Self.loginUser }
    /// Essentia's default when the hand-written form names no `user`.
    public static let loginUser = "ec2-user"

    public init() {}

    public func instanceType(_ name: String) throws -> InstanceTypeInfo? { nil }

    public func ensureKeyPair(name: String, publicKey: String, clusterID: String) throws {}

    public func ensureSecurityGroup(name: String, clusterID: String) throws -> String { name }

    public func launch(_ request: LaunchRequest) throws -> [ProviderInstance] {
        throw ProviderError(.unsupported, "the custom provider cannot start machines: list them by hand in .conf/reservation.json (`ip_list`), or use `--provider local` or `ec2`")
    }

    public func describe(reservationIDs: [String], requireAll: Bool) throws -> [ProviderInstance] {
        guard !requireAll || reservationIDs.isEmpty else {
            throw ProviderError(.unsupported, "the custom provider has no reservations to adopt: add the machines' addresses to `ip_list` in .conf/reservation.json")
        }
        return []
    }

    public func describe(clusterID: String) throws -> [ProviderInstance] { [] }

    public func describe(launchToken: String, patience: TimeInterval) throws -> [ProviderInstance] { [] }

    public func waitUntilRunning(instanceIDs: [String], timeout: TimeInterval) throws -> [ProviderInstance] { [] }

    public func stop(instanceIDs: [String]) throws {
        throw ProviderError(.unsupported, "custom machines are yours, not ess's; stop and start them yourself")
    }

    public func start(instanceIDs: [String]) throws {
        throw ProviderError(.unsupported, "custom machines are yours, not ess's; stop and start them yourself")
    }

    public func terminate(instanceIDs: [String]) throws {
        throw ProviderError(.unsupported, "custom machines are yours, not ess's, and are never terminated by it; `ess cluster reset` forgets them")
    }

    public func waitUntilTerminated(instanceIDs: [String], timeout: TimeInterval) throws -> [String] { instanceIDs }

    public func deleteSecurityGroup(name: String, clusterID: String) throws {}

    public func deleteKeyPair(name: String, clusterID: String) throws {}
}
