import Foundation

/// The yes/no question destructive commands ask on stderr before they act.
enum Confirmation {
    /// Reads a yes/no answer from stdin; anything but y/yes (including no input at all) is no.
    static func ask(_ question: String) -> Bool {
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        guard let answer = readLine() else {
            FileHandle.standardError.write(Data("\n".utf8))
            return false
        }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
