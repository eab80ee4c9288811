import Foundation
import LeadsCore
import LeadsGit

/// A failure that stops a command before it can report findings; `description` is one sentence for stderr.
public enum WorkspaceError: Error, CustomStringConvertible, Equatable {
  case cannotOpen(String)
  case noRegistry(root: String, folder: String, source: String)
  case unreadableIndex(String)
  case unreadableHistory(String)
  /// A path that would take leads outside the working tree, into `.git/`, or to something not a file.
  case refused(String)

  public var description: String {
    switch self {
    case .cannotOpen(let sentence): return sentence
    case .noRegistry(let root, let folder, let source):
      return
        "\(root) has no \(folder)/ folder in \(source); start one with `leads init`, or from what the repository has with `leads import codeowners` or `leads import owners`"
    case .unreadableIndex(let message): return "cannot read the git index: \(message)"
    case .unreadableHistory(let message): return "cannot read the repository's history: \(message)"
    case .refused(let sentence): return sentence
    }
  }
}

/// How much of the repository a lint run reads, which decides which rules run (see `RuleNeeds`).
public enum LintDepth: Sendable {
  /// The registry alone.
  case registry
  /// The registry and today's date: what the pre-commit hook checks.
  case today(CalendarDate)
  /// Everything, history included.
  case history(HistoryRequest)
}

/// Where lead files are read from.
public enum Source: Sendable {
  /// The files on disk, as the author is editing them.
  case workingTree
  /// The index: what the next commit will contain.
  case staged
  /// The commit HEAD points at (how a bare repository is read).
  case head
  /// A past commit of HEAD's first-parent line (`show --at`), which history is also read from.
  case commit(PastCommit)
}

/// A commit of HEAD's first-parent line that stands in for HEAD when the registry is read as it was.
public struct PastCommit: Sendable {
  let id: ObjectID
  /// The day it landed (committer date).
  public let landed: CalendarDate
  /// The commit id, 40 hexadecimal digits.
  public var commit: String { id.description }
}

/// What a run needs to read history.
public struct HistoryRequest: Sendable {
  /// Today, for every threshold.
  public var now: CalendarDate
  /// Whether to read and write the history cache under `.git/leads/`.
  public var useCache: Bool

  /// Whether to read who began each lead's run (`log`); one read per handoff.
  public var runAuthors = false
  /// Whether to derive every post's runs (`show`, `log`, `report`); the rules need only current tenures.
  public var runs = true
  /// Receives what the history read did and cost, one line at a time.
  public var trace: (@Sendable (String) -> Void)?
  /// Whether a cold read of a large history may walk the registry's first-parent line in a second process
  /// (this executable's hidden `registry-chain` command) while this one walks the activity window.
  public var chainHelper = false

  public init(
    now: CalendarDate, useCache: Bool, trace: (@Sendable (String) -> Void)? = nil
  ) {
    self.now = now
    self.useCache = useCache
    self.trace = trace
  }
}

/// The repository `leads` runs on, found from a folder inside it.
public final class Workspace {
  let repository: GitRepository
  /// The working tree root (the repository folder itself when bare).
  public let root: String
  /// The registry folder, relative to the root.
  public let registryFolder = "registry"

  /// Opens the repository containing `path`.
  public init(discoveringFrom path: String) throws(WorkspaceError) {
    do {
      repository = try GitRepository.discover(from: path)
    } catch {
      throw .cannotOpen(error.description)
    }
    root = repository.workingDirectory ?? repository.gitDirectory
    tree =
      repository.isBare || repository.workingDirectory == nil
      ? nil
      : WorkingTree(root: root, gitFolders: [repository.gitDirectory, repository.commonDirectory])
  }

  /// The working tree, the only place files are read from and written to; nil for a bare repository.
  public let tree: WorkingTree?

