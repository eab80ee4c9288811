/// Finds services whose patterns claim the same files without one nesting in the other, with work bounded by
/// the distinct patterns rather than by every pair of services or every file.
struct ServiceOverlaps {
  struct Claim {
    let service: Entry
    let pattern: Located<String>
    let compiled: CodeownersPattern
  }

  private let registry: Registry
  private let limit: Int
  /// Levels of `overrides` below each post, as the generated block orders them.
  private let precedence: [String: Int]
  /// Claims grouped by pattern text, in file order: services claiming the same text claim the same files.
  private var groups: [[Claim]] = []
  private var reported: [RuleFinding] = []
  /// Findings naming each group so far.
  private var reportedOn: [Int: Int] = [:]
  /// Overlaps past the limit, counted per group, with a claim to report the count at.
  private var suppressed: [Int: (count: Int, example: Claim)] = [:]

  init(_ registry: Registry, findingsPerPattern limit: Int) {
    self.registry = registry
    self.limit = limit
    precedence = CodeownersGenerator.precedence(of: registry.posts)
    var groupOf: [String: Int] = [:]
    for service in registry.entries where service.kind == .service {
      for written in service.paths {
        guard let files = registry.matchesByPattern[written.value], !files.isEmpty,
          let compiled = CodeownersPattern(written.value)
        else { continue }
        let claim = Claim(service: service, pattern: written, compiled: compiled)
        if let group = groupOf[written.value] {
          if !groups[group].contains(where: { $0.service.file == service.file }) {
            groups[group].append(claim)
          }
        } else {
          groupOf[written.value] = groups.count
          groups.append([claim])
        }
      }
    }
  }

  /// One pattern claimed by several services: each later claim against the first.
  mutating func reportSharedPatterns() {
    for (group, claims) in groups.enumerated() where claims.count > 1 {
      let file = registry.matchesByPattern[claims[0].pattern.value]![0]
      for claim in claims.dropFirst() {
        report(claim, group: group, other: claims[0], otherGroup: group, file: file)
      }
    }
  }

  /// Different patterns on the same files: each pair of groups once, found through the distinct sets of
  /// groups that files fall in (files in the same folders share them), unless one pattern nests in the other.
  mutating func reportCrossingPatterns() {
    // Most files fall in one group: keep that one in a flat array, and lists only for files in several.
    var firstGroup = [Int32](repeating: -1, count: registry.files.paths.count)
    var moreGroups: [Int: [Int]] = [:]
    for (group, claims) in groups.enumerated() {
      for file in registry.matchesByPattern[claims[0].pattern.value]! {
        if firstGroup[file] < 0 {
          firstGroup[file] = Int32(group)
        } else {
          moreGroups[file, default: [Int(firstGroup[file])]].append(group)
        }
      }
    }
    var seenSets: Set<[Int]> = []
    var seenPairs: Set<[Int]> = []
    for file in moreGroups.keys.sorted() {
      let onFile = moreGroups[file]!
      guard seenSets.insert(onFile).inserted else { continue }
      for (offset, first) in onFile.enumerated() {
        for second in onFile[(offset + 1)...] where seenPairs.insert([first, second]).inserted {
          guard !nested(groups[first][0], groups[second][0]) else { continue }
          // Two claims of different services; a service may claim both patterns itself.
          let firstClaims = groups[first]
          guard
            let pair = groups[second].lazy.compactMap({ later in
              firstClaims.first { $0.service.file != later.service.file }.map { (later, $0) }
            }).first
          else { continue }
          report(pair.0, group: second, other: pair.1, otherGroup: first, file: file)
        }
      }
    }
  }

  /// Whether something decides between two claims: one nests in the other and comes later in CODEOWNERS,
  /// or one's post declares that it overrides the other's and comes later.
  private func nested(_ a: Claim, _ b: Claim) -> Bool {
    let keyA = key(a)
    let keyB = key(b)
    let aOverridesB = a.service.overrides.contains { $0.value == b.service.id.value }
    let bOverridesA = b.service.overrides.contains { $0.value == a.service.id.value }
    return ((a.compiled.contains(b.compiled) || bOverridesA) && keyA < keyB)
      || ((b.compiled.contains(a.compiled) || aOverridesB) && keyB < keyA)
  }

  private func key(_ claim: Claim) -> CodeownersGenerator.OrderKey {
    CodeownersGenerator.OrderKey(
      pattern: claim.compiled, isService: true, entry: claim.service.id.value,
      precedence: precedence[claim.service.id.value] ?? 0)
  }

  private mutating func report(_ claim: Claim, group: Int, other: Claim, otherGroup: Int, file: Int) {
    guard min(reportedOn[group, default: 0], reportedOn[otherGroup, default: 0]) < limit else {
      let key = reportedOn[group, default: 0] >= limit ? group : otherGroup
      suppressed[key, default: (0, key == group ? claim : other)].count += 1
      return
    }
    reportedOn[group, default: 0] += 1
    if otherGroup != group { reportedOn[otherGroup, default: 0] += 1 }
    reported.append(
      RuleFinding(
        "'\(claim.pattern.value)' of '\(claim.service.id.value)' and '\(other.pattern.value)' of '\(other.service.id.value)' (\(other.service.file)) both claim \(registry.files.paths[file]); make one pattern more specific, give the files to one service, or say which wins with 'overrides: [\(other.service.id.value)]' in \(claim.service.file)",
        in: claim.service, at: claim.pattern.position, data: FindingData(other: other.service.id.value)))
  }

  /// `overrides` entries that name no post.
  func unknownOverrides() -> [RuleFinding] {
    let ids = Set(registry.posts.map(\.id.value))
    return registry.posts.flatMap { post in
      post.overrides.filter { !ids.contains($0.value) }.map { target in
        RuleFinding(
          "'\(post.id.value)' overrides '\(target.value)', which is no service or initiative\(Suggestions.hint(for: target.value, in: ids.sorted()))",
          in: post, at: target.position)
      }
    }
  }

  /// What was reported, then one line per pattern counting the overlaps past the limit.
  func findings() -> [RuleFinding] {
    unknownOverrides() + reported
      + suppressed.sorted(by: { $0.key < $1.key }).map { group, rest in
        RuleFinding(
          "'\(groups[group][0].pattern.value)' overlaps \(rest.count) more claim\(rest.count == 1 ? "" : "s") of other services, not listed one by one; give these files to one service",
          in: rest.example.service, at: rest.example.pattern.position, data: FindingData(count: rest.count))
      }
  }
}
