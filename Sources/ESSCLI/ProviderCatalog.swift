import ClusterModel
import ESSCore
import Foundation
import Logging
import Providers

/// What making a provider may need from this run.
struct ProviderContext: Sendable {
    var localRoot: String
    var environment: [String: String]
    /// `--credentials FILE` (ec2).
    var credentialsFile: String?
    var logger: Logger
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
        case .local: return LocalProvider(root: context.localRoot)
        case .custom: return CustomProvider()
        case .ec2:
            throw ESSError.usage("the ec2 provider is not part of this build yet; use `--provider local` or `ess cluster set local`")
        }
    }
}
