import CLibGit2
import Foundation

extension GitRepository {
  /// The commit HEAD points at, or nil on an unborn branch or an empty repository.
  public func headCommit() throws -> ObjectID? {
    var oid = git_oid()
    let result = git_reference_name_to_id(&oid, handle, "HEAD")
    if result == GIT_ENOTFOUND.rawValue || result == GIT_EUNBORNBRANCH.rawValue { return nil }
    try GitError.check(result, "cannot resolve HEAD")
    // HEAD may hold an annotated tag's id (git log peels it to the commit): peel it the same way.
    var object: OpaquePointer?
    try GitError.check(
      git_object_lookup(&object, handle, &oid, GIT_OBJECT_ANY), "cannot read HEAD's commit \(ObjectID(oid))")
    defer { git_object_free(object) }
    return try commitID(peeling: object, "HEAD (\(ObjectID(oid)))")
  }

  /// The commit an object leads to: itself, or what an annotated tag points at.
  private func commitID(peeling object: OpaquePointer?, _ name: String) throws -> ObjectID {
    guard git_object_type(object) != GIT_OBJECT_COMMIT else { return ObjectID(git_object_id(object).pointee) }
    var peeled: OpaquePointer?
    try GitError.check(
      git_object_peel(&peeled, object, GIT_OBJECT_COMMIT), "\(name) does not lead to a commit")
    defer { git_object_free(peeled) }
    return ObjectID(git_object_id(peeled).pointee)
  }

  /// The commit a revision names (`HEAD~3`, `main`, `v1.2`, an id), peeled through tags, with its committer
  /// time; nil when nothing by that name exists.
  public func commit(named revision: String) throws -> (id: ObjectID, time: Int64)? {
    var object: OpaquePointer?
    let found = git_revparse_single(&object, handle, revision)
    let unknown = [GIT_ENOTFOUND, GIT_EINVALIDSPEC, GIT_EAMBIGUOUS].map(\.rawValue)
    if unknown.contains(found) { return nil }
    try GitError.check(found, "cannot resolve '\(revision)'")
    defer { git_object_free(object) }
    let id = try commitID(peeling: object, "'\(revision)'")
    return (id, try commit(id).time)
  }

  /// The best common ancestor of HEAD and `revision` (what `git merge-base HEAD REV` prints), with its
  /// committer time; nil when they share no history (or the clone is too shallow to reach it).
  public func mergeBase(withHEADAnd other: ObjectID) throws -> (id: ObjectID, time: Int64)? {
    guard let head = try headCommit() else { return nil }
    // libgit2 does not know a shallow clone's boundary: it walks on into parents the clone never fetched
    // and fails, even when the base is right there (a branch one commit ahead of a depth-1 main).
    if isShallow { return try shallowMergeBase(head, other) }
    var base = git_oid()
    var one = head.raw
    var two = other.raw
    let found = git_merge_base(&base, handle, &one, &two)
    if found == GIT_ENOTFOUND.rawValue { return nil }
    try GitError.check(found, "cannot find the merge base of HEAD and \(other)")
    let id = ObjectID(base)
    return (id, try commit(id).time)
  }

  /// The merge base in a shallow clone: the newest commit (by committer time) reachable from `other` that
  /// HEAD reaches too, neither walk going past the clone's boundary; nil when the fetched history holds none.
  private func shallowMergeBase(_ head: ObjectID, _ other: ObjectID) throws -> (id: ObjectID, time: Int64)? {
    let boundary = try shallowBoundary()
    func parents(_ commit: OwnedCommit) -> [ObjectID] {
      boundary.contains(commit.id) ? [] : (0..<commit.parentCount).map(commit.parentID)
    }
    var fromHead: Set<ObjectID> = [head]
    var pending = [head]
    while let next = pending.popLast() {
      for parent in parents(try commit(next)) where fromHead.insert(parent).inserted {
        pending.append(parent)
      }
    }
    var queue = CommitQueue()
    var seen: Set<ObjectID> = [other]
    queue.push(try commit(other))
    while let newest = queue.pop() {
      if fromHead.contains(newest.id) { return (newest.id, newest.time) }
      for parent in parents(newest) where seen.insert(parent).inserted { queue.push(try commit(parent)) }
    }
    return nil
  }

  /// The last commit on HEAD's first-parent line that landed (committer time) at or before `time`, with that
  /// time; nil when HEAD is unborn or every commit landed later. Walks back from HEAD one commit at a time.
  public func firstParentCommit(landedBy time: Int64) throws -> (id: ObjectID, time: Int64)? {
    try firstParentCommits(landedBy: [time])[0]
  }

