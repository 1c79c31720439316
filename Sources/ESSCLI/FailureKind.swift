import AWSCore
import ClusterModel
import EC2
import ESSCore
import ESSMaster
import JobClient
import Providers
import SSH

/// What kind of failure an error is, and the exit code each kind earns (README "Exit codes").
/// The one table: every fact the renderer words maps to a kind here, and each kind to its code.
enum FailureKind: Int32, Sendable {
    /// The operation failed; the message says why and what to do.
    case failure = 1
    /// Bad usage: an unknown flag, value, node or reservation; a cluster that already exists.
    case usage = 64
    /// A bad file: reservation.json or conf/sync.json that does not parse or validate; a
    /// missing, RSA or passphrase key.
    case badFile = 65
    /// A node, provider or master that cannot be reached.
    case unavailable = 69
    /// Another `ess` holds this directory's lock; try again.
    case busy = 75
    /// A file's permissions: too open, or not readable by this user.
    case permission = 77
    /// Interrupted (Ctrl-C) after recording what exists.
    case interrupted = 130

    /// The process's exit code.
    var code: Int32 { rawValue }

    /// The kind of an error the renderer words; nil for any other.
    static func of(_ error: any Error) -> FailureKind? {
        switch error {
        case let error as ESSError: return error.kind
        case let error as ClusterError: return of(error)
        case let error as LaunchError: return of(error)
        case let error as TerminateError: return of(error)
        case let error as ReservationError: return of(error)
        case let error as StateFileError: return of(error)
        case let error as KeyFileError: return of(error)
        case let error as TransferError: return of(error)
        case let error as SyncError: return of(error)
        case is ProviderError: return .usage
        case is LocalProviderError: return .failure
        case let error as EC2ProviderError: return of(error)
        case is SSHError, is CallerAddress.LookupError: return .failure
        case is AWSConfigurationError: return .usage
        case let error as JobClientError: return of(error)
        case is MasterBuildError: return .badFile
        default: return nil
        }
    }

    static func of(_ error: ClusterError) -> FailureKind {
        switch error {
        case .noCluster, .noNodes, .noHostKey, .providerSystem: return .failure
        case .noLiveNodes, .alreadyExists, .otherProvider, .nodesRemain, .customCannotCreate, .unknownNode, .unknownNodeInList: return .usage
        }
    }

    static func of(_ error: LaunchError) -> FailureKind {
        switch error {
        case .sshWaitEnded, .nothingStarted, .fewerStarted: return .failure
        case .interruptedBeforeLaunch, .interruptedAfterLaunch: return .interrupted
        }
    }

    static func of(_ error: TerminateError) -> FailureKind {
        switch error {
        case .interrupted, .interruptedDeletingGroup: return .interrupted
        case .notTerminatedInTime: return .unavailable
        case .unlistedNodes: return .failure
        }
    }

    static func of(_ error: ReservationError) -> FailureKind {
        switch error {
        case .noCluster: return .failure
        case .notAnID, .noneNamed, .alreadyInCluster, .noLiveNodes, .notInCluster: return .usage
        }
    }

    static func of(_ error: StateFileError) -> FailureKind {
        switch error {
        case .symbolicLink, .unreadable, .invalid: return .badFile
        case .locked: return .busy
        }
    }

    static func of(_ error: KeyFileError) -> FailureKind {
        switch error {
        case .tooOpen, .unreadable: return .permission
        case .missing, .rsa, .dsa, .passphrase, .notAPrivateKey, .notFound, .publicKeyMissing: return .badFile
        }
    }

    static func of(_ error: TransferError) -> FailureKind {
        switch error {
        case .emptyRemote, .remoteNamesNoFile, .cannotOpen, .notRegularFile: return .usage
        case .cannotMakeFolder, .readFailed, .cannotCreate, .writeFailed, .cannotRename: return .failure
        }
    }

    static func of(_ error: SyncError) -> FailureKind {
        switch error {
        case .settingsNotJSON, .settingsNotObject, .settingNotText, .noPackageSetting, .badVersionSetting, .badInstallRoot: return .badFile
        case .noSettings, .packageMissing, .packageNotArchive, .noVersion, .badVersion: return .usage
        case .cannotMakeTemporaryFile, .packingFailed: return .failure
        }
    }

    static func of(_ error: EC2ProviderError) -> FailureKind {
        if case .rejected(let answer, _) = error, answer.code == "InvalidInstanceType" { return .usage }
        return .failure
    }

    static func of(_ error: JobClientError) -> FailureKind {
        switch error {
        case .api(401, _, _, _): return .permission
        case .api(let status, _, _, _): return [400, 413, 422].contains(status) ? .usage : .failure
        case .badMasterURL: return .usage
        case .unreachable, .notAnswering, .startFailed, .startedButSilent: return .unavailable
        case .refused, .undecodable: return .failure
        }
    }
}
