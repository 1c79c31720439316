import ClusterModel
import EC2
import Foundation

/// The launch, and finding it again when its answer was lost.
extension EC2Provider {
    /// How many times the launch is looked up by its token before ess concludes it did not
    /// happen (EC2's tag index may lag a launch by a few seconds).
    static let lookupPolls = 5

    /// One RunInstances. The client retries it with the same ClientToken, so EC2 starts the
    /// instances at most once. When the attempts run out in a way that leaves open whether the
    /// request reached EC2 (a lost connection, a 5xx, throttling after an earlier lost answer),
    /// the launch is looked up by its `ess:launch` tag before giving up: what it started is
    /// returned, so it is recorded like any launch.
    public func launch(_ request: LaunchRequest) throws -> [ProviderInstance] {
        let run = try translating {
            RunInstancesRequest(
                clusterID: request.clusterID, count: request.count, clientToken: request.clientToken, imageID: try imageID(),
                instanceType: request.type, keyName: request.keyName, securityGroupID: request.securityGroup,
                subnetID: settings.subnetID)
        }
        do {
            return try client.runInstances(run).map(Self.instance)
        } catch where client.retryPolicy.classify(error) != .permanent {
            logger.debug("RunInstances gave no answer; looking the launch up by its token", metadata: ["error": "\(error)"])
            if let found = try? findLaunch(token: request.clientToken), !found.isEmpty {
                logger.debug("found the launch", metadata: ["instances": "\(found.count)"])
                return found
            }
            // Not permanent: an EC2 answer or a transport failure, which `mapped` makes a provider fact.
            guard let cause = mapped(error) as? EC2ProviderError else { throw mapped(error) }
            throw EC2ProviderError.launchUnconfirmed(cause: cause, clientToken: request.clientToken)
        } catch {
            throw mapped(error)
        }
    }

    /// The live instances tagged `ess:launch=token`: one DescribeInstances, then another at the
    /// pacing's intervals while none shows, until `patience` seconds have passed.
    public func describe(launchToken: String, patience: TimeInterval) throws -> [ProviderInstance] {
        try translating {
            let deadline = pacing.now().addingTimeInterval(patience)
            var number = 0
            while true {
                let found = try instances(ofLaunch: launchToken)
                let remaining = deadline.timeIntervalSince(pacing.now())
                if !found.isEmpty || remaining <= 0 || pacing.cancelled() { return found }
                pacing.sleep(min(pacing.delay(afterPoll: number), remaining))
                number += 1
            }
        }
    }

    /// The live instances tagged `ess:launch=token`, in one call.
    func instances(ofLaunch token: String) throws -> [ProviderInstance] {
        try client.describeInstances(filters: [EC2Filter("tag:ess:launch", [token]), EC2Filter("instance-state-name", Self.liveStates)])
            .map(Self.instance)
    }

    /// The live instances tagged `ess:launch=token`, polled a few times while EC2 shows none.
    func findLaunch(token: String) throws -> [ProviderInstance] {
        var lastError: Error?
        for number in 0..<Self.lookupPolls {
            do {
                let found = try instances(ofLaunch: token)
                if !found.isEmpty { return found }
            } catch where client.retryPolicy.classify(error) != .permanent {
                lastError = error
            }
            if number + 1 < Self.lookupPolls { pacing.sleep(pacing.delay(afterPoll: number)) }
        }
        if let lastError { throw lastError }
        return []
    }
}