  /// The working tree, or a refusal saying that `action` needs one (a bare repository has none).
  public func workingTree(to action: String) throws(WorkspaceError) -> WorkingTree {
    guard let tree else {
      throw .refused(
        "the repository at \(root) is bare: it has no working tree to \(action); run leads in a clone with a checkout"
      )
    }
    return tree
  }

  private var cachedIndex: IndexTable?

  /// The repository as it was at the end of `day` (UTC): the last first-parent commit that landed by then, to
  /// read with `.commit`; nil when nothing had landed by then.
  public func commit(landedByEndOf day: CalendarDate) throws(WorkspaceError) -> PastCommit? {
    try past { try $0.firstParentCommit(landedBy: Int64(day.daysSinceEpoch + 1) * 86_400 - 1) }
  }

  /// `commit(landedByEndOf:)` for several days, in one walk.
  public func commits(landedByEndOf days: [CalendarDate]) throws(WorkspaceError) -> [PastCommit?] {
    do {
      return try repository.firstParentCommits(
        landedBy: days.map { Int64($0.daysSinceEpoch + 1) * 86_400 - 1 }
      ).map { found in found.map { PastCommit(id: $0.id, landed: CalendarDate(unixTime: $0.time)) } }
    } catch {
      throw .unreadableHistory("\(error)")
    }
  }

  /// The id of the registry folder's tree at `commit` (equal ids: the same registry); nil when it has none.
  public func registryTree(at commit: PastCommit) throws(WorkspaceError) -> String? {
    do {
      return try repository.subtree(registryFolder, of: try repository.tree(of: commit.id))?.description
    } catch {
      throw .unreadableHistory("\(error)")
    }
  }

  /// The registry's own files as `commit` has them, and nothing else of its tree: what a registry read needs
  /// when no rule will look at the tracked files (the report's trend). Nil when the commit has no registry.
  public func registryFiles(at commit: PastCommit) throws(WorkspaceError) -> LintInput? {
    do {
      let tree = try repository.tree(of: commit.id)
      guard let reader = try registryReader(inTree: tree) else { return nil }
      return LintInput(
        files: reader.registryFiles(in: registryFolder), trackedFiles: [], registryFolder: registryFolder)
    } catch {
      throw .unreadableHistory("\(error)")
    }
  }

  /// The commit `revision` names (`HEAD~1`, a branch, a tag, an id), to read with `.commit`; nil when the
  /// repository has nothing by that name.
  public func commit(named revision: String) throws(WorkspaceError) -> PastCommit? {
    try past { try $0.commit(named: revision) }
  }

  /// The merge base of HEAD and `revision`, to read with `.commit`: `.unknown` when nothing has that name,
  /// `.unrelated` when the two share no commit this clone has.
  public func mergeBase(with revision: String) throws(WorkspaceError) -> MergeBase {
    guard let named = try commit(named: revision) else { return .unknown }
    return try past { try $0.mergeBase(withHEADAnd: named.id) }.map(MergeBase.found) ?? .unrelated
  }

  /// What `mergeBase(with:)` found.
  public enum MergeBase: Sendable {
    case found(PastCommit)
    case unknown
    case unrelated
  }

  /// The commit `find` finds in the repository, as one to read with `.commit`.
  private func past(_ find: (GitRepository) throws -> (id: ObjectID, time: Int64)?) throws(WorkspaceError)
    -> PastCommit?
  {
    do {
      return try find(repository).map { PastCommit(id: $0.id, landed: CalendarDate(unixTime: $0.time)) }
    } catch {
      throw .unreadableHistory("\(error)")
    }
  }

  /// What `requested` means in this repository: a bare one has only commits to read.
  private func effective(_ requested: Source) -> Source {
    if case .commit = requested { return requested }
    return isBare ? .head : requested
  }

  /// Whether the repository has no working tree; its registry is then read from HEAD.
  public var isBare: Bool { repository.isBare || repository.workingDirectory == nil }

  /// The history cache file, shared by all worktrees.
  public var cacheFile: URL {
    URL(fileURLWithPath: repository.commonDirectory).appendingPathComponent("leads/history-cache")
  }

