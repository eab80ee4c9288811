import CLibGit2
import Foundation
import PathBuffer

/// A tree object's raw bytes (`<mode> <name>\0<20-byte id>` per entry, sorted) and where each entry starts,
/// held until the value goes.
final class RawTree {
  private let object: OpaquePointer
  let bytes: UnsafeRawBufferPointer
  /// Where each entry starts, and (last) where the bytes end: `starts.count - 1` entries.
  private(set) var starts: [Int32] = []

  fileprivate init(_ object: OpaquePointer) {
    self.object = object
    bytes = UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object))
  }

  deinit {
    git_odb_object_free(object)
  }

  var count: Int { starts.count - 1 }

  /// One entry, pointing into `bytes`.
  struct Entry {
    let mode: UInt32
    let name: UnsafeRawBufferPointer
    let id: UnsafeRawPointer

    var isTree: Bool { mode & 0o170000 == 0o040000 }
    var objectID: ObjectID { ObjectID(rawBytes: UnsafeRawBufferPointer(start: id, count: 20)) }
    var nameText: String { String(decoding: name, as: UTF8.self) }
  }

  /// Entry `index`, which `index(_:)` has checked.
  subscript(index: Int) -> Entry {
    // Checked when the tree was read: cannot fail.
    try! RawTree.entry(in: bytes, at: Int(starts[index]), tree: nil)!.0
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

  /// Checks every entry and their order once, when the tree is read, and notes where each starts: a tree git
  /// would not read, or one not sorted as git sorts trees (which a merge of two trees relies on), is an error.
  func index(_ id: ObjectID) throws {
    starts = []
    try parse(id, from: 0, previous: nil, until: nil)
  }

  /// The same for a tree read right after `similar`, a checked tree it mostly shares (a commit's tree and its
  /// parent's differ in an entry or two of thousands): the entries both begin with and end with are taken
  /// from `similar` without being parsed again, and only the ones between are checked — with the same
  /// outcome as `index(_:)`.
  func index(_ id: ObjectID, like similar: RawTree) throws {
    let (prefix, suffix) = RawTree.common(self, similar)
    comparedWith = (Weak(similar), prefix, suffix)
    // Entries wholly inside the common prefix are the same entries at the same places.
    let shared = similar.entriesEnding(atOrBefore: prefix)
    starts = Array(similar.starts[0..<shared])
    try parse(
      id, from: Int(similar.starts[shared]), previous: shared > 0 ? self[shared - 1] : nil,
      until: (similar, suffix))
  }

  /// Parses and checks entries from `position` (after `previous`); with `until`, stops where the rest of the
  /// bytes are a common suffix starting at an entry of the similar tree, and takes its entries from there.
  private func parse(_ id: ObjectID, from position: Int, previous: Entry?, until: (RawTree, Int)?) throws {
    var position = position
    var previous = previous
    let shift = until.map { bytes.count - $0.0.bytes.count } ?? 0
    while let (entry, next) = try RawTree.entry(in: bytes, at: position, tree: id) {
      if let previous, GitRepository.compare(previous, entry) >= 0 {
        throw GitError(
          code: -1, message: "tree \(id) is damaged: its entries are not sorted as git sorts them")
      }
      starts.append(Int32(position))
      previous = entry
      position = next
      if let until, bytes.count - position <= until.1, position < bytes.count,
        let at = until.0.entryIndex(startingAt: position - shift)
      {
        let similar = until.0
        // The bytes from here on are the similar tree's from its entry `at` on: the same entries, in order.
        let following = similar[at]
        if GitRepository.compare(entry, following) >= 0 {
          throw GitError(
            code: -1, message: "tree \(id) is damaged: its entries are not sorted as git sorts them")
        }
        starts += similar.starts[at..<similar.count].lazy.map { $0 + Int32(shift) }
        break
      }
    }
    starts.append(Int32(bytes.count))
  }

  /// The tree this one was last compared with, and the bytes both begin and end with: a diff of the two then
  /// does not compare them again.
  private var comparedWith: (tree: Weak, prefix: Int, suffix: Int)?

  struct Weak {
    weak var tree: RawTree?
    init(_ tree: RawTree) { self.tree = tree }
  }

  /// How many bytes `a` and `b` begin with in common, and how many more they end with.
  static func common(_ a: RawTree, _ b: RawTree) -> (prefix: Int, suffix: Int) {
    if let known = a.comparedWith, known.tree.tree === b { return (known.prefix, known.suffix) }
    if let known = b.comparedWith, known.tree.tree === a { return (known.prefix, known.suffix) }
    let prefix = commonPrefix(a.bytes, b.bytes)
    return (prefix, commonSuffix(a.bytes, b.bytes, limit: min(a.bytes.count, b.bytes.count) - prefix))
  }

  /// How many entries end at or before `position` (they start the tree), found by halving.
  func entriesEnding(atOrBefore position: Int) -> Int {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if Int(starts[middle + 1]) <= position { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// The index of the entry starting exactly at `position`, if one does.
  func entryIndex(startingAt position: Int) -> Int? {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if Int(starts[middle]) < position { low = middle + 1 } else { high = middle }
    }
    return low < count && Int(starts[low]) == position ? low : nil
  }

  /// How many bytes `a` and `b` begin with in common.
  static func commonPrefix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let limit = min(a.count, b.count)
    guard limit > 0, let left = a.baseAddress, let right = b.baseAddress else { return 0 }
    var done = 0
    while done + 256 <= limit, memcmp(left + done, right + done, 256) == 0 { done += 256 }
    while done + 8 <= limit,
      left.loadUnaligned(fromByteOffset: done, as: UInt64.self)
        == right.loadUnaligned(fromByteOffset: done, as: UInt64.self)
    {
      done += 8
    }
    while done < limit, a[done] == b[done] { done += 1 }
    return done
  }

  /// How many bytes `a` and `b` end with in common, at most `limit`.
  static func commonSuffix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, limit: Int) -> Int {
    guard limit > 0, let left = a.baseAddress, let right = b.baseAddress else { return 0 }
    let leftEnd = left + a.count
    let rightEnd = right + b.count
    var done = 0
    while done + 256 <= limit, memcmp(leftEnd - done - 256, rightEnd - done - 256, 256) == 0 { done += 256 }
    while done + 8 <= limit,
      (leftEnd - done - 8).loadUnaligned(as: UInt64.self)
        == (rightEnd - done - 8).loadUnaligned(as: UInt64.self)
    {
      done += 8
    }
    while done < limit, a[a.count - 1 - done] == b[b.count - 1 - done] { done += 1 }
    return done
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

  /// The tree `id`, read and checked; `like` names a tree it probably shares most entries with (the other
  /// side of a diff), which makes checking it cheaper.
  func tree(_ id: ObjectID, like similar: RawTree? = nil) throws -> RawTree {
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
    if let similar {
      try tree.index(id, like: similar)
    } else {
      try tree.index(id)
    }
    current[id] = tree
    return tree
  }
}

