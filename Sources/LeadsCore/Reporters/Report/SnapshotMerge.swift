import Foundation

/// One report over many repositories' snapshots (`leads report --from`): people are joined across them by id,
/// email or handle (and the addresses history ties to a handle); each post is named `REPOSITORY/ID`; load
/// counts every repository; `overloaded-lead` and the checks that need only the registry and the date
/// (`departed-lead`, `no-backup`, the team checks…) are evaluated over all of them at once, teams of the same id
/// being one team. Every other finding is each repository's own.
public enum SnapshotMerge {
  /// Why a snapshot cannot be read.
  public struct Problem: Error, CustomStringConvertible, Sendable {
    public let description: String
  }

  struct Incoming: Decodable {
    let version: Int
    let kind: String
    let repository: String
    let now: String
    let windowStart: String
    let truncatedAt: String?
    let runs: [String: [Snapshot.Run]]
    let linkedAddresses: [Snapshot.Link]
    let findings: [Snapshot.Finding]
    let files: [Snapshot.File]

    enum CodingKeys: String, CodingKey {
      case version, kind, repository, now, runs, findings, files
      case windowStart = "window_start"
      case truncatedAt = "truncated_at"
      case linkedAddresses = "linked_addresses"
    }
  }

  /// One snapshot, read: its name (unique among those merged), registry and facts.
  struct Part {
    let name: String
    let registry: Registry
    let incoming: Incoming
  }

  /// Builds the report from snapshots given as (where it came from, its bytes); `title` names it (default: the
  /// repositories' names). Also returns notes about what could not be carried over. Throws a `Problem`.
  public static func report(_ snapshots: [(source: String, bytes: [UInt8])], title: String?) throws
    -> (report: LeadershipReport, notes: [String])
  {
    var parts: [Part] = []
    var names = Set<String>()
    for (source, bytes) in snapshots {
      let incoming: Incoming
      do {
        incoming = try JSONDecoder().decode(Incoming.self, from: Data(bytes))
      } catch {
        throw Problem(description: "\(source) is not a leads snapshot (`leads export` writes one): \(error)")
      }
      guard incoming.kind == "leads-snapshot", incoming.version == Snapshot.version else {
        throw Problem(
          description:
            "\(source) is a snapshot of version \(incoming.version); this leads reads version \(Snapshot.version)"
        )
      }
      var name = incoming.repository.isEmpty ? "repository" : incoming.repository
      var suffix = 2
      while names.contains(name) {
        name = "\(incoming.repository)-\(suffix)"
        suffix += 1
      }
      names.insert(name)
      let input = LintInput(
        files: incoming.files.map { RegistryFile(path: $0.path, content: .bytes(Array($0.text.utf8))) },
        trackedFiles: [])
      parts.append(Part(name: name, registry: Linter.read(input).registry, incoming: incoming))
    }
    guard !parts.isEmpty else { throw Problem(description: "no snapshot to report on") }
    var notes: [String] = []
    let people = People(parts)
    let registry = mergedRegistry(parts, people: people)
    let history = mergedHistory(parts, people: people)
    var diagnostics: [Diagnostic] = []
    let redone = Set(
      RuleCatalog.historyRules.map { $0.description }.filter {
        $0.needs == .today || $0.id == .overloadedLead
      }
      .map(\.id))
    let posts = Set(registry.posts.map(\.id.value))
    for part in parts {
      for finding in part.incoming.findings {
        guard let rule = RuleID(rawValue: finding.rule), let severity = Severity(rawValue: finding.severity)
        else {
          notes.append(
            "\(part.name): the finding '\(finding.rule)' is unknown to this version of leads; left out")
          continue
        }
        guard !redone.contains(rule) else { continue }
        let entry = finding.entry.map { "\(part.name)/\($0)" }.flatMap { posts.contains($0) ? $0 : nil }
        diagnostics.append(
          Diagnostic(
            rule: rule, severity: severity, message: finding.message, path: "\(part.name)/\(finding.path)",
            position: SourcePosition(line: finding.line, column: finding.column), entry: entry,
            data: finding.data))
      }
    }
    // The checks that see every repository at once.
    let undated = HistoryFacts(now: history.now, windowStart: history.now, hasCommits: false)
    var findings = Linter.historyFindings(
      HistoryContext(registry: registry, history: undated), needing: .today)
    findings += OverloadedLeadRule().check(HistoryContext(registry: registry, history: history)).map {
      Finding($0, of: .overloadedLead)
    }
    diagnostics += Linter.diagnostics(findings, config: registry.config)
    diagnostics.sort(by: Diagnostic.reportOrder)
    let report = LeadershipReport(
      repository: title ?? parts.map(\.name).joined(separator: ", "), registry: registry, history: history,
      diagnostics: diagnostics)
    return (report, notes)
  }

  /// People joined across snapshots: two person files are one person when they share an id, an email or a
  /// handle, directly or through addresses history tied to a handle.
  struct People {
    /// The merged id of each (snapshot, person id).
    var merged: [String: String] = [:]
    /// The merged person entries, one per person.
    var entries: [Entry] = []

