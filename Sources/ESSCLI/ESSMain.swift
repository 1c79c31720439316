import ArgumentParser
import ESSCore
import ESSServer
import Foundation

/// The one place every error reaches the user: one line on stderr (worded by `ErrorRenderer`),
/// and an exit code from README "Exit codes".
public enum ESSMain {
    public static func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        do {
            var command = try Ess.parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            if let (message, code) = ErrorRenderer.rendered(error) {
                fail(message, code: code)
            }
            let code = Ess.exitCode(for: error)
            if code == .success {
                print(Ess.fullMessage(for: error))
                exit(0)
            }
            let words = arguments.prefix { !$0.hasPrefix("-") }.prefix(2).joined(separator: " ")
            let help = words.isEmpty ? "ess --help" : "ess \(words) --help"
            fail("\(Ess.message(for: error)) (see `\(help)`)", code: code == .validationFailure ? 64 : code.rawValue)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("ess: \(line)\n".utf8))
        exit(code == 0 ? 1 : code)
    }
}

/// `ess`: the root of the command tree.
struct Ess: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ess",
        abstract: "Create and manage clusters of worker nodes, and run jobs on them.",
        discussion: """
            The cluster of the current directory lives in .conf/reservation.json; keys live under
            ESS_AWS_DIR (default ~/.aws). The default provider is `local`: real sshd nodes on this machine.
            Jobs run through this directory's master (`ess serve`), which `ess job` starts when none runs.

            Example:
              ess cluster create --number=3
              ess job run conf/job.example.json
            """,
        version: ServerVersion.version,
        subcommands: [
            ClusterCommand.self,
            JobCommand.self,
            ServeCommand.self,
            NotifyCommand.self,
        ]
    )
}

/// `ess cluster`: the cluster verbs.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Create, grow, inspect and tear down this directory's cluster.",
        discussion: """
            Example:
              ess cluster create --number=5 --type=m3.medium
              ess cluster status
              ess cluster terminate -y
            """,
        subcommands: [
            CreateCommand.self, AddCommand.self, RemoveCommand.self, TerminateCommand.self, StatusCommand.self,
            ResetCommand.self, ListCommand.self, IPListCommand.self, SetCommand.self, SSHCommand.self,
            SSHConfigCommand.self, StopCommand.self, StartCommand.self,
            SyncCommand.self, RunCommand.self, PutCommand.self, GetCommand.self,
        ]
    )
}
