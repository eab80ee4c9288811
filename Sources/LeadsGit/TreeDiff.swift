import CLibGit2
import Foundation

/// A tree object's raw bytes (`<mode> <name>\0<20-byte id>` per entry, sorted), held until the value goes.
final class RawTree {
  private let object: OpaquePointer
  let bytes: UnsafeRawBufferPointer

  fileprivate init(_ object: OpaquePointer) {
    self.object = object
    bytes = UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object))
  }

  deinit {
    git_odb_object_free(object)
  }

  /// One entry, pointing into `bytes`.
  struct Entry {
    let mode: UInt32
    let name: UnsafeRawBufferPointer
    let id: UnsafeRawPointer

    var isTree: Bool { mode & 0o170000 == 0o040000 }
    var objectID: ObjectID { ObjectID(rawBytes: UnsafeRawBufferPointer(start: id, count: 20)) }
    var nameText: String { String(decoding: name, as: UTF8.self) }
  }

  /// The entry starting at `position` and where the next one starts; nil exactly at the end. The tree has
  /// been checked when it was read (see `TreeReader`), so damage cannot show here.
  func entry(at position: Int) -> (Entry, next: Int)? {
    try? RawTree.entry(in: bytes, at: position, tree: nil)
  }

  /// The entry of a tree's bytes starting at `position`, and where the next one starts; nil exactly at the
  /// end. What git refuses to read is an error naming the tree: a mode that is not octal digits, an empty
  /// name, a name or id cut short.
  static func entry(in bytes: UnsafeRawBufferPointer, at position: Int, tree: ObjectID?) throws
    -> (Entry, next: Int)?
  {
    guard position < bytes.count, let base = bytes.baseAddress else { return nil }
    func damaged(_ what: String) -> GitError {
      GitError(code: -1, message: "tree \(tree.map { "\($0)" } ?? "") is damaged: \(what)")
    }
    var mode: UInt32 = 0
    var cursor = position
    while cursor < bytes.count, bytes[cursor] != 0x20 {
      let digit = bytes[cursor] &- 0x30
      guard digit < 8, mode < 1 << 24 else { throw damaged("an entry's mode is not an octal number") }
      mode = mode << 3 | UInt32(digit)
      cursor += 1
    }
    guard cursor > position, cursor < bytes.count else { throw damaged("an entry's mode is cut short") }
    let nameStart = cursor + 1
    guard nameStart < bytes.count, let nul = memchr(base + nameStart, 0, bytes.count - nameStart) else {
      throw damaged("an entry's name is cut short")
    }
    let nameEnd = base.distance(to: UnsafeRawPointer(nul))
    guard nameEnd > nameStart else { throw damaged("an entry has an empty name") }
    guard nameEnd + 21 <= bytes.count else { throw damaged("an entry's object id is cut short") }
    return (
      Entry(
        mode: mode, name: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<nameEnd]), id: base + nameEnd + 1
      ),
      nameEnd + 21
    )
  }

  /// Checks every entry and their order once, when the tree is read: a tree git would not read, or one not
  /// sorted as git sorts trees (which a merge of two trees relies on), is an error.
  func check(_ id: ObjectID) throws {
    var position = 0
    var previous: Entry?
    while let (entry, next) = try RawTree.entry(in: bytes, at: position, tree: id) {
      if let previous, GitRepository.compare(previous, entry) >= 0 {
        throw GitError(
          code: -1, message: "tree \(id) is damaged: its entries are not sorted as git sorts them")
      }
      previous = entry
      position = next
    }
  }
}

/// The trees a window walk reads, kept for one more commit: walking newest first, a commit's parent tree is
/// usually the next commit's own tree, so each wide tree is inflated once rather than twice.
final class TreeReader {
  private let objects: RawObjects
  private var current: [ObjectID: RawTree] = [:]
  private var previous: [ObjectID: RawTree] = [:]

