import Foundation
import LeadsGit

/// The history cache's file: what it holds and how it is encoded. `HistoryCache` decides when to use it.
extension HistoryCache {

  struct Key: Equatable {
    var since: Int64
    var filter: String
    var folder: String
  }

  struct CachedHistory {
    var key: Key
    var head: ObjectID
    var contents: RawHistory
    /// Set when read from a file: where it kept its string table and commits.
    var reusable: ReusableBytes?

    /// The bytes of a decoded file's string table and commits, so that a write that only adds newer commits
    /// copies them instead of encoding every commit again.
    struct ReusableBytes {
      var stringCount: Int
      var strings: ArraySlice<UInt8>
      var recordCount: Int
      var records: ArraySlice<UInt8>
    }

    /// True when writing `other` would store nothing new (a run at the same head and window): no rewrite then.
    func holdsTheSame(as other: CachedHistory) -> Bool {
      key == other.key && head == other.head && contents.walk.truncatedAt == other.contents.walk.truncatedAt
        && contents.walk.records.count == other.contents.walk.records.count
        && contents.chain.end == other.contents.chain.end
        && contents.chain.changes == other.contents.chain.changes
        && contents.registryFiles == other.contents.registryFiles
    }
  }

  /// A cache file larger than this is damage (the bench's 50,000-commit history writes ~300 KB; a window of
  /// a monorepo's 30,000 commits stays well under), not something to load into memory.
  static let largestFile = 512 << 20

  /// The format's name and version. Bump the version whenever the layout changes, and also whenever what
  /// a lead file is read as changes (the id and lead kept per blob would otherwise outlive the change).
  static let magic = Array("leads-history-cache 6\n".utf8)

  /// Binary, little-endian: the magic line, the key and head, a string table (names, emails, trailers and
  /// paths repeat across commits, so each is written once and referred to by number), the commits, the
  /// first-parent registry states, the registry files already read, and an FNV-1a checksum of all of it.
  static func encode(_ stored: CachedHistory, reusing previous: CachedHistory? = nil) -> [UInt8] {
    let walk = stored.contents.walk
    let (reused, fresh) = reusableBytes(of: previous, for: stored)
    var table = StringTable(firstIndex: reused?.stringCount ?? 0)
    // Commits first, into their own buffer, so the string table they fill can be written before them.
    var records = ByteWriter()
    for record in fresh { records.record(record, &table) }
    var out = ByteWriter()
    out.bytes.reserveCapacity(
      magic.count + 256 + records.bytes.count + (reused.map { $0.strings.count + $0.records.count } ?? 0)
        + table.strings.count * 32 + stored.contents.chain.changes.count * 64)
    out.bytes += magic
    out.header(stored)
    out.unsigned(UInt64(table.firstIndex + table.strings.count))
    if let reused { out.bytes += reused.strings }
    for text in table.strings { out.text(text) }
    out.unsigned(UInt64(walk.records.count))
    out.bytes += records.bytes
    if let reused { out.bytes += reused.records }
    out.chain(stored.contents.chain.changes)
    out.registryFiles(stored.contents.registryFiles)
    out.fixed(checksum(out.bytes[...]))
    return out.bytes
  }

  /// When the file read at the start of the run holds the same window and its commits are exactly the oldest
  /// of this run's, its string table and commits are copied as they are; only newer commits are encoded
  /// (with their strings appended to the table).
  private static func reusableBytes(of previous: CachedHistory?, for stored: CachedHistory)
    -> (CachedHistory.ReusableBytes?, ArraySlice<CommitRecord>)
  {
    let new = stored.contents.walk.records
    guard let previous, let reusable = previous.reusable, previous.key == stored.key else {
      return (nil, new[...])
    }
    let old = previous.contents.walk.records
    guard new.count >= old.count, zip(new[(new.count - old.count)...], old).allSatisfy({ $0.id == $1.id })
    else {
      return (nil, new[...])
    }
    return (reusable, new[..<(new.count - old.count)])
  }