extension GitRepository {
  /// Compares two trees as git orders their entries (a folder's name sorts as if it ended in `/`), opening
  /// only subtrees whose ids differ and that the filter wants. The entries both trees begin and end with (all
  /// but one or two, between a commit and its parent) are skipped without being compared one by one.
  func diff(
    old: RawTree?, new: RawTree?, prefix: String, filter: PathFilter, trees: TreeReader,
    into changed: inout [String]
  ) throws {
    var oldAt = 0
    var newAt = 0
    var oldEnd = old?.count ?? 0
    var newEnd = new?.count ?? 0
    if let old, let new {
      let (same, suffix) = RawTree.common(old, new)
      // Entries wholly inside the common prefix are the same entries in both.
      oldAt = old.entriesEnding(atOrBefore: same)
      newAt = oldAt
      // Entries that start at the same distance from the end, inside the common suffix, are the same too.
      while oldEnd > oldAt, newEnd > newAt {
        let oldDistance = old.bytes.count - Int(old.starts[oldEnd - 1])
        guard oldDistance <= suffix, oldDistance == new.bytes.count - Int(new.starts[newEnd - 1]) else {
          break
        }
        oldEnd -= 1
        newEnd -= 1
      }
    }
    while oldAt < oldEnd || newAt < newEnd {
      let order: Int
      if oldAt < oldEnd && newAt < newEnd {
        order = GitRepository.compare(old![oldAt], new![newAt])
      } else {
        order = oldAt < oldEnd ? -1 : 1
      }
      if order < 0 {
        try report(old![oldAt], prefix: prefix, filter: filter, trees: trees, into: &changed)
        oldAt += 1
      } else if order > 0 {
        try report(new![newAt], prefix: prefix, filter: filter, trees: trees, into: &changed)
        newAt += 1
      } else {
        let before = old![oldAt]
        let after = new![newAt]
        if before.mode != after.mode || memcmp(before.id, after.id, 20) != 0 {
          let path = prefix + after.nameText
          if before.isTree && after.isTree {
            if filter.wantsFolder(path) {
              let newer = try trees.tree(after.objectID)
              try diff(
                old: trees.tree(before.objectID, like: newer), new: newer, prefix: path + "/",
                filter: filter, trees: trees, into: &changed)
            }
          } else if !before.isTree && !after.isTree {
            if filter.wantsFile(path) { changed.append(path) }
          } else {
            try report(before, prefix: prefix, filter: filter, trees: trees, into: &changed)
            try report(after, prefix: prefix, filter: filter, trees: trees, into: &changed)
          }
        }
        oldAt += 1
        newAt += 1
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

extension GitRepository {
  /// The paths of every file and link below a tree (not its submodules), in git's order, as one buffer and
  /// where each path ends: what a commit tracks, listed from raw trees without a string per path (a commit of
  /// half a million files is listed about as fast as `git ls-tree -r`).
  public func filePaths(inTree root: ObjectID) throws -> PathBuffer {
    var paths = PathBuffer()
    try forEachFile(inTree: root) { path, _, _ in paths.append(path) }
    return paths
  }

  /// The paths of the files, links and submodules that differ between two trees (added, removed or changed),
  /// read as the window walk reads a commit's.
  public func changedPaths(from old: ObjectID, to new: ObjectID) throws -> [String] {
    let trees = try TreeReader(handle)
    let newer = try trees.tree(new)
    var changed: [String] = []
    try diff(
      old: try trees.tree(old, like: newer), new: newer, prefix: "", filter: .all, trees: trees,
      into: &changed)
    return changed
  }

  /// Calls `body` with the path (relative to the tree, as bytes valid during the call), blob and whether it is
  /// a symbolic link of every file and link below a tree, in git's order; submodules are left out. Read from
  /// raw trees, checked as the window walk checks them.
  public func forEachFile(
    inTree root: ObjectID, _ body: (UnsafeBufferPointer<UInt8>, ObjectID, Bool) throws -> Void
  ) throws {
    let trees = try TreeReader(handle)
    var prefix: [UInt8] = []
    func collect(_ id: ObjectID) throws {
      let tree = try trees.tree(id)
      trees.nextCommit()  // the walk keeps the trees it is inside of itself; none is read twice
      for index in 0..<tree.count {
        let entry = tree[index]
        let mark = prefix.count
        prefix.append(contentsOf: entry.name)
        if entry.isTree {
          prefix.append(UInt8(ascii: "/"))
          try collect(entry.objectID)
        } else if entry.mode & 0o170000 != 0o160000 {
          try prefix.withUnsafeBufferPointer {
            try body($0, entry.objectID, entry.mode & 0o170000 == 0o120000)
          }
        }
        prefix.removeSubrange(mark...)
      }
    }
    try collect(root)
  }
}
