import ClusterModel

extension ProviderKind {
    /// The user a provider's nodes are logged in as when the cluster file names none.
    public var defaultLoginUser: String {
        switch self {
        case .local: return LocalProvider.currentUser()
        case .custom: return CustomProvider.loginUser
        case .ec2: return EC2Provider.loginUser
        }
    }
}
