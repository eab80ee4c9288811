import CLibGit2
import Foundation

/// Reads commits and trees straight from the object database, parsing only the few fields a first-parent
/// walk needs: libgit2's commit and tree objects parse and copy every field (author, message, every tree
/// entry) and go through its object cache, which a walk that reads each object once does not need.
final class RawObjects {
  private let odb: OpaquePointer

  init(_ repository: OpaquePointer) throws {
    var odb: OpaquePointer?
    try GitError.check(git_repository_odb(&odb, repository), "cannot open the object database")
    self.odb = odb!
  }

  deinit {
    git_odb_free(odb)
  }

  struct CommitHeader {
    let tree: ObjectID
    let firstParent: ObjectID?
    let parentCount: Int
    /// When the commit landed (committer time, Unix seconds).
    let committerTime: Int64
  }

  /// The tree, parents and committer time of a commit.
  func commit(_ id: ObjectID) throws -> CommitHeader {
    try read(id, "commit") { bytes in
      guard let tree = RawObjects.hexID(bytes, after: "tree ", at: 0) else {
        throw GitError(code: -1, message: "commit \(id) has no tree line")
      }
      var position = 46  // "tree " + 40 hex digits + "\n"
      var parents = 0
      var firstParent: ObjectID?
      while let parent = RawObjects.hexID(bytes, after: "parent ", at: position) {
        if parents == 0 { firstParent = parent }
        parents += 1
        position += 48
      }
      return CommitHeader(
        tree: tree, firstParent: firstParent, parentCount: parents,
        committerTime: RawObjects.committerTime(bytes, from: position) ?? 0)
    }
  }

  /// The id of the entry `name` in a tree, and whether it is a tree itself; nil when there is none. A tree
  /// git would refuse is an error.
  func entry(_ name: String, inTree id: ObjectID) throws -> (id: ObjectID, isTree: Bool)? {
    try entry(Array(name.utf8), inTree: id)
  }

  /// The same, for a name already in bytes (a walk looks the same names up in every commit).
  func entry(_ wanted: [UInt8], inTree id: ObjectID) throws -> (id: ObjectID, isTree: Bool)? {
    guard !wanted.isEmpty else { return nil }
    return try wanted.withUnsafeBytes { name in
      try read(id, "tree") { bytes in
        var position = 0
        var previous: RawTree.Entry?
        while let (entry, next) = try RawTree.entry(in: bytes, at: position, tree: id) {
          if let previous, GitRepository.compare(previous, entry) >= 0 {
            throw GitError(code: -1, message: "tree \(id) is not sorted as git sorts trees")
          }
          if entry.name.count == name.count,
            memcmp(entry.name.baseAddress!, name.baseAddress!, name.count) == 0
          {
            return (entry.objectID, entry.isTree)
          }
          previous = entry
          position = next
        }
        return nil
      }
    }
  }

  /// The object's raw bytes, as libgit2's object-database object (the caller frees it).
  func object(_ id: ObjectID, _ what: String) throws -> OpaquePointer {
    var oid = id.raw
    var object: OpaquePointer?
    try GitError.check(git_odb_read(&object, odb, &oid), "cannot read \(what) \(id)")
    return object!
  }

  private func read<T>(_ id: ObjectID, _ what: String, _ body: (UnsafeRawBufferPointer) throws -> T) throws
    -> T
  {
    let object = try object(id, what)
    defer { git_odb_object_free(object) }
    let expected = what == "commit" ? GIT_OBJECT_COMMIT : GIT_OBJECT_TREE
    guard git_odb_object_type(object) == expected else {
      throw GitError(code: -1, message: "object \(id) is not a \(what)")
    }
    let bytes = UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object))
    return try body(bytes)
  }

  /// The id written as 40 hex digits right after `prefix` at `position`, if the bytes say so.
  static func hexID(_ bytes: UnsafeRawBufferPointer, after prefix: StaticString, at position: Int)
    -> ObjectID?
  {
    let length = prefix.utf8CodeUnitCount
    guard position + length + 40 <= bytes.count else { return nil }
    for offset in 0..<length where bytes[position + offset] != prefix.utf8Start[offset] { return nil }
    return ObjectID(hexAt: bytes.baseAddress! + position + length)
  }

  /// The time on the `committer` line: `committer Name <email> 1767225600 +0000`, read where git's
  /// `parse_commit_date` reads it — the line right after the `author` line that follows the parents — and nil
  /// (git's 0) when the header is not shaped so.
  static func committerTime(_ bytes: UnsafeRawBufferPointer, from position: Int) -> Int64? {
    guard let base = bytes.baseAddress else { return nil }
    func starts(_ prefix: StaticString, at offset: Int) -> Bool {
      let count = prefix.utf8CodeUnitCount
      return offset + count <= bytes.count && memcmp(base + offset, prefix.utf8Start, count) == 0
    }
    func lineEnd(from offset: Int) -> Int {
      guard offset < bytes.count, let found = memchr(base + offset, 0x0A, bytes.count - offset) else {
        return bytes.count
      }
      return base.distance(to: UnsafeRawPointer(found))
    }
    guard starts("author ", at: position) else { return nil }
    let start = lineEnd(from: position) + 1
    guard starts("committer ", at: start) else { return nil }
    let end = lineEnd(from: start)
    var close = end - 1
    while close > start, bytes[close] != UInt8(ascii: ">") { close -= 1 }
    guard close > start else { return nil }
    var value: Int64 = 0
    var index = close + 1
    while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }
    var digits = 0
    // As git's parse_commit_date: digits up to the first other byte, saturating where they overflow.
    while index < end, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
      let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
      let (plus, overflowPlus) = times.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
      value = overflowTimes || overflowPlus ? .max : plus
      index += 1
      digits += 1
    }
    return digits > 0 ? value : nil
  }
}
