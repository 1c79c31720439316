import ClusterModel
import EC2
import Foundation

/// Describing, waiting and deleting the security group: the calls that poll or look around.
extension EC2Provider {
    static let liveStates = ["pending", "running", "shutting-down", "stopping", "stopped"]

    public func describe(reservationIDs: [String], requireAll: Bool) throws -> [ProviderInstance] {
        guard !reservationIDs.isEmpty else { return [] }
        let found = try translating { try instances(ofReservations: reservationIDs) }
        let known = Set(found.map(\.reservationID))
        let unknown = reservationIDs.filter { !known.contains($0) }
        if requireAll && !unknown.isEmpty {
            throw ProviderError.unknownReservations(
                ids: unknown, provider: kind, region: region, endpoint: client.configuration.endpoint.absoluteString)
        }
        return found.map(Self.instance)
    }

    /// The `reservation-id` filter where the endpoint has it; moto has not (it answers HTTP 500),
    /// so then: instances tagged `ess:cluster`, then every instance, filtered here.
    func instances(ofReservations ids: [String]) throws -> [EC2Instance] {
        let wanted = Set(ids)
        if memo.get("reservation-filter") != .some("unsupported") {
            do {
                return try client.describeInstances(filters: [EC2Filter("reservation-id", ids)], maxAttempts: 1)
            } catch let error as EC2Error where Self.filterUnsupported(error) {
                logger.debug("reservation-id filter not supported; filtering here", metadata: ["code": "\(error.code)"])
                memo.set("reservation-filter", "unsupported")
            } catch where client.retryPolicy.classify(error) != .permanent {
                // The probe has one attempt: a lost answer or a throttle says nothing of the filter.
                logger.debug("reservation-id filter call got no answer; filtering here", metadata: ["error": "\(error)"])
            }
        }
        var found = try client.describeInstances(filters: [EC2Filter("tag-key", ["ess:cluster"])]).filter { wanted.contains($0.reservationID) }
        if Set(found.map(\.reservationID)) != wanted {
            found = try client.describeInstances().filter { wanted.contains($0.reservationID) }
        }
        return found
    }

    /// An answer that says "this filter is not implemented here", as emulators give it.
    static func filterUnsupported(_ error: EC2Error) -> Bool {
        let codes: Set = [
            "NotImplemented", "FilterNotImplemented", "FilterNotImplementedError", "InvalidFilter", "InvalidParameterValue",
            "UnsupportedOperation", EC2Error.unreadableResponse,
        ]
        return codes.contains(error.code) || error.httpStatus == 500 || error.httpStatus == 501
    }

    public func describe(clusterID: String) throws -> [ProviderInstance] {
        try translating {
            try client.describeInstances(filters: [
                EC2Filter("tag:ess:cluster", [clusterID]), EC2Filter("instance-state-name", Self.liveStates),
            ]).map(Self.instance)
        }
    }

    /// One `instance-id`-filtered DescribeInstances for all ids (an id EC2 does not show yet
    /// is simply absent, not an error), in the order of `ids`.
    func poll(_ ids: [String]) throws -> [ProviderInstance] {
        let seen: [ProviderInstance]
        do {
            seen = try client.describeInstances(filters: [EC2Filter("instance-id", ids)]).map(Self.instance)
        } catch let error as EC2Error where error.code == "InvalidInstanceID.NotFound" {
            // Eventual consistency right after RunInstances: not visible yet, not gone.
            seen = []
        }
        let byID = Dictionary(seen.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    /// Polls until `settled` says so, the timeout passes or the user cancels; returns the last
    /// answer. A poll that fails in a way a retry may fix (throttling, 5xx, a lost connection)
    /// after the client's own attempts is a missed poll, not the end of the wait: the wait's
    /// deadline bounds it. Only when no poll got through at all does the last error surface.
    func pollUntil(_ ids: [String], timeout: TimeInterval, settled: ([ProviderInstance]) -> Bool) throws -> [ProviderInstance] {
        let deadline = pacing.now().addingTimeInterval(timeout)
        var number = 0
        var last: [ProviderInstance]?
        var lastError: Error?
        while true {
            do {
                let seen = try poll(ids)
                last = seen
                if settled(seen) { return seen }
            } catch where client.retryPolicy.classify(error) != .permanent {
                logger.debug("ec2 poll missed", metadata: ["error": "\(error)"])
                lastError = error
            } catch {
                throw mapped(error)
            }
            let remaining = deadline.timeIntervalSince(pacing.now())
            if remaining <= 0 || pacing.cancelled() {
                if let last { return last }
                throw mapped(lastError ?? EC2ProviderError.noAnswer(instances: ids.count))
            }
            pacing.sleep(min(pacing.delay(afterPoll: number), remaining))
            number += 1
        }
    }

    public func waitUntilRunning(instanceIDs: [String], timeout: TimeInterval) throws -> [ProviderInstance] {
        guard !instanceIDs.isEmpty else { return [] }
        // Not yet visible right after a launch means "wait", not "gone".
        return try pollUntil(instanceIDs, timeout: timeout) { seen in
            seen.count == instanceIDs.count && seen.allSatisfy { $0.state != .pending }
        }
    }

    public func waitUntilTerminated(instanceIDs: [String], timeout: TimeInterval) throws -> [String] {
        guard !instanceIDs.isEmpty else { return [] }
        let seen = try pollUntil(instanceIDs, timeout: timeout) { seen in seen.allSatisfy { $0.state == .terminated } }
        return seen.filter { $0.state != .terminated }.map(\.id)
    }

    /// Deletes the cluster's group, found by name and tag; retries `DependencyViolation`
    /// (instances still shutting down) until `pacing.dependencyTimeout`. No group is success.
    public func deleteSecurityGroup(name: String, clusterID: String) throws {
        try translating {
            let groups = try client.describeSecurityGroups(filters: [EC2Filter("group-name", [name]), EC2Filter("tag:ess:cluster", [clusterID])])
            for group in groups { try deleteGroup(group) }
        }
    }

    private func deleteGroup(_ group: EC2SecurityGroup) throws {
        let deadline = pacing.now().addingTimeInterval(pacing.dependencyTimeout)
        var number = 0
        while true {
            do {
                try client.deleteSecurityGroup(id: group.id)
                return
            } catch let error as EC2Error where error.code == "InvalidGroup.NotFound" {
                return
            } catch let error as EC2Error where error.code == "DependencyViolation" {
                let remaining = deadline.timeIntervalSince(pacing.now())
                guard remaining > 0, !pacing.cancelled() else {
                    throw EC2ProviderError.securityGroupInUse(
                        name: group.name, id: group.id, waited: Int(pacing.dependencyTimeout), requestID: error.requestID)
                }
                pacing.sleep(min(2 * pacing.delay(afterPoll: number), remaining))
                number += 1
            }
        }
    }
}
