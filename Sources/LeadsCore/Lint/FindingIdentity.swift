/// What makes a finding the same one from day to day, commit to commit and line to line: its rule, the entry
/// it is about (the file, when it is about no entry), the person and the other entry it names, and — for a
/// finding that carries no numbers or dates, whose message is then the same every day — its message, which
/// names the key, pattern or owner at fault. Day counts, shares, dates and positions are left out, so a
/// warning that grows a day older, or moves down a file, keeps its identity.
public enum FindingIdentity {
  /// The identity key of one finding.
  static func key(of diagnostic: Diagnostic) -> String {
    let data = diagnostic.data
    let dated =
      data.days != nil || data.share != nil || data.count != nil || data.threshold != nil
      || data.since != nil
    return [
      diagnostic.rule.rawValue,
      diagnostic.entry.map { "entry:" + $0 } ?? "file:" + diagnostic.path,
      data.person ?? "",
      data.other ?? "",
      dated ? "" : diagnostic.message,
    ].joined(separator: "\u{1F}")
  }

  /// One fingerprint per diagnostic, in the same order: 16 hexadecimal digits hashing the finding's key and
  /// its rank among findings with the same key (in report order), so two findings never share one.
  public static func fingerprints(_ diagnostics: [Diagnostic]) -> [String] {
    var seen: [String: Int] = [:]
    return diagnostics.map { diagnostic in
      let key = key(of: diagnostic)
      let rank = seen[key, default: 0]
      seen[key] = rank + 1
      return hex(fnv1a(key + "\u{1F}\(rank)"))
    }
  }

  /// For each of `current`, whether `base` already has it: findings are matched by key, as many in
  /// `current` as `base` has of that key (the first ones, in report order).
  public static func existing(_ current: [Diagnostic], in base: [Diagnostic]) -> [Bool] {
    var left: [String: Int] = [:]
    for diagnostic in base { left[key(of: diagnostic), default: 0] += 1 }
    return current.map { diagnostic in
      let key = key(of: diagnostic)
      guard let count = left[key], count > 0 else { return false }
      left[key] = count - 1
      return true
    }
  }

  /// 64-bit FNV-1a of the text's UTF-8 bytes: stable across runs, machines and versions of Swift (unlike
  /// `Hasher`, which is seeded per process). Also the generated CODEOWNERS block's checksum.
  static func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
  }

  static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
