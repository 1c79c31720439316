import AWSCore
import ClusterModel
import EC2
import ESSCore
import ESSMaster
import JobClient
import Providers
import SSH

/// The one place that words errors for the user: the libraries below throw facts (what failed,
/// which node, reservation, file or AWS code), and this says it in a sentence with what to do,
/// naming `ess` commands and flags. The exit code comes from the fact's kind (`FailureKind`).
/// One file per concern: `ErrorRenderer+Cluster`, `+Files`, `+Sync`, `+Providers`, `+EC2`,
/// `+SSH`, `+Jobs`.
public enum ErrorRenderer {
    /// One sentence and the exit code (README "Exit codes"), or nil for errors the argument
    /// parser words itself (usage, help) and anything else no fact describes.
    static func rendered(_ error: any Error) -> (message: String, code: Int32)? {
        let words: String
        switch error {
        case let error as ESSError: words = error.message
        case let error as ClusterError: words = message(for: error)
        case let error as LaunchError: words = message(for: error)
        case let error as TerminateError: words = message(for: error)
        case let error as ReservationError: words = message(for: error)
        case let error as StateFileError: words = message(for: error)
        case let error as KeyFileError: words = message(for: error)
        case let error as TransferError: words = message(for: error)
        case let error as SyncError: words = message(for: error)
        case let error as ProviderError: words = message(for: error)
        case let error as LocalProviderError: words = message(for: error)
        case let error as EC2ProviderError: words = message(for: error)
        case let error as SSHError: words = message(for: error)
        case let error as AWSConfigurationError: words = message(for: error)
        case let error as CallerAddress.LookupError: words = message(for: error)
        case let error as JobClientError: words = message(for: error)
        case let error as MasterBuildError: words = message(for: error)
        default: return nil
        }
        guard let kind = FailureKind.of(error) else { return nil }
        return (words, kind.code)
    }

    /// The sentence for any error (its description when no fact describes it), for places that
    /// show one per node, and for a cluster's `error_reason` on the master.
    @Sendable public static func message(for error: any Error) -> String {
        rendered(error)?.message ?? "\(error)"
    }
}
