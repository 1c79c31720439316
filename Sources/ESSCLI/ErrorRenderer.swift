import ESSCore
import EC2
import ESSMaster
import JobClient
import Providers
import SSH

/// The one place that words errors for the user: the libraries below report facts (the kind of
/// failure, the node, the AWS code), and this adds what to do, naming `ess` commands and flags.
enum ErrorRenderer {
    /// One sentence and the exit code (README "Exit codes"), or nil for errors the argument
    /// parser words itself (usage, help).
    static func rendered(_ error: any Error) -> (message: String, code: Int32)? {
        switch error {
        case let error as ESSError: return (error.message, error.code.rawValue)
        case let error as SSHError: return (message(for: error), ESSError.Code.failure.rawValue)
        case let error as AWSConfigurationError: return (message(for: error), ESSError.Code.usage.rawValue)
        case let error as CallerAddress.LookupError: return (message(for: error), ESSError.Code.failure.rawValue)
        case let error as JobClientError: return (message(for: error), code(for: error).rawValue)
        case let error as MasterBuildError: return (message(for: error), ESSError.Code.badFile.rawValue)
        default: return nil
        }
    }

    /// The sentence for any error, for places that show one per node.
    @Sendable static func message(for error: any Error) -> String {
        rendered(error)?.message ?? "\(error)"
    }

    static func message(for error: SSHError) -> String {
        let status = "check `ess cluster status`"
        let advice: String
        switch error.kind {
        case .resolve: advice = "check the node's host name or address in the cluster"
        case .connectionRefused: advice = "the node may still be booting, or sshd is not running (\(status))"
        case .connectTimeout: advice = "the node may still be booting, or a firewall drops the traffic (\(status))"
        case .unreachable: advice = "the node may still be booting, or its address or the network is wrong (\(status))"
        case .handshake: advice = "the node may still be booting, retry in a moment (\(status))"
        case .hostKeyMismatch:
            advice = "if the node was really replaced, remove it and add it again (`ess cluster remove`, then `ess cluster add`)"
        case .authenticationFailed:
            advice = "check `user` in .conf/reservation.json and that the key is the one authorized on the node"
        case .channel: advice = "check that sshd on the node allows sessions (MaxSessions) and that the node is healthy"
        case .timeout: advice = "raise the command timeout (--timeout) or check what the node is doing"
        case .disconnected: advice = "the node may be rebooting, retry in a moment (\(status))"
        case .protocolError: advice = "retry, and if it persists check the node's sshd"
        }
        return "\(error.description); \(advice)"
    }

    static func message(for error: AWSConfigurationError) -> String {
        switch error {
        case .missingCredentials:
            return "\(error), or pass --credentials FILE (the access key CSV the IAM console downloads)"
        case .unreadableCredentialsCSV:
            return "\(error); check the path given to --credentials"
        default:
            return "\(error)"
        }
    }

    static func message(for error: CallerAddress.LookupError) -> String {
        "could not find this machine's public address (\(error)); set the CIDR allowed to SSH with --ssh-cidr or ESS_SSH_CIDR (e.g. 203.0.113.7/32)"
    }
}
