import Foundation

/// The knobs of the EC2 provider that are not credentials or region.
public struct EC2Settings: Sendable, Equatable {
    /// The AMI to launch; nil picks the newest Amazon Linux (2023, else 2) x86_64 image.
    public var imageID: String?
    /// The subnet to launch into (and whose VPC gets the security group); nil uses the
    /// default VPC and whatever subnet RunInstances picks.
    public var subnetID: String?
    /// The CIDR allowed to reach SSH; needed only when a security group has to be created.
    public var sshCIDR: String?
    /// Finds the CIDR when none is set (this machine's public address, say), only when a
    /// security group has to be created; its errors tell the user how to set one.
    public var sshCIDRLookup: (@Sendable () throws -> String)?

    public init(imageID: String? = nil, subnetID: String? = nil, sshCIDR: String? = nil, sshCIDRLookup: (@Sendable () throws -> String)? = nil) {
        self.imageID = imageID
        self.subnetID = subnetID
        self.sshCIDR = sshCIDR
        self.sshCIDRLookup = sshCIDRLookup
    }

    /// The settings from their reservation.json names (`image_id`, `subnet_id`, `ssh_cidr`).
    /// Without `ssh_cidr`, the CIDR is this machine's public address (`lookup`, by default
    /// `CallerAddress`), asked only when a security group needs it; against an emulator
    /// (`AWS_ENDPOINT_URL[_EC2]` set) it is 127.0.0.1/32, since its group guards nothing real.
    public static func resolve(
        _ settings: [String: String], environment: [String: String],
        lookup: (@Sendable () throws -> String)? = nil
    ) -> EC2Settings {
        let customEndpoint = environment["AWS_ENDPOINT_URL_EC2"] != nil || environment["AWS_ENDPOINT_URL"] != nil
        let caller = CallerAddress(environment: environment)
        let find: @Sendable () throws -> String
        if customEndpoint {
            find = { "127.0.0.1/32" }
        } else if let lookup {
            find = lookup
        } else {
            find = { try caller.cidr() }
        }
        return EC2Settings(imageID: settings["image_id"], subnetID: settings["subnet_id"], sshCIDR: settings["ssh_cidr"], sshCIDRLookup: find)
    }

    public static func == (lhs: EC2Settings, rhs: EC2Settings) -> Bool {
        lhs.imageID == rhs.imageID && lhs.subnetID == rhs.subnetID && lhs.sshCIDR == rhs.sshCIDR
    }
}

/// How the EC2 provider paces itself; injectable so tests need not wait.
public struct EC2Pacing: Sendable {
    /// Delay before the first re-poll of a wait; each next one is `growth` times longer.
    public var firstPollDelay: Double
    public var growth: Double
    /// The longest delay between two polls.
    public var maxPollDelay: Double
    /// How long `deleteSecurityGroup` keeps retrying `DependencyViolation`.
    public var dependencyTimeout: Double
    public var sleep: @Sendable (Double) -> Void
    public var now: @Sendable () -> Date
    /// True once the user asked the command to stop (Ctrl-C): waits return what they saw last.
    public var cancelled: @Sendable () -> Bool

    public init(
        firstPollDelay: Double = 2, growth: Double = 1.5, maxPollDelay: Double = 5, dependencyTimeout: Double = 120,
        sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) },
        now: @escaping @Sendable () -> Date = { Date() }, cancelled: @escaping @Sendable () -> Bool = { false }
    ) {
        self.firstPollDelay = firstPollDelay
        self.growth = growth
        self.maxPollDelay = maxPollDelay
        self.dependencyTimeout = dependencyTimeout
        self.sleep = sleep
        self.now = now
        self.cancelled = cancelled
    }

    /// The delay after poll number `poll` (0-based): 2, 3, 4.5, 5, 5, … s by default,
    /// so that polls are never closer than 2 s apart.
    public func delay(afterPoll poll: Int) -> Double {
        min(maxPollDelay, firstPollDelay * pow(growth, Double(poll)))
    }
}
