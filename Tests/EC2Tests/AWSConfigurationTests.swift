import AWSCore
import EC2
import Foundation
import XCTest

final class AWSConfigurationTests: XCTestCase {
    var home: String!
    let secret = "SECRETsecretSECRETsecret1234567890abcdef"
    let token = "TOKENtokenTOKENtoken"

    override func setUpWithError() throws {
        home = NSTemporaryDirectory() + "ess-aws-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: home)
    }

    func write(_ text: String, _ relative: String) throws -> String {
        let path = home + "/" + relative
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func resolve(_ environment: [String: String], csv: String? = nil) throws -> AWSConfiguration {
        try AWSConfiguration.resolve(environment: environment, homeDirectory: home, credentialsCSV: csv)
    }

    /// Resolves and expects a failure whose text does not show `secret` or `token`.
    func failure(_ environment: [String: String], csv: String? = nil) -> AWSConfigurationError? {
        do {
            _ = try resolve(environment, csv: csv)
            XCTFail("expected an error")
            return nil
        } catch let error as AWSConfigurationError {
            XCTAssertFalse("\(error)".contains(secret))
            XCTAssertFalse("\(error)".contains(token))
            return error
        } catch {
            XCTFail("\(error)")
            return nil
        }
    }

    func testEnvironment() throws {
        let config = try resolve([
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": token, "AWS_REGION": "eu-west-3",
        ])
        XCTAssertEqual(config.credentials.accessKeyID, "AKIAENV")
        XCTAssertEqual(config.credentials.secretAccessKey, secret)
        XCTAssertEqual(config.credentials.sessionToken, token)
        XCTAssertEqual(config.region, "eu-west-3")
        XCTAssertEqual(config.endpoint.absoluteString, "https://ec2.eu-west-3.amazonaws.com")
        XCTAssertNil(config.maxAttempts, "unset: ess's own budgets")
        XCTAssertEqual(config.retryMode, .adaptive)
        XCTAssertEqual(config.credentialSource, "the environment")
        XCTAssertFalse("\(config)".contains(secret))
        XCTAssertFalse("\(config)".contains(token))
        XCTAssertFalse(String(reflecting: config.credentials).contains(secret))
    }

    func testProfileFilesRegionAndPrecedence() throws {
        _ = try write("[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = \(secret)\n\n[work]\naws_access_key_id=AKIAWORK\naws_secret_access_key=\(secret)\naws_session_token=\(token)\n", ".aws/credentials")
        _ = try write("[default]\nregion = us-west-2\n[profile work]\nregion = us-gov-west-1\n[sso-session x]\nregion = eu-west-1\n", ".aws/config")
        let plain = try resolve([:])
        XCTAssertEqual(plain.credentials.accessKeyID, "AKIADEFAULT")
        XCTAssertEqual(plain.region, "us-west-2")
        XCTAssertEqual(plain.credentialSource, "profile `default` in \(home!)/.aws/credentials")

        let work = try resolve(["AWS_PROFILE": "work"])
        XCTAssertEqual(work.credentials.accessKeyID, "AKIAWORK")
        XCTAssertEqual(work.credentials.sessionToken, token)
        XCTAssertEqual(work.region, "us-gov-west-1")

        // The environment wins over the profile; AWS_REGION over AWS_DEFAULT_REGION over the file.
        let env = try resolve(["AWS_PROFILE": "work", "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": secret, "AWS_DEFAULT_REGION": "ap-southeast-2"])
        XCTAssertEqual(env.credentials.accessKeyID, "AKIAENV")
        XCTAssertEqual(env.region, "ap-southeast-2")
        XCTAssertEqual(try resolve(["AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "ap-southeast-2"]).region, "eu-central-1")

        // Files named by the environment.
        let credentials = try write("[default]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = \(secret)\n", "other-credentials")
        let config = try write("[default]\nregion = sa-east-1\n", "other-config")
        let moved = try resolve(["AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_CONFIG_FILE": config])
        XCTAssertEqual(moved.credentials.accessKeyID, "AKIAOTHER")
        XCTAssertEqual(moved.region, "sa-east-1")
    }

    func testCredentialsInConfigFile() throws {
        _ = try write("[profile cfg]\nregion = us-east-2\naws_access_key_id = AKIACFG\naws_secret_access_key = \(secret)\n", ".aws/config")
        let config = try resolve(["AWS_PROFILE": "cfg"])
        XCTAssertEqual(config.credentials.accessKeyID, "AKIACFG")
        XCTAssertEqual(config.region, "us-east-2")
    }

    func testEndpointAndAttempts() throws {
        let base = ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": secret, "AWS_REGION": "us-east-1"]
        XCTAssertEqual(try resolve(base.merging(["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"]) { $1 }).endpoint.absoluteString, "http://127.0.0.1:5000")
        XCTAssertEqual(
            try resolve(base.merging(["AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_EC2": "http://127.0.0.1:6000"]) { $1 })
                .endpoint.absoluteString, "http://127.0.0.1:6000")
        XCTAssertEqual(try resolve(base.merging(["AWS_MAX_ATTEMPTS": "5"]) { $1 }).maxAttempts, 5)
        XCTAssertEqual(failure(base.merging(["AWS_MAX_ATTEMPTS": "zero"]) { $1 }), .invalidMaxAttempts(value: "zero", source: "AWS_MAX_ATTEMPTS"))
        XCTAssertEqual(failure(base.merging(["AWS_ENDPOINT_URL": "localhost:5000"]) { $1 }), .invalidEndpoint(variable: "AWS_ENDPOINT_URL", value: "localhost:5000"))
        let proxied = try resolve(base.merging(["HTTPS_PROXY": "http://127.0.0.1:3128", "no_proxy": "127.0.0.1"]) { $1 })
        XCTAssertEqual(proxied.proxy.httpsProxy, "http://127.0.0.1:3128")
        XCTAssertEqual(proxied.proxy.noProxy, "127.0.0.1")
    }

    /// `AWS_MAX_ATTEMPTS`/`AWS_RETRY_MODE`, else the profile's `max_attempts`/`retry_mode`.
    func testRetrySettingsFromTheEnvironmentAndTheProfile() throws {
        _ = try write("[default]\naws_access_key_id = AKIA\naws_secret_access_key = \(secret)\n", ".aws/credentials")
        let configPath = try write("[default]\nregion = us-east-1\nmax_attempts = 7\nretry_mode = standard\n[profile odd]\nregion = us-east-1\nretry_mode = hasty\n", ".aws/config")
        let profile = try resolve([:])
        XCTAssertEqual(profile.maxAttempts, 7)
        XCTAssertEqual(profile.retryMode, .standard)
        let env = try resolve(["AWS_MAX_ATTEMPTS": "12", "AWS_RETRY_MODE": "adaptive"])
        XCTAssertEqual(env.maxAttempts, 12)
        XCTAssertEqual(env.retryMode, .adaptive)
        XCTAssertEqual(try resolve(["AWS_RETRY_MODE": "legacy"]).retryMode, .standard, "legacy is read as standard")
        XCTAssertEqual(failure(["AWS_RETRY_MODE": "fast"]), .invalidRetryMode(value: "fast", source: "AWS_RETRY_MODE"))
        XCTAssertEqual(
            failure(["AWS_PROFILE": "odd", "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": secret]),
            .invalidRetryMode(value: "hasty", source: "`retry_mode` of profile `odd` in \(configPath)"))
        XCTAssertTrue("\(AWSConfigurationError.invalidRetryMode(value: "fast", source: "AWS_RETRY_MODE"))".contains("`standard` or `adaptive`"))
    }

    func testCredentialsCSV() throws {
        let csv = try write("\u{FEFF}User Name,Password,Access Key Id,Secret Access Key,Console login link\ness-user,,AKIACSV,\(secret),https://example\n", "keys.csv")
        let config = try resolve(["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "other"], csv: csv)
        XCTAssertEqual(config.credentials.accessKeyID, "AKIACSV")
        XCTAssertEqual(config.credentials.secretAccessKey, secret)
        XCTAssertEqual(config.credentialSource, "the credentials file \(csv)")
        // The newer console download: no user name, other capitalisation, quoted fields.
        let newer = try write("Access key ID,Secret access key\r\n\"AKIANEW\",\"\(secret)\"\r\n", "new.csv")
        XCTAssertEqual(try resolve(["AWS_REGION": "us-east-1"], csv: newer).credentials.accessKeyID, "AKIANEW")

        let bad = try write("name,key\nx,\(secret)\n", "bad.csv")
        let error = failure(["AWS_REGION": "us-east-1"], csv: bad)
        guard case .invalidCredentialsCSV(bad, _) = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertTrue("\(error!)".contains("Access Key Id"))
        XCTAssertEqual(failure(["AWS_REGION": "us-east-1"], csv: home + "/missing.csv"), .unreadableCredentialsCSV(path: home + "/missing.csv"))
        let headerOnly = try write("User Name,Access Key Id,Secret Access Key\n", "empty.csv")
        guard case .invalidCredentialsCSV(headerOnly, _) = failure(["AWS_REGION": "us-east-1"], csv: headerOnly) else { return XCTFail() }
    }

    func testMissingCredentialsSaysWhereItLookedAndWhatToSet() throws {
        let error = try XCTUnwrap(failure(["AWS_REGION": "us-east-1"]))
        guard case .missingCredentials(profile: "default", _) = error else { return XCTFail("\(error)") }
        for part in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "\(home!)/.aws/credentials", "\(home!)/.aws/config", "aws configure"] {
            XCTAssertTrue("\(error)".contains(part), part)
        }
    }

    func testIncompleteAndUnknownProfile() throws {
        XCTAssertEqual(failure(["AWS_ACCESS_KEY_ID": "AKIA", "AWS_REGION": "us-east-1"]), .incompleteEnvironmentCredentials)
        XCTAssertEqual(
            failure(["AWS_PROFILE": "nosuch", "AWS_REGION": "us-east-1"]),
            .profileNotFound(profile: "nosuch", credentialsPath: home + "/.aws/credentials", configPath: home + "/.aws/config"))
        _ = try write("[default]\naws_access_key_id = AKIA\n", ".aws/credentials")
        XCTAssertEqual(failure(["AWS_REGION": "us-east-1"]), .incompleteProfile(profile: "default", path: home + "/.aws/credentials"))
    }

    func testRegions() throws {
        for name in ["us-east-1", "eu-west-3", "us-gov-west-1", "ap-southeast-4", "cn-north-1", "il-central-1"] {
            XCTAssertTrue(AWSRegion.isValid(name), name)
        }
        for name in ["", "us-east", "US-EAST-1", "moon-1", "us_east_1", "us-east-1a", "useast1", "us--1", "xx-yy-zz-1"] {
            XCTAssertFalse(AWSRegion.isValid(name), name)
        }
        let base = ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": secret]
        let error = failure(base.merging(["AWS_REGION": "mars-north-1a"]) { $1 })
        XCTAssertEqual(error, .invalidRegion(name: "mars-north-1a", source: "AWS_REGION"))
        XCTAssertTrue("\(error!)".contains("us-east-1"))
        let missing = failure(base)
        XCTAssertEqual(missing, .missingRegion(profile: "default", configPath: home + "/.aws/config"))
        XCTAssertTrue("\(missing!)".contains("AWS_REGION"))
    }
}
