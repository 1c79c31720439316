import AWSCore
import ClusterModel
import EC2
import ESSCore
import Foundation
import Logging
import Platform
import Providers

/// What making a provider may need from this run.
struct ProviderContext: Sendable {
    var localRoot: String
    /// The user running `ess`: the local provider's nodes run and log in as it.
    var localUser: String
    var environment: [String: String]
    /// `--credentials FILE` (ec2).
    var credentialsFile: String?
    var logger: Logger
    /// Raised by Ctrl-C in the commands that trap it; the ec2 provider's waits watch it.
    var cancellation: CancellationFlag? = nil
}

/// Knows every provider; the only place that names them.
enum ProviderCatalog {
    /// Provider settings this run gives through the environment, by their reservation.json names.
    static let settingVariables = ["ESS_EC2_IMAGE": "image_id", "ESS_EC2_SUBNET": "subnet_id", "ESS_SSH_CIDR": "ssh_cidr"]

    static func settings(from environment: [String: String]) -> [String: String] {
        var settings: [String: String] = [:]
        for (variable, name) in settingVariables {
            if let value = environment[variable], !value.isEmpty { settings[name] = value }
        }
        return settings
    }

    static func make(_ kind: ProviderKind, settings: [String: String], context: ProviderContext) throws -> any Provider {
        switch kind {
        case .local: return LocalProvider(root: context.localRoot, user: context.localUser)
        case .custom: return CustomProvider()
        case .ec2:
            return try ec2(settings: settings, context: context)
        }
    }

    /// The user running `ess`, from the user database, else `USER`.
    static func localUser(environment: [String: String]) -> String {
        LocalProvider.currentUser(fallback: environment["USER"])
    }

    /// The ec2 provider: credentials, region and endpoint found as the AWS CLI finds them.
    static func ec2(settings: [String: String], context: ProviderContext) throws -> any Provider {
        // An empty variable counts as unset, as it does for the AWS CLI.
        let environment = context.environment.filter { !$0.value.isEmpty }
        let configuration = try AWSConfiguration.resolve(
            environment: environment, homeDirectory: environment["HOME"] ?? NSHomeDirectory(), credentialsCSV: context.credentialsFile)
        let ec2Settings = EC2Settings.resolve(settings, environment: environment)
        return EC2Provider(configuration: configuration, settings: ec2Settings, logger: context.logger, cancellation: context.cancellation)
    }
}
