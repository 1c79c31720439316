import ArgumentParser
import ClusterModel
import ESSCore
import Foundation
import Logging
import Platform
import Providers

/// Options every cluster command takes.
struct CommonOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log each step to stderr.")
    var verbose = false

    @Option(name: .customLong("lock-timeout"), help: "Seconds to wait for another ess working in this directory.")
    var lockTimeout: Double = 10

    /// The service for the current directory and environment.
    func service(sink: (any ProgressSink)? = nil) -> ClusterService {
        let environment = ProcessInfo.processInfo.environment
        let paths = ESSPaths(workingDirectory: FileManager.default.currentDirectoryPath, environment: environment)
        var logger = Logger(label: "ess")
        logger.logLevel = verbose ? .debug : .warning
        let localRoot = paths.localRoot
        return ClusterService(
            paths: paths,
            makeProvider: { kind in try ProviderCatalog.make(kind, localRoot: localRoot) },
            sink: sink ?? TerminalSink(quiet: false),
            logger: logger,
            lockTimeout: lockTimeout)
    }
}

/// `--json` for commands that print data.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of a table.")
    var json = false
}

/// Knows every provider; the only place that names them.
enum ProviderCatalog {
    static func make(_ kind: ProviderKind, localRoot: String) throws -> any Provider {
        switch kind {
        case .local: return LocalProvider(root: localRoot)
        case .custom: return CustomProvider()
        case .ec2:
            throw ESSError.usage("the ec2 provider is not part of this build yet; use `--provider local` or `ess cluster set local`")
        }
    }
}

extension CommonOptions {
    /// `ESS_SSH_ADDRESS` (public or private), when set.
    static func environmentAddressChoice() throws -> AddressChoice? {
        guard let value = ProcessInfo.processInfo.environment["ESS_SSH_ADDRESS"], !value.isEmpty else { return nil }
        guard let choice = AddressChoice(rawValue: value.lowercased()) else {
            throw ESSError.usage("ESS_SSH_ADDRESS must be `public` or `private`, not `\(value.prefix(40))`")
        }
        return choice
    }
}

extension AddressChoice: ExpressibleByArgument {}

extension ProviderKind: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(userInput: argument)
    }

    public static var allValueStrings: [String] { ["local", "ec2", "cloud", "custom"] }
}
