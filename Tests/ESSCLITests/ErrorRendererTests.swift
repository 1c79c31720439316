import AWSCore
import EC2
@testable import ESSCLI
import ESSCore
@testable import ESSMaster
import Foundation
import JobModel
import Jobs
import Providers
import SSH
import XCTest

/// The CLI words what the libraries report as facts.
final class ErrorRendererTests: XCTestCase {
    func testSSHFailuresGetAdviceNamingEssCommands() {
        let refused = SSHError(kind: .connectionRefused, target: "root@127.0.0.5:22", detail: "")
        XCTAssertEqual(
            ErrorRenderer.message(for: refused as any Error),
            "root@127.0.0.5:22 refused the connection; the node may still be booting, or sshd is not running (check `ess cluster status`)")
        let changed = SSHError(kind: .hostKeyMismatch(expected: "SHA256:a", actual: "SHA256:b"), target: "root@n:22", detail: "")
        XCTAssertTrue(ErrorRenderer.message(for: changed as any Error).hasSuffix("(`ess cluster remove`, then `ess cluster add`)"))
        let rejected = SSHError(kind: .authenticationFailed, target: "root@n:22", detail: "denied")
        XCTAssertTrue(ErrorRenderer.message(for: rejected as any Error).contains("`user` in .conf/reservation.json"))
        XCTAssertEqual(ErrorRenderer.rendered(refused)?.code, 1)
    }

    func testAWSConfigurationAdviceAddsTheCredentialsFlag() {
        let missing = AWSConfigurationError.missingCredentials(profile: "default", looked: ["the environment"])
        let text = ErrorRenderer.message(for: missing as any Error)
        XCTAssertTrue(text.contains("AWS_ACCESS_KEY_ID"), text)
        XCTAssertTrue(text.hasSuffix("or pass --credentials FILE (the access key CSV the IAM console downloads)"), text)
        XCTAssertFalse("\(missing)".contains("--credentials"), "the library names no ess flag")
        XCTAssertEqual(ErrorRenderer.rendered(missing)?.code, 64)
    }

    func testCallerAddressFailureSaysHowToSetTheCIDR() {
        let error = CallerAddress.LookupError(host: "checkip.amazonaws.com", status: 503, detail: nil)
        XCTAssertEqual(
            ErrorRenderer.message(for: error as any Error),
            "could not find this machine's public address (checkip.amazonaws.com answered HTTP 503); set the CIDR allowed to SSH with --ssh-cidr or ESS_SSH_CIDR (e.g. 203.0.113.7/32)")
    }

    func testESSErrorsKeepTheirSentenceAndCode() {
        let error = ESSError(.busy, "another ess holds the lock")
        XCTAssertEqual(ErrorRenderer.rendered(error)?.message, "another ess holds the lock")
        XCTAssertEqual(ErrorRenderer.rendered(error)?.code, 75)
        XCTAssertNil(ErrorRenderer.rendered(CocoaError(.fileNoSuchFile)))
        XCTAssertEqual(ErrorRenderer.message(for: CocoaError(.fileNoSuchFile)), "\(CocoaError(.fileNoSuchFile))", "no fact: its description")
    }

    func testEveryKindHasTheCodeTheREADMEDocuments() {
        let table: [(FailureKind, Int32)] = [
            (.failure, 1), (.usage, 64), (.badFile, 65), (.unavailable, 69), (.busy, 75), (.permission, 77), (.interrupted, 130),
        ]
        for (kind, code) in table { XCTAssertEqual(kind.code, code, "\(kind)") }
    }

    func testTheMastersWorkerSourceReportsFactsInWords() throws {
        let spec = try JobSpecParser.parse(Data(#"{"name": "n", "command": "true", "inputs": {"range": {"start": 1, "end": 2}}}"#.utf8))
        let key = KeyFileError.tooOpen(path: "/k.pem", mode: 0o644)
        let worded = { (error: any Error) in WordedWorkerSource(source: FailingSource(error: error), describe: ErrorRenderer.message(for:)) }
        XCTAssertThrowsError(try worded(key).connect(exID: 1, spec: spec)) { error in
            XCTAssertEqual("\(error)", ErrorRenderer.message(for: key), "the master records the error's text as the execution's reason")
        }
        let other = CocoaError(.fileNoSuchFile)
        XCTAssertThrowsError(try worded(other).inventory()) { error in
            XCTAssertEqual("\(error)", "\(other)", "what no fact describes keeps its description")
        }
    }

    func testCipherAndMACPreferencesComeFromTheEnvironment() {
        let options = CommonOptions.sshOptions(environment: ["ESS_SSH_CIPHERS": "aes256-ctr, aes128-ctr", "ESS_SSH_MACS": "hmac-sha1"])
        XCTAssertEqual(options.preferredCiphers, ["aes256-ctr", "aes128-ctr"])
        XCTAssertEqual(options.preferredMACs, ["hmac-sha1"])
        XCTAssertEqual(CommonOptions.sshOptions(environment: [:]).preferredCiphers, [])
    }
}

/// A worker source that fails with a given error.
struct FailingSource: WorkerSource {
    let error: any Error

    func connect(exID: Int64, spec: JobSpec) throws -> [any WorkerLink] { throw error }
    func inventory() throws -> [WorkerNode] { throw error }
}
