import Hummingbird

/// The name and version `GET /v1` reports.
public enum ServerVersion {
    public static let name = "ess"
    public static let version = "0.10.0"
}
