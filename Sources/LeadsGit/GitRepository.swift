import CLibGit2
import Foundation

/// A file in the index: what `git ls-files --stage` shows.
public struct IndexEntry: Sendable, Hashable {
  public let path: String
  public let mode: UInt32
  public let blob: ObjectID
  /// Whether the path is unmerged (its stages 1 to 3 are in the index).
  public let isConflicted: Bool
  /// Whether a sparse checkout leaves the file out of the working tree.
  public let isSkipWorktree: Bool

  public init(
    path: String, mode: UInt32, blob: ObjectID, isConflicted: Bool = false, isSkipWorktree: Bool = false
  ) {
    self.path = path
    self.mode = mode
    self.blob = blob
    self.isConflicted = isConflicted
    self.isSkipWorktree = isSkipWorktree
  }

  public var isSymbolicLink: Bool { mode & 0o170000 == 0o120000 }
  /// A folder a sparse index keeps as one entry (its tree), outside the sparse checkout.
  var isSparseFolder: Bool { mode & 0o170000 == 0o040000 }
  public var isSubmodule: Bool { mode & 0o170000 == 0o160000 }
}

/// Why a repository could not be opened, in one sentence for a person.
public enum RepositoryOpenError: Error, CustomStringConvertible, Sendable {
  case notARepository(path: String)
  case ownedByAnotherUser(path: String, owner: String, user: String)
  case failed(path: String, message: String)

  public var description: String {
    switch self {
    case .notARepository(let path):
      return
        "\(path) is not inside a git repository; run leads in a clone, or pass -C with the repository's path"
    case .ownedByAnotherUser(let path, let owner, let user):
      return
        "the repository at \(path) belongs to \(owner), not to \(user), and git refuses to work in another user's repository until it is trusted: run `git config --global --add safe.directory \(path)`, or run leads as \(owner)"
    case .failed(let path, let message):
      return "cannot open the repository at \(path): \(message)"
    }
  }
}

/// An open repository. Not thread-safe: use one per thread.
public final class GitRepository {
  let handle: OpaquePointer

  /// The working tree, without a trailing slash; nil for a bare repository.
  public var workingDirectory: String? {
    git_repository_workdir(handle).map { GitRepository.trimSlash(String(cString: $0)) }
  }
  /// The environment the repository was opened with (`GIT_INDEX_FILE` is read from it).
  let environment: [String: String]
  /// The `.git` folder (or the bare repository itself), without a trailing slash.
  public let gitDirectory: String
  /// Whether this is a partial clone, once asked.
  private var partialClone: Bool?

  private init(handle: OpaquePointer, environment: [String: String]) {
    self.handle = handle
    self.environment = environment
    gitDirectory = GitRepository.trimSlash(String(cString: git_repository_path(handle)))
  }

  deinit {
    git_repository_free(handle)
  }

