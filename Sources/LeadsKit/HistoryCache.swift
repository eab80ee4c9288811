import Foundation
import LeadsGit

/// What one run read from history, kept under `.git/leads/` so that the next run walks only new commits.
///
/// It stores raw facts keyed by commit id (authors, dates, changed paths, registry states), never derived
/// answers, so a warm run computes exactly what a cold one would. A file that is missing, truncated, corrupted,
/// from another version, or made for another window or path filter is ignored and rewritten; writes are atomic.
struct HistoryCache {
  /// The raw history a run needs.
  struct Contents {
    var walk: WindowWalk
    var chain: (changes: [RegistryChange], end: ChainEnd)
  }

  /// Nil disables the cache (`--no-cache`): nothing is read or written.
  let file: URL?

  static let format = "leads-history-cache 3"

  init(file: URL?) {
    self.file = file
  }

  /// Reads history for `head`, reusing and then updating the cache when it can.
  func contents(
    repository: GitRepository, head: ObjectID, since: Int64, horizon: Int64?, filter: PathFilter,
    registryFolder: String, trace: ((String) -> Void)? = nil
  ) throws -> Contents {
    guard let file else {
      let result = try HistoryCache.cold(
        repository, head, since, horizon, filter, registryFolder, trace: trace)
      trace?("cache: off; walked \(result.walk.visited) commits")
      return result
    }
    let key = Key(since: since, filter: filter.fingerprint, folder: registryFolder)
    var result: Contents
    if let stored = HistoryCache.read(file), stored.key.filter == key.filter, stored.key.folder == key.folder,
      stored.key.since <= since, repository.isDescendant(head, of: stored.head)
    {
      result = try HistoryCache.extend(stored, repository, head, since, horizon, filter, registryFolder)
      trace?("cache: reused; walked \(result.walk.visited) new commits")
    } else {
      result = try HistoryCache.cold(repository, head, since, horizon, filter, registryFolder, trace: trace)
      trace?("cache: not usable; walked \(result.walk.visited) commits")
    }
    result.walk.records = result.walk.records.filter { $0.committerTime >= since || $0.authorTime >= since }
    HistoryCache.write(Stored(key: key, head: head, contents: result), to: file)
    return result
  }

  private static func cold(
    _ repository: GitRepository, _ head: ObjectID, _ since: Int64, _ horizon: Int64?, _ filter: PathFilter,
    _ folder: String, trace: ((String) -> Void)? = nil
  ) throws -> Contents {
    var clock = Stopwatch()
    let walk = try repository.walkWindow(from: head, since: since, filter: filter)
    trace?("window walk: \(clock.lap()) ms")
    let chain = try repository.registryChanges(from: head, folder: folder, horizon: horizon)
    trace?("first-parent registry walk: \(clock.lap()) ms")
    return Contents(walk: walk, chain: chain)
  }

  /// Walks only what is new since the stored head and joins it to what is stored.
  private static func extend(
    _ stored: Stored, _ repository: GitRepository, _ head: ObjectID, _ since: Int64, _ horizon: Int64?,
    _ filter: PathFilter, _ folder: String
  ) throws -> Contents {
    var stored = stored
    if case .horizon(let storedHorizon) = stored.contents.chain.end,
      horizon.map({ $0 < storedHorizon }) ?? true
    {
      // The stored first-parent walk stopped too recently for this run: walk it again, as far as needed.
      stored.contents.chain = try repository.registryChanges(
        from: stored.head, folder: folder, horizon: horizon)
    }
    if stored.head == head {
      var same = stored.contents
      same.walk.visited = 0
      return same
    }
    let known = Set(stored.contents.walk.records.map(\.id)).union([stored.head])
    let fresh = try repository.walkWindow(from: head, since: since, known: known, filter: filter)
    var seen = Set<ObjectID>()
    let records = (fresh.records + stored.contents.walk.records).filter { seen.insert($0.id).inserted }
    let truncated = [fresh.truncatedAt, stored.contents.walk.truncatedAt].compactMap { $0 }.min()
    var chain = try repository.registryChanges(from: head, folder: folder, stopAt: stored.head)
    if case .known = chain.end {
      var changes = chain.changes
      if let last = changes.last, let first = stored.contents.chain.changes.first, last.tree == first.tree {
        changes.removeLast()
      }
      chain = (changes + stored.contents.chain.changes, stored.contents.chain.end)
    }
    return Contents(
      walk: WindowWalk(records: records, truncatedAt: truncated, visited: fresh.visited), chain: chain)
  }