    init(_ parts: [Part]) {
      var parent: [Int] = []
      var nodes: [(part: Int, entry: Entry)] = []
      func find(_ node: Int) -> Int {
        var node = node
        while parent[node] != node {
          parent[node] = parent[parent[node]]
          node = parent[node]
        }
        return node
      }
      var owner: [String: Int] = [:]
      for (index, part) in parts.enumerated() {
        let links = Dictionary(
          grouping: part.incoming.linkedAddresses, by: { PersonDirectory.handleKey($0.handle) })
        let persons = part.registry.entries.filter { $0.kind == .person }
          .sorted { NaturalOrder.less($0.id.value, $1.id.value) }
        for person in persons {
          let node = nodes.count
          nodes.append((index, person))
          parent.append(node)
          var keys =
            ["id:" + person.id.value.lowercased()] + person.emails.map { "email:" + $0.value.lowercased() }
          if let handle = person.handle {
            let key = PersonDirectory.handleKey(handle.value)
            keys.append("handle:" + key)
            keys += (links[key] ?? []).map { "email:" + $0.email.lowercased() }
          }
          for key in keys {
            if let other = owner[key] {
              parent[find(node)] = find(other)
            } else {
              owner[key] = node
            }
          }
        }
      }
      var groups: [Int: [Int]] = [:]
      var order: [Int] = []
      for node in nodes.indices {
        let root = find(node)
        if groups[root] == nil { order.append(root) }
        groups[root, default: []].append(node)
      }
      for root in order {
        let members = groups[root]!.map { nodes[$0] }
        var person = members[0].entry
        let id = person.id.value
        person.file = "\(parts[members[0].part].name)/\(person.file)"
        var emails: [Located<String>] = []
        for member in members {
          merged["\(member.part)/\(member.entry.id.value)"] = id
          for email in member.entry.emails
          where !emails.contains(where: { $0.value.lowercased() == email.value.lowercased() }) {
            emails.append(email)
          }
          person.name = person.name ?? member.entry.name
          person.handle = person.handle ?? member.entry.handle
          person.left = person.left ?? member.entry.left
          person.away = person.away ?? member.entry.away
          person.notLeading = person.notLeading ?? member.entry.notLeading
        }
        person.emails = emails
        entries.append(person)
      }
    }

    /// A lead, backup or member as written in snapshot `part`: the merged person's id when that snapshot knows
    /// the person, else as written.
    func id(_ written: String, in part: Int, of parts: [Part]) -> String {
      guard let person = parts[part].registry.people.person(written: written) else { return written }
      return merged["\(part)/\(person.id.value)"] ?? written
    }
  }

  static func mergedRegistry(_ parts: [Part], people: People) -> Registry {
    var entries = people.entries
    var teams: [String: Entry] = [:]
    var teamOrder: [String] = []
    for (index, part) in parts.enumerated() {
      func rewrite(_ list: [Located<String>]) -> [Located<String>] {
        list.map { Located(people.id($0.value, in: index, of: parts), at: $0.position) }
      }
      for entry in part.registry.entries {
        switch entry.kind {
        case .person: continue
        case .team:
          let id = entry.id.value
          guard var team = teams[id] else {
            var team = entry
            team.file = "\(part.name)/\(entry.file)"
            team.members = rewrite(entry.members)
            team.techLeads = rewrite(entry.techLeads)
            team.leadership = entry.leadership.mapValues(rewrite)
            teams[id] = team
            teamOrder.append(id)
            continue
          }
          func union(_ a: [Located<String>], _ b: [Located<String>]) -> [Located<String>] {
            a + b.filter { added in !a.contains { $0.value == added.value } }
          }
          team.members = union(team.members, rewrite(entry.members))
          team.techLeads = union(team.techLeads, rewrite(entry.techLeads))
          for (category, holders) in entry.leadership {
            team.leadership[category] = union(team.leadership[category] ?? [], rewrite(holders))
          }
          teams[id] = team
        case .service, .initiative:
          var post = entry
          post.id = Located("\(part.name)/\(entry.id.value)", at: entry.id.position)
          post.file = "\(part.name)/\(entry.file)"
          post.lead = entry.lead.map { Located(people.id($0.value, in: index, of: parts), at: $0.position) }
          post.backup = rewrite(entry.backup)
          entries.append(post)
        }
      }
    }
    entries += teamOrder.compactMap { teams[$0] }
    return Registry(entries: entries, config: parts[0].registry.config, files: TrackedFiles([String]()))
  }

  /// History as the snapshots tell it: every post's runs (leads as merged people), its current tenure, and the
  /// latest day among them as today.
  static func mergedHistory(_ parts: [Part], people: People) -> HistoryFacts {
    let days = parts.compactMap { CalendarDate($0.incoming.now) }
    let now = days.max() ?? CalendarDate(daysSinceEpoch: 0)
    let windowStart = parts.compactMap { CalendarDate($0.incoming.windowStart) }.min() ?? now
    var history = HistoryFacts(
      now: now, windowStart: windowStart,
      truncatedAt: parts.compactMap { $0.incoming.truncatedAt.flatMap(CalendarDate.init) }.max())
    for (index, part) in parts.enumerated() {
      for (post, runs) in part.incoming.runs {
        let id = "\(part.name)/\(post)"
        let file = part.registry.posts.first { $0.id.value == post }.map { "\(part.name)/\($0.file)" } ?? id
        let merged = runs.compactMap { run -> LeadRun? in
          guard let since = CalendarDate(run.since) else { return nil }
          return LeadRun(
            lead: people.id(run.lead, in: index, of: parts), since: since,
            until: run.until.flatMap(CalendarDate.init),
            isExact: run.sinceExact, commit: "", file: file,
            previousLead: run.previousLead.map { people.id($0, in: index, of: parts) }, authors: run.authors)
        }
        history.runs[id] = merged
        if let current = merged.last, current.until == nil {
          history.tenures[id] = Tenure(
            since: current.since, isExact: current.isExact, previousLead: current.previousLead, file: file)
        }
      }
    }
    return history
  }
}
