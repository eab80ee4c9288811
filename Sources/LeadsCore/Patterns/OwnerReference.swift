/// How a lead or backup is written: a person id, an email, or a forge `@handle`.
public enum OwnerReference: Hashable, Sendable {
  case personID(String)
  case email(String)
  case handle(String)

  /// Classifies `text`, or explains why CODEOWNERS would misread it.
  public static func parse(_ text: String) -> Result<OwnerReference, OwnerError> {
    if text.isEmpty { return .failure(OwnerError(message: "an owner is empty")) }
    if text.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
      return .failure(
        OwnerError(
          message:
            "owner '\(visible(text))' contains a line break, which would smuggle a second rule into CODEOWNERS"
        ))
    }
    if text.unicodeScalars.contains(where: ScalarClass.isControl) {
      return .failure(OwnerError(message: "owner '\(visible(text))' contains a control character"))
    }
    if text.unicodeScalars.contains(where: ScalarClass.isInvisible) {
      return .failure(
        OwnerError(
          message:
            "owner '\(visible(text))' contains an invisible or bidirectional character, which makes it read as someone else"
        ))
    }
    if text.unicodeScalars.contains(where: ScalarClass.isWhitespace) {
      return .failure(
        OwnerError(
          message: "owner '\(visible(text))' contains a space; CODEOWNERS would read it as several owners"))
    }
    if text.utf8.contains(UInt8(ascii: "#")) {
      return .failure(
        OwnerError(message: "owner '\(visible(text))' contains '#', which starts a comment in CODEOWNERS"))
    }
    if text.hasPrefix("@") {
      let body = text.dropFirst()
      let parts = body.split(separator: "/", omittingEmptySubsequences: false)
      let valid =
        !body.isEmpty && parts.count <= 2
        && parts.allSatisfy { part in
          guard let first = part.unicodeScalars.first, Identifier.isAlphanumeric(first) else { return false }
          return part.unicodeScalars.allSatisfy {
            Identifier.isAlphanumeric($0) || "-_.".unicodeScalars.contains($0)
          }
        }
      return valid
        ? .success(.handle(text))
        : .failure(OwnerError(message: "owner '\(text)' is not a valid @handle or @org/team"))
    }
    if text.utf8.contains(UInt8(ascii: "@")) {
      return isEmail(text)
        ? .success(.email(text))
        : .failure(OwnerError(message: "owner '\(text)' is not a valid email address"))
    }
    if Identifier.isValid(text) { return .success(.personID(text)) }
    return .failure(
      OwnerError(message: "owner '\(text)' is neither a person id, an email nor an @handle"))
  }

  /// A plain check of `local@domain.tld`, strict enough that CODEOWNERS reads it as one email.
  public static func isEmail(_ text: String) -> Bool {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[0].hasPrefix("."),
      parts[1].utf8.contains(UInt8(ascii: ".")),
      !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
    else { return false }
    let localOK = parts[0].unicodeScalars.allSatisfy {
      Identifier.isAlphanumeric($0) || $0.value > 0x7F || emailLocalPunctuation.contains(UInt8($0.value))
    }
    let domainOK = parts[1].unicodeScalars.allSatisfy {
      Identifier.isAlphanumeric($0) || $0 == "-" || $0 == "." || $0.value > 0x7F
    }
    return localOK && domainOK
  }

  /// The punctuation allowed in the local part of an email address.
  private static let emailLocalPunctuation: Set<UInt8> = Set("!$%&'*+-/=?^_`{|}~.".utf8)

  /// The text with line breaks, tabs and other control characters escaped.
  public static func visible(_ text: String) -> String {
    // Almost every text is printable ASCII, and stays as it is.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default:
        if ScalarClass.isControl(scalar) || ScalarClass.isInvisible(scalar) {
          result += "\\u{" + String(scalar.value, radix: 16) + "}"
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result
  }
}

/// Why an owner string cannot be used.
public struct OwnerError: Error, Equatable, Sendable {
  public var message: String
}

/// Unicode character classes with an ASCII fast path: owners and patterns are checked on every run, and
/// looking up Unicode properties for each plain ASCII character costs more than the rest of the check.
enum ScalarClass {
  /// General category Cc: C0 controls, DEL and C1 controls.
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x80
      ? scalar.value < 0x20 || scalar.value == 0x7F : scalar.properties.generalCategory == .control
  }

  /// Characters that show nothing or reorder what follows: format characters (Cf: zero-width spaces and
  /// joiners, bidirectional embeddings, overrides and isolates, the byte order mark) and the line and paragraph
  /// separators.
  static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    guard scalar.value >= 0x80 else { return false }
    switch scalar.properties.generalCategory {
    case .format, .lineSeparator, .paragraphSeparator: return true
    default: return false
    }
  }

  /// The Unicode White_Space property.
  static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x80
      ? scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
  }
}
