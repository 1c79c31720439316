import ESSMaster

/// Words what stops a master from being built (`ess serve`).
extension ErrorRenderer {
    static func message(for error: MasterBuildError) -> String {
        switch error {
        case .store(let path, let reason):
            return "the job store \(path) cannot be used (\(reason)); move it aside to start afresh"
        case .tlsFile(let path, let detail):
            return "the TLS file \(path) is \(detail); pass the certificate with --tls-cert and its private key with --tls-key, both PEM"
        }
    }
}
