/// "Did you mean" suggestions by edit distance.
public enum Suggestions {
  /// The closest candidate within a distance that still reads as a typo, or nil.
  public static func closest(to word: String, in candidates: [String]) -> String? {
    let lowered = word.lowercased()
    let limit = max(1, min(3, word.count / 3 + 1))
    var best: (String, Int)?
    for candidate in candidates {
      let distance = editDistance(lowered, candidate.lowercased())
      if distance <= limit, best == nil || distance < best!.1 { best = (candidate, distance) }
    }
    return best?.0
  }

  /// `"; did you mean 'x'?"` or an empty string.
  public static func hint(for word: String, in candidates: [String]) -> String {
    closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  static func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let a = Array(lhs.unicodeScalars)
    let b = Array(rhs.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], previous[j - 2 < 0 ? 0 : j - 1] + cost)
        }
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
