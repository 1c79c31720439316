import AWSSigV4
import Foundation

/// The access key CSV the IAM console downloads (Essentia's `--credentials FILE`):
/// a header such as `User Name,Access Key Id,Secret Access Key[,…]` and one row per key.
/// Column names are matched without regard to case or spaces; a UTF-8 BOM and extra
/// columns are fine; the first row with both values is used.
public enum CredentialsCSV {
    public static func load(_ path: String) throws -> SigV4Credentials {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSConfigurationError.unreadableCredentialsCSV(path: path)
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    public static func parse(_ text: String, path: String) throws -> SigV4Credentials {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let rows = body.split(whereSeparator: \.isNewline).map(fields).filter { !$0.allSatisfy(\.isEmpty) }
        guard let header = rows.first else {
            throw AWSConfigurationError.invalidCredentialsCSV(path: path, problem: "is empty")
        }
        let names = header.map { $0.lowercased().filter { !$0.isWhitespace && $0 != "_" } }
        guard let keyColumn = names.firstIndex(of: "accesskeyid"), let secretColumn = names.firstIndex(of: "secretaccesskey") else {
            throw AWSConfigurationError.invalidCredentialsCSV(path: path, problem: "has no `Access Key Id` and `Secret Access Key` columns")
        }
        for row in rows.dropFirst() where row.count > max(keyColumn, secretColumn) {
            let key = row[keyColumn], secret = row[secretColumn]
            if !key.isEmpty && !secret.isEmpty {
                return SigV4Credentials(accessKeyID: key, secretAccessKey: secret)
            }
        }
        throw AWSConfigurationError.invalidCredentialsCSV(path: path, problem: "has no row with both an access key id and a secret access key")
    }

    /// One CSV line: commas separate, double quotes group, `""` is a quote.
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var afterClosingQuote = false
        for character in line {
            if quoted {
                if character == "\"" {
                    quoted = false
                    afterClosingQuote = true
                } else {
                    field.append(character)
                }
                continue
            }
            if character == "\"" {
                if afterClosingQuote { field.append("\"") }
                quoted = true
            } else if character == "," {
                fields.append(field.trimmingCharacters(in: .whitespaces))
                field = ""
            } else {
                field.append(character)
            }
            afterClosingQuote = false
        }
        fields.append(field.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