  static func decode(_ bytes: [UInt8]) -> CachedHistory? {
    guard bytes.count > magic.count + 8, bytes[..<magic.count].elementsEqual(magic) else { return nil }
    var sumReader = ByteReader(bytes: bytes, position: bytes.count - 8)
    guard let sum = try? sumReader.fixed(), sum == checksum(bytes[..<(bytes.count - 8)]) else { return nil }
    var reader = ByteReader(bytes: bytes, position: magic.count, end: bytes.count - 8)
    do {
      var stored = try reader.header()
      let stringCount = try reader.count()
      let stringsStart = reader.position
      let strings = try reader.strings(stringCount)
      let stringsEnd = reader.position
      let recordCount = try reader.count()
      let recordsStart = reader.position
      stored.contents.walk.records = try reader.records(recordCount, strings: strings)
      stored.reusable = CachedHistory.ReusableBytes(
        stringCount: stringCount, strings: bytes[stringsStart..<stringsEnd], recordCount: recordCount,
        records: bytes[recordsStart..<reader.position])
      stored.contents.chain.changes = try reader.chain()
      stored.contents.registryFiles = try reader.registryFiles()
      guard reader.isAtEnd else { return nil }
      return stored
    } catch {
      return nil
    }
  }

  static func read(_ file: URL) -> CachedHistory? {
    guard let data = try? Data(contentsOf: file), data.count < HistoryCache.largestFile else { return nil }
    return decode([UInt8](data))
  }

  /// Writes the cache atomically (readers see a whole file or none); a cache that cannot be written only
  /// costs the next run its head start, so a failure is not an error.
  static func write(_ stored: CachedHistory, reusing previous: CachedHistory? = nil, to file: URL) {
    try? AtomicFile.write(encode(stored, reusing: previous), to: file.path)
  }

  /// A 64-bit checksum that reads eight bytes at a time (FNV-style multiply, with a shift to mix high bits
  /// down): it only has to notice damage, and it runs over the whole file on every read and write.
  static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    let prime: UInt64 = 0x0000_0100_0000_01B3
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset + 8 <= raw.count {
        hash =
          (hash ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))) &* prime
        hash ^= hash >> 29
        offset += 8
      }
      while offset < raw.count {
        hash = (hash ^ UInt64(raw[offset])) &* prime
        offset += 1
      }
    }
    return hash ^ (hash >> 32)
  }
}

/// One version of a lead file: where it was and which blob.
struct RegistryFileKey: Hashable {
  var path: String
  var blob: ObjectID
}

/// What one version of a lead file says about who leads: its entry id and lead.
struct FileLead: Equatable {
  var id: String
  var lead: String
}

/// Appends the cache's fields to a byte buffer.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func byte(_ value: UInt8) { bytes.append(value) }

  /// LEB128: seven bits a byte, low bits first.
  mutating func unsigned(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  /// Zigzag, so that small negative numbers stay short.
  mutating func signed(_ value: Int64) {
    unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
  }

  mutating func optionalSigned(_ value: Int64?) {
    byte(value == nil ? 0 : 1)
    if let value { signed(value) }
  }

  mutating func text(_ value: String) {
    unsigned(UInt64(value.utf8.count))
    bytes += value.utf8
  }

  mutating func fixed(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
  }

  mutating func id(_ value: ObjectID) {
    let (high, middle, low) = value.words
    withUnsafeBytes(of: high.littleEndian) { bytes += $0 }
    withUnsafeBytes(of: middle.littleEndian) { bytes += $0 }
    withUnsafeBytes(of: low.littleEndian) { bytes += $0 }
  }
}

/// Reads what `ByteWriter` wrote; any read past the end or malformed number throws `Damaged`.
struct ByteReader {
  struct Damaged: Error {}

  let bytes: [UInt8]
  var position: Int
  var end: Int