  // MARK: - File format

  struct Key: Equatable {
    var since: Int64
    var filter: String
    var folder: String
  }

  struct Stored {
    var key: Key
    var head: ObjectID
    var contents: Contents
  }

  /// Line-based text; fields are tab-separated and percent-escaped; the last line is a checksum of the rest.
  /// Names, emails, trailers and paths repeat across commits, so each is written once in a string table and
  /// commits refer to it by number.
  static func encode(_ stored: Stored) -> String {
    var table: [String: Int] = [:]
    var strings: [String] = []
    func index(_ text: String) -> String {
      if let known = table[text] { return String(known) }
      table[text] = strings.count
      strings.append(text)
      return String(strings.count - 1)
    }
    var body: [String] = []
    for record in stored.contents.walk.records {
      let fields = [
        "commit", record.id.description, index(record.authorName), index(record.authorEmail),
        String(record.authorTime), String(record.committerTime), record.isMerge ? "1" : "0",
        record.coAuthors.map(index).joined(separator: ","),
        record.initiatives.map(index).joined(separator: ","),
        record.changedPaths.map(index).joined(separator: ","),
      ]
      body.append(fields.joined(separator: "\t"))
    }
    for change in stored.contents.chain.changes {
      body.append(
        [
          "change", change.commit.description, String(change.committerTime), change.tree?.description ?? "-",
          change.isMerge ? "1" : "0",
        ].joined(separator: "\t"))
    }
    var lines = [
      format, "head\t\(stored.head)", "since\t\(stored.key.since)", "folder\t\(escape(stored.key.folder))",
      "filter\t\(escape(stored.key.filter))",
      "truncated\t\(stored.contents.walk.truncatedAt.map(String.init) ?? "-")",
    ]
    switch stored.contents.chain.end {
    case .complete: lines.append("end\tcomplete")
    case .truncated: lines.append("end\ttruncated")
    case .known(let id): lines.append("end\tknown\t\(id)")
    case .horizon(let time): lines.append("end\thorizon\t\(time)")
    }
    lines += strings.map { "string\t" + escape($0) }
    let text = (lines + body).joined(separator: "\n") + "\n"
    return text + "checksum\t\(checksum(text.utf8))\n"
  }

