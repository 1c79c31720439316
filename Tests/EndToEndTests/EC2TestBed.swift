import Foundation
import TestSupport
import XCTest

/// ess against a real moto_server, with a subnet of ours whose addresses lead to a bridge on this
/// machine (never another machine): what the ec2 end-to-end and chaos tests set up.
final class EC2TestBed {
    let ess: EssHarness
    let moto: MotoServer
    let network: NamespaceHosts
    let subnet: String

    /// Skips the test when moto or root (for `ip netns`) is missing. `authentication` is moto's
    /// (`.verifying`: an IAM user's key, every signature checked, as EC2 does).
    init(_ label: String, authentication: MotoServer.Authentication = .off, environment extra: [String: String] = [:]) throws {
        try XCTSkipUnless(MotoServer.isInstalled, "moto[server] is not installed; Scripts/setup installs it")
        try XCTSkipUnless(NamespaceHosts.isSupported, "the ec2 tests need root for ip netns")
        ess = EssHarness(label)
        moto = try MotoServer(folder: ess.root, authentication: authentication)
        network = NamespaceHosts(folder: ess.root + "/hosts")
        do {
            try network.up()
        } catch {
            moto.stop()
            throw error
        }
        subnet = moto.makeSubnet(cidr: network.cidr)
        XCTAssertTrue(subnet.hasPrefix("subnet-"), subnet)
        ess.environment = moto.environment.merging([
            "ESS_EC2_SUBNET": subnet, "ESS_SSH_CIDR": "127.0.0.1/32", "ESS_SSH_ADDRESS": "private",
        ].merging(extra) { _, new in new }) { _, new in new }
    }

    /// Terminates what is left, stops every host and moto, removes the scratch folder.
    func tearDown() {
        ess.run(["cluster", "terminate", "--all", "-y"], timeout: 120)
        network.stopAll()
        moto.stop()
        try? FileManager.default.removeItem(atPath: ess.root)
    }
}
