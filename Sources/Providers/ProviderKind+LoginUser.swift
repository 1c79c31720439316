import ClusterModel

extension ProviderKind {
    /// The user a provider's nodes are logged in as when the cluster file names none;
    /// `localUser` is the user running `ess` (see `LocalProvider.currentUser`).
    public func defaultLoginUser(localUser: String) -> String {
        switch self {
        case .local: return localUser
        case .custom: return CustomProvider.loginUser
        case .ec2: return EC2Provider.loginUser
        }
    }
}