  static func decode(_ text: String) -> Stored? {
    let bytes = Array(text.utf8)
    // The last line is "checksum\t<16 hex digits>\n", over everything before it.
    let marker = Array("checksum\t".utf8)
    guard bytes.count > marker.count + 17, bytes.last == UInt8(ascii: "\n") else { return nil }
    let sumStart = bytes.count - 17 - marker.count
    guard Array(bytes[sumStart..<(sumStart + marker.count)]) == marker,
      String(decoding: bytes[(sumStart + marker.count)..<(bytes.count - 1)], as: UTF8.self)
        == checksum(bytes[..<sumStart])
    else { return nil }
    var head: ObjectID?
    var key = Key(since: 0, filter: "", folder: "")
    var truncated: Int64?
    var end: ChainEnd?
    var strings: [String] = []
    var records: [CommitRecord] = []
    var changes: [RegistryChange] = []
    let tab = UInt8(ascii: "\t")
    var lines = bytes[..<sumStart].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    guard lines.first.map({ String(decoding: $0, as: UTF8.self) }) == format, lines.last?.isEmpty == true
    else {
      return nil
    }
    lines.removeFirst()
    lines.removeLast()
    func string(_ field: ArraySlice<UInt8>) -> String? {
      guard let index = integer(field), index >= 0, index < strings.count else { return nil }
      return strings[Int(index)]
    }
    func list(_ field: ArraySlice<UInt8>) -> [String]? {
      if field.isEmpty { return [] }
      var values: [String] = []
      for part in field.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
        guard let value = string(part) else { return nil }
        values.append(value)
      }
      return values
    }
    for line in lines {
      let fields = line.split(separator: tab, omittingEmptySubsequences: false)
      let kind = String(decoding: fields[0], as: UTF8.self)
      let text = { (index: Int) in String(decoding: fields[index], as: UTF8.self) }
      switch (kind, fields.count) {
      case ("commit", 10):
        guard let id = ObjectID(hexBytes: fields[1]), let name = string(fields[2]),
          let email = string(fields[3]),
          let author = integer(fields[4]), let committer = integer(fields[5]),
          let coAuthors = list(fields[7]),
          let initiatives = list(fields[8]), let paths = list(fields[9])
        else { return nil }
        records.append(
          CommitRecord(
            id: id, authorName: name, authorEmail: email, authorTime: author, committerTime: committer,
            isMerge: fields[6].first == UInt8(ascii: "1"), coAuthors: coAuthors, initiatives: initiatives,
            changedPaths: paths))
      case ("string", 2): strings.append(unescape(text(1)))
      case ("head", 2): head = ObjectID(hex: text(1))
      case ("since", 2): key.since = Int64(text(1)) ?? .max
      case ("folder", 2): key.folder = unescape(text(1))
      case ("filter", 2): key.filter = unescape(text(1))
      case ("truncated", 2): truncated = text(1) == "-" ? nil : Int64(text(1))
      case ("end", 2): end = text(1) == "complete" ? .complete : text(1) == "truncated" ? .truncated : nil
      case ("end", 3) where text(1) == "known": end = ObjectID(hex: text(2)).map { .known($0) }
      case ("end", 3) where text(1) == "horizon": end = Int64(text(2)).map { .horizon($0) }
      case ("change", 5):
        guard let id = ObjectID(hex: text(1)), let time = Int64(text(2)) else { return nil }
        let tree = text(3) == "-" ? nil : ObjectID(hex: text(3))
        if text(3) != "-" && tree == nil { return nil }
        changes.append(RegistryChange(commit: id, committerTime: time, tree: tree, isMerge: text(4) == "1"))
      default: return nil
      }
    }
    guard let head, let end else { return nil }
    return Stored(
      key: key, head: head,
      contents: Contents(walk: WindowWalk(records: records, truncatedAt: truncated), chain: (changes, end)))
  }

  /// A decimal integer, possibly negative, without building a String.
  private static func integer(_ field: ArraySlice<UInt8>) -> Int64? {
    var value: Int64 = 0
    var negative = false
    var digits = 0
    for (offset, byte) in field.enumerated() {
      if offset == 0 && byte == UInt8(ascii: "-") {
        negative = true
        continue
      }
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 else { return nil }
      value = value * 10 + Int64(byte - UInt8(ascii: "0"))
      digits += 1
    }
    return digits == 0 ? nil : (negative ? -value : value)
  }

  static func read(_ file: URL) -> Stored? {
    guard let data = try? Data(contentsOf: file), data.count < 512 << 20 else { return nil }
    return decode(String(decoding: data, as: UTF8.self))
  }

  /// Writes to a unique temporary file beside the cache and renames it over: readers see a whole file or none.
  static func write(_ stored: Stored, to file: URL) {
    let folder = file.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let temporary = folder.appendingPathComponent(
        ".\(file.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString)")
      try Data(encode(stored).utf8).write(to: temporary)
      if rename(temporary.path, file.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
    } catch {
      // A cache that cannot be written only costs the next run its head start.
    }
  }

  private static let escaped: Set<UInt8> = Set("%\t\n\r,".utf8)

  private static func escape(_ text: String) -> String {
    guard text.utf8.contains(where: escaped.contains) else { return text }
    var result = ""
    for character in text.unicodeScalars {
      switch character {
      case "%": result += "%25"
      case "\t": result += "%09"
      case "\n": result += "%0A"
      case "\r": result += "%0D"
      case ",": result += "%2C"
      default: result.unicodeScalars.append(character)
      }
    }
    return result
  }

  private static func unescape(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
    var bytes: [UInt8] = []
    let utf8 = Array(text.utf8)
    var index = 0
    while index < utf8.count {
      if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
        let value = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
      {
        bytes.append(value)
        index += 3
      } else {
        bytes.append(utf8[index])
        index += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// FNV-1a, 64 bits, as 16 hexadecimal digits.
  private static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
