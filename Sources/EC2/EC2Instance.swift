import AWSCore
import Foundation

/// One instance as EC2 describes it, with the reservation it belongs to.
public struct EC2Instance: Sendable, Equatable {
    public var id: String
    public var reservationID: String
    public var type: String
    public var imageID: String?
    /// `pending`, `running`, `shutting-down`, `terminated`, `stopping`, `stopped`.
    public var state: String
    public var privateIP: String?
    public var publicIP: String?
    public var keyName: String?
    public var subnetID: String?
    public var vpcID: String?
    public var launchTime: Date?
    public var clientToken: String?
    public var tags: [String: String]

    /// Decodes an `instancesSet/item`.
    public init(item: XMLTree, reservationID: String) {
        id = item.string("instanceId") ?? ""
        self.reservationID = reservationID
        type = item.string("instanceType") ?? ""
        imageID = item.string("imageId")
        state = item.string("instanceState", "name") ?? ""
        privateIP = item.string("privateIpAddress")
        publicIP = item.string("ipAddress")
        keyName = item.string("keyName")
        subnetID = item.string("subnetId")
        vpcID = item.string("vpcId")
        launchTime = item.string("launchTime").flatMap(EC2Date.parse)
        clientToken = item.string("clientToken")
        tags = EC2Tags.decode(item)
    }

    /// Every instance of every `reservationSet/item` in a DescribeInstances answer.
    public static func decodeReservations(_ root: XMLTree) -> [EC2Instance] {
        root.items("reservationSet").flatMap { reservation in
            let id = reservation.string("reservationId") ?? ""
            return reservation.items("instancesSet").map { EC2Instance(item: $0, reservationID: id) }
        }
    }
}

/// EC2's `tagSet/item/key|value`.
enum EC2Tags {
    static func decode(_ item: XMLTree) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in item.items("tagSet") {
            if let key = tag.string("key") { tags[key] = tag.child("value")?.text ?? "" }
        }
        return tags
    }
}

/// EC2's timestamps: ISO 8601 with or without fractional seconds.
enum EC2Date {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
