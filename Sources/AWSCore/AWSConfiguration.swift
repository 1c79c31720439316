import AWSSigV4
import Foundation
import HTTPClient

/// Everything needed to talk to EC2 and S3: credentials, region, endpoints, S3's addressing
/// style, retry attempts and the proxy, found the way the AWS CLI finds them (see `resolve`).
///
/// `description` names where the credentials came from and the access key id, never the
/// secret or the session token.
public struct AWSConfiguration: Sendable, CustomStringConvertible {
    public var credentials: SigV4Credentials
    /// Where the credentials came from, for messages: `the environment`, `profile default in …`.
    public var credentialSource: String
    public var region: String
    /// EC2's endpoint.
    public var endpoint: URL
    /// S3's endpoint.
    public var s3Endpoint: URL
    /// Path-style when an endpoint variable set `s3Endpoint` or the profile asks for it.
    public var s3AddressingStyle: S3AddressingStyle
    /// `AWS_MAX_ATTEMPTS` or the profile's `max_attempts`: every attempt of a call, throttled or
    /// not. Nil when neither is set: `RetryPolicy`'s own budgets apply (3, and 25 for throttling).
    public var maxAttempts: Int?
    /// `AWS_RETRY_MODE` or the profile's `retry_mode`, default `RetryMode.default` (adaptive).
    public var retryMode: RetryMode
    /// The base of the retry backoff in seconds, default 1 (the SDKs'). `ESS_RETRY_BASE_SECONDS`
    /// sets it: a test and tuning knob (chaos tests make it small); the 20 s cap stays. The
    /// adaptive rate limiter's waits scale with it (see `SharedRateLimiter`).
    public var retryBaseDelay: Double
    public var proxy: ProxySettings

    public init(
        credentials: SigV4Credentials, credentialSource: String = "the caller", region: String, endpoint: URL? = nil,
        maxAttempts: Int? = nil, retryMode: RetryMode = .default, retryBaseDelay: Double = 1, proxy: ProxySettings = ProxySettings(),
        s3Endpoint: URL? = nil, s3AddressingStyle: S3AddressingStyle? = nil
    ) throws {
        try AWSRegion.validate(region, source: "the configuration")
        self.credentials = credentials
        self.credentialSource = credentialSource
        self.region = region
        self.endpoint = endpoint ?? Self.defaultEndpoint(region: region)
        self.s3Endpoint = s3Endpoint ?? Self.defaultS3Endpoint(region: region)
        self.s3AddressingStyle = s3AddressingStyle ?? (s3Endpoint == nil ? .virtualHosted : .path)
        self.maxAttempts = maxAttempts
        self.retryMode = retryMode
        self.retryBaseDelay = retryBaseDelay
        self.proxy = proxy
    }

    public static func defaultEndpoint(region: String) -> URL {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return URL(string: "https://ec2.\(region).\(suffix)")!
    }

    public var description: String {
        "EC2 in \(region) at \(endpoint.absoluteString) with \(credentials) from \(credentialSource)"
    }