  /// Finds the repository that contains `path` (a working tree folder at any depth, or a `.git` folder).
  public static func discover(
    from path: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(RepositoryOpenError) -> GitRepository {
    if let libgit2Failure { throw .failed(path: path, message: libgit2Failure.message) }
    if let gitDirectory = environment["GIT_DIR"], !gitDirectory.isEmpty {
      return try open(
        gitDirectory: absolute(gitDirectory, from: path),
        workTree: environment["GIT_WORK_TREE"].flatMap { $0.isEmpty ? nil : absolute($0, from: path) },
        startedIn: path, environment: environment)
    }
    var buffer = git_buf()
    defer { git_buf_dispose(&buffer) }
    let found = git_repository_discover(&buffer, path, 0, nil)
    if found < 0 {
      let error = GitError.last(found, "not found")
      if found == GIT_ENOTFOUND.rawValue {
        throw .notARepository(path: path)
      }
      throw .failed(path: path, message: error.message)
    }
    let gitPath = String(cString: buffer.ptr)
    var handle: OpaquePointer?
    let opened = git_repository_open(&handle, gitPath)
    guard opened >= 0, let handle else {
      let error = GitError.last(opened, "cannot open")
      throw .failed(path: path, message: error.message)
    }
    let repository = GitRepository(handle: handle, environment: environment)
    try repository.checkOwnership()
    return repository
  }

  /// Opens the repository `GIT_DIR` names, with the working tree git would use: `GIT_WORK_TREE`, else
  /// `core.worktree`, else (unless the repository is bare) the folder the command started in.
  private static func open(
    gitDirectory: String, workTree: String?, startedIn path: String, environment: [String: String]
  ) throws(RepositoryOpenError) -> GitRepository {
    var handle: OpaquePointer?
    let opened = git_repository_open_ext(
      &handle, gitDirectory, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_NO_DOTGIT.rawValue,
      nil)
    guard opened >= 0, let handle else {
      if opened == GIT_ENOTFOUND.rawValue { throw .notARepository(path: gitDirectory + " (GIT_DIR)") }
      throw .failed(path: gitDirectory, message: GitError.last(opened, "cannot open GIT_DIR").message)
    }
    let repository = GitRepository(handle: handle, environment: environment)
    let configured = (try? repository.configString("core.worktree")) ?? nil
    if let tree = workTree ?? (configured == nil && !repository.isBare ? path : nil) {
      let set = git_repository_set_workdir(handle, tree, 0)
      guard set >= 0 else {
        throw .failed(path: tree, message: GitError.last(set, "cannot use it as the working tree").message)
      }
    }
    try repository.checkOwnership()
    return repository
  }

  /// `path` made absolute against `base`, as git reads `GIT_DIR` and `GIT_WORK_TREE`.
  static func absolute(_ path: String, from base: String) -> String {
    let start = base.hasPrefix("/") ? base : FileManager.default.currentDirectoryPath + "/" + base
    return realPath(path.hasPrefix("/") ? path : start + "/" + path)
  }

  /// git's ownership rule (`safe.directory`): a repository whose working tree or git folder belongs to
  /// another user is refused unless the global or system configuration trusts it — by its working tree path,
  /// its git folder path, or `*` (an empty value clears the list, as in git).
  func checkOwnership() throws(RepositoryOpenError) {
    let user = geteuid()
    let checked = [workingDirectory, gitDirectory].compactMap { $0 }
    guard let foreign = checked.first(where: { GitRepository.owner(of: $0).map { $0 != user } ?? false })
    else {
      return
    }
    let shown = workingDirectory ?? gitDirectory
    var trusted: [String] = []
    do {
      var config: OpaquePointer?
      try GitError.check(git_config_open_default(&config), "cannot read the global git configuration")
      defer { git_config_free(config) }
      var iterator: OpaquePointer?
      let opened = git_config_multivar_iterator_new(&iterator, config, "safe.directory", nil)
      if opened != GIT_ENOTFOUND.rawValue {
        try GitError.check(opened, "cannot read safe.directory")
        defer { git_config_iterator_free(iterator) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        while true {
          let next = git_config_next(&entry, iterator)
          if next == GIT_ITEROVER.rawValue { break }
          try GitError.check(next, "cannot read safe.directory")
          guard let entry else { break }
          // Only the global and system files count, as in git: a repository cannot trust itself.
          guard entry.pointee.level.rawValue <= GIT_CONFIG_LEVEL_GLOBAL.rawValue else { continue }
          let value = String(cString: entry.pointee.value)
          if value.isEmpty { trusted.removeAll() } else { trusted.append(value) }
        }
      }
    } catch let error as GitError {
      throw .failed(path: workingDirectory ?? gitDirectory, message: error.message)
    } catch {
      throw .failed(path: workingDirectory ?? gitDirectory, message: "\(error)")
    }
    let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
    let candidates = Set(checked.flatMap { [$0, GitRepository.realPath($0)] })
    for value in trusted {
      if value == "*" { return }
      var path = value.hasPrefix("~/") ? home + value.dropFirst() : value
      while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
      if candidates.contains(path) || candidates.contains(GitRepository.realPath(path)) { return }
    }
    let ownerID = GitRepository.owner(of: foreign) ?? 0
    throw .ownedByAnotherUser(
      path: shown, owner: GitRepository.userName(ownerID), user: GitRepository.userName(user))
  }

  static func owner(of path: String) -> uid_t? {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_uid : nil
  }

  static func userName(_ id: uid_t) -> String {
    guard let entry = getpwuid(id), let name = entry.pointee.pw_name else { return "user \(id)" }
    return "user '\(String(cString: name))' (uid \(id))"
  }

  static func realPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// The folder shared by all worktrees of the repository, without a trailing slash.
  public var commonDirectory: String {
    GitRepository.trimSlash(String(cString: git_repository_commondir(handle)))
  }

  /// A string from the repository's git configuration, or nil when it is not set.
  public func configString(_ name: String) throws -> String? {
    var config: OpaquePointer?
    try GitError.check(git_repository_config_snapshot(&config, handle), "cannot read the git configuration")
    defer { git_config_free(config) }
    var value: UnsafePointer<CChar>?
    let result = git_config_get_string(&value, config, name)
    if result == GIT_ENOTFOUND.rawValue { return nil }
    try GitError.check(result, "cannot read \(name) from the git configuration")
    return value.map { String(cString: $0) }
  }

  public var isBare: Bool { git_repository_is_bare(handle) == 1 }
  public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }
  /// True when HEAD names a branch with no commit yet.
  public var isHeadUnborn: Bool { git_repository_head_unborn(handle) == 1 }

  /// The index file git would use: `GIT_INDEX_FILE` when set (how `git commit -a`, `--only` and partial
  /// commits hand their temporary index to hooks; a relative one is relative to the top of the working tree,
  /// where git runs hooks and resolves it), else the repository's own.
  public var indexFile: String {
    guard let value = environment["GIT_INDEX_FILE"], !value.isEmpty else {
      return gitDirectory + "/index"
    }
    if value.hasPrefix("/") { return value }
    return (workingDirectory ?? FileManager.default.currentDirectoryPath) + "/" + value
  }

  /// Every path in the index, once; a conflicted path appears once, with `isConflicted` set. Read from the
  /// file's bytes (see `IndexFile`); a sparse index's folders are expanded from their trees, as git expands
  /// them, and a split index is read through `git ls-files`.
  public func indexEntries() throws -> IndexTable {
    let file = indexFile
    let table: IndexTable
    do throws(IndexFile.Refusal) {
      guard let read = try IndexFile.table(atPath: file) else { return IndexTable() }
      table = read
    } catch .damaged(let reason) {
      throw GitError(code: -1, message: "cannot read the index \(file): \(reason)")
    } catch .split {
      return IndexTable(try indexThroughGit(file))
    }
    guard table.hasSparseFolders else { return table }
    return IndexTable(try expandingSparseFolders(Array(table)))
  }

  /// The entries with each folder of a sparse index replaced by the files of its tree, all outside the sparse
  /// checkout.
  private func expandingSparseFolders(_ entries: [IndexEntry]) throws -> [IndexEntry] {
    var expanded: [IndexEntry] = []
    expanded.reserveCapacity(entries.count)
    for entry in entries {
      guard entry.isSparseFolder else {
        expanded.append(entry)
        continue
      }
      let prefix = entry.path.hasSuffix("/") ? entry.path : entry.path + "/"
      for file in try files(inTree: entry.blob) {
        expanded.append(
          IndexEntry(
            path: prefix + file.path, mode: file.isLink ? 0o120000 : 0o100644, blob: file.blob,
            isSkipWorktree: true))
      }
    }
    return expanded
  }

  /// The index as `git ls-files --stage` prints it, for a split index.
  private func indexThroughGit(_ file: String) throws -> [IndexEntry] {
    let output: [UInt8]
    do {
      output = try ChildProcess.run(
        .git, ["--git-dir=\(gitDirectory)", "ls-files", "--stage", "-t", "-z"],
        environment: ["GIT_INDEX_FILE": file, "GIT_WORK_TREE": nil],
        what: "git ls-files (reading a split index)")
    } catch {
      throw GitError(code: -1, message: "cannot read the index \(file): \(error.description)")
    }
    var entries: [IndexEntry] = []
    // "<tag> <mode> <id> <stage>\t<path>\0"
    for record in output.split(separator: 0) {
      guard let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { continue }
      let fields = record[..<tab].split(separator: UInt8(ascii: " "))
      guard fields.count == 4, let mode = UInt32(String(decoding: fields[1], as: UTF8.self), radix: 8),
        let id = ObjectID(hexBytes: fields[2])
      else {
        throw GitError(
          code: -1, message: "cannot read the index \(file): git ls-files printed something else")
      }
      let path = String(decoding: record[(tab + 1)...], as: UTF8.self)
      if entries.last?.path == path { continue }
      entries.append(
        IndexEntry(
          path: path, mode: mode, blob: id, isConflicted: fields[3] != [UInt8(ascii: "0")],
          isSkipWorktree: fields[0] == [UInt8(ascii: "S")]))
    }
    return entries
  }

  /// The first of `ids` the object database does not have, if any (one database handle for all of them).
  public func firstMissingObject(among ids: some Sequence<ObjectID>) throws -> ObjectID? {
    var odb: OpaquePointer?
    try GitError.check(git_repository_odb(&odb, handle), "cannot open the object database")
    defer { git_odb_free(odb) }
    for id in ids {
      var oid = id.raw
      if git_odb_exists(odb, &oid) != 1 { return id }
    }
    return nil
  }

  /// Whether the object database has the object (a partial clone may have left it on its promisor remote).
  public func hasObject(_ id: ObjectID) throws -> Bool {
    var odb: OpaquePointer?
    try GitError.check(git_repository_odb(&odb, handle), "cannot open the object database")
    defer { git_odb_free(odb) }
    var oid = id.raw
    return git_odb_exists(odb, &oid) == 1
  }

  /// Whether this is a partial clone (`git clone --filter=...`), whose missing objects its remote promises.
  /// git 2.39 marks it with `remote.<name>.promisor`; older versions with `extensions.partialClone`.
  public func isPartialClone() throws -> Bool {
    if let partialClone { return partialClone }
    let answer = try readPartialClone()
    partialClone = answer
    return answer
  }

  private func readPartialClone() throws -> Bool {
    if try configString("extensions.partialclone") != nil { return true }
    var config: OpaquePointer?
    try GitError.check(git_repository_config_snapshot(&config, handle), "cannot read the git configuration")
    defer { git_config_free(config) }
    var iterator: OpaquePointer?
    try GitError.check(
      git_config_iterator_glob_new(&iterator, config, "^remote\\..*\\.promisor$"),
      "cannot read remote.*.promisor from the git configuration")
    defer { git_config_iterator_free(iterator) }
    var entry: UnsafeMutablePointer<git_config_entry>?
    while true {
      let next = git_config_next(&entry, iterator)
      if next == GIT_ITEROVER.rawValue { return false }
      try GitError.check(next, "cannot read remote.*.promisor from the git configuration")
      var value: Int32 = 0
      if let entry, git_config_parse_bool(&value, entry.pointee.value) == 0, value != 0 { return true }
    }
  }

  /// The size of a blob in bytes.
  public func blobSize(_ id: ObjectID) throws -> Int {
    try withBlob(id) { Int(git_blob_rawsize($0)) }
  }

  /// The bytes of a blob.
  public func blobContent(_ id: ObjectID) throws -> [UInt8] {
    try withBlob(id) { blob in
      let size = Int(git_blob_rawsize(blob))
      guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
      return Array(UnsafeRawBufferPointer(start: content, count: size))
    }
  }

  private func withBlob<T>(_ id: ObjectID, _ body: (OpaquePointer) throws -> T) throws -> T {
    var oid = id.raw
    var blob: OpaquePointer?
    try GitError.check(git_blob_lookup(&blob, handle, &oid), "cannot read blob \(id)")
    defer { git_blob_free(blob) }
    return try body(blob!)
  }

  static func trimSlash(_ path: String) -> String {
    path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
  }
}
