/// Instances: run, describe (every page), stop, start, terminate, tag.
extension EC2Client {
    /// Returns the instances of the new reservation.
    public func runInstances(_ request: RunInstancesRequest) throws -> [EC2Instance] {
        let root = try call("RunInstances", request.parameters)
        let reservationID = root.string("reservationId") ?? ""
        return root.items("instancesSet").map { EC2Instance(item: $0, reservationID: reservationID) }
    }

    /// Follows NextToken to the last page (`pageSize` instances a page, EC2's maximum by
    /// default). `instanceIDs` uses `InstanceId.N` (an unknown id is an
    /// `InvalidInstanceID.NotFound` error); filter by `instance-id` to avoid that.
    public func describeInstances(
        filters: [EC2Filter] = [], instanceIDs: [String] = [], pageSize: Int? = 1000, maxAttempts: Int? = nil
    ) throws -> [EC2Instance] {
        var instances: [EC2Instance] = []
        var token: String?
        repeat {
            var parameters = EC2Parameters()
            parameters.addList("InstanceId", instanceIDs)
            parameters.addFilters(filters)
            // MaxResults cannot be combined with InstanceId.N.
            if instanceIDs.isEmpty { parameters.add("MaxResults", pageSize.map(String.init)) }
            parameters.add("NextToken", token)
            let root = try call("DescribeInstances", parameters, maxAttempts: maxAttempts)
            instances += EC2Instance.decodeReservations(root)
            token = root.string("nextToken")
        } while token != nil
        return instances
    }

    public func terminateInstances(_ ids: [String]) throws {
        try instanceAction("TerminateInstances", ids)
    }

    public func stopInstances(_ ids: [String]) throws {
        try instanceAction("StopInstances", ids)
    }

    public func startInstances(_ ids: [String]) throws {
        try instanceAction("StartInstances", ids)
    }

    public func createTags(resourceIDs: [String], tags: [(key: String, value: String)]) throws {
        var parameters = EC2Parameters()
        parameters.addList("ResourceId", resourceIDs)
        for (index, tag) in tags.enumerated() {
            parameters.add("Tag.\(index + 1).Key", tag.key)
            parameters.add("Tag.\(index + 1).Value", tag.value)
        }
        _ = try call("CreateTags", parameters)
    }

    private func instanceAction(_ action: String, _ ids: [String]) throws {
        guard !ids.isEmpty else { return }
        var parameters = EC2Parameters()
        parameters.addList("InstanceId", ids)
        _ = try call(action, parameters)
    }
}
