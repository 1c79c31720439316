import AWSCore
import Foundation
import TestSupport
import XCTest

/// S3's endpoint and addressing style, resolved with the rest of the AWS configuration.
final class S3ConfigurationTests: XCTestCase {
    var home: TemporaryDirectory!

    override func setUp() {
        home = TemporaryDirectory("ess-s3-config")
    }

    override func tearDown() {
        home.remove()
    }

    let keys = ["AWS_ACCESS_KEY_ID": "AKIDCONF", "AWS_SECRET_ACCESS_KEY": "conf-secret", "AWS_REGION": "eu-west-3"]

    func writeConfig(_ text: String) throws {
        try FileManager.default.createDirectory(atPath: home.path + "/.aws", withIntermediateDirectories: true)
        try text.write(toFile: home.path + "/.aws/config", atomically: true, encoding: .utf8)
    }

    func testDefaultIsAWSsRegionalEndpointVirtualHosted() throws {
        let configuration = try AWSConfiguration.resolve(environment: keys, homeDirectory: home.path)
        XCTAssertEqual(configuration.s3Endpoint.absoluteString, "https://s3.eu-west-3.amazonaws.com")
        XCTAssertEqual(configuration.s3AddressingStyle, .virtualHosted)
        XCTAssertEqual(configuration.endpoint.absoluteString, "https://ec2.eu-west-3.amazonaws.com")
    }

    func testTheS3VariableComesBeforeTheGeneralOneAndMeansPathStyle() throws {
        var environment = keys
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000"
        let general = try AWSConfiguration.resolve(environment: environment, homeDirectory: home.path)
        XCTAssertEqual(general.s3Endpoint.absoluteString, "http://127.0.0.1:5000")
        XCTAssertEqual(general.s3AddressingStyle, .path)
        environment["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:9000"
        environment["AWS_ENDPOINT_URL_EC2"] = "http://127.0.0.1:7000"
        let both = try AWSConfiguration.resolve(environment: environment, homeDirectory: home.path)
        XCTAssertEqual(both.s3Endpoint.absoluteString, "http://127.0.0.1:9000")
        XCTAssertEqual(both.endpoint.absoluteString, "http://127.0.0.1:7000")
        XCTAssertEqual(both.s3AddressingStyle, .path)
        environment["AWS_ENDPOINT_URL_S3"] = "127.0.0.1:9000"
        XCTAssertThrowsError(try AWSConfiguration.resolve(environment: environment, homeDirectory: home.path)) { error in
            XCTAssertEqual(error as? AWSConfigurationError, .invalidEndpoint(variable: "AWS_ENDPOINT_URL_S3", value: "127.0.0.1:9000"))
        }
    }

    func testTheProfilesNestedS3SectionAsksForPathStyle() throws {
        try writeConfig("""
            [default]
            region = us-east-1
            s3 =
                addressing_style = path
                max_concurrent_requests = 20
            retry_mode = standard

            [profile other]
            s3 =
              addressing_style = virtual
            """)
        var environment = keys
        environment["AWS_REGION"] = nil
        let configuration = try AWSConfiguration.resolve(environment: environment, homeDirectory: home.path)
        XCTAssertEqual(configuration.s3AddressingStyle, .path)
        XCTAssertEqual(configuration.s3Endpoint.absoluteString, "https://s3.us-east-1.amazonaws.com")
        XCTAssertEqual(configuration.retryMode, .standard, "the keys after the nested section are the profile's again")
        environment["AWS_PROFILE"] = "other"
        environment["AWS_REGION"] = "us-east-1"
        XCTAssertEqual(try AWSConfiguration.resolve(environment: environment, homeDirectory: home.path).s3AddressingStyle, .virtualHosted)
    }

    func testNestedSectionsAreReadApartFromTheProfilesKeys() {
        let file = AWSProfileFile(text: "[profile p]\ns3 =\n  addressing_style = path\n\tregion = inner\nregion = outer\n", isConfig: true)
        XCTAssertEqual(file.sections["p"], ["s3": "", "region": "outer"])
        XCTAssertEqual(file.nested["p"]?["s3"], ["addressing_style": "path", "region": "inner"])
    }

    func testAnUnknownAddressingStyleIsNamed() throws {
        try writeConfig("[default]\ns3 =\n  addressing_style = sideways\n")
        XCTAssertThrowsError(try AWSConfiguration.resolve(environment: keys, homeDirectory: home.path)) { error in
            XCTAssertEqual("\(error)", "`s3.addressing_style` of profile `default` in \(self.home.path)/.aws/config is `sideways`; set it to `path`, `virtual` or `auto`, or remove it")
        }
    }
}
