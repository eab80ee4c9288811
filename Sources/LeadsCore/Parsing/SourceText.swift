/// Turns the bytes of a registry file into text, or says exactly where and why it cannot.
public enum SourceText {
  /// Lead files larger than this are refused unread.
  public static let maximumByteCount = 1 << 20

  /// A file that cannot be read as text.
  public struct Problem: Error, Equatable, Sendable {
    public var message: String
    public var position: SourcePosition
  }

  /// Decodes UTF-8 (an optional byte-order mark is dropped) and normalises CRLF and CR to LF.
  public static func decode(_ bytes: [UInt8]) -> Result<String, Problem> {
    if bytes.count > maximumByteCount {
      return .failure(
        Problem(message: tooLargeMessage(byteCount: bytes.count), position: .start))
    }
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    if let nul = body.firstIndex(of: 0) {
      return .failure(
        Problem(
          message: "binary file: found a NUL byte; lead files are UTF-8 text",
          position: position(ofByte: nul, in: body)))
    }
    if let bad = firstInvalidUTF8Byte(body) {
      return .failure(
        Problem(
          message:
            "not UTF-8: byte 0x\(String(body[bad], radix: 16, uppercase: true)) cannot start or continue a character; save the file as UTF-8",
          position: position(ofByte: bad, in: body)))
    }
    var text = String(decoding: body, as: UTF8.self)
    if body.contains(UInt8(ascii: "\r")) {
      text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
    return .success(text)
  }

  public static func tooLargeMessage(byteCount: Int) -> String {
    "file is too large (\(formatBytes(byteCount))); lead files are limited to \(formatBytes(maximumByteCount))"
  }

  static func formatBytes(_ count: Int) -> String {
    if count >= 1 << 20 {
      let tenths = (count * 10) / (1 << 20)
      return "\(tenths / 10).\(tenths % 10) MiB"
    }
    if count >= 1 << 10 { return "\(count >> 10) KiB" }
    return "\(count) bytes"
  }

  /// The line and column (in characters of the valid text before it) of a byte.
  static func position(ofByte index: Int, in bytes: ArraySlice<UInt8>) -> SourcePosition {
    var line = 1
    var lineStart = bytes.startIndex
    var cursor = bytes.startIndex
    while cursor < index {
      if bytes[cursor] == UInt8(ascii: "\n") {
        line += 1
        lineStart = cursor + 1
      }
      cursor += 1
    }
    let prefix = String(decoding: bytes[lineStart..<index], as: UTF8.self)
    return SourcePosition(line: line, column: prefix.unicodeScalars.count + 1)
  }

  /// The index of the first byte that breaks UTF-8, or nil.
  static func firstInvalidUTF8Byte(_ bytes: ArraySlice<UInt8>) -> Int? {
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let lead = bytes[index]
      let length: Int
      var minimum: UInt32 = 0
      switch lead {
      case 0x00...0x7F:
        index += 1
        continue
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF:
        length = 3
        minimum = 0x800
      case 0xF0...0xF4:
        length = 4
        minimum = 0x10000
      default: return index
      }
      guard index + length <= bytes.endIndex else { return index }
      var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
      for offset in 1..<length {
        let byte = bytes[index + offset]
        guard byte & 0xC0 == 0x80 else { return index }
        scalar = scalar << 6 | UInt32(byte & 0x3F)
      }
      if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
      index += length
    }
    return nil
  }
}
