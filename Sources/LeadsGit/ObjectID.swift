import CLibGit2

/// A git object id (SHA-1), stored inline so that sets and dictionaries of ids stay cheap.
public struct ObjectID: Sendable, Hashable, CustomStringConvertible {
  let high: UInt64
  let middle: UInt64
  let low: UInt32

  init(_ oid: git_oid) {
    var copy = oid
    (high, middle, low) = withUnsafeBytes(of: &copy.id) { raw in
      (
        raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
        raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
        raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
      )
    }
  }

  init(_ pointer: UnsafePointer<git_oid>) {
    self.init(pointer.pointee)
  }

  /// Rebuilds an id from `words` (for compact storage).
  public init(words: (UInt64, UInt64, UInt32)) {
    (high, middle, low) = words
  }

  /// The id's 20 bytes as three words, in memory order (for compact storage).
  public var words: (UInt64, UInt64, UInt32) { (high, middle, low) }

  /// The id from its 20 raw bytes.
  init(rawBytes bytes: UnsafeRawBufferPointer) {
    (high, middle, low) = (
      bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
      bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
      bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
    )
  }

  /// Parses 40 hexadecimal digits.
  /// Parsed here, not by libgit2: its parser records errors in per-thread state that needs the library
  /// initialised, and text from another process or a cache file must be readable before that.
  public init?(hex: some StringProtocol) {
    self.init(hexBytes: ArraySlice(hex.utf8))
  }

  /// Parses 40 hexadecimal digits at `start`, which must hold 40 readable bytes (no copy is made).
  init?(hexAt start: UnsafeRawPointer) {
    var oid = git_oid()
    var valid = true
    withUnsafeMutableBytes(of: &oid.id) { raw in
      for position in 0..<20 {
        guard let high = ObjectID.nibble(start.load(fromByteOffset: 2 * position, as: UInt8.self)),
          let low = ObjectID.nibble(start.load(fromByteOffset: 2 * position + 1, as: UInt8.self))
        else {
          valid = false
          return
        }
        raw[position] = high << 4 | low
      }
    }
    guard valid else { return nil }
    self.init(oid)
  }

  /// Parses 40 hexadecimal digits from bytes, without building a String.
  public init?(hexBytes bytes: ArraySlice<UInt8>) {
    guard bytes.count == 40 else { return nil }
    guard let found = bytes.withUnsafeBytes({ ObjectID(hexAt: $0.baseAddress!) }) else { return nil }
    self = found
  }

  private static func nibble(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  var raw: git_oid {
    var oid = git_oid()
    withUnsafeMutableBytes(of: &oid.id) { raw in
      raw.storeBytes(of: high, toByteOffset: 0, as: UInt64.self)
      raw.storeBytes(of: middle, toByteOffset: 8, as: UInt64.self)
      raw.storeBytes(of: low, toByteOffset: 16, as: UInt32.self)
    }
    return oid
  }

  public var description: String {
    var oid = raw
    var buffer = [CChar](repeating: 0, count: 41)
    git_oid_tostr(&buffer, 41, &oid)
    return String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
