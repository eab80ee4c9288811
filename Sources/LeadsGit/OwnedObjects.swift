import CLibGit2

/// A commit object, freed when the value goes, whichever way a walk ends (a return, a `break`, a throw).
final class OwnedCommit {
  let pointer: OpaquePointer
  /// Committer time, Unix seconds: the order `git log` walks in.
  let time: Int64

  init(_ pointer: OpaquePointer) {
    self.pointer = pointer
    time = GitTime.dated(git_commit_time(pointer))
  }

  /// The author's time, dated as git dates it (see `GitTime`).
  var authorTime: Int64 { GitTime.dated(git_commit_author(pointer).pointee.when.time) }

  deinit {
    git_commit_free(pointer)
  }

  var id: ObjectID { ObjectID(git_commit_id(pointer)) }
  var parentCount: Int { Int(git_commit_parentcount(pointer)) }
  func parentID(_ index: Int) -> ObjectID { ObjectID(git_commit_parent_id(pointer, UInt32(index))) }
}

/// A tree object, freed when the value goes.
final class OwnedTree {
  let pointer: OpaquePointer

  init(_ pointer: OpaquePointer) {
    self.pointer = pointer
  }

  deinit {
    git_tree_free(pointer)
  }
}

/// What a tree holds at a path: its id and kind.
struct TreeEntryInfo {
  let id: ObjectID
  let type: git_object_t
  let mode: git_filemode_t
}

extension GitRepository {
  func commit(_ id: ObjectID) throws -> OwnedCommit {
    var oid = id.raw
    var commit: OpaquePointer?
    try GitError.check(git_commit_lookup(&commit, handle, &oid), "cannot read commit \(id)")
    return OwnedCommit(commit!)
  }

  /// When a commit landed (committer time, Unix seconds, dated as git dates it).
  public func commitTime(_ id: ObjectID) throws -> Int64 {
    try commit(id).time
  }

  func tree(_ id: ObjectID) throws -> OwnedTree {
    var oid = id.raw
    var tree: OpaquePointer?
    try GitError.check(git_tree_lookup(&tree, handle, &oid), "cannot read tree \(id)")
    return OwnedTree(tree!)
  }

  func tree(of commit: OwnedCommit) throws -> OwnedTree {
    var tree: OpaquePointer?
    try GitError.check(git_commit_tree(&tree, commit.pointer), "cannot read the tree of commit \(commit.id)")
    return OwnedTree(tree!)
  }

  /// The entry at `path` inside a tree; nil when nothing is there. Any other failure is an error.
  func entry(at path: String, in tree: OwnedTree) throws -> TreeEntryInfo? {
    var entry: OpaquePointer?
    let result = git_tree_entry_bypath(&entry, tree.pointer, path)
    if result == GIT_ENOTFOUND.rawValue { return nil }
    try GitError.check(result, "cannot look up \(path) in a tree")
    defer { git_tree_entry_free(entry) }
    return TreeEntryInfo(
      id: ObjectID(git_tree_entry_id(entry)), type: git_tree_entry_type(entry),
      mode: git_tree_entry_filemode(entry))
  }
}

/// Times as git dates commits: a time before 1970 (which git's parser does not read) counts as 1970-01-01, as
/// it does for `git log`; a time too large to hold saturates.
enum GitTime {
  static func dated(_ time: Int64) -> Int64 { max(time, 0) }
}
