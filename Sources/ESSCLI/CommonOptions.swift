import ArgumentParser
import ClusterModel
import ESSCore
import Foundation
import Logging
import Platform
import Providers
import SSH

/// Options every cluster command takes.
struct CommonOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log each step to stderr.")
    var verbose = false

    @Option(name: .customLong("lock-timeout"), help: "Seconds to wait for another ess working in this directory.")
    var lockTimeout: Double = 10

    @Option(help: ArgumentHelp("ec2: an AWS credentials CSV (User Name, Access Key Id, Secret Access Key), as the IAM console downloads it.", valueName: "file"))
    var credentials: String?

    func validate() throws {
        guard lockTimeout.isFinite, (0...86_400).contains(lockTimeout) else {
            throw ValidationError("--lock-timeout takes seconds from 0 to 86400, not \(lockTimeout)")
        }
    }

    /// The verbs' context for the current directory and environment. With `cancellation`, Ctrl-C
    /// raises it (see `trapInterrupt`) and the verb stops at its next safe point.
    func context(sink: (any ProgressSink)? = nil, cancellation: CancellationFlag? = nil) -> ClusterContext {
        Self.context(
            directory: FileManager.default.currentDirectoryPath, verbose: verbose, lockTimeout: lockTimeout, credentials: credentials,
            sink: sink ?? TerminalSink(quiet: false), cancellation: cancellation)
    }

    /// The verbs' context for `directory` (the master's API clusters use their folders).
    static func context(
        directory: String, verbose: Bool, lockTimeout: Double, credentials: String?, sink: any ProgressSink, cancellation: CancellationFlag?
    ) -> ClusterContext {
        let environment = ProcessInfo.processInfo.environment
        let paths = ESSPaths(workingDirectory: directory, environment: environment)
        var logger = Logger(label: "ess")
        logger.logLevel = verbose ? .debug : .warning
        let localUser = ProviderCatalog.localUser(environment: environment)
        let providers = ProviderContext(
            localRoot: paths.localRoot, localUser: localUser, environment: environment, credentialsFile: credentials, logger: logger,
            cancellation: cancellation)
        var context = ClusterContext(
            paths: paths,
            makeProvider: { kind, settings in try ProviderCatalog.make(kind, settings: settings, context: providers) },
            defaultUser: { $0.defaultLoginUser(localUser: localUser) },
            sink: sink,
            logger: logger,
            lockTimeout: lockTimeout)
        context.providerSettings = ProviderCatalog.settings(from: environment)
        context.sshOptions = Self.sshOptions(environment: environment)
        context.agentSocket = environment["SSH_AUTH_SOCK"]
        context.describeError = ErrorRenderer.message(for:)
        if let cancellation { context.cancellation = cancellation }
        return context
    }
}

extension CommonOptions {
    /// `ESS_SSH_CIPHERS` / `ESS_SSH_MACS` (comma-separated) put algorithms first, for measuring them.
    static func sshOptions(environment: [String: String]) -> SSHOptions {
        func list(_ name: String) -> [String] {
            (environment[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return SSHOptions(preferredCiphers: list("ESS_SSH_CIPHERS"), preferredMACs: list("ESS_SSH_MACS"))
    }
}

extension CancellationFlag {
    /// Ctrl-C (SIGINT) raises this flag instead of ending the process at once: the command
    /// records what exists and exits 130 with one message.
    @discardableResult
    func trapInterrupt() -> CancellationFlag {
        trap([SIGINT])
        return self
    }
}

/// `--json` for commands that print data.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of a table.")
    var json = false
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
