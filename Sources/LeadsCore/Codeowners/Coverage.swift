/// How much of the repository the registry routes reviews for.
public struct Coverage: Sendable {
  public struct Folder: Sendable, Equatable {
    /// A top-level folder, or "(root)" for files at the top.
    public let name: String
    public let files: Int
    public let owned: Int
  }

  public let files: Int
  public let owned: Int
  public let folders: [Folder]
  /// Tracked files without owners, in path order.
  public let unowned: [String]

  /// Owned share in percent, rounded down (100 for an empty repository).
  public var percent: Int { files == 0 ? 100 : owned * 100 / files }

  /// Coverage of the tracked files by the whole CODEOWNERS as the forge will read it (hand-written lines
  /// and the generated block); with `registryOnly`, by the generated lines alone.
  public init(_ registry: Registry, registryOnly: Bool = false) {
    let routing =
      registryOnly
      ? CodeownersGenerator.routing(
        CodeownersGenerator.rules(for: registry), flavor: registry.config.codeownersFlavor)
      : CodeownersView(registry: registry).routing
    var perFolder: [String: (files: Int, owned: Int)] = [:]
    var unowned: [String] = []
    for path in registry.files.paths {
      let folder = path.contains("/") ? String(path[..<path.firstIndex(of: "/")!]) : "(root)"
      let isOwned = !routing.owners(of: path).isEmpty
      perFolder[folder, default: (0, 0)].files += 1
      if isOwned { perFolder[folder, default: (0, 0)].owned += 1 } else { unowned.append(path) }
    }
    files = registry.files.paths.count
    owned = files - unowned.count
    folders = perFolder.keys.sorted().map {
      Folder(name: $0, files: perFolder[$0]!.files, owned: perFolder[$0]!.owned)
    }
    self.unowned = unowned
  }

  /// The baseline file `--update-baseline` writes at `path`: today's unowned files, one per line. The baseline
  /// is a file of the repository too: unless a service owns it, it tolerates itself.
  public func baseline(at path: String, in registry: Registry) -> (text: String, count: Int) {
    var tolerated = unowned
    let routing = CodeownersGenerator.routing(
      CodeownersGenerator.rules(for: registry), flavor: registry.config.codeownersFlavor)
    if !tolerated.contains(path) && routing.owners(of: path).isEmpty {
      tolerated = (tolerated + [path]).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
    let header = "# Unowned files tolerated for now; `leads coverage --update-baseline` rewrites this list.\n"
    return (header + tolerated.map { $0 + "\n" }.joined(), tolerated.count)
  }
}
