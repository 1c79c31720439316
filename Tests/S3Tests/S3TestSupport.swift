import AWSCore
import Foundation
import Logging
import S3
import TestSupport

/// The fixed credentials of the unit tests, and clients over a scripted transport or moto.
enum S3Fixture {
    static let secret = "s3-test-secret-never-printed"
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    static func configuration(
        endpoint: String? = nil, style: S3AddressingStyle? = nil, key: String = "AKIDS3TEST", secret: String = S3Fixture.secret,
        region: String = "us-east-1"
    ) throws -> AWSConfiguration {
        try AWSConfiguration(
            credentials: .init(accessKeyID: key, secretAccessKey: secret), region: region, retryBaseDelay: 0.001,
            s3Endpoint: endpoint.flatMap(URL.init(string:)), s3AddressingStyle: style)
    }

    /// A client over `transport`, sleeping not at all, at a fixed clock.
    static func client(_ transport: ScriptedTransport, style: S3AddressingStyle = .path, logger: Logger = Logger(label: "test")) throws -> S3Client {
        S3Client(
            configuration: try configuration(endpoint: "http://127.0.0.1:9000", style: style), transport: transport,
            rateLimiter: SharedRateLimiter(clock: { 0 }), logger: logger, sleep: { _ in }, now: { date })
    }

    /// A client on `moto` (path-style, its endpoint), with the key moto knows.
    static func client(_ moto: MotoServer, logger: Logger = Logger(label: "test")) throws -> S3Client {
        let configuration = try AWSConfiguration.resolve(environment: moto.environment, homeDirectory: "/nonexistent")
        return S3Client(configuration: configuration, rateLimiter: SharedRateLimiter(), logger: logger)
    }
}
