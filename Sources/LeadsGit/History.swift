import CLibGit2
import Foundation

/// What one commit contributes to activity: who wrote it, when, and which (wanted) paths it changed.
/// Identities are kept as written; `Mailmap` resolves them, so a new `.mailmap` applies to every commit.
public struct CommitRecord: Sendable, Equatable {
  public let id: ObjectID
  public let authorName: String
  public let authorEmail: String
  /// Author time, Unix seconds.
  public let authorTime: Int64
  /// Committer time, Unix seconds: when the commit landed.
  public let committerTime: Int64
  public let isMerge: Bool
  /// Values of `Co-authored-by:` trailers, as written (`Name <email>`).
  public let coAuthors: [String]
  /// Values of `Initiative:` trailers.
  public let initiatives: [String]
  /// Paths the commit added, changed or removed against its parent (empty for merges), filtered.
  public let changedPaths: [String]

  public init(
    id: ObjectID, authorName: String, authorEmail: String, authorTime: Int64, committerTime: Int64,
    isMerge: Bool,
    coAuthors: [String], initiatives: [String], changedPaths: [String]
  ) {
    self.id = id
    self.authorName = authorName
    self.authorEmail = authorEmail
    self.authorTime = authorTime
    self.committerTime = committerTime
    self.isMerge = isMerge
    self.coAuthors = coAuthors
    self.initiatives = initiatives
    self.changedPaths = changedPaths
  }
}

/// The repository's mailmap (`.mailmap`, `mailmap.blob`, `mailmap.file`), resolving identities to canonical
/// emails. Names and emails match ignoring case, as in git (libgit2 1.5.1 matches them exactly).
public final class Mailmap {
  private let handle: OpaquePointer?

  /// A mailmap from the text of mailmap files, later lines overriding earlier ones.
  public init(text: String) throws {
    var mailmap: OpaquePointer?
    let lowered = Array(text.lowercased().utf8)
    try GitError.check(
      lowered.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) {
          git_mailmap_from_buffer(&mailmap, $0.baseAddress, $0.count)
        }
      }, "cannot read the mailmap")
    handle = mailmap
  }

  deinit {
    git_mailmap_free(handle)
  }

  /// The canonical email for a name and email, lowercased.
  public func email(name: String, email: String) -> String {
    // libgit2 may hand back the input pointers themselves: copy the result while they are alive.
    name.lowercased().withCString { namePointer in
      email.lowercased().withCString { emailPointer in
        var realName: UnsafePointer<CChar>?
        var realEmail: UnsafePointer<CChar>?
        guard git_mailmap_resolve(&realName, &realEmail, handle, namePointer, emailPointer) == 0,
          let realEmail
        else {
          return email.lowercased()
        }
        return String(cString: realEmail).lowercased()
      }
    }
  }

  /// The canonical email of a `Name <email>` trailer value, or nil when it has no email.
  public func email(trailer value: String) -> String? {
    guard let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close else {
      return nil
    }
    let name = value[..<open].trimmingCharacters(in: .whitespaces)
    return email(name: name, email: String(value[value.index(after: open)..<close]))
  }
}

/// The commits of a window, newest first by commit date, and whether history ended early.
public struct WindowWalk: Sendable {
  public var records: [CommitRecord]
  /// The committer time of the oldest commit whose parents are missing (a shallow clone), if the walk met one.
  public var truncatedAt: Int64?
  /// How many commits the walk opened.
  public var visited = 0

  public init(records: [CommitRecord], truncatedAt: Int64?, visited: Int = 0) {
    self.records = records
    self.truncatedAt = truncatedAt
    self.visited = visited
  }
}

/// A first-parent commit at which the registry folder took a new state, newest first.
public struct RegistryChange: Sendable, Equatable {
  public let commit: ObjectID
  public let committerTime: Int64
  /// The registry folder's tree at this commit, nil when the folder does not exist.
  public let tree: ObjectID?
  public let isMerge: Bool

  public init(commit: ObjectID, committerTime: Int64, tree: ObjectID?, isMerge: Bool) {
    self.commit = commit
    self.committerTime = committerTime
    self.tree = tree
    self.isMerge = isMerge
  }
}