  /// Where a new CODEOWNERS goes when neither the config nor GitHub's search order finds one.
  public var defaultCodeowners: CodeownersInput {
    CodeownersInput(path: Workspace.codeownersLocations[0], content: nil)
  }

  /// GitHub's search order for CODEOWNERS; the first is where a new one is written.
  public static let codeownersLocations = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]

  /// Where `codeowners.file` may point: the places GitHub and GitLab read CODEOWNERS from, and nowhere else (a
  /// setting in the repository must never make leads rewrite a lead file, a workflow or its own config).
  public static let configurableCodeownersLocations = codeownersLocations + [".gitlab/CODEOWNERS"]

  /// Reads the registry, the tracked files and CODEOWNERS into a linter input; with `configSource`, the
  /// config file as that source has it takes the place of the registry's own (or its absence does).
  public func lintInput(from requested: Source, configFrom configSource: Source? = nil) throws(WorkspaceError)
    -> LintInput
  {
    var input = try registryInput(from: requested)
    if let configSource {
      let configPath = input.configPath
      input.files.removeAll { $0.path == configPath }
      if let bytes = try read(configPath, from: effective(configSource), what: configPath) {
        input.files.append(RegistryFile(path: configPath, content: .bytes(bytes)))
      }
    }
    input.parsedConfig = input.files.first { $0.path == input.configPath }.flatMap { file in
      guard case .bytes(let bytes) = file.content, let text = try? SourceText.decode(bytes).get() else {
        return nil
      }
      return ConfigParser.parse(text: text, path: file.path)
    }
    let config = input.parsedConfig?.config
    let source = effective(requested)
    if let config, let baseline = config.coverageBaseline {
      let what = Workspace.setting("coverage.baseline", in: config)
      input.coverageBaseline = try read(baseline, from: source, what: what).map { bytes in
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
          .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
      }
    }
    input.codeowners = try codeowners(from: source, config: config)
    return input
  }

  /// The CODEOWNERS file the config names, else the first of GitHub's locations that exists, else where a new
  /// one goes; its content when it exists.
  func codeowners(from source: Source, config: RegistryConfig?) throws(WorkspaceError) -> CodeownersInput {
    if let config, let configured = config.codeownersFile {
      let what = Workspace.setting("codeowners.file", in: config)
      let path = try normalized(configured, what: what)
      guard Workspace.configurableCodeownersLocations.contains(path) else {
        throw .refused(
          "\(what) names '\(OwnerReference.visible(configured))'; it may only name a place a forge reads CODEOWNERS from: \(Workspace.configurableCodeownersLocations.joined(separator: ", "))"
        )
      }
      return CodeownersInput(path: path, content: try read(path, from: source, what: what))
    }
    for path in Workspace.codeownersLocations {
      if let content = try read(path, from: source, what: "CODEOWNERS") {
        return CodeownersInput(path: path, content: content)
      }
    }
    return CodeownersInput(path: Workspace.codeownersLocations[0], content: nil)
  }

  /// "codeowners.file in registry/leads.yml:3:9", for refusals.
  static func setting(_ key: String, in config: RegistryConfig) -> String {
    let position = config.positions[key].map { ":\($0.line):\($0.column)" } ?? ""
    return "\(key) (\(config.path)\(position))"
  }

  /// A repository path as leads uses it: `/`-separated, without `.` or `..`; refused when it cannot be one.
  func normalized(_ written: String, what: String) throws(WorkspaceError) -> String {
    do {
      return try WorkingTree.components(of: written, what: what).joined(separator: "/")
    } catch {
      throw .refused(error.message)
    }
  }

  /// A file of the repository as `source` has it, or nil when it is not there. A path that leads outside the
  /// working tree (or into `.git/`), or to something that is not a regular file, is refused. In a sparse
  /// checkout, a file the working tree leaves out is read from the index.
  public func read(_ path: String, from source: Source, what: String) throws(WorkspaceError) -> [UInt8]? {
    let path = try normalized(path, what: what)
    switch source {
    case .workingTree:
      let tree = try workingTree(to: "read \(path) from")
      do {
        if let bytes = try tree.read(path, what: what) { return bytes }
      } catch {
        throw .refused(error.message)
      }
      guard let entry = try indexEntries().entry(named: path), entry.isSkipWorktree else {
        return nil
      }
      return try stagedContent(of: entry, among: try indexEntries(), what: what)
    case .staged:
      let index = try indexEntries()
      guard let entry = index.entry(named: path) else { return nil }
      return try stagedContent(of: entry, among: index, what: what)
    case .head, .commit:
      do {
        var past: ObjectID?
        if case .commit(let commit) = source { past = commit.id }
        guard let commit = try past ?? repository.headCommit() else { return nil }
        let tree = try repository.tree(of: commit)
        // The one file looked up (and where it links to), not the commit's whole tree listed.
        guard let entry = try repository.fileEntry(at: path, inTree: tree), !entry.isSubmodule else {
          return nil
        }
        var entries = [entry]
        if entry.isSymbolicLink,
          let target = IndexReader.resolve(
            String(decoding: try repository.blobContent(entry.blob), as: UTF8.self), from: path),
          let destination = try repository.fileEntry(at: target, inTree: tree)
        {
          entries.append(destination)
        }
        return try stagedContent(of: entry, among: IndexTable(entries), what: what)
      } catch let error as WorkspaceError {
        throw error
      } catch {
        throw .unreadableHistory("\(error)")
      }
    }
  }

  /// Writes a file of the working tree atomically, refusing a path that leads outside it, into `.git/`, or
  /// onto something that is not a regular file, and a file a sparse checkout keeps out of the working tree.
  public func write(_ bytes: [UInt8], to path: String, what: String, creating: Bool = false)
    throws(WorkspaceError)
  {
    let tree = try workingTree(to: "write \(path) into")
    let path = try normalized(path, what: what)
    let exists: Bool
    do {
      exists = try tree.resolve(path, what: what).exists
    } catch {
      throw .refused(error.message)
    }
    if !exists, try indexEntries().entry(named: path)?.isSkipWorktree == true {
      let folder = (path as NSString).deletingLastPathComponent
      throw .refused(
        "\(what) '\(path)' is outside this sparse checkout (git keeps it in the index only); add it with `git sparse-checkout add \(folder.isEmpty ? "/" : folder)` and run again"
      )
    }
    do {
      try tree.write(bytes, to: path, what: what, creating: creating)
    } catch {
      throw .refused(error.message)
    }
  }

  /// Writes every file or none (see `WorkingTree.writeAll`), with the checks `write` makes for each.
  public func writeAll(_ files: [WorkingTree.PlannedFile]) throws(WorkspaceError) {
    let tree = try workingTree(to: "write into")
    var normalizedFiles: [WorkingTree.PlannedFile] = []
    for file in files {
      let path = try normalized(file.path, what: file.what)
      if try indexEntries().entry(named: path)?.isSkipWorktree == true {
        let folder = (path as NSString).deletingLastPathComponent
        throw .refused(
          "\(file.what) '\(path)' is outside this sparse checkout (git keeps it in the index only); add it with `git sparse-checkout add \(folder.isEmpty ? "/" : folder)` and run again"
        )
      }
      normalizedFiles.append(
        WorkingTree.PlannedFile(path: path, bytes: file.bytes, what: file.what, creating: file.creating))
    }
    do {
      try tree.writeAll(normalizedFiles)
    } catch {
      throw .refused(error.message)
    }
  }

  /// A file's bytes from the index (or a commit's tree), following a symbolic link only to another file there.
  private func stagedContent(of entry: IndexEntry, among entries: IndexTable, what: String)
    throws(WorkspaceError)
    -> [UInt8]
  {
    switch IndexReader(repository: repository, entries: entries).content(of: entry) {
    case .bytes(let bytes): return bytes
    case .symlinkOutside(let target):
      throw .refused(
        "\(what) '\(entry.path)' is a symbolic link to '\(OwnerReference.visible(target))', outside the repository; leads refuses it"
      )
    case .tooLarge(let count):
      throw .refused("\(what) '\(entry.path)' is \(count) bytes, more than leads reads")
    case .unreadable(let reason):
      throw .refused("cannot read \(what) '\(entry.path)': \(reason)")
    }
  }

  /// Refuses a registry folder that is not a folder of this repository: a symbolic link (the working tree
  /// would follow it where the index and history cannot) or a submodule (its files are another repository's).
  private func checkRegistryFolder(in entries: IndexTable, source: String) throws(WorkspaceError) {
    guard let entry = entries.entry(named: registryFolder) else { return }
    if entry.isSymbolicLink {
      throw .refused(
        "\(registryFolder) is a symbolic link in \(source); leads reads lead files committed under \(registryFolder)/ itself: move them there (git mv) and remove the link"
      )
    }
    if entry.isSubmodule {
      throw .refused(
        "\(registryFolder) is a submodule in \(source); leads reads lead files committed in this repository under \(registryFolder)/, not another repository's"
      )
    }
  }

  private func registryInput(from requested: Source) throws(WorkspaceError) -> LintInput {
    switch effective(requested) {
    case .workingTree: return try workingTreeInput()
    case .staged: return try stagedInput()
    case .head: return try commitInput(nil)
    case .commit(let past): return try commitInput(past.id)
    }
  }

  /// The registry as the working tree has it; in a sparse checkout that leaves it out, as the index has it.
  private func workingTreeInput() throws(WorkspaceError) -> LintInput {
    let index = try indexEntries()
    try checkRegistryFolder(in: index, source: "the index")
    let tree = try workingTree(to: "read \(registryFolder)/ from")
    var info = stat()
    if lstat(tree.root + "/" + registryFolder, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
      throw .refused(
        "\(registryFolder) is a symbolic link in the working tree; leads reads lead files committed under \(registryFolder)/ itself: move them there (git mv) and remove the link"
      )
    }
    let isFolder: Bool
    do {
      isFolder = try tree.isFolder(registryFolder, what: "the registry folder")
    } catch {
      throw .refused(error.message)
    }
    let tracked = try trackedPaths()
    guard isFolder else {
      guard index.indices(under: registryFolder).contains(where: { index[$0].isSkipWorktree }) else {
        throw .noRegistry(root: root, folder: registryFolder, source: "the working tree")
      }
      return LintInput(
        files: IndexReader(repository: repository, entries: index).registryFiles(in: registryFolder),
        trackedFiles: tracked, registryFolder: registryFolder)
    }
    return LintInput(
      files: WorkingTreeReader(tree: tree).registryFiles(in: registryFolder), trackedFiles: tracked,
      registryFolder: registryFolder)
  }

  /// The registry as the index has it (what the next commit will contain); an unmerged index is refused.
  private func stagedInput() throws(WorkspaceError) -> LintInput {
    let index = try indexEntries()
    try checkRegistryFolder(in: index, source: "the index")
    let conflicted = index.conflictedPaths()
    if !conflicted.isEmpty {
      let shown =
        conflicted.prefix(3).joined(separator: ", ")
        + (conflicted.count > 3 ? " and \(conflicted.count - 3) more" : "")
      throw .refused(
        "the index has unmerged paths (a conflict at merge stages 1 to 3): \(shown); resolve them and stage the result"
      )
    }
    let reader = IndexReader(repository: repository, entries: index)
    guard reader.hasFiles(under: registryFolder) else {
      throw .noRegistry(root: root, folder: registryFolder, source: "the index")
    }
    return LintInput(
      files: reader.registryFiles(in: registryFolder),
      trackedFiles: try trackedPaths(), registryFolder: registryFolder)
  }

  /// Reads the registry folder of a commit's tree: its files as entries, and any other file of the tree a link
  /// in it points to looked up on demand (the tree is never listed whole). Nil when the tree has no such folder.
  private func registryReader(inTree tree: ObjectID) throws -> IndexReader? {
    guard let folder = try repository.subtree(registryFolder, of: tree) else { return nil }
    let entries = try repository.files(inTree: folder).map {
      IndexEntry(path: registryFolder + "/" + $0.path, mode: $0.isLink ? 0o120000 : 0o100644, blob: $0.blob)
    }
    return IndexReader(
      repository: repository, entries: IndexTable(entries),
      lookup: { [repository] path in try? repository.fileEntry(at: path, inTree: tree) })
  }

  /// The registry as `commit` (HEAD when nil) has it (how a bare repository is read, and the merge base of
  /// `lint --new-since`): the registry folder's files as entries, the commit's other paths only as paths.
  private func commitInput(_ commit: ObjectID?) throws(WorkspaceError) -> LintInput {
    do {
      guard let head = try commit ?? repository.headCommit() else {
        throw WorkspaceError.noRegistry(
          root: root, folder: registryFolder, source: "HEAD (there is no commit yet)")
      }
      let tree = try repository.tree(of: head)
      try checkRegistryFolder(
        in: IndexTable(try repository.fileEntry(at: registryFolder, inTree: tree).map { [$0] } ?? []),
        source: "HEAD")
      guard let reader = try registryReader(inTree: tree), reader.hasFiles(under: registryFolder) else {
        throw WorkspaceError.noRegistry(root: root, folder: registryFolder, source: "HEAD")
      }
      return LintInput(
        files: reader.registryFiles(in: registryFolder),
        trackedFiles: try trackedPaths(ofTree: tree),
        registryFolder: registryFolder)
    } catch let error as WorkspaceError {
      throw error
    } catch {
      throw .unreadableHistory("\(error)")
    }
  }

  /// The paths a commit's tree tracks (not its submodules). When the index is a checkout of HEAD (its cache
  /// tree says it makes HEAD's tree, as a fresh clone's does) and the commit's tree differs from HEAD's in few
  /// paths (the merge base of `lint --new-since`), they are the index's paths with those few changed, found by
  /// a diff of the two trees; otherwise the tree is listed in full (always with `LEADS_DERIVE_PAST_TREES=0`).
  private func trackedPaths(ofTree tree: ObjectID) throws -> PathTable {
    if ProcessInfo.processInfo.environment["LEADS_DERIVE_PAST_TREES"] != "0",
      let index = try? indexEntries(), let root = index.rootTree, let head = try repository.headCommit(),
      try repository.tree(of: head) == root
    {
      let current = PathTable(index.filePaths())
      if root == tree { return current }
      let changed = try repository.changedPaths(from: root, to: tree)
      if changed.count <= Workspace.pathsChangedForAListing {
        var removed: [String] = []
        var added: [String] = []
        for path in changed {
          let there = try repository.fileEntry(at: path, inTree: tree).map { !$0.isSubmodule } ?? false
          let here = current.contains(path)
          if here && !there { removed.append(path) } else if there && !here { added.append(path) }
        }
        return current.applying(removed: removed, added: added)
      }
    }
    return PathTable(try repository.filePaths(inTree: tree))
  }

  /// Past this many changed paths, a commit's tree is listed rather than derived from the index.
  static let pathsChangedForAListing = 20_000

  /// Lints the registry: the rules that need only the registry, then (with `today`) those that also need the
  /// date, or (with a history request) every rule, history read.
  /// With `configFrom`, the config is read from that source rather than from `source` (`lint --new-since`
  /// lints a past commit with today's config).
  public func lint(from source: Source, depth: LintDepth, configFrom configSource: Source? = nil)
    throws(WorkspaceError) -> LintResult
  {
    var clock = Stopwatch()
    let early = earlyChainHelper(for: source, depth: depth)
    let input = try lintInput(from: source, configFrom: configSource)
    let request: HistoryRequest
    switch depth {
    case .registry: return Linter.lint(input)
    case .today(let today): return Linter.lint(input, today: today)
    case .history(let requested): request = requested
    }
    request.trace?("index and registry files read in \(clock.lap()) ms")
    let reading = Linter.read(input)
    let registry = reading.registry
    // The registry rules run on another core while history is read.
    let staticResult = Concurrently.Pending { Linter.checked(reading) }
    request.trace?("registry parsed in \(clock.lap()) ms")
    let mailmapFile = try workingTreeMailmap()
    let facts: HistoryFacts
    do {
      var past: ObjectID?
      if case .commit(let commit) = source { past = commit.id }
      let loader = HistoryLoader(
        repository: repository, registryFolder: registryFolder, start: past, trace: request.trace)
      // The cache follows HEAD; a past commit reads it (when it is an ancestor of the cached head) but never
      // writes it.
      var cache = HistoryCache(file: request.useCache ? cacheFile : nil, readOnly: past != nil)
      cache.early = early
      facts = try loader.load(
        for: registry, now: request.now, cache: cache, runs: request.runs, runAuthors: request.runAuthors,
        chainHelper: request.chainHelper,
        mailmapFile: mailmapFile)
    } catch {
      throw .unreadableHistory("\(error)")
    }
    clock.lap()
    let result = Linter.addingHistory(facts, to: staticResult.join())
    request.trace?("registry and history rules ran in \(clock.lap()) ms")
    return result
  }

  /// For a run of HEAD that will read history cold (no cache, or none to read), the first-parent helper,
  /// started before the index and the registry are read so that it walks meanwhile; nil otherwise.
  private func earlyChainHelper(for source: Source, depth: LintDepth) -> ChainHelper? {
    guard case .history(let request) = depth, request.chainHelper else { return nil }
    switch source {
    case .workingTree, .staged, .head: break
    default: return nil
    }
    guard !request.useCache || !FileManager.default.fileExists(atPath: cacheFile.path),
      let head = try? repository.headCommit()
    else { return nil }
    return ChainHelper.start(repository, head: head, folder: registryFolder)
  }

  /// The working tree's `.mailmap`, when there is one: a regular file inside the working tree (a link out of
  /// it, or a FIFO that would block, is refused).
  func workingTreeMailmap() throws(WorkspaceError) -> [UInt8]? {
    guard let tree else { return nil }
    var info = stat()
    guard lstat(tree.root + "/.mailmap", &info) == 0 else { return nil }
    do throws(PathRefusal) {
      let resolved = try tree.resolve(".mailmap", what: ".mailmap")
      guard resolved.exists else {
        throw PathRefusal(message: ".mailmap is a symbolic link to nothing; remove it or point it at a file")
      }
      return try WorkingTree.readRegularFile(resolved.absolute, what: ".mailmap")
    } catch {
      throw .refused(error.message)
    }
  }

  /// The paths of the index's files (not its submodules), as `lint` and `who` look them up.
  public func trackedPaths() throws(WorkspaceError) -> PathTable {
    PathTable(try indexEntries().filePaths())
  }

  /// The index (or the one `GIT_INDEX_FILE` names), read once per run.
  public func indexEntries() throws(WorkspaceError) -> IndexTable {
    if let cachedIndex { return cachedIndex }
    do {
      let entries = try repository.indexEntries()
      cachedIndex = entries
      return entries
    } catch {
      throw .unreadableIndex("\(error)")
    }
  }
}

/// Whether a registry path is one `leads` reads: Markdown entries and the config file.
func isRegistryFile(_ path: String, registryFolder: String) -> Bool {
  path.lowercased().hasSuffix(".md") || path == registryFolder + "/" + RegistryConfig.fileName
}
