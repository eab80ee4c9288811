import Foundation

/// `leads export`: one repository's registry with everything a report needs, as versioned JSON, so that one
/// report can be built over many repositories (`leads report --from`). It carries the registry's files as read
/// (to be read again exactly), every entry with its derived facts (for other tools), every post's lead runs,
/// the addresses history ties to handles, and the findings.
public enum Snapshot {
  /// Bumped only when a key changes meaning or disappears.
  public static let version = 1

  struct Document: Encodable {
    let version = Snapshot.version
    let kind = "leads-snapshot"
    let repository: String
    let generatedBy = "leads \(leadsVersion)"
    let now: String
    let windowStart: String
    @ExplicitNull var truncatedAt: String?
    let entries: [ShowReporter.Item]
    let runs: [String: [Run]]
    let linkedAddresses: [Link]
    let findings: [Finding]
    let files: [File]

    enum CodingKeys: String, CodingKey {
      case version, kind, repository, now, entries, runs, findings, files
      case generatedBy = "generated_by"
      case windowStart = "window_start"
      case truncatedAt = "truncated_at"
      case linkedAddresses = "linked_addresses"
    }
  }

  struct Run: Codable {
    let lead: String
    let since: String
    let sinceExact: Bool
    let until: String?
    let previousLead: String?
    /// Who made the change that began the run (emails); null when not read.
    let authors: [String]?

    enum CodingKeys: String, CodingKey {
      case lead, since, until, authors
      case sinceExact = "since_exact"
      case previousLead = "previous_lead"
    }
  }

  struct Link: Codable {
    let handle: String
    let email: String
  }

  struct Finding: Codable {
    let rule: String
    let severity: String
    let message: String
    let path: String
    let line: Int
    let column: Int
    let entry: String?
    let data: FindingData
    let fingerprint: String
  }

  struct File: Codable {
    let path: String
    let text: String
  }

  /// The snapshot of a repository: its registry `input` (the files as read), the lint result and the full
  /// history it was read with, under the name `repository`.
  public static func export(repository: String, input: LintInput, result: LintResult, history: HistoryFacts)
    -> String
  {
    let facts = ShowReporter.facts(result.registry, history)
    let links = LinkedAddress.links(in: history, registry: result.registry).flatMap { handle, addresses in
      addresses.map { Link(handle: handle, email: $0.email) }
    }
    let fingerprints = FindingIdentity.fingerprints(result.diagnostics)
    let document = Document(
      repository: repository, now: history.now.description, windowStart: history.windowStart.description,
      truncatedAt: history.truncatedAt?.description,
      entries: ShowReporter.ordered(result.registry).map {
        ShowReporter.Item(entry: $0, facts: facts[$0.id.value])
      },
      runs: history.runs.mapValues { runs in
        runs.map {
          Run(
            lead: $0.lead, since: $0.since.description, sinceExact: $0.isExact, until: $0.until?.description,
            previousLead: $0.previousLead, authors: $0.authors)
        }
      },
      linkedAddresses: links.sorted {
        ($0.handle, $0.email) < ($1.handle, $1.email)
      },
      findings: zip(result.diagnostics, fingerprints).map { diagnostic, fingerprint in
        Finding(
          rule: diagnostic.rule.rawValue, severity: diagnostic.severity.rawValue, message: diagnostic.message,
          path: diagnostic.path, line: diagnostic.line, column: diagnostic.column, entry: diagnostic.entry,
          data: diagnostic.data, fingerprint: fingerprint)
      },
      files: input.files.compactMap { file in
        guard case .bytes(let bytes) = file.content, let text = try? SourceText.decode(bytes).get() else {
          return nil
        }
        return File(path: file.path, text: text)
      }.sorted { $0.path < $1.path })
    return encodeJSON(document)
  }
}