  init(bytes: [UInt8], position: Int, end: Int? = nil) {
    self.bytes = bytes
    self.position = position
    self.end = end ?? bytes.count
  }

  var isAtEnd: Bool { position == end }

  mutating func byte() throws -> UInt8 {
    guard position < end else { throw Damaged() }
    defer { position += 1 }
    return bytes[position]
  }

  mutating func unsigned() throws -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let next = try byte()
      guard shift < 64 else { throw Damaged() }
      value |= UInt64(next & 0x7F) << shift
      if next < 0x80 { return value }
      shift += 7
    }
  }

  /// A count of items that follow, each at least one byte long: larger counts are damage, not allocations.
  mutating func count() throws -> Int {
    let value = try unsigned()
    guard value <= UInt64(end - position) else { throw Damaged() }
    return Int(value)
  }

  mutating func signed() throws -> Int64 {
    let value = try unsigned()
    return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
  }

  mutating func optionalSigned() throws -> Int64? {
    try byte() == 1 ? try signed() : nil
  }

  mutating func text() throws -> String {
    let length = try count()
    defer { position += length }
    return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
  }

  mutating func fixed() throws -> UInt64 {
    guard end - position >= 8 else { throw Damaged() }
    var value: UInt64 = 0
    for offset in (0..<8).reversed() { value = value << 8 | UInt64(bytes[position + offset]) }
    position += 8
    return value
  }

  mutating func id() throws -> ObjectID {
    guard end - position >= 20 else { throw Damaged() }
    func word<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
      var value: T = 0
      for index in (0..<MemoryLayout<T>.size).reversed() {
        value = value << 8 | T(bytes[position + offset + index])
      }
      return value
    }
    defer { position += 20 }
    return ObjectID(words: (word(0, UInt64.self), word(8, UInt64.self), word(16, UInt32.self)))
  }
}

/// The strings new commits refer to by number, after the ones a reused table already holds.
struct StringTable {
  let firstIndex: Int
  private(set) var strings: [String] = []
  private var numbers: [String: Int] = [:]

  init(firstIndex: Int) {
    self.firstIndex = firstIndex
  }

  mutating func number(_ text: String) -> UInt64 {
    if let known = numbers[text] { return UInt64(known) }
    numbers[text] = firstIndex + strings.count
    strings.append(text)
    return UInt64(firstIndex + strings.count - 1)
  }
}

extension ByteWriter {
  /// The key, the head, where the window walk was cut and how the first-parent walk ended.
  mutating func header(_ stored: HistoryCache.CachedHistory) {
    signed(stored.key.since)
    text(stored.key.folder)
    text(stored.key.filter)
    id(stored.head)
    optionalSigned(stored.contents.walk.truncatedAt)
    switch stored.contents.chain.end {
    case .complete: byte(0)
    case .truncated: byte(1)
    case .known(let commit):
      byte(2)
      id(commit)
    }
  }

  mutating func record(_ record: CommitRecord, _ table: inout StringTable) {
    id(record.id)
    unsigned(table.number(record.authorName))
    unsigned(table.number(record.authorEmail))
    signed(record.authorTime)
    signed(record.committerTime)
    byte(record.isMerge ? 1 : 0)
    for list in [record.coAuthors, record.initiatives, record.changedPaths, record.reviewers] {
      unsigned(UInt64(list.count))
      for text in list { unsigned(table.number(text)) }
    }
    unsigned(UInt64(record.parents.count))
    for parent in record.parents { id(parent) }
    byte(record.mergedFrom == nil ? 0 : 1)
    if let mergedFrom = record.mergedFrom { unsigned(table.number(mergedFrom)) }
  }

  mutating func chain(_ changes: [RegistryChange]) {
    unsigned(UInt64(changes.count))
    for change in changes {
      id(change.commit)
      signed(change.committerTime)
      byte((change.tree == nil ? 0 : 1) | (change.isMerge ? 2 : 0))
      if let tree = change.tree { id(tree) }
    }
  }

