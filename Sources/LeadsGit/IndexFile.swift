import Foundation

/// Reads git's index file (`DIRC`, versions 2, 3 and 4) straight from its bytes: the path, mode, blob and
/// flags of every entry, nothing else. libgit2 parses every field of every entry into its own structures and
/// builds a hash map of paths, which costs most of a second at half a million entries; this reads what
/// `leads` needs in a fraction of that. Every count and length is checked against the bytes that are left
/// before anything is allocated or read, and what git refuses (an unknown required extension, a version it does
/// not know) is refused. A sparse index's folder entries are returned as they are (the caller expands them);
/// a split index keeps most entries in another file and is read through git.
enum IndexFile {
  /// Why the bytes are not an index this reader takes.
  enum Refusal: Error {
    /// Not an index at all, or cut short: an error for the user.
    case damaged(String)
    /// A split index (`core.splitIndex`): its entries are read through git.
    case split
  }

  /// Larger index files are refused before they are read (an index of a million files is about 100 MiB).
  static let largestFile = 2 << 30

  /// The smallest an entry can be: 62 bytes of fixed fields and a path of at least one byte.
  static let smallestEntry = 63

  /// Opens the index without blocking and refuses it unless it is a regular file of a size leads reads (a
  /// FIFO in its place cannot hang the run); nil when there is no index yet.
  private static func openRegularFile(_ path: String) throws(Refusal) -> (descriptor: Int32, size: Int)? {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else {
      if errno == ENOENT { return nil }
      throw .damaged("cannot open it: \(String(cString: strerror(errno)))")
    }
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
      close(descriptor)
      throw .damaged("it is not a regular file")
    }
    let size = Int(info.st_size)
    guard size <= largestFile else {
      close(descriptor)
      throw .damaged("it is \(size) bytes, more than the \(largestFile >> 20) MiB leads reads")
    }
    return (descriptor, size)
  }

  /// The index at `path` as a table, read through a private mapping of the file as git reads it (no copy of
  /// tens of megabytes into memory first; git replaces the index by renaming a new file over it, so the
  /// mapped file never changes); nil when there is no index yet.
  static func table(atPath path: String) throws(Refusal) -> IndexTable? {
    guard let (descriptor, size) = try openRegularFile(path) else { return nil }
    defer { close(descriptor) }
    guard size > 0 else { return try parse(UnsafeBufferPointer(start: nil, count: 0)) }
    guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
      throw .damaged("cannot map it: \(String(cString: strerror(errno)))")
    }
    defer { munmap(mapped, size) }
    return try parse(UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size))
  }

  /// Every path once, in index order; a conflicted path once, with `isConflicted` set.
  static func entries(_ bytes: [UInt8]) throws(Refusal) -> [IndexEntry] {
    Array(try table(bytes))
  }

  /// The same, kept compact (see `IndexTable`).
  static func table(_ bytes: [UInt8]) throws(Refusal) -> IndexTable {
    try bytes.withUnsafeBufferPointer { buffer throws(Refusal) in try parse(buffer) }
  }

  private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Refusal) -> IndexTable {
    func word(_ at: Int) -> UInt32 {
      UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8
        | UInt32(bytes[at + 3])
    }
    guard bytes.count >= 12 + 20, bytes[0] == 0x44, bytes[1] == 0x49, bytes[2] == 0x52, bytes[3] == 0x43
    else {
      throw .damaged("not a git index (no DIRC signature)")
    }
    let version = word(4)
    guard (2...4).contains(version) else {
      throw .damaged("its version \(version) is not one git writes (2 to 4)")
    }
    let count = Int(word(8))
    let end = bytes.count - 20  // the trailing checksum
    guard count <= (end - 12) / smallestEntry else {
      throw .damaged("it says it holds \(count) entries, more than its \(bytes.count) bytes can")
    }
    var table = IndexTable()
    // Paths take at most what is left of the file (version 4 compresses them, so reserve generously there).
    table.reserve(entries: count, pathBytes: version == 4 ? count * 32 : end - 12 - count * 62)
    let base = bytes.baseAddress!
    var position = 12
    var previousPath: [UInt8] = []
    var emptyPath: Int?
    var read = 0
    for _ in 0..<count {
      guard position + 62 <= end else { throw .damaged("the index ends inside an entry") }
      let mode = word(position + 24)
      let flags = UInt16(bytes[position + 60]) << 8 | UInt16(bytes[position + 61])
      var cursor = position + 62
      var extended: UInt16 = 0
      if flags & 0x4000 != 0 {
        guard version >= 3, cursor + 2 <= end else {
          throw .damaged("an entry's extended flags are cut short")
        }
        extended = UInt16(bytes[cursor]) << 8 | UInt16(bytes[cursor + 1])
        cursor += 2
      }
      let pathStart: Int
      let pathEnd: Int
      if version == 4 {
        // A varint of how many bytes to drop from the previous path, then the rest, NUL-terminated.
        var drop = 0
        var byte: UInt8
        repeat {
          guard cursor < end, drop < 1 << 24 else { throw .damaged("an entry's path prefix is cut short") }
          byte = bytes[cursor]
          cursor += 1
          drop = (drop << 7) | Int(byte & 0x7F)
          if byte & 0x80 != 0 { drop += 1 }
        } while byte & 0x80 != 0
        guard drop <= previousPath.count else {
          throw .damaged("an entry drops more of the path than there is")
        }
        guard let nul = terminator(bytes, from: cursor, before: end) else {
          throw .damaged("an entry's path has no end")
        }
        previousPath.removeLast(drop)
        previousPath.append(contentsOf: bytes[cursor..<nul])
        pathStart = cursor
        pathEnd = nul
        cursor = nul + 1
      } else {
        guard let nul = terminator(bytes, from: cursor, before: end) else {
          throw .damaged("an entry's path has no end")
        }
        pathStart = cursor
        pathEnd = nul
        // Entries are padded with NULs to a multiple of eight bytes from their start.
        cursor = position + ((nul - position) / 8 + 1) * 8
      }
      read += 1
      let id = UnsafeRawBufferPointer(start: base + position + 40, count: 20)
      position = cursor
      try previousPath.withUnsafeBufferPointer { whole throws(Refusal) in
        let path = version == 4 ? whole : UnsafeBufferPointer(rebasing: bytes[pathStart..<pathEnd])
        // The flags carry the path's length, or 0xFFF for 4095 bytes and more: git refuses an entry whose
        // path says otherwise.
        let length = Int(flags & 0x0FFF)
        guard length == 0x0FFF ? path.count >= 0x0FFF : path.count == length else {
          throw .damaged("entry \(read) says its path is \(length) bytes long, but it is \(path.count)")
        }
        // Only a split index has entries without a path (they replace the shared index's entries).
        if path.isEmpty, emptyPath == nil { emptyPath = read }
        // Sorted by path, then stage: a conflicted path's stages (1 to 3) are adjacent. Keep the first.
        if (flags >> 12) & 0x3 != 0, table.paths.lastIs(path) {
          return
        }
        table.append(
          path: path, mode: mode, id: id, conflicted: (flags >> 12) & 0x3 != 0,
          skipWorktree: extended & 0x4000 != 0)
      }
    }
    guard position <= end else { throw .damaged("the index ends inside an entry") }
    // Extensions: one whose signature starts with a capital letter is optional; any other is required, and git
    // refuses an index with a required extension it does not know. A split index keeps its entries in
    // another file ("link"); a sparse index says so ("sdir").
    var cursor = position
    while cursor < end {
      guard cursor + 8 <= end else { throw .damaged("an extension's header is cut short") }
      let signature = Array(bytes[cursor..<(cursor + 4)])
      let size = Int(word(cursor + 4))
      guard size <= end - cursor - 8 else { throw .damaged("an extension is cut short") }
      if signature == Array("link".utf8) { throw .split }
      if signature == Array("TREE".utf8) {
        table.rootTree = rootTree(UnsafeBufferPointer(rebasing: bytes[(cursor + 8)..<(cursor + 8 + size)]))
      }
      if !(0x41...0x5A).contains(signature[0]) && signature != Array("sdir".utf8) {
        let name = String(
          decoding: signature.map { (0x20..<0x7F).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
        throw .damaged("it uses the extension '\(name)', which git requires and leads does not know")
      }
      cursor += 8 + size
    }
    if let emptyPath { throw .damaged("entry \(emptyPath) has no path") }
    return table
  }

  /// The tree the whole index makes, from the cache-tree extension (`TREE`): its first entry is the root, an
  /// empty path, then the count of entries it covers (-1 when `git add` has invalidated it), a space, the
  /// count of subtrees, a newline and, when valid, the tree's id. Nil when it is not there or not valid; an
  /// extension shaped otherwise is ignored, as git ignores what it cannot use in an optional one.
  static func rootTree(_ data: UnsafeBufferPointer<UInt8>) -> ObjectID? {
    guard data.count > 1, data[0] == 0, let newline = data.firstIndex(of: UInt8(ascii: "\n")) else {
      return nil
    }
    let counts = String(decoding: data[1..<newline], as: UTF8.self).split(separator: " ")
    guard counts.count == 2, let entries = Int(counts[0]), entries >= 0, Int(counts[1]) != nil,
      newline + 21 <= data.count
    else { return nil }
    return ObjectID(
      rawBytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: data[(newline + 1)..<(newline + 21)])))
  }

  private static func terminator(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, before end: Int)
    -> Int?
  {
    guard start < end else { return nil }
    guard let base = bytes.baseAddress, let found = memchr(base + start, 0, end - start) else { return nil }
    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
  }
}