  init(_ repository: OpaquePointer) throws {
    objects = try RawObjects(repository)
  }

  /// Starts the next commit: what the last one read stays at hand, anything older goes.
  func nextCommit() {
    previous = current
    current = [:]
  }

  func tree(_ id: ObjectID) throws -> RawTree {
    if let known = current[id] ?? previous[id] {
      current[id] = known
      return known
    }
    let object = try objects.object(id, "tree")
    guard git_odb_object_type(object) == GIT_OBJECT_TREE else {
      git_odb_object_free(object)
      throw GitError(code: -1, message: "object \(id) is not a tree")
    }
    let tree = RawTree(object)
    try tree.check(id)
    current[id] = tree
    return tree
  }
}

extension GitRepository {
  /// Compares two trees as git orders their entries (a folder's name sorts as if it ended in `/`), in one
  /// pass over both, opening only subtrees whose ids differ and that the filter wants.
  func diff(
    old: RawTree?, new: RawTree?, prefix: String, filter: PathFilter, trees: TreeReader,
    into changed: inout [String]
  ) throws {
    var oldNext = old?.entry(at: 0)
    var newNext = new?.entry(at: 0)
    while oldNext != nil || newNext != nil {
      let order: Int
      switch (oldNext, newNext) {
      case (let before?, let after?): order = GitRepository.compare(before.0, after.0)
      case (.some, nil): order = -1
      default: order = 1
      }
      if order < 0, let (before, next) = oldNext {
        try report(before, prefix: prefix, filter: filter, trees: trees, into: &changed)
        oldNext = old!.entry(at: next)
      } else if order > 0, let (after, next) = newNext {
        try report(after, prefix: prefix, filter: filter, trees: trees, into: &changed)
        newNext = new!.entry(at: next)
      } else if let (before, oldAt) = oldNext, let (after, newAt) = newNext {
        if before.mode != after.mode || memcmp(before.id, after.id, 20) != 0 {
          let path = prefix + after.nameText
          if before.isTree && after.isTree {
            if filter.wantsFolder(path) {
              try diff(
                old: trees.tree(before.objectID), new: trees.tree(after.objectID), prefix: path + "/",
                filter: filter, trees: trees, into: &changed)
            }
          } else if !before.isTree && !after.isTree {
            if filter.wantsFile(path) { changed.append(path) }
          } else {
            try report(before, prefix: prefix, filter: filter, trees: trees, into: &changed)
            try report(after, prefix: prefix, filter: filter, trees: trees, into: &changed)
          }
        }
        oldNext = old!.entry(at: oldAt)
        newNext = new!.entry(at: newAt)
      }
    }
  }

  /// Reports a whole entry as changed: a file, or every file below a folder.
  private func report(
    _ entry: RawTree.Entry, prefix: String, filter: PathFilter, trees: TreeReader,
    into changed: inout [String]
  ) throws {
    let path = prefix + entry.nameText
    if entry.isTree {
      guard filter.wantsFolder(path) else { return }
      try diff(
        old: nil, new: trees.tree(entry.objectID), prefix: path + "/", filter: filter, trees: trees,
        into: &changed)
    } else if filter.wantsFile(path) {
      changed.append(path)
    }
  }

  /// git's order of tree entries: bytes of the names, a folder's name continuing with `/`.
  static func compare(_ a: RawTree.Entry, _ b: RawTree.Entry) -> Int {
    let common = min(a.name.count, b.name.count)
    if common > 0 {
      let byBytes = memcmp(a.name.baseAddress!, b.name.baseAddress!, common)
      if byBytes != 0 { return Int(byBytes) }
    }
    let nextA: UInt8 = a.name.count > common ? a.name[common] : a.isTree ? 0x2F : 0
    let nextB: UInt8 = b.name.count > common ? b.name[common] : b.isTree ? 0x2F : 0
    return Int(nextA) - Int(nextB)
  }
}