/// How a first-parent chain ended.
public enum ChainEnd: Sendable, Equatable {
  /// Where the registry folder does not exist, or at the first commit: nothing older matters.
  case complete
  /// At a commit whose parents are not in this clone (shallow history).
  case truncated
  /// At a commit the caller already knows (an incremental run).
  case known(ObjectID)
  /// Past the given commit time (Unix seconds): older history was not needed.
  case horizon(Int64)
}

extension GitRepository {
  /// The commit HEAD points at, or nil on an unborn branch or an empty repository.
  public func headCommit() throws -> ObjectID? {
    var oid = git_oid()
    let result = git_reference_name_to_id(&oid, handle, "HEAD")
    if result == GIT_ENOTFOUND.rawValue || result == GIT_EUNBORNBRANCH.rawValue { return nil }
    try GitError.check(result, "cannot resolve HEAD")
    return ObjectID(oid)
  }

  /// The mailmap as the repository defines it now: the working tree's `.mailmap` (its bytes, read and checked
  /// by the caller), then `mailmap.blob` (in a bare repository, `HEAD:.mailmap` by default), then the file
  /// `mailmap.file` names in the user's git configuration.
  public func mailmap(workingTreeFile: [UInt8]?) throws -> Mailmap {
    var text = workingTreeFile.map { String(decoding: $0, as: UTF8.self) + "\n" } ?? ""
    if let spec = try configString("mailmap.blob") ?? (isBare ? "HEAD:.mailmap" : nil) {
      var object: OpaquePointer?
      if git_revparse_single(&object, handle, spec) == 0, let object {
        defer { git_object_free(object) }
        if git_object_type(object) == GIT_OBJECT_BLOB, let content = git_blob_rawcontent(object) {
          let size = Int(git_blob_rawsize(object))
          text += String(decoding: UnsafeRawBufferPointer(start: content, count: size), as: UTF8.self) + "\n"
        }
      }
    }
    if let file = try configString("mailmap.file") {
      let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
      let path = file.hasPrefix("~/") ? home + file.dropFirst() : file
      if let data = FileManager.default.contents(atPath: path) {
        text += String(decoding: data, as: UTF8.self)
      }
    }
    return try Mailmap(text: text)
  }

  /// The root tree of a commit.
  public func tree(of commit: ObjectID) throws -> ObjectID {
    let loaded = try loadCommit(commit)
    defer { git_commit_free(loaded.pointer) }
    return ObjectID(git_commit_tree_id(loaded.pointer))
  }

