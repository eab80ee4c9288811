/// Orders names the way people read them: runs of digits compare as numbers (`area2` before `area10`), the
/// rest case-insensitively, and names equal that way by their exact text, so the order is total.
public enum NaturalOrder {
  public static func less(_ a: String, _ b: String) -> Bool {
    let left = chunks(a)
    let right = chunks(b)
    for (x, y) in zip(left, right) where x != y {
      switch (x, y) {
      case (.number(let m, let mText), .number(let n, let nText)):
        if m != n { return m < n }
        return mText < nText  // `02` after `2`
      case (.number, .text): return true
      case (.text, .number): return false
      case (.text(let s), .text(let t)):
        let (ls, lt) = (s.lowercased(), t.lowercased())
        return ls != lt ? ls < lt : s < t
      }
    }
    return left.count != right.count ? left.count < right.count : a < b
  }

  /// Natural order with the absent last (posts without a team after every team).
  public static func less(_ a: String?, _ b: String?) -> Bool {
    guard let a else { return false }
    guard let b else { return true }
    return less(a, b)
  }

  enum Chunk: Equatable {
    case text(String)
    /// The value (saturating for very long runs) and the digits as written.
    case number(UInt64, String)
  }

  static func chunks(_ text: String) -> [Chunk] {
    var result: [Chunk] = []
    var current = ""
    var digits = false
    func flush() {
      guard !current.isEmpty else { return }
      if digits {
        let value = current.reduce(UInt64(0)) { value, digit in
          let (times, overflow) = value.multipliedReportingOverflow(by: 10)
          let (sum, carry) = times.addingReportingOverflow(UInt64(digit.wholeNumberValue ?? 0))
          return overflow || carry ? .max : sum
        }
        result.append(.number(value, current))
      } else {
        result.append(.text(current))
      }
      current = ""
    }
    for character in text {
      let isDigit = character.isASCII && character.isNumber
      if isDigit != digits { flush() }
      digits = isDigit
      current.append(character)
    }
    flush()
    return result
  }
}
