import ESSCore
import Foundation
import JobAPI
import Platform

/// The masters' API token on disk: `ESS_AWS_DIR/ess/api-token`, 0600 in a 0700 folder, made
/// by the first `ess serve` and read by every `ess` command that talks to a master. Errors
/// name the file, never what it holds.
struct APITokenFile: Sendable {
    let path: String

    init(paths: ESSPaths) {
        path = paths.apiTokenFile
    }

    init(environment: [String: String], directory: String = FileManager.default.currentDirectoryPath) {
        self.init(paths: ESSPaths(workingDirectory: directory, environment: environment))
    }

    /// The token, made now if there is none (`made` says so). Two masters starting at once
    /// agree: the file is created exclusively, and the loser reads the winner's.
    func ensure() throws -> (token: APIToken, made: Bool) {
        if let token = try read() { return (token, false) }
        try PrivateFiles.makeDirectory((path as NSString).deletingLastPathComponent)
        let token = APIToken.random()
        do {
            try PrivateFiles.createNew(path, contents: Data((token.secret + "\n").utf8))
        } catch {
            // Another master made it first: read it once it is written (a moment at most).
            for _ in 0..<40 where PrivateFiles.mode(of: path) != nil {
                if let existing = try? read() { return (existing, false) }
                usleep(25_000)
            }
            if let existing = try read() { return (existing, false) }
            throw ESSError(.permission, "could not write the API token file \(path) (\(error)); check that folder's permissions")
        }
        return (token, true)
    }

    /// The token, or nil when the file does not exist. A file readable by others, or one that
    /// does not hold a token, is refused.
    func read() throws -> APIToken? {
        guard let mode = PrivateFiles.mode(of: path) else { return nil }
        guard mode & 0o077 == 0 else {
            throw ESSError(.permission, "permissions \(String(mode, radix: 8)) for the API token file \(path) are too open: anyone who reads it can use the master; run `chmod 600 \(path)`")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ESSError(.permission, "the API token file \(path) cannot be read by this user")
        }
        guard let token = APIToken(String(decoding: data, as: UTF8.self)) else {
            throw ESSError(.badFile, "the API token file \(path) does not hold an ess API token (64 hex digits); delete it and start `ess serve` again to make a new one (clients then need the new one)")
        }
        return token
    }
}