  /// The tree of a folder inside a tree, if it exists.
  public func subtree(_ folder: String, of tree: ObjectID) throws -> ObjectID? {
    let root = try lookupTree(tree)
    defer { git_tree_free(root) }
    var entry: OpaquePointer?
    guard git_tree_entry_bypath(&entry, root, folder) == 0, let entry else { return nil }
    defer { git_tree_entry_free(entry) }
    guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return nil }
    return ObjectID(git_tree_entry_id(entry))
  }

  /// The blob at a path inside a tree, if it is a file there.
  public func blob(at path: String, inTree tree: ObjectID) throws -> ObjectID? {
    let root = try lookupTree(tree)
    defer { git_tree_free(root) }
    var entry: OpaquePointer?
    guard git_tree_entry_bypath(&entry, root, path) == 0, let entry else { return nil }
    defer { git_tree_entry_free(entry) }
    guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
    return ObjectID(git_tree_entry_id(entry))
  }

  /// The commits whose parents this clone lacks (`.git/shallow`).
  public func shallowBoundary() -> Set<ObjectID> {
    guard isShallow else { return [] }
    let common = GitRepository.trimSlash(String(cString: git_repository_commondir(handle)))
    guard let text = try? String(contentsOfFile: common + "/shallow", encoding: .utf8) else { return [] }
    return Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: $0) })
  }

  /// Whether `descendant` has `ancestor` in its history (or is it).
  public func isDescendant(_ descendant: ObjectID, of ancestor: ObjectID) -> Bool {
    if descendant == ancestor { return true }
    var a = descendant.raw
    var b = ancestor.raw
    return git_graph_descendant_of(handle, &a, &b) == 1
  }

  /// Walks the commits reachable from `head`, newest commit date first, until commits are older than `since`
  /// (with some slack for clocks that disagree), never entering `known` commits or their history.
  public func walkWindow(
    from head: ObjectID, since: Int64, known: Set<ObjectID> = [], filter: PathFilter
  ) throws -> WindowWalk {
    let boundary = shallowBoundary()
    var queue = CommitQueue()
    var queued: Set<ObjectID> = [head]
    queue.push(try loadCommit(head))
    var walk = WindowWalk(records: [], truncatedAt: nil)
    var oldInARow = 0
    while let commit = queue.pop() {
      defer { git_commit_free(commit.pointer) }
      walk.visited += 1
      if commit.time < since {
        oldInARow += 1
        if oldInARow > 32 { break }
      } else {
        oldInARow = 0
      }
      let id = ObjectID(git_commit_id(commit.pointer))
      let parentCount = Int(git_commit_parentcount(commit.pointer))
      var isBoundary = boundary.contains(id)
      if commit.time >= since || git_commit_author(commit.pointer).pointee.when.time >= since {
        // A shallow clone's boundary commit has parents this clone lacks: what it changed is unknown, and
        // diffing it against nothing would make its author look active on every file. Its paths stay empty.
        // A partial clone without trees (`--filter=tree:0`) lacks older trees: the walk ends there the same way.
        do {
          walk.records.append(
            try record(
              commit.pointer, id: id, diff: isBoundary ? .none : parentCount == 0 ? .root : .parent, filter))
        } catch let error as GitError where error.isNotFound {
          isBoundary = true
          walk.records.append(try record(commit.pointer, id: id, diff: .none, filter))
        }
      }
      if isBoundary {
        walk.truncatedAt = min(walk.truncatedAt ?? .max, commit.time)
        continue
      }
      for index in 0..<parentCount {
        let parent = ObjectID(git_commit_parent_id(commit.pointer, UInt32(index)))
        guard !known.contains(parent), queued.insert(parent).inserted else { continue }
        queue.push(try loadCommit(parent))
      }
    }
    while let rest = queue.pop() { git_commit_free(rest.pointer) }
    return walk
  }

  /// Follows the first parents from `head` and reports, newest first, each commit at which the registry folder
  /// took the state it then kept: the oldest commit of every run of commits with the same folder tree.
  /// Stops where the folder does not exist (its history is complete), at the first commit, at a shallow
  /// boundary, or before `known` (an incremental run appends what it already knows).
  public func registryChanges(
    from head: ObjectID, folder: String, stopAt known: ObjectID? = nil, horizon: Int64? = nil
  ) throws -> (changes: [RegistryChange], end: ChainEnd) {
    let boundary = shallowBoundary()
    let objects = try RawObjects(handle)
    let components = folder.split(separator: "/").map(String.init)
    var changes: [RegistryChange] = []
    var run: RegistryChange?
    var current = head
    var olderInARow = 0
    while true {
      if current == known {
        if let run { changes.append(run) }
        return (changes, .known(current))
      }
      let commit = try objects.commit(current)
      let tree: ObjectID?
      do {
        tree = try folderTree(commit.tree, components, objects)
      } catch let error as GitError where error.isNotFound && current != head {
        // A partial clone without trees: older registry states are unknown, as past a shallow boundary.
        if let run { changes.append(run) }
        return (changes, .truncated)
      }
      let here = RegistryChange(
        commit: current, committerTime: commit.committerTime, tree: tree, isMerge: commit.parentCount > 1)
      if let previous = run, previous.tree != tree { changes.append(previous) }
      if tree == nil {
        // Older commits cannot continue a run: the folder does not exist here.
        return (changes, .complete)
      }
      run = here
      if let horizon {
        // Like the window walk: commit dates can disagree with the graph, so stop only well past the horizon.
        olderInARow = commit.committerTime < horizon ? olderInARow + 1 : 0
        if olderInARow > 32 {
          changes.append(here)
          return (changes, .horizon(horizon))
        }
      }
      if boundary.contains(current) {
        changes.append(here)
        return (changes, .truncated)
      }
      guard let parent = commit.firstParent else {
        changes.append(here)
        return (changes, .complete)
      }
      current = parent
    }
  }

  /// The tree of `components` (a folder path) inside a root tree, or nil when it is not a folder there.
  private func folderTree(_ root: ObjectID, _ components: [String], _ objects: RawObjects) throws -> ObjectID?
  {
    var tree = root
    for component in components {
      guard let entry = try objects.entry(component, inTree: tree), entry.isTree else { return nil }
      tree = entry.id
    }
    return tree
  }

  /// Every blob below a tree, with paths relative to the tree.
  public func files(inTree tree: ObjectID) throws -> [(path: String, blob: ObjectID, isLink: Bool)] {
    var files: [(path: String, blob: ObjectID, isLink: Bool)] = []
    try collect(tree: tree, prefix: "", into: &files)
    return files
  }

  /// Who changed `path` in the commits a merge brought in (those reachable from its other parents but not its
  /// first), as mailmap-resolved, lowercased emails of authors and co-authors. For an ordinary commit, its own authors.
  public func authorsOfChange(at commit: ObjectID, path: String, mailmap: Mailmap) throws -> [String] {
    let landing = try loadCommit(commit)
    defer { git_commit_free(landing.pointer) }
    let parentCount = git_commit_parentcount(landing.pointer)
    guard parentCount > 1 else { return try authors(of: landing.pointer, mailmap) }
    var walk: OpaquePointer?
    try GitError.check(git_revwalk_new(&walk, handle), "cannot walk history")
    defer { git_revwalk_free(walk) }
    for index in 1..<parentCount { _ = git_revwalk_push(walk, git_commit_parent_id(landing.pointer, index)) }
    _ = git_revwalk_hide(walk, git_commit_parent_id(landing.pointer, 0))
    var found: [String] = []
    var oid = git_oid()
    var seen = 0
    while git_revwalk_next(&oid, walk) == 0, seen < 10_000 {
      seen += 1
      let candidate = try loadCommit(ObjectID(oid))
      defer { git_commit_free(candidate.pointer) }
      guard git_commit_parentcount(candidate.pointer) == 1 else { continue }
      let mine = try blobID(at: path, in: candidate.pointer)
      let parent = try loadCommit(ObjectID(git_commit_parent_id(candidate.pointer, 0)))
      defer { git_commit_free(parent.pointer) }
      if mine != (try blobID(at: path, in: parent.pointer)) {
        found += try authors(of: candidate.pointer, mailmap)
      }
    }
    return found.isEmpty ? try authors(of: landing.pointer, mailmap) : found
  }

  // MARK: - Helpers

  struct LoadedCommit {
    let pointer: OpaquePointer
    let time: Int64
  }

  func loadCommit(_ id: ObjectID) throws -> LoadedCommit {
    var oid = id.raw
    var commit: OpaquePointer?
    try GitError.check(git_commit_lookup(&commit, handle, &oid), "cannot read commit \(id)")
    return LoadedCommit(pointer: commit!, time: git_commit_time(commit))
  }

  private func blobID(at path: String, in commit: OpaquePointer) throws -> ObjectID? {
    var tree: OpaquePointer?
    try GitError.check(git_commit_tree(&tree, commit), "cannot read a commit's tree")
    defer { git_tree_free(tree) }
    var entry: OpaquePointer?
    guard git_tree_entry_bypath(&entry, tree, path) == 0, let entry else { return nil }
    defer { git_tree_entry_free(entry) }
    return ObjectID(git_tree_entry_id(entry))
  }

  private func collect(
    tree id: ObjectID, prefix: String, into files: inout [(path: String, blob: ObjectID, isLink: Bool)]
  ) throws {
    let tree = try lookupTree(id)
    defer { git_tree_free(tree) }
    for index in 0..<git_tree_entrycount(tree) {
      guard let entry = git_tree_entry_byindex(tree, index) else { continue }
      let path = prefix + String(cString: git_tree_entry_name(entry))
      let entryID = ObjectID(git_tree_entry_id(entry))
      switch git_tree_entry_type(entry) {
      case GIT_OBJECT_TREE: try collect(tree: entryID, prefix: path + "/", into: &files)
      case GIT_OBJECT_BLOB:
        files.append((path, entryID, git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK))
      default: break
      }
    }
  }

  private func lookupTree(_ id: ObjectID) throws -> OpaquePointer {
    var oid = id.raw
    var tree: OpaquePointer?
    try GitError.check(git_tree_lookup(&tree, handle, &oid), "cannot read tree \(id)")
    return tree!
  }

  private func authors(of commit: OpaquePointer, _ mailmap: Mailmap) throws -> [String] {
    let author = git_commit_author(commit)!.pointee
    let email = mailmap.email(name: String(cString: author.name), email: String(cString: author.email))
    return [email] + trailers(of: commit).coAuthors.compactMap { mailmap.email(trailer: $0) }
  }

  private func trailers(of commit: OpaquePointer) -> (coAuthors: [String], initiatives: [String]) {
    guard let message = git_commit_message(commit) else { return ([], []) }
    // Most messages carry neither trailer; skip the full trailer parse for them.
    guard
      leads_contains_word(message, "co-authored-by") != 0 || leads_contains_word(message, "initiative") != 0
    else {
      return ([], [])
    }
    var array = git_message_trailer_array()
    guard git_message_trailers(&array, message) == 0 else { return ([], []) }
    defer { git_message_trailer_array_free(&array) }
    var coAuthors: [String] = []
    var initiatives: [String] = []
    for index in 0..<array.count {
      let trailer = array.trailers[index]
      let key = String(cString: trailer.key).lowercased()
      let value = String(cString: trailer.value).trimmingCharacters(in: .whitespaces)
      if key == "co-authored-by" {
        coAuthors.append(value)
      } else if key == "initiative" {
        initiatives += value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
          !$0.isEmpty
        }
      }
    }
    return (coAuthors, initiatives)
  }

  /// What a commit's changed paths are read against.
  enum DiffBase {
    /// Its first parent.
    case parent
    /// Nothing: a root commit adds every file.
    case root
    /// Nothing is read: what the commit changed is unknown (a shallow boundary, a missing tree).
    case none
  }

  private func record(_ commit: OpaquePointer, id: ObjectID, diff base: DiffBase, _ filter: PathFilter) throws
    -> CommitRecord
  {
    let author = git_commit_author(commit)!.pointee
    let isMerge = git_commit_parentcount(commit) > 1
    let (coAuthors, initiatives) = trailers(of: commit)
    var changed: [String] = []
    if !isMerge && base != .none {
      let newTree = try commitTree(commit)
      defer { git_tree_free(newTree) }
      if base == .root {
        try diff(old: nil, new: newTree, prefix: "", filter: filter, into: &changed)
      } else {
        let parent = try loadCommit(ObjectID(git_commit_parent_id(commit, 0)))
        defer { git_commit_free(parent.pointer) }
        let oldTree = try commitTree(parent.pointer)
        defer { git_tree_free(oldTree) }
        try diff(old: oldTree, new: newTree, prefix: "", filter: filter, into: &changed)
      }
    }
    return CommitRecord(
      id: id, authorName: String(cString: author.name), authorEmail: String(cString: author.email),
      authorTime: author.when.time, committerTime: git_commit_time(commit), isMerge: isMerge,
      coAuthors: coAuthors,
      initiatives: initiatives, changedPaths: changed)
  }

  private func commitTree(_ commit: OpaquePointer) throws -> OpaquePointer {
    var tree: OpaquePointer?
    try GitError.check(git_commit_tree(&tree, commit), "cannot read a commit's tree")
    return tree!
  }

  /// Compares two trees entry by entry, opening only subtrees whose ids differ and that the filter wants.
  private func diff(
    old: OpaquePointer?, new: OpaquePointer?, prefix: String, filter: PathFilter, into changed: inout [String]
  ) throws {
    // Trees with as many entries usually hold the same names in the same order: compare by position first,
    // and search by name only where the positions disagree.
    let sameCount = old.map { git_tree_entrycount($0) } == new.map { git_tree_entrycount($0) }
    var alignedByPosition = sameCount
    if let new {
      for index in 0..<git_tree_entrycount(new) {
        guard let entry = git_tree_entry_byindex(new, index) else { continue }
        let name = git_tree_entry_name(entry)!
        var before: OpaquePointer?
        if sameCount, let old, let candidate = git_tree_entry_byindex(old, index),
          strcmp(git_tree_entry_name(candidate), name) == 0
        {
          before = candidate
        } else {
          alignedByPosition = false
          before = old.flatMap { git_tree_entry_byname($0, name) }
        }
        if let before, git_oid_equal(git_tree_entry_id(before), git_tree_entry_id(entry)) == 1,
          git_tree_entry_filemode(before) == git_tree_entry_filemode(entry)
        {
          continue
        }
        let path = prefix + String(cString: name)
        let newIsTree = git_tree_entry_type(entry) == GIT_OBJECT_TREE
        let oldIsTree = before.map { git_tree_entry_type($0) == GIT_OBJECT_TREE } ?? false
        if newIsTree || oldIsTree {
          guard filter.wantsFolder(path) else { continue }
        }
        switch (before, oldIsTree, newIsTree) {
        case (.some(let before), true, true):
          let oldSubtree = try lookupTree(ObjectID(git_tree_entry_id(before)))
          defer { git_tree_free(oldSubtree) }
          let newSubtree = try lookupTree(ObjectID(git_tree_entry_id(entry)))
          defer { git_tree_free(newSubtree) }
          try diff(old: oldSubtree, new: newSubtree, prefix: path + "/", filter: filter, into: &changed)
        case (.some, false, false):
          // A file changed in place.
          if filter.wantsFile(path) { changed.append(path) }
        default:
          // Added, or replaced by something of another type: both sides changed.
          if let before { try report(before, path: path, filter: filter, into: &changed) }
          try report(entry, path: path, filter: filter, into: &changed)
        }
      }
    }
    // When every entry matched by position, nothing was removed.
    if let old, !alignedByPosition {
      for index in 0..<git_tree_entrycount(old) {
        guard let entry = git_tree_entry_byindex(old, index) else { continue }
        if let new, git_tree_entry_byname(new, git_tree_entry_name(entry)) != nil { continue }
        let path = prefix + String(cString: git_tree_entry_name(entry))
        try report(entry, path: path, filter: filter, into: &changed)
      }
    }
  }

  /// Reports a whole entry as changed: a file, or every file below a folder.
  private func report(_ entry: OpaquePointer, path: String, filter: PathFilter, into changed: inout [String])
    throws
  {
    if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
      guard filter.wantsFolder(path) else { return }
      let subtree = try lookupTree(ObjectID(git_tree_entry_id(entry)))
      defer { git_tree_free(subtree) }
      try diff(old: nil, new: subtree, prefix: path + "/", filter: filter, into: &changed)
    } else if filter.wantsFile(path) {
      changed.append(path)
    }
  }
}

/// A max-heap of commits by commit time: the order `git log` shows a history in.
struct CommitQueue {
  private var heap: [GitRepository.LoadedCommit] = []

  mutating func push(_ commit: GitRepository.LoadedCommit) {
    heap.append(commit)
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard heap[child].time > heap[parent].time else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> GitRepository.LoadedCommit? {
    guard !heap.isEmpty else { return nil }
    heap.swapAt(0, heap.count - 1)
    let top = heap.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var largest = parent
      if left < heap.count, heap[left].time > heap[largest].time { largest = left }
      if right < heap.count, heap[right].time > heap[largest].time { largest = right }
      guard largest != parent else { break }
      heap.swapAt(parent, largest)
      parent = largest
    }
    return top
  }
}
