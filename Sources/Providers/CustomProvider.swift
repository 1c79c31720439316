import ClusterModel
import Foundation

/// Machines you already have, listed by hand in reservation.json (`ip_list`).
///
/// `ess` reaches them over SSH but does not own them: launching, adopting, stopping, starting
/// and terminating throw `ProviderError.unsupported`.
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
        throw ProviderError.unsupported(kind, .launch)
    }

    public func describe(reservationIDs: [String], requireAll: Bool) throws -> [ProviderInstance] {
        guard !requireAll || reservationIDs.isEmpty else {
            throw ProviderError.unsupported(kind, .adopt)
        }
        return []
    }

    public func describe(clusterID: String) throws -> [ProviderInstance] { [] }

    public func describe(launchToken: String, patience: TimeInterval) throws -> [ProviderInstance] { [] }

    public func waitUntilRunning(instanceIDs: [String], timeout: TimeInterval) throws -> [ProviderInstance] { [] }

    public func stop(instanceIDs: [String]) throws {
        throw ProviderError.unsupported(kind, .stop)
    }

    public func start(instanceIDs: [String]) throws {
        throw ProviderError.unsupported(kind, .start)
    }

    public func terminate(instanceIDs: [String]) throws {
        throw ProviderError.unsupported(kind, .terminate)
    }

    public func waitUntilTerminated(instanceIDs: [String], timeout: TimeInterval) throws -> [String] { instanceIDs }

    public func deleteSecurityGroup(name: String, clusterID: String) throws {}

    public func deleteKeyPair(name: String, clusterID: String) throws {}
}