  /// For each of `times`, what `firstParentCommit(landedBy:)` gives, found in one walk back from HEAD.
  public func firstParentCommits(landedBy times: [Int64]) throws -> [(id: ObjectID, time: Int64)?] {
    var found = [(id: ObjectID, time: Int64)?](repeating: nil, count: times.count)
    guard var current = try headCommit() else { return found }
    var left = times.count
    while left > 0 {
      let commit = try self.commit(current)
      let landed = commit.time
      for (index, time) in times.enumerated() where found[index] == nil && landed <= time {
        found[index] = (current, landed)
        left -= 1
      }
      guard commit.parentCount > 0 else { break }
      current = commit.parentID(0)
    }
    return found
  }

  /// The root tree of a commit.
  public func tree(of commit: ObjectID) throws -> ObjectID {
    ObjectID(git_commit_tree_id(try self.commit(commit).pointer))
  }

  /// The tree of a folder inside a tree, if it is a folder there.
  public func subtree(_ folder: String, of tree: ObjectID) throws -> ObjectID? {
    guard let entry = try entry(at: folder, in: try self.tree(tree)), entry.type == GIT_OBJECT_TREE else {
      return nil
    }
    return entry.id
  }

  /// The blob at a path inside a tree, if it is a file there.
  public func blob(at path: String, inTree tree: ObjectID) throws -> ObjectID? {
    guard let entry = try entry(at: path, in: try self.tree(tree)), entry.type == GIT_OBJECT_BLOB else {
      return nil
    }
    return entry.id
  }

  /// The commits whose parents this clone lacks (`.git/shallow`).
  public func shallowBoundary() throws -> Set<ObjectID> {
    guard isShallow else { return [] }
    let file = commonDirectory + "/shallow"
    guard let data = FileManager.default.contents(atPath: file) else {
      throw GitError(code: -1, message: "cannot read \(file), which a shallow clone has")
    }
    return Set(
      String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap {
        ObjectID(hex: $0)
      })
  }

  /// Whether `descendant` has `ancestor` in its history (or is it).
  public func isDescendant(_ descendant: ObjectID, of ancestor: ObjectID) throws -> Bool {
    if descendant == ancestor { return true }
    var a = descendant.raw
    var b = ancestor.raw
    let result = git_graph_descendant_of(handle, &a, &b)
    try GitError.check(result, "cannot tell whether \(descendant) descends from \(ancestor)")
    return result == 1
  }

  /// The commits reachable from `descendant` but not from `ancestor` (`git rev-list ancestor..descendant`).
  public func commits(from descendant: ObjectID, notFrom ancestor: ObjectID) throws -> Set<ObjectID> {
    var walk: OpaquePointer?
    try GitError.check(git_revwalk_new(&walk, handle), "cannot walk from \(descendant)")
    defer { git_revwalk_free(walk) }
    var from = descendant.raw
    var hidden = ancestor.raw
    try GitError.check(git_revwalk_push(walk, &from), "cannot walk from \(descendant)")
    try GitError.check(git_revwalk_hide(walk, &hidden), "cannot walk from \(descendant) without \(ancestor)")
    var found = Set<ObjectID>()
    var oid = git_oid()
    while true {
      let next = git_revwalk_next(&oid, walk)
      if next == GIT_ITEROVER.rawValue { break }
      try GitError.check(next, "cannot walk from \(descendant) without \(ancestor)")
      found.insert(ObjectID(oid))
    }
    return found
  }

  /// Whether `ancestor` is on the first-parent line of `descendant`, looking at most `limit` commits back.
  public func isFirstParentAncestor(_ ancestor: ObjectID, of descendant: ObjectID, within limit: Int) throws
    -> Bool
  {
    var current = descendant
    for _ in 0...limit {
      if current == ancestor { return true }
      let commit = try self.commit(current)
      guard commit.parentCount > 0 else { return false }
      current = commit.parentID(0)
    }
    return false
  }

  /// The file (or link, or submodule) at `path` inside a tree, as an index entry; nil when there is none or it
  /// is a folder.
  public func fileEntry(at path: String, inTree tree: ObjectID) throws -> IndexEntry? {
    guard !path.isEmpty, let entry = try entry(at: path, in: try self.tree(tree)),
      entry.type != GIT_OBJECT_TREE
    else { return nil }
    return IndexEntry(path: path, mode: entry.mode.rawValue, blob: entry.id)
  }

  /// Every blob below a tree, with paths relative to the tree.
  public func files(inTree tree: ObjectID) throws -> [(path: String, blob: ObjectID, isLink: Bool)] {
    var files: [(path: String, blob: ObjectID, isLink: Bool)] = []
    try collect(tree: tree, prefix: "", into: &files)
    return files
  }

  private func collect(
    tree id: ObjectID, prefix: String, into files: inout [(path: String, blob: ObjectID, isLink: Bool)]
  ) throws {
    let tree = try self.tree(id)
    for index in 0..<git_tree_entrycount(tree.pointer) {
      guard let entry = git_tree_entry_byindex(tree.pointer, index) else { continue }
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
}