    /// Resolves a configuration from an environment and a home directory (both injected, so
    /// tests control them):
    /// - credentials: `credentialsCSV` (Essentia's `--credentials FILE`) when given; else
    ///   `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`; else the profile
    ///   `AWS_PROFILE` (default `default`) in `AWS_SHARED_CREDENTIALS_FILE` (`~/.aws/credentials`),
    ///   then in `AWS_CONFIG_FILE` (`~/.aws/config`);
    /// - region: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`;
    /// - endpoint: `AWS_ENDPOINT_URL_EC2`, `AWS_ENDPOINT_URL`, else `https://ec2.REGION.amazonaws.com`;
    /// - S3: `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL` (path-style), else `https://s3.REGION.amazonaws.com`,
    ///   path-style when the profile's nested `s3` section says `addressing_style = path`;
    /// - retries: `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE`, else the profile's `max_attempts` and
    ///   `retry_mode` (as the AWS CLI reads them); `ESS_RETRY_BASE_SECONDS`;
    /// - the proxy variables.
    public static func resolve(environment: [String: String], homeDirectory: String, credentialsCSV: String? = nil) throws -> AWSConfiguration {
        func env(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        let profileName = env("AWS_PROFILE") ?? env("AWS_DEFAULT_PROFILE") ?? "default"
        let home = homeDirectory.hasSuffix("/") ? String(homeDirectory.dropLast()) : homeDirectory
        let credentialsPath = env("AWS_SHARED_CREDENTIALS_FILE") ?? "\(home)/.aws/credentials"
        let configPath = env("AWS_CONFIG_FILE") ?? "\(home)/.aws/config"
        let credentialsFile = try AWSProfileFile.load(credentialsPath, isConfig: false)
        let configFile = try AWSProfileFile.load(configPath, isConfig: true)
        let fromCredentials = credentialsFile?.sections[profileName]
        let fromConfig = configFile?.sections[profileName]
        if env("AWS_PROFILE") != nil && fromCredentials == nil && fromConfig == nil {
            throw AWSConfigurationError.profileNotFound(profile: profileName, credentialsPath: credentialsPath, configPath: configPath)
        }

        let credentials: SigV4Credentials
        let source: String
        if let csv = credentialsCSV {
            credentials = try CredentialsCSV.load(csv)
            source = "the credentials file \(csv)"
        } else if let key = env("AWS_ACCESS_KEY_ID") {
            guard let secret = env("AWS_SECRET_ACCESS_KEY") else {
                throw AWSConfigurationError.incompleteEnvironmentCredentials
            }
            credentials = SigV4Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: env("AWS_SESSION_TOKEN"))
            source = "the environment"
        } else if let found = try profileCredentials(fromCredentials, path: credentialsPath, profile: profileName)
            ?? profileCredentials(fromConfig, path: configPath, profile: profileName)
        {
            (credentials, source) = found
        } else {
            let looked = [
                "the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)",
                "profile `\(profileName)` in \(credentialsPath)" + (credentialsFile == nil ? " (no such file)" : ""),
                "and in \(configPath)" + (configFile == nil ? " (no such file)" : ""),
            ]
            throw AWSConfigurationError.missingCredentials(profile: profileName, looked: looked)
        }

        let region: String
        if let value = env("AWS_REGION") {
            try AWSRegion.validate(value, source: "AWS_REGION")
            region = value
        } else if let value = env("AWS_DEFAULT_REGION") {
            try AWSRegion.validate(value, source: "AWS_DEFAULT_REGION")
            region = value
        } else if let value = fromConfig?["region"], !value.isEmpty {
            try AWSRegion.validate(value, source: "profile `\(profileName)` in \(configPath)")
            region = value
        } else {
            throw AWSConfigurationError.missingRegion(profile: profileName, configPath: configPath)
        }

        let endpoint = try Self.endpoint(["AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL"], in: env)?.0
        let s3 = try resolveS3(
            env: env, nested: configFile?.nested[profileName]?["s3"], profile: profileName, configPath: configPath, region: region)

        // The variable, else the profile's key (trimmed, non-empty), with where it came from.
        func setting(_ variable: String, orProfile key: String) -> (String, String)? {
            if let value = env(variable) { return (value, variable) }
            guard let value = fromConfig?[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return (value, "`\(key)` of profile `\(profileName)` in \(configPath)")
        }
        var attempts: Int?
        if case let (value, source)? = setting("AWS_MAX_ATTEMPTS", orProfile: "max_attempts") {
            guard let number = Int(value), number >= 1 else {
                throw AWSConfigurationError.invalidMaxAttempts(value: value, source: source)
            }
            attempts = number
        }
        var mode = RetryMode.default
        if case let (value, source)? = setting("AWS_RETRY_MODE", orProfile: "retry_mode") {
            guard let parsed = RetryMode(setting: value) else {
                throw AWSConfigurationError.invalidRetryMode(value: value, source: source)
            }
            mode = parsed
        }
        var base = 1.0
        if let value = env("ESS_RETRY_BASE_SECONDS") {
            guard let number = Double(value), number >= 0, number <= 60 else {
                throw AWSConfigurationError.invalidRetryBase(value: value)
            }
            base = number
        }
        return try AWSConfiguration(
            credentials: credentials, credentialSource: source, region: region, endpoint: endpoint, maxAttempts: attempts,
            retryMode: mode, retryBaseDelay: base, proxy: ProxySettings(environment: environment), s3Endpoint: s3.endpoint,
            s3AddressingStyle: s3.style)
    }

    private static func profileCredentials(_ section: [String: String]?, path: String, profile: String) throws -> (SigV4Credentials, String)? {
        guard let section, let key = section["aws_access_key_id"], !key.isEmpty else { return nil }
        guard let secret = section["aws_secret_access_key"], !secret.isEmpty else {
            throw AWSConfigurationError.incompleteProfile(profile: profile, path: path)
        }
        let token = section["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
        return (SigV4Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token), "profile `\(profile)` in \(path)")
    }
}
