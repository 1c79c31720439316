import AWSCore
import EC2
import Foundation
import HTTPClient
import Logging
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The XML files captured from moto 5.2.1 (see Fixtures/capture_moto.py).
enum Fixture {
    static func data(_ name: String, file: StaticString = #filePath) -> Data {
        let folder = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Fixtures")
        return (try? Data(contentsOf: folder.appendingPathComponent("\(name).xml"))) ?? Data()
    }

    static func tree(_ name: String) -> XMLTree? { XMLTree.parse(data(name)) }
}

/// EC2's answers for a `ScriptedTransport`.
extension ScriptedTransport {
    static func errorDocument(_ code: String, _ message: String = "message") -> Data {
        Data("<Response><Errors><Error><Code>\(code)</Code><Message>\(message)</Message></Error></Errors><RequestID>req-1</RequestID></Response>".utf8)
    }

    static let connectFailure = HTTPTransportError(kind: .connect, url: "http://127.0.0.1:9/", detail: "Connection refused", code: 7)
}

/// Records the delays a test's code asked to sleep, without sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var delays: [Double] = []

    var recorded: [Double] { lock.withLock { delays } }

    func sleep(_ seconds: Double) {
        lock.withLock { delays.append(seconds) }
    }
}

enum TestConfig {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    static func configuration(endpoint: String = "http://127.0.0.1:1", key: String = "AKIDTESTEXAMPLE") throws -> AWSConfiguration {
        try AWSConfiguration.resolve(
            environment: [
                "AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret, "AWS_REGION": "us-east-1",
                "AWS_ENDPOINT_URL": endpoint,
            ],
            homeDirectory: "/nonexistent")
    }

    static var logger: Logger {
        var logger = Logger(label: "ess.ec2.tests")
        logger.logLevel = .critical
        return logger
    }
}
