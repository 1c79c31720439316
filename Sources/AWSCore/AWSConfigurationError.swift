/// Why no usable AWS configuration could be put together. Each case carries where it looked
/// or which setting is wrong; `description` names files and AWS's own variables, never a
/// secret value, and nothing of the application (its flags are the application's to add).
public enum AWSConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing found anywhere; `looked` lists the places, in order.
    case missingCredentials(profile: String, looked: [String])
    /// `AWS_ACCESS_KEY_ID` without `AWS_SECRET_ACCESS_KEY`.
    case incompleteEnvironmentCredentials
    /// A profile with an access key id and no secret.
    case incompleteProfile(profile: String, path: String)
    /// `AWS_PROFILE` names a profile in neither file.
    case profileNotFound(profile: String, credentialsPath: String, configPath: String)
    /// A config or credentials file that exists but cannot be read.
    case unreadableFile(path: String)
    /// The access key CSV given by the caller cannot be read.
    case unreadableCredentialsCSV(path: String)
    /// The access key CSV is not the IAM console's access key file.
    case invalidCredentialsCSV(path: String, problem: String)
    case missingRegion(profile: String, configPath: String)
    case invalidRegion(name: String, source: String)
    case invalidEndpoint(variable: String, value: String)
    /// The profile's `s3 = addressing_style = …` is not `path`, `virtual` or `auto`.
    case invalidAddressingStyle(value: String, source: String)
    /// `source`: `AWS_MAX_ATTEMPTS` or the profile setting.
    case invalidMaxAttempts(value: String, source: String)
    case invalidRetryMode(value: String, source: String)
    case invalidRetryBase(value: String)

    static let csvShape = "a header `User Name,Access Key Id,Secret Access Key` as the IAM console writes it"

    public var description: String {
        switch self {
        case .missingCredentials(_, let looked):
            return "no AWS credentials found; looked in \(looked.joined(separator: ", ")). Set AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY, run `aws configure`, or set AWS_PROFILE"
        case .incompleteEnvironmentCredentials:
            return "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or neither to use a profile"
        case .incompleteProfile(let profile, let path):
            return "profile `\(profile)` in \(path) has aws_access_key_id but no aws_secret_access_key; add it"
        case .profileNotFound(let profile, let credentialsPath, let configPath):
            return "AWS_PROFILE names the profile `\(profile)`, which is in neither \(credentialsPath) nor \(configPath); "
                + "add it (e.g. with `aws configure --profile \(profile)`) or unset AWS_PROFILE"
        case .unreadableFile(let path):
            return "cannot read \(path); check its permissions"
        case .unreadableCredentialsCSV(let path):
            return "cannot read the credentials file \(path)"
        case .invalidCredentialsCSV(let path, let problem):
            return "the credentials file \(path) \(problem); expected \(Self.csvShape) and a row with the key"
        case .missingRegion(let profile, let configPath):
            return "no AWS region set; set AWS_REGION (e.g. us-east-1), or `region` for profile `\(profile)` in \(configPath)"
        case .invalidRegion(let name, let source):
            return "`\(name)` (from \(source)) is not an AWS region name; use one like us-east-1, eu-west-3 or us-gov-west-1"
        case .invalidEndpoint(let variable, let value):
            return "\(variable) is `\(value)`, which is not an http:// or https:// URL; set it like http://127.0.0.1:5000"
        case .invalidAddressingStyle(let value, let source):
            return "\(source) is `\(value.prefix(40))`; set it to `path`, `virtual` or `auto`, or remove it"
        case .invalidMaxAttempts(let value, let source):
            return "\(source) is `\(value.prefix(40))`; set it to a whole number of 1 or more, or unset it for ess's default budgets"
        case .invalidRetryMode(let value, let source):
            return "\(source) is `\(value.prefix(40))`; set it to `standard` or `adaptive` (the default), or unset it"
        case .invalidRetryBase(let value):
            return "ESS_RETRY_BASE_SECONDS is `\(value.prefix(40))`; set it to a number of seconds from 0 to 60, or unset it for the default 1"
        }
    }
}
