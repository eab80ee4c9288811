import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

extension CalendarDate: ExpressibleByArgument {
  public init?(argument: String) {
    self.init(argument)
  }
}

/// Options of the commands that read history.
struct HistoryOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The day thresholds are measured from (YYYY-MM-DD, UTC); default: today.", valueName: "date"))
  var now: CalendarDate?

  @Flag(help: "Neither read nor write the history cache under .git/leads/.")
  var noCache = false

  var request: HistoryRequest {
    HistoryRequest(
      now: now ?? CalendarDate(unixTime: Int64(Date().timeIntervalSince1970)), useCache: !noCache)
  }
}

/// Prints what history could not tell on stderr, as `leads: note: ...`.
func printHistoryNotes(_ history: HistoryFacts?) {
  guard let history else { return }
  for note in HistorySummary(history).notes {
    FileHandle.standardError.write(Data("leads: note: \(note)\n".utf8))
  }
}
