import CLibGit2

extension GitRepository {
  /// Compares two trees entry by entry, opening only subtrees whose ids differ and that the filter wants.
  func diff(
    old: OwnedTree?, new: OwnedTree?, prefix: String, filter: PathFilter, into changed: inout [String]
  ) throws {
    // Trees with as many entries usually hold the same names in the same order: compare by position first,
    // and search by name only where the positions disagree.
    let sameCount = old.map { git_tree_entrycount($0.pointer) } == new.map { git_tree_entrycount($0.pointer) }
    var alignedByPosition = sameCount
    if let new {
      for index in 0..<git_tree_entrycount(new.pointer) {
        guard let entry = git_tree_entry_byindex(new.pointer, index) else { continue }
        let name = git_tree_entry_name(entry)!
        var before: OpaquePointer?
        if sameCount, let old, let candidate = git_tree_entry_byindex(old.pointer, index),
          strcmp(git_tree_entry_name(candidate), name) == 0
        {
          before = candidate
        } else {
          alignedByPosition = false
          before = old.flatMap { git_tree_entry_byname($0.pointer, name) }
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
          let oldSubtree = try tree(ObjectID(git_tree_entry_id(before)))
          let newSubtree = try tree(ObjectID(git_tree_entry_id(entry)))
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
      for index in 0..<git_tree_entrycount(old.pointer) {
        guard let entry = git_tree_entry_byindex(old.pointer, index) else { continue }
        if let new, git_tree_entry_byname(new.pointer, git_tree_entry_name(entry)) != nil { continue }
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
      let subtree = try tree(ObjectID(git_tree_entry_id(entry)))
      try diff(old: nil, new: subtree, prefix: path + "/", filter: filter, into: &changed)
    } else if filter.wantsFile(path) {
      changed.append(path)
    }
  }
}
