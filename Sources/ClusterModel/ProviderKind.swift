/// Which provider runs a cluster's nodes.
public enum ProviderKind: String, Codable, Sendable, CaseIterable {
    /// Real sshd nodes on this machine's loopback addresses (the default).
    case local
    /// Amazon EC2, through the EC2 Query API.
    case ec2
    /// Machines you already have, listed by hand in reservation.json.
    case custom

    /// Parses a provider name as the user types it; `cloud` (Essentia's word) means ec2.
    public init?(userInput: String) {
        switch userInput.lowercased() {
        case "local": self = .local
        case "ec2", "cloud", "aws": self = .ec2
        case "custom": self = .custom
        default: return nil
        }
    }
}
