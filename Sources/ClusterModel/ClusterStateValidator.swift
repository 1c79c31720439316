/// A reason a state file cannot be used: the field it concerns and what was expected.
public struct StateProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var expected: String

    public init(field: String, expected: String) {
        self.field = field
        self.expected = expected
    }

    public var description: String { "field `\(field)`: \(expected)" }
}

/// Checks the rules that a decoder cannot: versions, ids, ranges, uniqueness.
public enum ClusterStateValidator {
    /// Throws the first problem found.
    public static func validate(_ state: ClusterState) throws {
        guard state.schema == ClusterState.currentSchema else {
            if state.schema > ClusterState.currentSchema {
                throw StateProblem(
                    field: "schema",
                    expected: "version \(ClusterState.currentSchema); this file has version \(state.schema), written by a newer ess (upgrade ess)")
            }
            throw StateProblem(field: "schema", expected: "version \(ClusterState.currentSchema), found \(state.schema)")
        }
        try requireName(state.clusterID, field: "cluster_id")
        if let region = state.region { try requireName(region, field: "region") }
        if let key = state.keyName { try requireName(key, field: "key_name") }
        if let group = state.securityGroup { try requireName(group, field: "security_group") }
        if let pem = state.pem { try PemReference.validate(pem) }
        try requireName(state.user, field: "user")
        for (name, value) in state.providerSettings.sorted(by: { $0.key < $1.key }) {
            try requireName(name, field: "provider_settings")
            try requireName(value, field: "provider_settings.\(name)", extra: "/:")
        }

        var reservationIDs = Set<String>()
        var nodeIDs = Set<String>()
        for (r, reservation) in state.reservations.enumerated() {
            let at = "reservations[\(r)]"
            try requireName(reservation.id, field: "\(at).id")
            try requireName(reservation.type, field: "\(at).type")
            guard reservationIDs.insert(reservation.id).inserted else {
                throw StateProblem(field: "\(at).id", expected: "a unique reservation id; `\(reservation.id)` appears twice")
            }
            for (n, node) in reservation.nodes.enumerated() {
                let nodeAt = "\(at).nodes[\(n)]"
                guard nodeIDs.insert(node.id).inserted else {
                    throw StateProblem(field: "\(nodeAt).id", expected: "a unique node id; `\(node.id.prefix(60))` appears twice")
                }
                try validate(node, at: nodeAt)
            }
        }
        var tokens = Set<String>()
        for (l, launch) in state.launches.enumerated() {
            let at = "launches[\(l)]"
            try requireName(launch.token, field: "\(at).token")
            try requireName(launch.type, field: "\(at).type")
            guard tokens.insert(launch.token).inserted else {
                throw StateProblem(field: "\(at).token", expected: "a unique launch token; `\(launch.token.prefix(60))` appears twice")
            }
            guard (1...100_000).contains(launch.count) else {
                throw StateProblem(field: "\(at).count", expected: "a number of nodes from 1 to 100000, found \(launch.count)")
            }
        }
    }

    /// One node's fields: what is printed, written to known_hosts or put on a command line is
    /// plain text without spaces, newlines or control characters.
    static func validate(_ node: Node, at nodeAt: String) throws {
        try requireName(node.id, field: "\(nodeAt).id", extra: ":[]")
        try requireName(node.type, field: "\(nodeAt).type")
        guard (1...65535).contains(node.port) else {
            throw StateProblem(field: "\(nodeAt).port", expected: "a port from 1 to 65535, found \(node.port)")
        }
        guard node.sshAddress != nil else {
            throw StateProblem(field: "\(nodeAt).private_ip", expected: "an address (private_ip or public_ip)")
        }
        for (name, address) in [("private_ip", node.privateAddress), ("public_ip", node.publicAddress)] {
            if let address, !HostAddress.isPlausible(address) {
                throw StateProblem(field: "\(nodeAt).\(name)", expected: "an IP address or host name, found `\(address.prefix(60))`")
            }
        }
        if let key = node.hostKey {
            let base64 = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=")
            try requireName(key.type, field: "\(nodeAt).host_key.type")
            guard !key.base64.isEmpty, key.base64.count <= 4096, key.base64.allSatisfy(base64.contains) else {
                throw StateProblem(field: "\(nodeAt).host_key.base64", expected: "the key in base64 (letters, digits, `+/=`), as ess recorded it")
            }
            guard key.fingerprint.hasPrefix("SHA256:"), key.fingerprint.count <= 100,
                key.fingerprint.dropFirst("SHA256:".count).allSatisfy(base64.contains)
            else {
                throw StateProblem(field: "\(nodeAt).host_key.fingerprint", expected: "SHA256:<base64>, as ess recorded it")
            }
        }
        if let version = node.version {
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-")
            guard (1...64).contains(version.count), version.allSatisfy(allowed.contains) else {
                throw StateProblem(field: "\(nodeAt).version", expected: "1 to 64 letters, digits or `._+-`, found `\(version.prefix(60))`")
            }
        }
    }

    /// Ids, names and users: 1–128 characters of letters, digits and `._-@` (and `extra`).
    public static func requireName(_ value: String, field: String, extra: String = "") throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@" + extra)
        guard !value.isEmpty, value.count <= 128, value.allSatisfy({ allowed.contains($0) }), value != ".", value != ".." else {
            throw StateProblem(field: field, expected: "1 to 128 letters, digits or `._-@`, found `\(value.prefix(60))`")
        }
    }
}
