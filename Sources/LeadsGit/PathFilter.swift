/// Which changed paths a history walk reports: everything, or only paths under some literal prefixes.
/// Subtrees outside every prefix are never opened, which is what keeps the walk cheap.
public struct PathFilter: Sendable, Hashable {
  public let everything: Bool
  /// Paths without a leading slash: folders end with `/`, anything else is a file or a folder.
  public let prefixes: [String]

  public static let all = PathFilter(everything: true, prefixes: [])

  public init(everything: Bool, prefixes: [String]) {
    self.everything = everything
    self.prefixes = Array(Set(prefixes)).sorted()
  }

  /// Whether anything below the folder `path` (no trailing slash) can be wanted.
  func wantsFolder(_ path: String) -> Bool {
    if everything { return true }
    let folder = path + "/"
    return prefixes.contains { $0.hasPrefix(folder) || folder.hasPrefix($0) || $0 == path }
  }

  /// Whether a changed file is reported.
  func wantsFile(_ path: String) -> Bool {
    if everything { return true }
    return prefixes.contains { prefix in
      prefix.hasSuffix("/") ? path.hasPrefix(prefix) : (path == prefix || path.hasPrefix(prefix + "/"))
    }
  }

  /// A stable text that changes whenever the filter does (for caches).
  public var fingerprint: String {
    everything ? "*" : prefixes.joined(separator: "\n")
  }
}
