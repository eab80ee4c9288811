/// Which changed paths a history walk reports: everything, or only paths under some literal prefixes.
/// Subtrees outside every prefix are never opened, which is what keeps the walk cheap.
public struct PathFilter: Sendable, Hashable {
  public let everything: Bool
  /// Paths without a leading slash: folders end with `/`, anything else is a file or a folder.
  public let prefixes: [String]
  /// `prefixes` that end with `/`, and those that do not: looked up by a path's ancestors, so that a check
  /// costs the depth of the path rather than the number of prefixes (thousands in a monorepo).
  private let folders: Set<String>
  private let plain: Set<String>

  public static let all = PathFilter(everything: true, prefixes: [])

  public init(everything: Bool, prefixes: [String]) {
    self.everything = everything
    self.prefixes = Array(Set(prefixes)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    folders = Set(prefixes.filter { $0.hasSuffix("/") })
    plain = Set(prefixes.filter { !$0.hasSuffix("/") })
  }

  public static func == (lhs: PathFilter, rhs: PathFilter) -> Bool {
    lhs.everything == rhs.everything && lhs.prefixes == rhs.prefixes
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(everything)
    hasher.combine(prefixes)
  }

  /// Whether a folder prefix or a plain prefix covers `path` or one of the folders above it.
  private func covers(_ path: String) -> Bool {
    if plain.contains(path) { return true }
    var index = path.utf8.startIndex
    while let slash = path.utf8[index...].firstIndex(of: UInt8(ascii: "/")) {
      let through = path.utf8.index(after: slash)
      if folders.contains(String(path[..<through])) || plain.contains(String(path[..<slash])) { return true }
      index = through
    }
    return false
  }

  /// Whether anything below the folder `path` (no trailing slash) can be wanted.
  func wantsFolder(_ path: String) -> Bool {
    if everything { return true }
    let folder = path + "/"
    if covers(folder) { return true }
    // A prefix inside the folder: the first prefix at or after the folder's name, in byte order, starts with it.
    let wanted = Array(folder.utf8)
    var low = 0
    var high = prefixes.count
    while low < high {
      let middle = (low + high) / 2
      if prefixes[middle].utf8.lexicographicallyPrecedes(wanted) { low = middle + 1 } else { high = middle }
    }
    return low < prefixes.count && prefixes[low].hasPrefix(folder)
  }

  /// Whether a changed file is reported.
  func wantsFile(_ path: String) -> Bool {
    everything || covers(path)
  }

  /// A stable text that changes whenever the filter does (for caches).
  public var fingerprint: String {
    everything ? "*" : prefixes.joined(separator: "\n")
  }
}