  /// Sorted, so that the same contents always give the same bytes.
  mutating func registryFiles(_ files: [RegistryFileKey: FileLead?]) {
    let sorted = files.sorted {
      ($0.key.path, $0.key.blob.description) < ($1.key.path, $1.key.blob.description)
    }
    unsigned(UInt64(sorted.count))
    for (key, lead) in sorted {
      text(key.path)
      id(key.blob)
      byte(lead == nil ? 0 : 1)
      if let lead {
        text(lead.id)
        text(lead.lead)
      }
    }
  }
}

extension ByteReader {
  mutating func header() throws -> HistoryCache.CachedHistory {
    let since = try signed()
    let folder = try text()
    let filter = try text()
    var stored = HistoryCache.CachedHistory(
      key: HistoryCache.Key(since: since, filter: filter, folder: folder), head: try id(),
      contents: HistoryCache.RawHistory(
        walk: WindowWalk(records: [], truncatedAt: nil), chain: ([], .complete), registryFiles: [:]))
    stored.contents.walk.truncatedAt = try optionalSigned()
    switch try byte() {
    case 0: stored.contents.chain.end = .complete
    case 1: stored.contents.chain.end = .truncated
    case 2: stored.contents.chain.end = .known(try id())
    // 3 was a walk cut at a rotation horizon (before every run read its whole history): read it again.
    default: throw Damaged()
    }
    return stored
  }

  mutating func strings(_ count: Int) throws -> [String] {
    var strings: [String] = []
    strings.reserveCapacity(min(count, 1 << 16))  // a hint only: a damaged count must not allocate
    for _ in 0..<count { strings.append(try text()) }
    return strings
  }

  mutating func records(_ count: Int, strings: [String]) throws -> [CommitRecord] {
    func string() throws -> String {
      let number = try unsigned()
      guard number < strings.count else { throw Damaged() }
      return strings[Int(number)]
    }
    func list() throws -> [String] {
      var values: [String] = []
      for _ in 0..<(try self.count()) { values.append(try string()) }
      return values
    }
    var records: [CommitRecord] = []
    records.reserveCapacity(min(count, 1 << 16))  // a hint only: a damaged count must not allocate
    for _ in 0..<count {
      let id = try id()
      let name = try string()
      let email = try string()
      let author = try signed()
      let committer = try signed()
      let isMerge = try byte() == 1
      let (coAuthors, initiatives, changedPaths, reviewers) = (try list(), try list(), try list(), try list())
      var parents: [ObjectID] = []
      for _ in 0..<(try self.count()) { parents.append(try self.id()) }
      let mergedFrom = try byte() == 1 ? try string() : nil
      records.append(
        CommitRecord(
          id: id, authorName: name, authorEmail: email, authorTime: author, committerTime: committer,
          isMerge: isMerge, coAuthors: coAuthors, initiatives: initiatives, changedPaths: changedPaths,
          parents: parents, reviewers: reviewers, mergedFrom: mergedFrom))
    }
    return records
  }

  mutating func chain() throws -> [RegistryChange] {
    var changes: [RegistryChange] = []
    for _ in 0..<(try count()) {
      let commit = try id()
      let time = try signed()
      let flags = try byte()
      let tree = flags & 1 == 1 ? try id() : nil
      changes.append(RegistryChange(commit: commit, committerTime: time, tree: tree, isMerge: flags & 2 == 2))
    }
    return changes
  }

  mutating func registryFiles() throws -> [RegistryFileKey: FileLead?] {
    var files: [RegistryFileKey: FileLead?] = [:]
    for _ in 0..<(try count()) {
      let key = RegistryFileKey(path: try text(), blob: try id())
      files[key] = .some(try byte() == 1 ? FileLead(id: try text(), lead: try text()) : nil)
    }
    return files
  }
}
